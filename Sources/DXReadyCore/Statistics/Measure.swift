/// A score that statistics summarise: the overall score or one dimension's.
public enum Measure: Sendable, Hashable, Comparable {
  /// The overall score.
  case overall
  /// A dimension's score, by the dimension's id (never empty: a questionnaire's ids are checked).
  case dimension(String)

  /// The name a stored cell gives the measure (`CellFormat.swift`): empty for the overall
  /// score, else the dimension's id.
  public var storedName: String {
    switch self {
    case .overall: return ""
    case .dimension(let id): return id
    }
  }

  /// The measure a stored cell names: the overall score for the empty name, else a dimension.
  public init(storedName: String) {
    self = storedName.isEmpty ? .overall : .dimension(storedName)
  }

  /// The overall score first, then dimensions by id: the order of their stored names, which is
  /// the order a stored cell lists them in.
  public static func < (a: Measure, b: Measure) -> Bool { a.storedName < b.storedName }
}
