/// Builds a ``StatisticsTable`` from records, one pass, holding only per-group histograms.
///
/// Disclosure control: no figure rests on fewer than `minCell` businesses (primary
/// suppression); and in every line that adds up to a published total — the groups of one
/// grouping against the province, a row or column of a two-way table against its margin — there
/// is never exactly one suppressed cell, so none can be worked out by subtraction (secondary
/// suppression, smallest cells first). Records without a group's value form an "unknown" group,
/// so that lines add up exactly. Minimum and maximum are never computed.
public enum StatisticsBuilder {
  /// The smallest minimum cell size that may be asked for.
  public static let lowestMinCell = 3
  public static let unknownKey = "(unknown)"

  struct Aggregate {
    var count = 0
    var levels: [Int]
    var overall = ScoreHistogram()
    var dimensions: [ScoreHistogram]

    init(levels: Int, dimensions: Int) {
      self.levels = Array(repeating: 0, count: levels)
      self.dimensions = Array(repeating: ScoreHistogram(), count: dimensions)
    }

    mutating func add(_ record: StatisticsRecord) {
      count += 1
      if let level = record.overallLevel, levels.indices.contains(level) { levels[level] += 1 }
      if let score = record.overallScore { overall.add(score) }
      for (index, score) in record.dimensionScores.enumerated() where index < dimensions.count {
        if let score { dimensions[index].add(score) }
      }
    }

    mutating func merge(_ other: Aggregate) {
      count += other.count
      for index in levels.indices { levels[index] += other.levels[index] }
      overall.merge(other.overall)
      for index in dimensions.indices { dimensions[index].merge(other.dimensions[index]) }
    }
  }

  /// Builds the table from a sequence of records.
  public static func build(
    _ records: some Sequence<StatisticsRecord>, groupings: [Grouping], reference: ReferenceData, quarterly: Bool,
    minCell: Int, levels: Int, dimensions: Int
  ) -> StatisticsTable {
    var accumulator = Accumulator(
      groupings: groupings, reference: reference, quarterly: quarterly, levels: levels, dimensions: dimensions)
    for record in records { accumulator.add(record) }
    return accumulator.table(minCell: minCell)
  }

  /// Takes records one at a time, keeping only a histogram per group.
  public struct Accumulator {
    let groupings: [Grouping]
    let reference: ReferenceData
    let quarterly: Bool
    let levels: Int
    let dimensions: Int
    var interior: [[String]: Aggregate] = [:]

    public init(groupings: [Grouping], reference: ReferenceData, quarterly: Bool, levels: Int, dimensions: Int) {
      precondition(groupings.count <= 2, "statistics group by at most two groupings")
      self.groupings = groupings
      self.reference = reference
      self.quarterly = quarterly
      self.levels = levels
      self.dimensions = dimensions
    }

    public mutating func add(_ record: StatisticsRecord) {
      let keys = groupings.map { $0.key(record, reference: reference, quarterly: quarterly) ?? unknownKey }
      interior[keys, default: Aggregate(levels: levels, dimensions: dimensions)].add(record)
    }

    /// The table, with disclosure control at `minCell`.
    public func table(minCell: Int) -> StatisticsTable {
      // Margins: every combination of keeping or dropping each grouping's value.
      var all: [[String?]: Aggregate] = [:]
      for (keys, aggregate) in interior {
        for mask in 0..<(1 << groupings.count) {
          let margin: [String?] = keys.enumerated().map { mask & (1 << $0.offset) == 0 ? $0.element : nil }
          all[margin, default: Aggregate(levels: levels, dimensions: dimensions)].merge(aggregate)
        }
      }
      if all.isEmpty {
        all[Array(repeating: nil, count: groupings.count)] = Aggregate(levels: levels, dimensions: dimensions)
      }
      let suppressed = suppress(all.mapValues(\.count), groupings: groupings.count, minCell: minCell)
      let cells = all.keys.sorted(by: order).map { keys -> StatisticsTable.Cell in
        let aggregate = all[keys]!
        if let reason = suppressed[keys] {
          return StatisticsTable.Cell(keys: keys, suppression: reason)
        }
        return StatisticsTable.Cell(
          keys: keys, count: aggregate.count,
          levelShares: aggregate.levels.map { aggregate.count == 0 ? 0 : Double($0) / Double(aggregate.count) },
          overall: summary(aggregate.overall), dimensions: aggregate.dimensions.map(summary), suppression: nil)
      }
      return StatisticsTable(groupings: groupings, minCell: minCell, cells: cells)
    }
  }

  static func summary(_ histogram: ScoreHistogram) -> StatisticsTable.Summary? {
    guard let mean = histogram.mean, let q1 = histogram.quantile(0.25), let median = histogram.quantile(0.5),
      let q3 = histogram.quantile(0.75)
    else { return nil }
    return StatisticsTable.Summary(mean: mean, q1: q1, median: median, q3: q3)
  }

  /// Interior cells first, then margins, the province last; within each, by keys.
  static func order(_ a: [String?], _ b: [String?]) -> Bool {
    let (na, nb) = (a.filter { $0 == nil }.count, b.filter { $0 == nil }.count)
    if na != nb { return na < nb }
    for (x, y) in zip(a, b) where x != y {
      guard let x else { return false }
      guard let y else { return true }
      return x < y
    }
    return false
  }

  /// Which cells to suppress, and why.
  static func suppress(_ counts: [[String?]: Int], groupings: Int, minCell: Int) -> [[String?]: StatisticsTable
    .Suppression]
  {
    var suppressed: [[String?]: StatisticsTable.Suppression] = [:]
    for (keys, count) in counts where count < minCell { suppressed[keys] = .primary }
    // Lines: vary one grouping's value while the others stay fixed (a value or a margin); the
    // line's total is the cell with that grouping dropped.
    var lines: [[[String?]]] = []
    for position in 0..<groupings {
      var byRest: [[String?]: [[String?]]] = [:]
      for keys in counts.keys where keys[position] != nil {
        var rest = keys
        rest[position] = nil
        byRest[rest, default: []].append(keys)
      }
      for (total, members) in byRest { lines.append([total] + members) }
    }
    var changed = true
    while changed {
      changed = false
      for line in lines {
        let total = line[0]
        let members = line.dropFirst()
        let hidden = members.filter { suppressed[$0] != nil }
        // A published total with one hidden member gives that member away: hide another.
        // (A hidden total with one published... cannot be: the total is at least any member.)
        if suppressed[total] == nil, hidden.count == 1 {
          let candidates = members.filter { suppressed[$0] == nil }
          if let smallest = candidates.min(by: { (counts[$0] ?? 0, "\($0)") < (counts[$1] ?? 0, "\($1)") }) {
            suppressed[smallest] = .secondary
          } else {
            suppressed[total] = .secondary
          }
          changed = true
        }
      }
    }
    return suppressed
  }
}
