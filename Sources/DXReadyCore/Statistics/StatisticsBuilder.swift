#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

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

  /// Builds the table from a sequence of records.
  public static func build(
    _ records: some Sequence<StatisticsRecord>, groupings: [Grouping], reference: ReferenceData, quarterly: Bool,
    minCell: Int, levels: Int, dimensions: Int
  ) -> StatisticsTable {
    let accumulator = Accumulator(
      groupings: groupings, reference: reference, quarterly: quarterly, levels: levels, dimensions: dimensions)
    for record in records { accumulator.add(record) }
    return accumulator.table(minCell: minCell)
  }

  /// Takes records (or maintained cells) one at a time, keeping only a histogram per group and
  /// per margin: each record or cell goes straight into its group and every margin it is part
  /// of, so no merging is left for the end.
  ///
  /// The counts and sums of every group live in flat arrays (group `g`, measure `m` — 0 the
  /// overall score, then the dimensions — at `g × measures + m`), and each group's histograms
  /// in one zeroed block of its own (measure `m`'s bins at `m × bins`), so that adding a cell's
  /// thousands of bins touches plain memory, and bins never touched cost nothing.
  public final class Accumulator {
    let groupings: [Grouping]
    let reference: ReferenceData
    let quarterly: Bool
    let levels: Int
    let dimensions: Int
    var measures: Int { dimensions + 1 }
    /// The groups and margins (a `nil` key drops that grouping), and their number.
    var positions: [[String?]: Int] = [:]
    var counts: [Int] = []
    /// By group × levels + level.
    var levelCounts: [Int] = []
    /// By group × measures + measure: how many scores, and their sum in millionths.
    var scored: [Int] = []
    var sums: [Int64] = []
    var histograms: [Histograms] = []

    /// One group's histograms, zeroed by the system as they are first touched.
    final class Histograms {
      let bins: UnsafeMutablePointer<Int32>
      init(measures: Int) {
        bins = calloc(measures * ScoreGrid.binCount, MemoryLayout<Int32>.size)!.assumingMemoryBound(to: Int32.self)
      }
      deinit { free(bins) }
    }

    public init(groupings: [Grouping], reference: ReferenceData, quarterly: Bool, levels: Int, dimensions: Int) {
      precondition(groupings.count <= 2, "statistics group by at most two groupings")
      self.groupings = groupings
      self.reference = reference
      self.quarterly = quarterly
      self.levels = levels
      self.dimensions = dimensions
    }

    /// The positions of a group's figures and of every margin it counts in.
    func targets(_ groups: StatisticsGroups) -> [Int] {
      let keys = groupings.map { $0.key(groups, reference: reference) ?? unknownKey }
      return (0..<(1 << groupings.count)).map { mask in
        let margin: [String?] = keys.enumerated().map { mask & (1 << $0.offset) == 0 ? $0.element : nil }
        if let position = positions[margin] { return position }
        let position = counts.count
        positions[margin] = position
        counts.append(0)
        levelCounts.append(contentsOf: repeatElement(0, count: levels))
        scored.append(contentsOf: repeatElement(0, count: measures))
        sums.append(contentsOf: repeatElement(0, count: measures))
        histograms.append(Histograms(measures: measures))
        return position
      }
    }

    public func add(_ record: StatisticsRecord) {
      for position in targets(record.groups(quarterly: quarterly)) {
        counts[position] += 1
        if let level = record.overallLevel, (0..<levels).contains(level) {
          levelCounts[position * levels + level] += 1
        }
        for (measure, score) in ([record.overallScore] + record.dimensionScores.prefix(dimensions)).enumerated() {
          guard let score else { continue }
          let slot = position * measures + measure
          scored[slot] += 1
          sums[slot] += ScoreGrid.micros(score)
          histograms[position].bins[measure * ScoreGrid.binCount + ScoreGrid.bin(score)] += 1
        }
      }
    }

    /// Adds a maintained cell in its stored form, reading it straight into the histograms.
    /// Returns `false` when the bytes are not a stored cell.
    public func add(
      storedCell bytes: UnsafeRawBufferPointer, groups: StatisticsGroups, dimensions index: [String: Int]
    ) -> Bool {
      let targets = targets(groups)
      let (levels, measures) = (self.levels, self.measures)
      let blocks = targets.map { histograms[$0].bins }
      var measure: Int?
      return withExtendedLifetime(histograms) {
        CellAggregate.read(
          bytes,
          count: { n in for position in targets { counts[position] += n } },
          level: { level, n in
            guard level < levels else { return }
            for position in targets { levelCounts[position * levels + level] += n }
          },
          measure: { name, sum in
            measure = name.isEmpty ? 0 : index[String(decoding: name, as: UTF8.self)].map { $0 + 1 }
            guard let measure else { return }
            for position in targets { sums[position * measures + measure] += sum }
          },
          bin: { bin, n in
            guard let measure, bin < ScoreGrid.binCount else { return }
            for position in targets { scored[position * measures + measure] += n }
            for block in blocks { block[measure * ScoreGrid.binCount + bin] += Int32(truncatingIfNeeded: n) }
          })
      }
    }

    /// The table, with disclosure control at `minCell`.
    public func table(minCell: Int) -> StatisticsTable {
      var positions = positions
      var counts = counts
      if positions.isEmpty {
        positions[Array(repeating: nil, count: groupings.count)] = 0
        counts = [0]
      }
      let suppressed = suppress(positions.mapValues { counts[$0] }, groupings: groupings.count, minCell: minCell)
      let cells = positions.keys.sorted(by: order).map { keys -> StatisticsTable.Cell in
        if let reason = suppressed[keys] {
          return StatisticsTable.Cell(keys: keys, suppression: reason)
        }
        let position = positions[keys]!
        let count = counts[position]
        let summaries = (0..<measures).map { measure -> StatisticsTable.Summary? in
          guard position < self.counts.count else { return nil }
          let slot = position * measures + measure
          return summary(
            UnsafeBufferPointer(
              start: histograms[position].bins + measure * ScoreGrid.binCount, count: ScoreGrid.binCount),
            n: scored[slot], sumMicros: sums[slot])
        }
        let levelShares = (0..<levels).map { level in
          count == 0 || position >= self.counts.count
            ? 0 : Double(levelCounts[position * levels + level]) / Double(count)
        }
        return StatisticsTable.Cell(
          keys: keys, count: count, levelShares: levelShares, overall: summaries[0],
          dimensions: Array(summaries.dropFirst()), suppression: nil)
      }
      return StatisticsTable(groupings: groupings, minCell: minCell, cells: cells)
    }
  }

  /// The mean and the nearest-rank quartiles of a histogram, in one pass over its bins: the
  /// quartile at fraction p is the smallest score with at least ⌈p × n⌉ scores at or below it
  /// (always a score that was given).
  static func summary(_ bins: UnsafeBufferPointer<Int32>, n: Int, sumMicros: Int64) -> StatisticsTable.Summary? {
    guard n > 0 else { return nil }
    let ranks = [0.25, 0.5, 0.75].map { max(1, Int(($0 * Double(n)).rounded(.up))) }
    var found: [Double] = []
    var seen = 0
    for (bin, count) in bins.enumerated() where count != 0 {
      seen += Int(count)
      while found.count < 3, seen >= ranks[found.count] { found.append(Double(bin) / 10) }
      if found.count == 3 { break }
    }
    guard found.count == 3 else { return nil }
    return StatisticsTable.Summary(
      mean: Double(sumMicros) / 1_000_000 / Double(n), q1: found[0], median: found[1], q3: found[2])
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
