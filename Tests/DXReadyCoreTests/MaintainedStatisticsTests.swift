import Testing

@testable import DXReadyCore

@Suite("Statistics maintained as assessments come and go")
struct MaintainedStatisticsTests {
  static let reference = StatisticsTests.reference
  static let dimensions = ["d1", "d2"]

  /// A random assessment of business `business`, submitted in 2025 or 2026.
  static func assessment(seq: Int64, business: Int, random: inout StatisticsTests.Generator) -> CountedAssessment {
    let localities = ["ha-long", "uong-bi", "cam-pha", "bai-chay"]
    let month = 1 + random.next(12)
    let score = random.next(10) == 0 ? nil : Double(random.next(100_001)) / 1000
    var dimensions: [String: Double] = [:]
    if random.next(5) != 0 { dimensions["d1"] = Double(random.next(1001)) / 10 }
    dimensions["d2"] = Double(random.next(301)) / 3
    return CountedAssessment(
      seq: seq, questionnaireID: random.next(6) == 0 ? "other" : "q",
      status: random.next(3) == 0 ? .reviewed : .submitted,
      submittedAt: "\(2025 + random.next(2))-\(month < 10 ? "0" : "")\(month)-15T08:00:00.000Z",
      // A business may move or change its profile between assessments.
      locality: random.next(8) == 0 ? nil : localities[(business + random.next(2)) % localities.count],
      vsicVersion: 2018, section: ["C", "G"][random.next(2)], sizeClass: [.micro, .small, nil][random.next(3)],
      overallScore: score, overallLevel: score.map { Int($0 / 20) }, dimensionScores: dimensions)
  }

  /// The records `stats` would count, worked out the plain way: the latest assessment of each
  /// business within the slot.
  static func records(_ businesses: [[CountedAssessment]], slot: StatisticsSlot) -> [StatisticsRecord] {
    businesses.compactMap { assessments in
      assessments.filter {
        $0.questionnaireID == slot.questionnaireID && (slot.reviewedOnly ? $0.status == .reviewed : true)
          && $0.submittedAt.hasPrefix(slot.storedPeriod.prefix(4))
          && (slot.period?.quarter == nil || Period.of($0.submittedAt, quarterly: true) == slot.period)
      }.max { ($0.submittedAt, $0.seq) < ($1.submittedAt, $1.seq) }  // the latest submitted
    }.map { a in
      StatisticsRecord(
        locality: a.locality, vsicVersion: a.vsicVersion, section: a.section, sizeClass: a.sizeClass,
        submittedAt: a.submittedAt, overallScore: a.overallScore, overallLevel: a.overallLevel,
        dimensionScores: dimensions.map { a.dimensionScores[$0] })
    }
  }

  @Test(
    "after random submissions and deletions, every slot's cells give the tables the plain count gives",
    arguments: 0..<25)
  func randomHistories(seed: Int) {
    var random = StatisticsTests.Generator(state: UInt64(seed) &* 0x9E37_79B9 &+ 7)
    var businesses = Array(repeating: [CountedAssessment](), count: 5 + random.next(40))
    var stored: [StatisticsCellKey: CellAggregate] = [:]
    var seq: Int64 = 0
    for _ in 0..<(20 + random.next(200)) {
      let business = random.next(businesses.count)
      let before = businesses[business]
      var after = before
      if !after.isEmpty, random.next(4) == 0 {
        after.remove(at: random.next(after.count))
      } else {
        seq += 1
        // Now and then an older draft is submitted after newer assessments: a lower seq.
        let number = random.next(5) == 0 ? max(1, seq - Int64(random.next(20))) * 1000 + seq : seq * 1000
        after.append(Self.assessment(seq: number, business: business, random: &random))
        after.sort { $0.seq < $1.seq }
      }
      var changes: [StatisticsCellKey: CellAggregate] = [:]
      MaintainedStatistics.change(from: before, to: after, into: &changes)
      for (key, change) in changes {
        var cell = stored[key, default: CellAggregate()]
        cell.merge(change)
        #expect(cell.isConsistent, "seed \(seed): \(key) went negative")
        stored[key] = cell.count == 0 && cell.isEmpty ? nil : cell
      }
      businesses[business] = after
    }
    // Cells that come to no businesses are gone entirely.
    #expect(stored.values.allSatisfy { $0.count > 0 })
    for period in ["", "2025", "2026", "2025-Q1", "2026-Q2", "2026-Q4"] {
      for reviewedOnly in [false, true] {
        let slot = StatisticsSlot(questionnaireID: "q", reviewedOnly: reviewedOnly, period: Period(period))
        for groupings in [[], [Grouping.locality, .sector], [.size, .period]] {
          var fromCells = StoredCells(key: StatisticsTests.key)
          for (key, aggregate) in stored where key.slot == slot {
            // Through the stored form, as the store keeps it.
            let bytes = aggregate.encoded()
            #expect(bytes.withUnsafeBytes { CellAggregate(decoding: $0) } == aggregate)
            #expect(bytes.withUnsafeBytes { fromCells.add(storedCell: $0, groups: key.groups) })
          }
          let plain = StatisticsBuilder.build(
            Self.records(businesses, slot: slot), groupings: groupings, reference: Self.reference,
            quarterly: period.count == 7, minCell: 3, levels: 6, dimensions: 2, key: StatisticsTests.key)
          let table = StatisticsBuilder.table(
            fromCells, groupings: groupings, reference: Self.reference, minCell: 3, levels: 6,
            dimensions: Self.dimensions)
          #expect(table == plain, "seed \(seed), period \(period), \(groupings)")
          // The same, with the groups added up by several workers at once.
          let shared = StatisticsBuilder.table(
            fromCells, groupings: groupings, reference: Self.reference, minCell: 3, levels: 6,
            dimensions: Self.dimensions, workers: 3)
          #expect(shared == plain, "seed \(seed), period \(period), \(groupings), 3 workers")
        }
      }
    }
  }

  @Test(
    "each assessment counted alone as it comes, then the businesses with several counted again, equals counting one change at a time; the weight kept is the cells' weight",
    arguments: 0..<10)
  func countedAsWritten(seed: Int) {
    var random = StatisticsTests.Generator(state: UInt64(seed) &+ 99)
    var seq: Int64 = 0
    let businesses = (0..<(50 + random.next(400))).map { business in
      (0..<(random.next(4) == 0 ? 2 : 1)).map { _ in
        seq += 1
        return Self.assessment(seq: seq, business: business, random: &random)
      }
    }
    var counted: [StatisticsCellKey: CellAggregate] = [:]
    for assessments in businesses { MaintainedStatistics.change(from: [], to: assessments, into: &counted) }
    // As a bulk import counts: every assessment alone as it is written, then each business
    // with several assessments taken back and counted with its latest.
    var cells: [StatisticsCellKey: CellAggregate] = [:]
    var weight = 0
    for assessment in businesses.joined() {
      weight += MaintainedStatistics.count(alone: assessment, sign: 1, into: &cells)
    }
    #expect(businesses.contains { $0.count > 1 }, "seed \(seed): some businesses have several assessments")
    for assessments in businesses where assessments.count > 1 {
      for assessment in assessments { weight += MaintainedStatistics.count(alone: assessment, sign: -1, into: &cells) }
      weight += MaintainedStatistics.count(business: assessments, into: &cells)
    }
    #expect(cells.filter { !$0.value.isEmpty } == counted, "seed \(seed)")
    #expect(weight == counted.values.reduce(0) { $0 + $1.weight }, "seed \(seed)")
  }

  @Test("a business counts with its latest assessment in each slot, and moves when a newer one comes")
  func latestPerSlot() {
    func make(_ seq: Int64, _ at: String, _ status: AssessmentStatus, _ locality: String) -> CountedAssessment {
      CountedAssessment(
        seq: seq, questionnaireID: "q", status: status, submittedAt: at, locality: locality, vsicVersion: nil,
        section: nil, sizeClass: nil, overallScore: 50, overallLevel: 2, dimensionScores: [:])
    }
    let first = make(1, "2026-02-10T00:00:00Z", .reviewed, "ha-long")
    let second = make(2, "2026-08-10T00:00:00Z", .submitted, "uong-bi")
    let counted = MaintainedStatistics.counted([first, second])
    // All time and 2026: the second; Q1: the first; Q3: the second; reviewed only: the first.
    #expect(counted[StatisticsSlot(questionnaireID: "q", reviewedOnly: false, period: nil)] == second)
    #expect(counted[StatisticsSlot(questionnaireID: "q", reviewedOnly: false, period: Period("2026"))] == second)
    #expect(counted[StatisticsSlot(questionnaireID: "q", reviewedOnly: false, period: Period("2026-Q1"))] == first)
    #expect(counted[StatisticsSlot(questionnaireID: "q", reviewedOnly: false, period: Period("2026-Q3"))] == second)
    #expect(counted[StatisticsSlot(questionnaireID: "q", reviewedOnly: true, period: nil)] == first)
    // Four slots among all submitted (all time, 2026, Q1, Q3), three among the reviewed.
    #expect(counted.count == 7)
    // Adding the second moves the business out of Hạ Long in the all-time slot, and in no
    // slot where the first stays the latest.
    var changes: [StatisticsCellKey: CellAggregate] = [:]
    MaintainedStatistics.change(from: [first], to: [first, second], into: &changes)
    let allTime = StatisticsSlot(questionnaireID: "q", reviewedOnly: false, period: nil)
    #expect(changes[MaintainedStatistics.key(first, in: allTime)]?.count == -1)
    #expect(changes[MaintainedStatistics.key(second, in: allTime)]?.count == 1)
    let q1 = StatisticsSlot(questionnaireID: "q", reviewedOnly: false, period: Period("2026-Q1"))
    #expect(changes[MaintainedStatistics.key(first, in: q1)] == nil)
    // Over all time, the cell's period is the year; within a quarter, the quarter.
    #expect(MaintainedStatistics.key(second, in: allTime).groups.period.description == "2026")
    #expect(MaintainedStatistics.key(first, in: q1).groups.period.description == "2026-Q1")
  }

  @Test("the stored form refuses bytes that are not one")
  func damaged() {
    var cell = CellAggregate()
    cell.count = 2
    cell.levels = [1: 2]
    cell.measures = [.overall: SparseHistogram(bins: [505: 2], sumMicros: 101_000_000)]
    let bytes = cell.encoded()
    #expect(bytes.withUnsafeBytes { CellAggregate(decoding: $0) } == cell)
    #expect(Array(bytes.dropLast()).withUnsafeBytes { CellAggregate(decoding: $0) } == nil)
    #expect((bytes + [0]).withUnsafeBytes { CellAggregate(decoding: $0) } == nil)
    #expect(([9] + bytes.dropFirst()).withUnsafeBytes { CellAggregate(decoding: $0) } == nil)
  }

  @Test("a cell in the old fixed-width form (format 1) still reads, for the conversion of older databases")
  func formatOne() {
    // Two businesses at level 1, overall 50.5 both; dimension "d1" 30.0 and 70.0.
    let old: [UInt8] =
      [1] + [2, 0, 0, 0, 0, 0, 0, 0] + [1, 0] + [1, 0, 2, 0, 0, 0]  // format, count, levels
      + [2, 0]  // measures
      + [0, 0] + [0x40, 0x23, 0x05, 0x06, 0, 0, 0, 0] + [1, 0] + [0xF9, 0x01, 2, 0, 0, 0]  // "": 101,000,000
      + [2, 0, 0x64, 0x31] + [0x00, 0xE1, 0xF5, 0x05, 0, 0, 0, 0] + [2, 0]  // "d1": 100,000,000
      + [0x2C, 0x01, 1, 0, 0, 0] + [0xBC, 0x02, 1, 0, 0, 0]
    var cell = CellAggregate()
    cell.count = 2
    cell.levels = [1: 2]
    cell.measures = [
      .overall: SparseHistogram(bins: [505: 2], sumMicros: 101_000_000),
      .dimension("d1"): SparseHistogram(bins: [300: 1, 700: 1], sumMicros: 100_000_000),
    ]
    #expect(old.withUnsafeBytes { CellAggregate(decoding: $0) } == cell)
    // Only the current form is added up; older databases are converted when opened.
    #expect(old.withUnsafeBytes { CellAggregate.validatedCount($0) } == nil)
    #expect(cell.encoded().withUnsafeBytes { CellAggregate.validatedCount($0) } == 2)
    #expect(cell.encoded().count < old.count / 2)
  }

  @Test("the compact stored form reads back, is well under half the old size, and is checked", arguments: 0..<5)
  func formats(seed: Int) {
    var random = StatisticsTests.Generator(state: UInt64(seed) &+ 7)
    var cell = CellAggregate()
    for seq in 0..<(1 + random.next(300)) {
      cell.add(Self.assessment(seq: Int64(seq), business: seq, random: &random), sign: 1)
    }
    let compact = cell.encoded()
    #expect(compact.first == 2)
    #expect(compact.withUnsafeBytes { CellAggregate(decoding: $0) } == cell)
    #expect(compact.withUnsafeBytes { CellAggregate.validatedCount($0) } == cell.count)
    // Format 1 took 27 bytes of fixed header and 6 bytes a level or a bin, 12 plus the name a measure.
    let oldSize =
      1 + 8 + 2 + 6 * cell.levels.count + 2
      + cell.measures.map { 12 + $0.key.storedName.utf8.count + 6 * $0.value.bins.count }.reduce(0, +)
    #expect(compact.count * 2 < oldSize, "\(compact.count) bytes against \(oldSize)")
    // Every cut-short form is refused.
    for cut in 1..<compact.count {
      #expect(Array(compact.prefix(cut)).withUnsafeBytes { CellAggregate.validatedCount($0) } == nil)
    }
    // The quick check accepts exactly what the full reading accepts, whatever a byte is changed to.
    for _ in 0..<2000 {
      var changed = compact
      changed[random.next(changed.count)] = UInt8(random.next(256))
      let full = changed.withUnsafeBytes { CellAggregate(decoding: $0) }
      let quick = changed.withUnsafeBytes { CellAggregate.validatedCount($0) }
      #expect((quick != nil) == (changed.first == 2 && full != nil))
      if let quick, let full { #expect(quick == full.count) }
    }
  }
}
