/// Statistics kept up to date as assessments are submitted, imported and deleted, so that
/// `stats` reads a few thousand small cells instead of every assessment.
///
/// Each business counts once in each *slot* — a questionnaire, the kind of assessments that
/// count (all submitted ones, or only reviewed ones) and a period (all time, a year, a
/// quarter) — with its latest assessment there, the way `stats` counts. Within a slot, a *cell*
/// gathers the businesses with the same fine groups (locality, VSIC section, size class and
/// period), as counts and sparse histograms of their scores on the grid of tenths. Coarser
/// groups, margins and quartiles are all sums of cells, exactly.
///
/// When a business's assessments change, the store works out which assessment counted in each
/// slot before and after, and moves that business from the old cell to the new one.
public enum MaintainedStatistics {
  /// The assessment of a business that counts in each slot: the latest (by `seq`) of each
  /// questionnaire, over all time, in its year and in its quarter; once among all submitted
  /// assessments and once among the reviewed ones.
  public static func counted(_ assessments: [CountedAssessment]) -> [StatisticsSlot: CountedAssessment] {
    var slots: [StatisticsSlot: CountedAssessment] = [:]
    for assessment in assessments where assessment.status != .draft {
      let year = String(assessment.submittedAt.prefix(4))
      let quarter = Period.of(assessment.submittedAt, quarterly: true)
      for reviewedOnly in assessment.status == .reviewed ? [false, true] : [false] {
        for period in ["", year, quarter] {
          let slot = StatisticsSlot(
            questionnaireID: assessment.questionnaireID, reviewedOnly: reviewedOnly, period: period)
          if let other = slots[slot], other.seq > assessment.seq { continue }
          slots[slot] = assessment
        }
      }
    }
    return slots
  }

  /// The cell an assessment counts in, within a slot: over all time, businesses are grouped by
  /// the year of their latest assessment; within a year or a quarter, by that period.
  public static func key(_ assessment: CountedAssessment, in slot: StatisticsSlot) -> StatisticsCellKey {
    StatisticsCellKey(
      slot: slot,
      groups: StatisticsGroups(
        locality: assessment.locality, vsicVersion: assessment.vsicVersion, section: assessment.section,
        sizeClass: assessment.sizeClass,
        period: slot.period.isEmpty ? String(assessment.submittedAt.prefix(4)) : slot.period))
  }

  /// The cells that assessments of businesses new to the store make up (each business counted
  /// once per slot, with its latest assessment there): what a bulk import of new businesses
  /// adds. The same result as ``change(from:to:into:)`` from nothing, built by sorting rather
  /// than by counting into dictionaries one score at a time.
  public static func cells(ofNewBusinesses businesses: some Sequence<[CountedAssessment]>) -> [StatisticsCellKey:
    CellAggregate]
  {
    var members: [StatisticsCellKey: [CountedAssessment]] = [:]
    for assessments in businesses {
      if assessments.count == 1, let only = assessments.first, only.status == .submitted {
        // The common case: one assessment counts in its three slots.
        let year = String(only.submittedAt.prefix(4))
        for period in ["", year, Period.of(only.submittedAt, quarterly: true)] {
          let slot = StatisticsSlot(questionnaireID: only.questionnaireID, reviewedOnly: false, period: period)
          members[key(only, in: slot), default: []].append(only)
        }
      } else {
        for (slot, assessment) in counted(assessments) {
          members[key(assessment, in: slot), default: []].append(assessment)
        }
      }
    }
    return members.mapValues(CellAggregate.init(counting:))
  }

  /// Adds to `changes` what happens to the cells when one business's assessments go from
  /// `before` to `after`.
  public static func change(
    from before: [CountedAssessment], to after: [CountedAssessment],
    into changes: inout [StatisticsCellKey: CellAggregate]
  ) {
    let old = counted(before)
    let new = counted(after)
    for (slot, assessment) in old where new[slot] != assessment {
      changes[key(assessment, in: slot), default: CellAggregate()].add(assessment, sign: -1)
    }
    for (slot, assessment) in new where old[slot] != assessment {
      changes[key(assessment, in: slot), default: CellAggregate()].add(assessment, sign: 1)
    }
  }
}

/// A submitted (or reviewed) assessment as the maintained statistics count it: its groups and
/// its scores, never its business's name, tax code or answers.
public struct CountedAssessment: Sendable, Hashable {
  public var seq: Int64
  public var questionnaireID: String
  public var status: AssessmentStatus
  public var submittedAt: String
  public var locality: String?
  public var vsicVersion: Int?
  public var section: String?
  public var sizeClass: SizeClass?
  public var overallScore: Double?
  public var overallLevel: Int?
  /// The scored dimensions, by id.
  public var dimensionScores: [String: Double]

  public init(
    seq: Int64, questionnaireID: String, status: AssessmentStatus, submittedAt: String, locality: String?,
    vsicVersion: Int?, section: String?, sizeClass: SizeClass?, overallScore: Double?, overallLevel: Int?,
    dimensionScores: [String: Double]
  ) {
    self.seq = seq
    self.questionnaireID = questionnaireID
    self.status = status
    self.submittedAt = submittedAt
    self.locality = locality
    self.vsicVersion = vsicVersion
    self.section = section
    self.sizeClass = sizeClass
    self.overallScore = overallScore
    self.overallLevel = overallLevel
    self.dimensionScores = dimensionScores
  }
}

/// A questionnaire, the assessments that count, and a period: `""` for all time, else a year
/// (`2026`) or a quarter (`2026-Q3`).
public struct StatisticsSlot: Sendable, Hashable {
  public var questionnaireID: String
  public var reviewedOnly: Bool
  public var period: String

  public init(questionnaireID: String, reviewedOnly: Bool, period: String) {
    self.questionnaireID = questionnaireID
    self.reviewedOnly = reviewedOnly
    self.period = period
  }
}

/// Where a cell is: its slot and its fine groups.
public struct StatisticsCellKey: Sendable, Hashable {
  public var slot: StatisticsSlot
  public var groups: StatisticsGroups

  public init(slot: StatisticsSlot, groups: StatisticsGroups) {
    self.slot = slot
    self.groups = groups
  }
}

/// The businesses of one cell, counted: how many, how many at each level, and a sparse
/// histogram of each score. Also used for changes, whose counts may be negative.
public struct CellAggregate: Sendable, Hashable {
  /// The measure name of the overall score; dimensions go by their ids.
  public static let overall = ""

  public var count = 0
  public var levels: [Int: Int] = [:]
  public var measures: [String: SparseHistogram] = [:]

  public init() {}

  public var isEmpty: Bool { count == 0 && levels.isEmpty && measures.isEmpty }

  /// The aggregate of some assessments: their scores gathered per measure, sorted and counted.
  init(counting assessments: [CountedAssessment]) {
    count = assessments.count
    var scores: [String: (bins: [Int], sum: Int64)] = [:]
    func gather(_ measure: String, _ score: Double) {
      scores[measure, default: ([], 0)].bins.append(ScoreGrid.bin(score))
      scores[measure]!.sum += ScoreGrid.micros(score)
    }
    for assessment in assessments {
      if let level = assessment.overallLevel, (0...Int(UInt16.max)).contains(level) { levels[level, default: 0] += 1 }
      if let score = assessment.overallScore { gather(Self.overall, score) }
      for (dimension, score) in assessment.dimensionScores { gather(dimension, score) }
    }
    for (measure, gathered) in scores {
      var histogram = SparseHistogram(sumMicros: gathered.sum)
      var run = (bin: -1, count: 0)
      for bin in gathered.bins.sorted() {
        if bin == run.bin {
          run.count += 1
        } else {
          if run.count > 0 { histogram.bins[run.bin] = run.count }
          run = (bin, 1)
        }
      }
      if run.count > 0 { histogram.bins[run.bin] = run.count }
      measures[measure] = histogram
    }
  }

  mutating func add(_ assessment: CountedAssessment, sign: Int) {
    count += sign
    if let level = assessment.overallLevel, (0...Int(UInt16.max)).contains(level) {
      levels[level, default: 0] += sign
    }
    if let score = assessment.overallScore { measures[Self.overall, default: SparseHistogram()].add(score, sign: sign) }
    for (dimension, score) in assessment.dimensionScores {
      measures[dimension, default: SparseHistogram()].add(score, sign: sign)
    }
  }

  /// Adds one business's record; its dimensions are named by their positions ("0", "1", …).
  mutating func add(_ record: StatisticsRecord) {
    count += 1
    if let level = record.overallLevel, (0...Int(UInt16.max)).contains(level) { levels[level, default: 0] += 1 }
    if let score = record.overallScore { measures[Self.overall, default: SparseHistogram()].add(score, sign: 1) }
    for (position, score) in record.dimensionScores.enumerated() {
      if let score { measures[String(position), default: SparseHistogram()].add(score, sign: 1) }
    }
  }

  /// Adds another aggregate (or a change), dropping what comes to nothing.
  public mutating func merge(_ other: CellAggregate) {
    count += other.count
    for (level, n) in other.levels {
      let total = levels[level, default: 0] + n
      levels[level] = total == 0 ? nil : total
    }
    for (measure, histogram) in other.measures {
      var merged = measures[measure, default: SparseHistogram()]
      merged.merge(histogram)
      measures[measure] = merged.isEmpty ? nil : merged
    }
  }

  /// Whether every count is at least zero, as a stored cell's must be.
  public var isConsistent: Bool {
    count >= 0 && levels.values.allSatisfy { $0 > 0 }
      && measures.values.allSatisfy { $0.bins.values.allSatisfy { $0 > 0 } }
  }
}

/// Counts by bin on the grid of tenths, with the exact sum in millionths.
public struct SparseHistogram: Sendable, Hashable {
  public var bins: [Int: Int] = [:]
  public var sumMicros: Int64 = 0

  public init(bins: [Int: Int] = [:], sumMicros: Int64 = 0) {
    self.bins = bins
    self.sumMicros = sumMicros
  }

  var isEmpty: Bool { bins.isEmpty && sumMicros == 0 }

  mutating func add(_ score: Double, sign: Int) {
    let bin = ScoreGrid.bin(score)
    let total = bins[bin, default: 0] + sign
    bins[bin] = total == 0 ? nil : total
    sumMicros += Int64(sign) * ScoreGrid.micros(score)
  }

  mutating func merge(_ other: SparseHistogram) {
    for (bin, n) in other.bins {
      let total = bins[bin, default: 0] + n
      bins[bin] = total == 0 ? nil : total
    }
    sumMicros += other.sumMicros
  }
}

// MARK: - Stored form

/// The positions of measures by their names in stored cells: 0 for the overall score (the
/// empty name), then the dimensions in order. A questionnaire has a handful of dimensions, so
/// comparing the bytes of each name beats making a string to look up.
struct MeasureNames: Sendable {
  private let names: [[UInt8]]

  /// `dimensions` in the questionnaire's order.
  init(dimensions: [String]) { names = dimensions.map { Array($0.utf8) } }

  /// The measure a stored name stands for; `nil` for a dimension the questionnaire does not have.
  func measure(_ name: UnsafeRawBufferPointer) -> Int? {
    if name.isEmpty { return 0 }
    for (position, known) in names.enumerated() where known.count == name.count {
      if known.withUnsafeBytes({ $0.elementsEqual(name) }) { return position + 1 }
    }
    return nil
  }
}

extension CellAggregate {
  /// A compact binary form for the store: a format byte, then little-endian integers — the
  /// count, the levels (level, count), and each measure (name, sum, bins (bin, count)).
  public func encoded() -> [UInt8] {
    var bytes: [UInt8] = [1]
    func put<T: FixedWidthInteger>(_ value: T) { withUnsafeBytes(of: value.littleEndian) { bytes += $0 } }
    put(Int64(count))
    put(UInt16(levels.count))
    for (level, n) in levels.sorted(by: { $0.key < $1.key }) {
      put(UInt16(level))
      put(Int32(n))
    }
    put(UInt16(measures.count))
    for (name, histogram) in measures.sorted(by: { $0.key < $1.key }) {
      let utf8 = Array(name.utf8)
      put(UInt16(utf8.count))
      bytes += utf8
      put(histogram.sumMicros)
      put(UInt16(histogram.bins.count))
      for (bin, n) in histogram.bins.sorted(by: { $0.key < $1.key }) {
        put(UInt16(bin))
        put(Int32(n))
      }
    }
    return bytes
  }

  /// Reads the stored form; `nil` when the bytes are not one.
  public init?(decoding bytes: UnsafeRawBufferPointer) {
    var aggregate = CellAggregate()
    var current: (name: String, histogram: SparseHistogram)?
    func finish() { if let current { aggregate.measures[current.name] = current.histogram } }
    let read = Self.read(
      bytes, count: { aggregate.count = $0 }, level: { aggregate.levels[$0] = $1 },
      measure: { name, sum in
        finish()
        current = (String(decoding: name, as: UTF8.self), SparseHistogram(sumMicros: sum))
      },
      bin: { bin, n in current?.histogram.bins[bin] = n })
    guard read else { return nil }
    finish()
    self = aggregate
  }

  /// The number of businesses in a stored cell, after checking its structure (not each bin):
  /// `nil` when the bytes are not a stored cell.
  static func validatedCount(_ bytes: UnsafeRawBufferPointer) -> Int? {
    var offset = 0
    func take<T: FixedWidthInteger>(_: T.Type) -> T? {
      guard offset + MemoryLayout<T>.size <= bytes.count else { return nil }
      defer { offset += MemoryLayout<T>.size }
      return T(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: T.self))
    }
    guard take(UInt8.self) == 1, let count = take(Int64.self), let levels = take(UInt16.self) else { return nil }
    offset += Int(levels) * 6
    guard let measures = take(UInt16.self) else { return nil }
    for _ in 0..<measures {
      guard let length = take(UInt16.self) else { return nil }
      offset += Int(length) + 8
      guard let bins = take(UInt16.self) else { return nil }
      offset += Int(bins) * 6
    }
    return offset == bytes.count ? Int(count) : nil
  }

  /// Adds a stored cell, already checked by ``validatedCount(_:)``, into dense figures: level
  /// counts, and for each measure (0 the overall score, then the dimensions by `names`) its
  /// number of scores, their sum and its bins at `measure × ScoreGrid.binCount`, marking
  /// each bin it adds to in `occupied` (one bit per bin).
  static func accumulate(
    _ bytes: UnsafeRawBufferPointer, names: MeasureNames, levels: UnsafeMutableBufferPointer<Int>,
    scored: UnsafeMutableBufferPointer<Int>, sums: UnsafeMutableBufferPointer<Int64>,
    bins: UnsafeMutableBufferPointer<Int32>, occupied: UnsafeMutableBufferPointer<UInt64>
  ) {
    func load<T: FixedWidthInteger>(_ offset: Int, _: T.Type) -> T {
      T(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: T.self))
    }
    var offset = 9
    let levelCount = Int(load(offset, UInt16.self))
    offset += 2
    for _ in 0..<levelCount {
      let level = Int(load(offset, UInt16.self))
      if level < levels.count { levels[level] += Int(load(offset + 2, Int32.self)) }
      offset += 6
    }
    let measureCount = Int(load(offset, UInt16.self))
    offset += 2
    for _ in 0..<measureCount {
      let length = Int(load(offset, UInt16.self))
      offset += 2
      let measure = names.measure(UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + length]))
      offset += length
      let sum = load(offset, Int64.self)
      let binCount = Int(load(offset + 8, UInt16.self))
      offset += 10
      guard let measure, measure < scored.count else {
        offset += binCount * 6
        continue
      }
      sums[measure] += sum
      let base = measure * ScoreGrid.binCount
      var total = 0
      for _ in 0..<binCount {
        let bin = Int(load(offset, UInt16.self))
        let n = load(offset + 2, Int32.self)
        if bin < ScoreGrid.binCount {
          bins[base + bin] &+= n
          occupied[(base + bin) >> 6] |= 1 << UInt64((base + bin) & 63)
        }
        total += Int(n)
        offset += 6
      }
      scored[measure] += total
    }
  }

  /// Walks the stored form, calling back with each figure in order; `false` when the bytes are
  /// not a stored cell (what was called back before then is to be thrown away).
  @inline(__always)
  static func read(
    _ bytes: UnsafeRawBufferPointer, count: (Int) -> Void, level: (Int, Int) -> Void,
    measure: (UnsafeRawBufferPointer, Int64) -> Void, bin: (Int, Int) -> Void
  ) -> Bool {
    var offset = 0
    func take<T: FixedWidthInteger>(_: T.Type) -> T? {
      guard offset + MemoryLayout<T>.size <= bytes.count else { return nil }
      let value = bytes.loadUnaligned(fromByteOffset: offset, as: T.self)
      offset += MemoryLayout<T>.size
      return T(littleEndian: value)
    }
    guard take(UInt8.self) == 1, let n = take(Int64.self), let levelCount = take(UInt16.self) else { return false }
    count(Int(n))
    for _ in 0..<levelCount {
      guard let index = take(UInt16.self), let n = take(Int32.self) else { return false }
      level(Int(index), Int(n))
    }
    guard let measureCount = take(UInt16.self) else { return false }
    for _ in 0..<measureCount {
      guard let length = take(UInt16.self), offset + Int(length) <= bytes.count else { return false }
      let name = UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + Int(length)])
      offset += Int(length)
      guard let sum = take(Int64.self), let binCount = take(UInt16.self) else { return false }
      measure(name, sum)
      for _ in 0..<binCount {
        guard let index = take(UInt16.self), let n = take(Int32.self) else { return false }
        bin(Int(index), Int(n))
      }
    }
    return offset == bytes.count
  }
}
