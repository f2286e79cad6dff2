/// Builds a ``StatisticsTable`` from maintained cells (or records), holding only each group's count
/// and the cells it adds up until the end.
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

  /// Takes maintained cells (or records) one at a time and keeps, for each group and margin,
  /// only its count and the list of cells that make it up; the histograms are added up at the
  /// end, one published group at a time, in one reused buffer. Suppressed groups cost nothing
  /// beyond their count, and memory stays at the size of the cells read.
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
    /// The cells each group adds up: where their stored forms are in `arena`.
    var members: [[Range<Int>]] = []
    var arena: [UInt8] = []
    /// The position of each dimension by its measure name in the cells.
    var index: [String: Int] = [:]

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
        members.append([])
        return position
      }
    }

    /// Adds one business's record (the plain way, one record at a time).
    public func add(_ record: StatisticsRecord) {
      if index.isEmpty { index = Dictionary(uniqueKeysWithValues: (0..<dimensions).map { (String($0), $0) }) }
      var cell = CellAggregate()
      cell.add(record)
      cell.encoded().withUnsafeBytes {
        _ = add(storedCell: $0, groups: record.groups(quarterly: quarterly), dimensions: index)
      }
    }

    /// Adds a maintained cell in its stored form. Returns `false` when the bytes are not a
    /// stored cell.
    public func add(
      storedCell bytes: UnsafeRawBufferPointer, groups: StatisticsGroups, dimensions index: [String: Int]
    ) -> Bool {
      guard let count = CellAggregate.validatedCount(bytes) else { return false }
      self.index = index
      let range = arena.count..<arena.count + bytes.count
      arena.append(contentsOf: bytes)
      for position in targets(groups) {
        counts[position] += count
        members[position].append(range)
      }
      return true
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
      let (levels, measures, binCount) = (self.levels, self.measures, ScoreGrid.binCount)
      var bins = [Int32](repeating: 0, count: measures * binCount)
      var scored = [Int](repeating: 0, count: measures)
      var sums = [Int64](repeating: 0, count: measures)
      var levelCounts = [Int](repeating: 0, count: levels)
      let cells = positions.keys.sorted(by: order).map { keys -> StatisticsTable.Cell in
        if let reason = suppressed[keys] {
          return StatisticsTable.Cell(keys: keys, suppression: reason)
        }
        let position = positions[keys]!
        let count = counts[position]
        // Add up the group's cells, then read its figures off the buffer and clear it.
        let summaries = bins.withUnsafeMutableBufferPointer { bins -> [StatisticsTable.Summary?] in
          arena.withUnsafeBytes { arena in
            levelCounts.withUnsafeMutableBufferPointer { levelCounts in
              scored.withUnsafeMutableBufferPointer { scored in
                sums.withUnsafeMutableBufferPointer { sums in
                  for range in position < members.count ? members[position] : [] {
                    CellAggregate.accumulate(
                      UnsafeRawBufferPointer(rebasing: arena[range]), index: index, levels: levelCounts,
                      scored: scored, sums: sums, bins: bins)
                  }
                }
              }
            }
          }
          let summaries = (0..<measures).map { measure in
            summary(
              UnsafeBufferPointer(rebasing: bins[measure * binCount..<(measure + 1) * binCount]), n: scored[measure],
              sumMicros: sums[measure])
          }
          bins.update(repeating: 0)
          return summaries
        }
        let levelShares = levelCounts.map { count == 0 ? 0 : Double($0) / Double(count) }
        for measure in 0..<measures { (scored[measure], sums[measure]) = (0, 0) }
        for level in 0..<levels { levelCounts[level] = 0 }
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
          let smallest = candidates.min { a, b in
            let (ca, cb) = (counts[a] ?? 0, counts[b] ?? 0)
            return ca != cb ? ca < cb : order(a, b)
          }
          if let smallest {
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
