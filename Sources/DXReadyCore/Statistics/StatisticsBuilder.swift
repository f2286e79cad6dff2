import Dispatch

/// Builds a ``StatisticsTable`` from maintained cells (or records).
///
/// It adds up the cells of each group and margin exactly, then hands every group of at least
/// `minCell` businesses to ``DisclosureControl``, which decides what is published of it; smaller
/// groups publish nothing. Records without a group's value form the unknown group
/// (``GroupKey/unknown``). Minimum and maximum are never computed.
public enum StatisticsBuilder {
  /// The smallest minimum cell size that may be asked for: 10. Smaller groups, published in
  /// many overlapping tables, let the attacker test (`Tests/Attack`) pin businesses' levels
  /// down through the noise; the personal-data notice promises officials groups of 10 or more.
  public static let lowestMinCell = 10

  /// Builds the table from a sequence of records.
  public static func build(
    _ records: some Sequence<StatisticsRecord>, groupings: [Grouping], reference: ReferenceData, quarterly: Bool,
    minCell: Int, levels: Int, dimensions: Int, key: NoiseKey
  ) -> StatisticsTable {
    var cells = StoredCells(key: key)
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
  /// interleaved shares, 16 by default) to all cores, each worker with its own buffer; the
  /// province is added up from the first grouping's groups rather than from every cell again.
  /// - Parameters:
  ///   - cells: the stored cells of one slot, read with the database's noise key.
  ///   - groupings: what the rows are grouped by (at most two).
  ///   - reference: the reference data that names localities and sectors.
  ///   - minCell: the fewest businesses a published group may have.
  ///   - levels: how many maturity levels there are.
  ///   - dimensions: the dimensions' ids, in the order the table gives them.
  ///   - scales: each measure's range (the overall score's, then each dimension's; 100 where
  ///     not given), for the size of the protective noise.
  ///   - workers: how many shares the groups are added up in (16 by default).
  /// - Returns: the table, with every group below `minCell` suppressed.
  public static func table(
    _ cells: StoredCells, groupings: [Grouping], reference: ReferenceData, minCell: Int, levels: Int,
    dimensions: [String], scales: [Double] = [], workers: Int? = nil
  ) -> StatisticsTable {
    precondition(groupings.count <= 2, "statistics group by at most two groupings")
    let fan = 1 << groupings.count
    // Every group and margin (an `.all` key drops that grouping) gets a position.
    var positions: [[GroupKey]: Int] = [:]
    var counts: [Int] = []
    func position(_ keys: [GroupKey]) -> Int {
      if let known = positions[keys] { return known }
      positions[keys] = counts.count
      counts.append(0)
      return counts.count - 1
    }
    if cells.entries.isEmpty { _ = position(Array(repeating: .all, count: groupings.count)) }
    // The positions each cell counts in, `fan` per cell; cells of the same group share them.
    var targetsOfGroup: [[GroupKey]: [Int]] = [:]
    var targets: [Int] = []
    targets.reserveCapacity(cells.entries.count * fan)
    for entry in cells.entries {
      let keys = groupings.map { $0.key(entry.groups, reference: reference).map(GroupKey.value) ?? .unknown }
      let group =
        targetsOfGroup[keys]
        ?? {
          let computed = (0..<fan).map { mask in
            position(keys.enumerated().map { mask & (1 << $0.offset) == 0 ? $0.element : .all })
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

    let suppressed = suppress(positions.mapValues { counts[$0] }, minCell: minCell)
    let ordered = positions.keys.map { (keys: $0, margins: $0.filter { $0 == .all }.count) }
      .sorted { $0.margins != $1.margins ? $0.margins < $1.margins : sameMarginsOrder($0.keys, $1.keys) }.map(\.keys)
    var figures = [DisclosureControl.ExactFigures?](repeating: nil, count: ordered.count)
    let names = MeasureNames(dimensions: dimensions)
    let measures = dimensions.count + 1
    // The province is the sum of the first grouping's groups (the "rows", each cell in exactly
    // one): each worker adds the rows it computes into a province buffer of its own, and those
    // few dense buffers are added up at the end, instead of adding up every cell once more.
    let provinceKeys = [GroupKey](repeating: .all, count: groupings.count)
    let provinceSlot = ordered.firstIndex(of: provinceKeys)
    let fromRows = !groupings.isEmpty && provinceSlot.map { suppressed[ordered[$0]] == nil } == true
    func isRow(_ keys: [GroupKey]) -> Bool { keys.first! != .all && keys.dropFirst().allSatisfy { $0 == .all } }
    // What to add up: a published group's slot in `ordered` (or -1 for a suppressed row, which
    // still counts in the province) and its position.
    var tasks: [(slot: Int, position: Int, row: Bool)] = []
    for (slot, keys) in ordered.enumerated() {
      let published = suppressed[keys] == nil
      if fromRows, slot == provinceSlot { continue }
      let row = fromRows && isRow(keys)
      if published || row { tasks.append((published ? slot : -1, positions[keys]!, row)) }
    }
    let workers = min(workers ?? (members.count < 4096 ? 1 : 16), max(1, tasks.count))
    // Each worker hands back its share: the figures of the groups it added up, by slot, and
    // its part of the province.
    let shares = ConcurrentResults<WorkerShare>(count: workers)
    let work = { @Sendable [counts, members, starts, tasks] (worker: Int) in
      var adder = GroupAdder(measures: measures, levels: levels)
      var share = WorkerShare(province: fromRows ? GroupAdder(measures: measures, levels: levels) : nil)
      for index in stride(from: worker, to: tasks.count, by: workers) {
        let task = tasks[index]
        adder.add(members[starts[task.position]..<starts[task.position + 1]], in: cells, names: names)
        if task.row, share.province != nil { adder.add(into: &share.province!) }
        if task.slot >= 0 {
          share.figures.append((task.slot, adder.take(count: counts[task.position])))
        } else {
          adder.clear()
        }
      }
      shares[worker] = share
    }
    if workers <= 1 { work(0) } else { DispatchQueue.concurrentPerform(iterations: workers, execute: work) }
    let handedBack = shares.values.map { $0! }
    for share in handedBack {
      for (slot, exact) in share.figures { figures[slot] = exact }
    }
    if fromRows, let provinceSlot, var province = handedBack[0].province {
      for share in handedBack.dropFirst() { share.province?.add(into: &province) }
      figures[provinceSlot] = province.take(count: counts[positions[provinceKeys]!])
    }
    // Every published group's figures go through disclosure control (`DisclosureControl`).
    let control = DisclosureControl(minCell: minCell, key: cells.key)
    let tableCells = ordered.enumerated().map { slot, keys -> StatisticsTable.Cell in
      guard let exact = figures[slot] else {
        return StatisticsTable.Cell(keys: keys, suppression: suppressed[keys] ?? .primary)
      }
      let published = control.publish(exact, scales: scales)
      var cell = StatisticsTable.Cell(
        keys: keys, count: published.count, levelShares: published.levelShares, overall: published.summaries[0],
        dimensions: Array(published.summaries.dropFirst()), suppression: nil)
      cell.levelCounts = published.levelCounts
      cell.exact = exact
      return cell
    }
    return StatisticsTable(groupings: groupings, minCell: minCell, cells: tableCells)
  }

  /// What one worker of ``table(_:groupings:reference:minCell:levels:dimensions:scales:workers:)``
  /// hands back.
  struct WorkerShare {
    var figures: [(slot: Int, exact: DisclosureControl.ExactFigures)] = []
    var province: GroupAdder?
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

    /// Adds the cells at `members` (positions in `cells`) into the buffers.
    mutating func add(_ members: ArraySlice<Int32>, in cells: StoredCells, names: MeasureNames) {
      bins.withUnsafeMutableBufferPointer { bins in
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
              }
            }
          }
        }
      }
    }

    /// Adds what the buffers hold into another adder's.
    func add(into other: inout GroupAdder) {
      for word in occupied.indices where occupied[word] != 0 {
        var bits = occupied[word]
        other.occupied[word] |= bits
        while bits != 0 {
          let position = word << 6 | bits.trailingZeroBitCount
          other.bins[position] &+= bins[position]
          bits &= bits - 1
        }
      }
      for measure in scored.indices {
        other.scored[measure] += scored[measure]
        other.sums[measure] += sums[measure]
      }
      for level in levels.indices { other.levels[level] += levels[level] }
    }

    /// The exact figures of the group added up, `count` businesses; the buffers are left empty.
    mutating func take(count: Int) -> DisclosureControl.ExactFigures {
      let measures = measures
      let summaries = bins.withUnsafeMutableBufferPointer { bins in
        occupied.withUnsafeMutableBufferPointer { occupied in
          (0..<measures).map { measure in
            DisclosureControl.ExactFigures.Measure(
              n: scored[measure], sumMicros: sums[measure],
              quartiles: quartiles(bins, occupied: occupied, base: measure * ScoreGrid.binCount, n: scored[measure]))
          }
        }
      }
      let figures = DisclosureControl.ExactFigures(count: count, levelCounts: levels, measures: summaries)
      clear()
      return figures
    }

    /// Empties the buffers, clearing only the bins marked.
    mutating func clear() {
      bins.withUnsafeMutableBufferPointer { bins in
        for word in occupied.indices where occupied[word] != 0 {
          var bits = occupied[word]
          while bits != 0 {
            bins[word << 6 | bits.trailingZeroBitCount] = 0
            bits &= bits - 1
          }
          occupied[word] = 0
        }
      }
      for measure in 0..<measures { (scored[measure], sums[measure]) = (0, 0) }
      for level in levels.indices { levels[level] = 0 }
    }
  }

  /// The nearest-rank quartiles of a histogram, the `ScoreGrid.binCount` bins of `bins` from
  /// `base`, visiting only those marked in `occupied`: the quartile at fraction p is the
  /// smallest score with at least ⌈p × n⌉ scores at or below it. Exact, so never published as
  /// such: ``DisclosureControl`` decides what of them is.
  static func quartiles(
    _ bins: UnsafeMutableBufferPointer<Int32>, occupied: UnsafeMutableBufferPointer<UInt64>, base: Int, n: Int
  ) -> (Double, Double, Double)? {
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
    return (Double(found.0) / 10, Double(found.1) / 10, Double(found.2) / 10)
  }

  /// By keys, for keys with their margins in the same places (``GroupKey``'s order).
  static func sameMarginsOrder(_ a: [GroupKey], _ b: [GroupKey]) -> Bool {
    for (x, y) in zip(a, b) where x != y { return x < y }
    return false
  }

  /// Which cells to suppress, and why.
  /// Primary suppression: a group of fewer than `minCell` businesses publishes nothing.
  /// (There is no secondary suppression: subtracting a published figure from another gives a
  /// result with the noise of both, which ``DisclosureControl`` sizes for that.)
  static func suppress(_ counts: [[GroupKey]: Int], minCell: Int) -> [[GroupKey]: StatisticsTable.Suppression] {
    var suppressed: [[GroupKey]: StatisticsTable.Suppression] = [:]
    for (keys, count) in counts where count < minCell { suppressed[keys] = .primary }
    return suppressed
  }

}
