/// Readiness statistics for the province and its groups, with disclosure control applied.
public struct StatisticsTable: Sendable, Hashable {
  /// Why a value is not published. The code goes in data files; the label says why.
  public enum Suppression: String, Sendable, Hashable {
    /// Fewer than the minimum number of businesses in the cell.
    case primary = "c"

    /// The reason as a reader of the table sees it, in both languages.
    public var label: LocalizedText {
      Words.localized("cell_confidential")
    }
  }

  /// The code of a quartile that is not published because the group is too small for one.
  public static let quartileWithheld = "q"
  /// What a withheld quartile's mark means, in both languages.
  public static let quartileWithheldLabel = Words.localized(
    "cell_quartiles_withheld", ["minimum": "\(DisclosureControl.quartileMinimum)"])
  /// The code that marks a published (perturbed) row in data files.
  public static let perturbed = "p"
  /// What the mark of a perturbed row means, and the method, in both languages.
  public static let perturbedLabel = Words.localized("cell_perturbed", ["method": "\(DisclosureControl.method)"])

  /// Mean and quartiles of a score, as published: quartiles only for groups large enough.
  public struct Summary: Sendable, Hashable {
    /// The mean, as published (with its protective noise).
    public var mean: Double
    /// The first quartile, when the group is large enough.
    public var q1: Double?
    /// The median, when the group is large enough.
    public var median: Double?
    /// The third quartile, when the group is large enough.
    public var q3: Double?

    /// A summary; see each property.
    public init(mean: Double, q1: Double?, median: Double?, q3: Double?) {
      self.mean = mean
      self.q1 = q1
      self.median = median
      self.q3 = q3
    }
  }

  /// One published row: a group (or the province), its count, level shares and scores.
  public struct Cell: Sendable, Hashable {
    /// The group for each grouping, in the table's order of groupings; ``GroupKey/all`` for a
    /// margin over that grouping (every key `.all` for the province).
    public var keys: [GroupKey]
    /// Everything below is `nil` when the cell is suppressed.
    public var count: Int?
    /// The share of businesses at each level, 0–1.
    public var levelShares: [Double]?
    /// The overall score's summary.
    public var overall: Summary?
    /// Each dimension's summary, in the questionnaire's order (`nil` where none is published).
    public var dimensions: [Summary?]?
    /// Why the row is withheld, if it is.
    public var suppression: Suppression?
    /// The figures before protection, for tests of the arithmetic; never published.
    var exact: DisclosureControl.ExactFigures?
    /// Businesses at each level, as published (perturbed).
    public var levelCounts: [Int]?

    /// A row; see each property.
    public init(
      keys: [GroupKey], count: Int? = nil, levelShares: [Double]? = nil, overall: Summary? = nil,
      dimensions: [Summary?]? = nil, suppression: Suppression? = nil
    ) {
      self.keys = keys
      self.count = count
      self.levelShares = levelShares
      self.overall = overall
      self.dimensions = dimensions
      self.suppression = suppression
    }
  }

  /// What the rows are grouped by (none for the province alone).
  public var groupings: [Grouping]
  /// The fewest businesses a published row has.
  public var minCell: Int
  /// Interior cells, then margins, then the province (all keys `.all`), in a stable order.
  public var cells: [Cell]

  /// A table; see each property.
  public init(groupings: [Grouping], minCell: Int, cells: [Cell]) {
    self.groupings = groupings
    self.minCell = minCell
    self.cells = cells
  }
}

// Published tables are stored as JSON for readers who may not see the cells they come from
// (PostgreSQL's official role): what is encoded is what is published, never the exact figures.
extension StatisticsTable: Codable {}
extension StatisticsTable.Suppression: Codable {}
extension StatisticsTable.Summary: Codable {}
extension Grouping: Codable {}

extension StatisticsTable.Cell: Codable {
  private enum CodingKeys: String, CodingKey {
    case keys, count, levelShares, overall, dimensions, suppression, levelCounts
  }

  /// A row read from a published table (no exact figures travel).
  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    self.init(
      keys: try container.decode([String?].self, forKey: .keys).map(GroupKey.init(id:)),
      count: try container.decodeIfPresent(Int.self, forKey: .count),
      levelShares: try container.decodeIfPresent([Double].self, forKey: .levelShares),
      overall: try container.decodeIfPresent(StatisticsTable.Summary.self, forKey: .overall),
      dimensions: try container.decodeIfPresent([StatisticsTable.Summary?].self, forKey: .dimensions),
      suppression: try container.decodeIfPresent(StatisticsTable.Suppression.self, forKey: .suppression))
    levelCounts = try container.decodeIfPresent([Int].self, forKey: .levelCounts)
  }

  /// A row as published: never its exact figures.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(keys.map(\.id), forKey: .keys)
    try container.encodeIfPresent(count, forKey: .count)
    try container.encodeIfPresent(levelShares, forKey: .levelShares)
    try container.encodeIfPresent(overall, forKey: .overall)
    try container.encodeIfPresent(dimensions, forKey: .dimensions)
    try container.encodeIfPresent(suppression, forKey: .suppression)
    try container.encodeIfPresent(levelCounts, forKey: .levelCounts)
  }
}
