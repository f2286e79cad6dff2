/// One business's latest assessment, as statistics see it: its groups and its scores, never
/// its name, tax code or answers.
public struct StatisticsRecord: Sendable, Hashable {
  public var locality: String?
  public var vsicVersion: Int?
  public var section: String?
  public var sizeClass: SizeClass?
  /// `2026-11-26T…`: the time the assessment was submitted.
  public var submittedAt: String
  public var overallScore: Double?
  public var overallLevel: Int?
  /// Dimension scores in questionnaire order; `nil` where there was not enough data.
  public var dimensionScores: [Double?]

  public init(
    locality: String?, vsicVersion: Int?, section: String?, sizeClass: SizeClass?, submittedAt: String,
    overallScore: Double?, overallLevel: Int?, dimensionScores: [Double?]
  ) {
    self.locality = locality
    self.vsicVersion = vsicVersion
    self.section = section
    self.sizeClass = sizeClass
    self.submittedAt = submittedAt
    self.overallScore = overallScore
    self.overallLevel = overallLevel
    self.dimensionScores = dimensionScores
  }

  func groups(quarterly: Bool) -> StatisticsGroups {
    StatisticsGroups(
      locality: locality, vsicVersion: vsicVersion, section: section, sizeClass: sizeClass,
      period: Period.of(submittedAt, quarterly: quarterly))
  }
}

/// A period of submission: a year (`2026`) or a quarter (`2026-Q3`).
public struct Period: Sendable, Hashable, Equatable, CustomStringConvertible {
  public var year: Int
  public var quarter: Int?

  public init?(_ text: String) {
    let parts = text.split(separator: "-")
    guard let year = parts.first.flatMap({ Int($0) }), (1900...9999).contains(year), parts[0].count == 4 else {
      return nil
    }
    self.year = year
    if parts.count == 2 {
      guard parts[1].count == 2, parts[1].first == "Q", let quarter = Int(parts[1].dropFirst()),
        (1...4).contains(quarter)
      else { return nil }
      self.quarter = quarter
    } else if parts.count > 2 {
      return nil
    }
  }

  public var description: String { quarter.map { "\(year)-Q\($0)" } ?? String(year) }

  /// The half-open range of ISO 8601 timestamps in the period.
  public var timestamps: (from: String, to: String) {
    guard let quarter else { return ("\(year)-01-01", "\(year + 1)-01-01") }
    let start = (quarter - 1) * 3 + 1
    let end = start + 3
    let from = "\(year)-\(start < 10 ? "0" : "")\(start)-01"
    let to = end > 12 ? "\(year + 1)-01-01" : "\(year)-\(end < 10 ? "0" : "")\(end)-01"
    return (from, to)
  }

  /// The period of a timestamp, at the same grain as `self`.
  static func of(_ timestamp: String, quarterly: Bool) -> String {
    let year = String(timestamp.prefix(4))
    guard quarterly, let month = Int(timestamp.dropFirst(5).prefix(2)) else { return year }
    return "\(year)-Q\((month - 1) / 3 + 1)"
  }
}
