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
  /// The assessment of a business that counts in each slot: the latest of each questionnaire —
  /// by the time it was submitted, not by when it reached this database (bundles and earlier
  /// survey rounds arrive out of order; of two submitted in the same millisecond, the one stored
  /// last) — over all time, in its year and in its quarter; once among all submitted
  /// assessments and once among the reviewed ones.
  public static func counted(_ assessments: [CountedAssessment]) -> [StatisticsSlot: CountedAssessment] {
    var slots: [StatisticsSlot: CountedAssessment] = [:]
    for assessment in assessments where assessment.status != .draft {
      let year = Period.year(assessment.submittedAt)
      let quarter = Period.of(assessment.submittedAt, quarterly: true)
      for reviewedOnly in assessment.status == .reviewed ? [false, true] : [false] {
        for period in ["", year, quarter] {
          let slot = StatisticsSlot(
            questionnaireID: assessment.questionnaireID, reviewedOnly: reviewedOnly, period: period)
          if let other = slots[slot], Self.later(other, than: assessment) { continue }
          slots[slot] = assessment
        }
      }
    }
    return slots
  }

  /// Whether `one` was submitted after `other` (stored times compare as text; a tie goes to the
  /// one stored last).
  static func later(_ one: CountedAssessment, than other: CountedAssessment) -> Bool {
    (one.submittedAt, one.seq) > (other.submittedAt, other.seq)
  }

  /// The cell an assessment counts in, within a slot: over all time, businesses are grouped by
  /// the year of their latest assessment; within a year or a quarter, by that period.
  public static func key(_ assessment: CountedAssessment, in slot: StatisticsSlot) -> StatisticsCellKey {
    StatisticsCellKey(
      slot: slot,
      groups: StatisticsGroups(
        locality: assessment.locality, vsicVersion: assessment.vsicVersion, section: assessment.section,
        sizeClass: assessment.sizeClass,
        period: slot.period.isEmpty ? Period.year(assessment.submittedAt) : slot.period,
        legalForm: assessment.legalForm))
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
        let year = Period.year(only.submittedAt)
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
  public var legalForm: LegalForm?
  public var overallScore: Double?
  public var overallLevel: Int?
  /// The scored dimensions, by id.
  public var dimensionScores: [String: Double]

  public init(
    seq: Int64, questionnaireID: String, status: AssessmentStatus, submittedAt: String, locality: String?,
    vsicVersion: Int?, section: String?, sizeClass: SizeClass?, overallScore: Double?, overallLevel: Int?,
    dimensionScores: [String: Double], legalForm: LegalForm? = nil
  ) {
    self.legalForm = legalForm
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

/// Reads variable-length integers (LEB128, at most 63 bits) — and, for stored format 1,
/// fixed-width ones — with bounds checks.
struct VarintCursor {
  let base: UnsafePointer<UInt8>
  let end: Int
  var offset: Int

  @inline(__always) mutating func varint() -> UInt64? {
    guard offset < end else { return nil }
    let first = base[offset]
    offset &+= 1
    if first < 0x80 { return UInt64(first) }
    var value = UInt64(first & 0x7F)
    var shift: UInt64 = 7
    while shift < 63, offset < end {
      let byte = base[offset]
      offset &+= 1
      value |= UInt64(byte & 0x7F) << shift
      if byte < 0x80 { return value }
      shift &+= 7
    }
    return nil
  }

  /// A little-endian fixed-width integer (stored format 1).
  mutating func fixed<T: FixedWidthInteger>(_: T.Type) -> T? {
    guard offset + MemoryLayout<T>.size <= end else { return nil }
    let value = UnsafeRawPointer(base + offset).loadUnaligned(as: T.self)
    offset += MemoryLayout<T>.size
    return T(littleEndian: value)
  }

  @inline(__always) mutating func unsigned(_ limit: Int) -> Int? {
    guard let value = varint(), value <= UInt64(limit) else { return nil }
    return Int(value)
  }

  @inline(__always) mutating func signed(_ limit: Int64) -> Int64? {
    guard let raw = varint() else { return nil }
    let value = Int64(bitPattern: raw >> 1) ^ -Int64(bitPattern: raw & 1)
    return abs(value) <= limit ? value : nil
  }
}

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
  /// The format byte of the stored form written now (2: variable-length integers). Format 1
  /// (fixed-width integers, up to schema v3) is still read, to convert older databases.
  static let format: UInt8 = 2

  /// A compact binary form for the store: the format byte, then variable-length integers
  /// (LEB128; counts and sums zigzag-signed) — the count, the levels (level, count), and each
  /// measure (name, sum in millionths, bins as (gap from the previous bin, count)). A cell of
  /// a few dozen businesses takes a few hundred bytes, so that it stays inside its database
  /// page.
  public func encoded() -> [UInt8] {
    var bytes: [UInt8] = [Self.format]
    func put(_ value: UInt64) {
      var rest = value
      while rest >= 0x80 {
        bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
        rest >>= 7
      }
      bytes.append(UInt8(rest))
    }
    func put(signed value: Int64) { put(UInt64(bitPattern: (value << 1) ^ (value >> 63))) }
    put(signed: Int64(count))
    put(UInt64(levels.count))
    for (level, n) in levels.sorted(by: { $0.key < $1.key }) {
      put(UInt64(max(0, level)))
      put(signed: Int64(n))
    }
    put(UInt64(measures.count))
    for (name, histogram) in measures.sorted(by: { $0.key < $1.key }) {
      let utf8 = Array(name.utf8)
      put(UInt64(utf8.count))
      bytes += utf8
      put(signed: histogram.sumMicros)
      put(UInt64(histogram.bins.count))
      var previous = 0
      for (bin, n) in histogram.bins.sorted(by: { $0.key < $1.key }) {
        put(UInt64(max(0, bin - previous)))
        put(signed: Int64(n))
        previous = bin
      }
    }
    return bytes
  }

  /// Reads the stored form (either format); `nil` when the bytes are not one.
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

  /// The number of businesses in a stored cell of the current format, after checking its
  /// whole structure as ``read(_:count:level:measure:bin:)`` does: `nil` when the bytes are
  /// not one. (A loop of its own: it runs on every cell `stats` reads.)
  static func validatedCount(_ bytes: UnsafeRawBufferPointer) -> Int? {
    guard bytes.first == format, let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else {
      return nil
    }
    var cursor = VarintCursor(base: base, end: bytes.count, offset: 1)
    let countLimit = Int64(Int32.max)
    guard let count = cursor.signed(countLimit), let levels = cursor.unsigned(Int(UInt16.max)) else { return nil }
    for _ in 0..<levels {
      guard cursor.unsigned(Int(UInt16.max)) != nil, cursor.signed(countLimit) != nil else { return nil }
    }
    guard let measures = cursor.unsigned(Int(UInt16.max)) else { return nil }
    for _ in 0..<measures {
      guard let length = cursor.unsigned(Int(UInt16.max)), cursor.offset + length <= cursor.end else { return nil }
      cursor.offset += length
      guard cursor.signed(Int64.max >> 1) != nil, let binCount = cursor.unsigned(ScoreGrid.binCount) else {
        return nil
      }
      var previous = 0
      for position in 0..<binCount {
        guard let gap = cursor.unsigned(ScoreGrid.binCount), position == 0 || gap > 0,
          previous + gap < ScoreGrid.binCount, cursor.signed(countLimit) != nil
        else { return nil }
        previous += gap
      }
    }
    return cursor.offset == cursor.end ? Int(count) : nil
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
    var offset = 1
    @inline(__always) func next() -> Int {
      var byte = bytes[offset]
      offset &+= 1
      if byte < 0x80 { return Int(byte) }
      var value = Int(byte & 0x7F)
      var shift = 7
      repeat {
        byte = bytes[offset]
        offset &+= 1
        value |= Int(byte & 0x7F) << shift
        shift &+= 7
      } while byte >= 0x80
      return value
    }
    @inline(__always) func nextSigned() -> Int {
      let raw = next()
      return Int(bitPattern: UInt(bitPattern: raw) >> 1) ^ -(raw & 1)
    }
    _ = next()  // the count
    for _ in 0..<next() {
      let level = next()
      let n = nextSigned()
      if level < levels.count { levels[level] &+= n }
    }
    for _ in 0..<next() {
      let length = next()
      let measure = names.measure(UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + length]))
      offset &+= length
      let sum = Int64(nextSigned())
      let binCount = next()
      guard let measure, measure < scored.count else {
        for _ in 0..<binCount {
          _ = next()
          _ = next()
        }
        continue
      }
      sums[measure] &+= sum
      let base = measure * ScoreGrid.binCount
      var bin = 0
      var total = 0
      for _ in 0..<binCount {
        bin &+= next()
        let n = nextSigned()
        if bin < ScoreGrid.binCount {
          let position = base &+ bin
          bins[position] &+= Int32(truncatingIfNeeded: n)
          occupied[position >> 6] |= 1 << UInt64(position & 63)
        }
        total &+= n
      }
      scored[measure] &+= total
    }
  }

  /// Walks the stored form (either format), calling back with each figure in order; `false`
  /// when the bytes are not a stored cell (what was called back before then is to be thrown
  /// away).
  @inline(__always)
  static func read(
    _ bytes: UnsafeRawBufferPointer, count: (Int) -> Void, level: (Int, Int) -> Void,
    measure: (UnsafeRawBufferPointer, Int64) -> Void, bin: (Int, Int) -> Void
  ) -> Bool {
    let compact = bytes.first == format
    guard compact || bytes.first == 1, let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else {
      return false
    }
    var cursor = VarintCursor(base: base, end: bytes.count, offset: 1)
    let (short, long) = (Int(UInt16.max), Int64.max >> 1)
    // A count or a small number in either format: variable-length, or fixed-width `T`.
    // (No closure over `T`: a metatype is not Sendable.)
    func number<T: FixedWidthInteger>(_: T.Type, upTo limit: Int) -> Int? {
      if compact { return cursor.unsigned(limit) }
      guard let value = cursor.fixed(T.self) else { return nil }
      return Int(value)
    }
    func signed<T: FixedWidthInteger>(_: T.Type, upTo limit: Int64) -> Int64? {
      if compact { return cursor.signed(limit) }
      guard let value = cursor.fixed(T.self) else { return nil }
      return Int64(value)
    }
    let countLimit = Int64(Int32.max)
    guard let n = signed(Int64.self, upTo: countLimit), let levelCount = number(UInt16.self, upTo: short) else {
      return false
    }
    count(Int(n))
    for _ in 0..<levelCount {
      guard let index = number(UInt16.self, upTo: short), let n = signed(Int32.self, upTo: countLimit) else {
        return false
      }
      level(index, Int(n))
    }
    guard let measureCount = number(UInt16.self, upTo: short) else { return false }
    for _ in 0..<measureCount {
      guard let length = number(UInt16.self, upTo: short), cursor.offset + length <= bytes.count else { return false }
      let name = UnsafeRawBufferPointer(rebasing: bytes[cursor.offset..<cursor.offset + length])
      cursor.offset += length
      guard let sum = signed(Int64.self, upTo: long), let binCount = number(UInt16.self, upTo: ScoreGrid.binCount)
      else { return false }
      measure(name, sum)
      var previous = 0
      for position in 0..<binCount {
        if compact {
          // Bins go up: each after the first is at least one above the one before.
          guard let gap = cursor.unsigned(ScoreGrid.binCount), position == 0 || gap > 0,
            previous + gap < ScoreGrid.binCount, let n = cursor.signed(countLimit)
          else { return false }
          previous += gap
          bin(previous, Int(n))
        } else {
          guard let index = cursor.fixed(UInt16.self), let n = cursor.fixed(Int32.self) else { return false }
          bin(Int(index), Int(n))
        }
      }
    }
    return cursor.offset == bytes.count
  }
}
