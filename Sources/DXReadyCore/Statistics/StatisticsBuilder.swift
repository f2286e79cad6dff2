import Dispatch

/// The maintained cells of one slot as read from a store (or records turned into cells): each
/// cell's groups and number of businesses, and the cells' stored forms one after another in one
/// buffer. Reading them needs neither the questionnaire nor the reference lists, so a command
/// can read them while it loads those.
public struct StoredCells: Sendable {
  struct Entry: Sendable {
    var groups: StatisticsGroups
    var range: Range<Int>
    var count: Int
  }

  var bytes: [UInt8] = []
  var entries: [Entry] = []

  public init() {}

  /// The number of cells.
  public var count: Int { entries.count }

  /// Makes room for `cells` cells of `bytes` bytes in all.
  public mutating func reserve(cells: Int, bytes: Int) {
    entries.reserveCapacity(cells)
    self.bytes.reserveCapacity(bytes)
  }

  /// Adds a cell in its stored form (``CellAggregate/encoded()``). Returns `false` when the
  /// bytes are not a stored cell.
  public mutating func add(storedCell stored: UnsafeRawBufferPointer, groups: StatisticsGroups) -> Bool {
    guard let count = CellAggregate.validatedCount(stored) else { return false }
    let range = bytes.count..<bytes.count + stored.count
    bytes.append(contentsOf: stored)
    entries.append(Entry(groups: groups, range: range, count: count))
    return true
  }

  /// Adds one business's record as a cell of its own; its dimensions are named by their
  /// positions ("0", "1", …), which ``StatisticsBuilder/build(_:groupings:reference:quarterly:minCell:levels:dimensions:)``
  /// passes on as the dimensions' names.
  public mutating func add(_ record: StatisticsRecord, quarterly: Bool) {
    var cell = CellAggregate()
    cell.add(record)
    _ = cell.encoded().withUnsafeBytes { add(storedCell: $0, groups: record.groups(quarterly: quarterly)) }
  }
}

/// Builds a ``StatisticsTable`` from maintained cells (or records).
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
    var cells = StoredCells()
    for record in records { cells.add(record, quarterly: quarterly) }
    return table(
      cells, groupings: groupings, reference: reference, minCell: minCell, levels: levels,
      dimensions: (0..<dimensions).map(String.init))
  }

  /// The table of `cells` by `groupings`, with disclosure control at `minCell`. `dimensions`
  /// names the questionnaire's dimensions as the cells do, in the questionnaire's order.
  ///
  /// Each cell goes to its group and to every margin it counts in; the counts decide what is
  /// suppressed; then each published group adds up its cells' histograms in a dense buffer and
  /// reads its figures off the bins it reached. Suppressed groups cost nothing beyond their
  /// count. With thousands of cells to add, the groups are shared out (in `workers`
  /// interleaved shares, 16 by default) to all cores, each worker with its own buffer.
  public static func table(
    _ cells: StoredCells, groupings: [Grouping], reference: ReferenceData, minCell: Int, levels: Int,
    dimensions: [String], workers: Int? = nil
  ) -> StatisticsTable {
    precondition(groupings.count <= 2, "statistics group by at most two groupings")
    let fan = 1 << groupings.count
    // Every group and margin (a `nil` key drops that grouping) gets a position.
    var positions: [[String?]: Int] = [:]
    var counts: [Int] = []
    func position(_ keys: [String?]) -> Int {
      if let known = positions[keys] { return known }
      positions[keys] = counts.count
      counts.append(0)
      return counts.count - 1
    }
    if cells.entries.isEmpty { _ = position(Array(repeating: nil, count: groupings.count)) }
    // The positions each cell counts in, `fan` per cell; cells of the same group share them.
    var targetsOfGroup: [[String?]: [Int]] = [:]
    var targets: [Int] = []
    targets.reserveCapacity(cells.entries.count * fan)
    for entry in cells.entries {
      let keys: [String?] = groupings.map { $0.key(entry.groups, reference: reference) ?? unknownKey }
      let group =
        targetsOfGroup[keys]
        ?? {
          let computed = (0..<fan).map { mask in
            position(keys.enumerated().map { mask & (1 << $0.offset) == 0 ? $0.element : nil })
          }
          targetsOfGroup[keys] = computed
          return computed
        }()
      for target in group {
        counts[target] += entry.count
        targets.append(target)
      }
    }
    // Each position's cells, as one list in position order (`starts` marks where each begins).
    var starts = [Int](repeating: 0, count: counts.count + 1)
    for target in targets { starts[target + 1] += 1 }
    for index in counts.indices { starts[index + 1] += starts[index] }
    var members = [Int32](repeating: 0, count: targets.count)
    var next = starts
    for (slot, target) in targets.enumerated() {
      members[next[target]] = Int32(slot / fan)
      next[target] += 1
    }

    let suppressed = suppress(positions.mapValues { counts[$0] }, groupings: groupings.count, minCell: minCell)
    let ordered = positions.keys.map { (keys: $0, margins: $0.filter { $0 == nil }.count) }
      .sorted { $0.margins != $1.margins ? $0.margins < $1.margins : sameMarginsOrder($0.keys, $1.keys) }.map(\.keys)
    let published = ordered.indices.filter { suppressed[ordered[$0]] == nil }
    var figures = [GroupFigures?](repeating: nil, count: ordered.count)
    let names = MeasureNames(dimensions: dimensions)
    let workers = min(workers ?? (members.count < 4096 ? 1 : 16), max(1, published.count))
    figures.withUnsafeMutableBufferPointer { figures in
      nonisolated(unsafe) let figures = figures
      let (positions, counts, members, starts) = (positions, counts, members, starts)
      let work = { @Sendable (worker: Int) in
        var adder = GroupAdder(measures: dimensions.count + 1, levels: levels)
        for slot in stride(from: worker, to: published.count, by: workers) {
          let position = positions[ordered[published[slot]]]!
          figures[published[slot]] = adder.figures(
            of: members[starts[position]..<starts[position + 1]], in: cells, names: names,
            count: counts[position])
        }
      }
      if workers <= 1 { work(0) } else { DispatchQueue.concurrentPerform(iterations: workers, execute: work) }
    }
    let tableCells = ordered.enumerated().map { slot, keys -> StatisticsTable.Cell in
      guard let figures = figures[slot] else {
        return StatisticsTable.Cell(keys: keys, suppression: suppressed[keys] ?? .primary)
      }
      return StatisticsTable.Cell(
        keys: keys, count: figures.count, levelShares: figures.levelShares, overall: figures.summaries[0],
        dimensions: Array(figures.summaries.dropFirst()), suppression: nil)
    }
    return StatisticsTable(groupings: groupings, minCell: minCell, cells: tableCells)
  }

  /// A published group's figures.
  struct GroupFigures: Sendable {
    var count: Int
    var levelShares: [Double]
    /// The overall score's, then each dimension's.
    var summaries: [StatisticsTable.Summary?]
  }

  /// Adds up groups' cells, one group at a time, in buffers it reuses: level counts, and per
  /// measure (0 the overall score, then the dimensions) the number of scores, their sum and a
  /// dense histogram, with one bit per bin marking the bins a cell reached.
  struct GroupAdder {
    let measures: Int
    var bins: [Int32]
    var occupied: [UInt64]
    var scored: [Int]
    var sums: [Int64]
    var levels: [Int]

    init(measures: Int, levels: Int) {
      self.measures = measures
      bins = Array(repeating: 0, count: measures * ScoreGrid.binCount)
      occupied = Array(repeating: 0, count: (measures * ScoreGrid.binCount + 63) / 64)
      scored = Array(repeating: 0, count: measures)
      sums = Array(repeating: 0, count: measures)
      self.levels = Array(repeating: 0, count: levels)
    }

    /// The figures of the group made of `members` (positions in `cells`), leaving the buffers
    /// empty again.
    mutating func figures(
      of members: ArraySlice<Int32>, in cells: StoredCells, names: MeasureNames, count: Int
    ) -> GroupFigures {
      let measures = measures
      let summaries = bins.withUnsafeMutableBufferPointer { bins in
        occupied.withUnsafeMutableBufferPointer { occupied in
          levels.withUnsafeMutableBufferPointer { levels in
            scored.withUnsafeMutableBufferPointer { scored in
              sums.withUnsafeMutableBufferPointer { sums in
                cells.bytes.withUnsafeBytes { bytes in
                  for member in members {
                    CellAggregate.accumulate(
                      UnsafeRawBufferPointer(rebasing: bytes[cells.entries[Int(member)].range]), names: names,
                      levels: levels, scored: scored, sums: sums, bins: bins, occupied: occupied)
                  }
                }
                let summaries = (0..<measures).map { measure in
                  summary(
                    bins, occupied: occupied, base: measure * ScoreGrid.binCount, n: scored[measure],
                    sumMicros: sums[measure])
                }
                for word in occupied.indices where occupied[word] != 0 {
                  var bits = occupied[word]
                  while bits != 0 {
                    bins[word << 6 | bits.trailingZeroBitCount] = 0
                    bits &= bits - 1
                  }
                  occupied[word] = 0
                }
                return summaries
              }
            }
          }
        }
      }
      let levelShares = levels.map { count == 0 ? 0 : Double($0) / Double(count) }
      for measure in 0..<measures { (scored[measure], sums[measure]) = (0, 0) }
      for level in levels.indices { levels[level] = 0 }
      return GroupFigures(count: count, levelShares: levelShares, summaries: summaries)
    }
  }

  /// The mean and the nearest-rank quartiles of a histogram, the `ScoreGrid.binCount` bins of
  /// `bins` from `base`, visiting only those marked in `occupied`: the quartile at fraction p is
  /// the smallest score with at least ⌈p × n⌉ scores at or below it (always a score that was
  /// given).
  static func summary(
    _ bins: UnsafeMutableBufferPointer<Int32>, occupied: UnsafeMutableBufferPointer<UInt64>, base: Int, n: Int,
    sumMicros: Int64
  ) -> StatisticsTable.Summary? {
    guard n > 0 else { return nil }
    func rank(_ fraction: Double) -> Int { max(1, Int((fraction * Double(n)).rounded(.up))) }
    let ranks = (rank(0.25), rank(0.5), rank(0.75))
    var found = (-1, -1, -1)
    var seen = 0
    let end = base + ScoreGrid.binCount
    scan: for word in base >> 6...(end - 1) >> 6 {
      var bits = occupied[word]
      if word == base >> 6 { bits &= ~0 << UInt64(base & 63) }
      while bits != 0 {
        let position = word << 6 | bits.trailingZeroBitCount
        bits &= bits - 1
        guard position < end else { break scan }
        seen += Int(bins[position])
        let bin = position - base
        if found.0 < 0, seen >= ranks.0 { found.0 = bin }
        if found.1 < 0, seen >= ranks.1 { found.1 = bin }
        if seen >= ranks.2 {
          found.2 = bin
          break scan
        }
      }
    }
    guard found.0 >= 0, found.1 >= 0, found.2 >= 0 else { return nil }
    return StatisticsTable.Summary(
      mean: Double(sumMicros) / 1_000_000 / Double(n), q1: Double(found.0) / 10, median: Double(found.1) / 10,
      q3: Double(found.2) / 10)
  }

  /// Interior cells first, then margins, the province last; within each, by keys.
  static func order(_ a: [String?], _ b: [String?]) -> Bool {
    let (na, nb) = (a.filter { $0 == nil }.count, b.filter { $0 == nil }.count)
    if na != nb { return na < nb }
    return sameMarginsOrder(a, b)
  }

  /// By keys, for keys with their margins in the same places.
  static func sameMarginsOrder(_ a: [String?], _ b: [String?]) -> Bool {
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
