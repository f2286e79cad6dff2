import Foundation
import Testing

@testable import DXReadyCore

@Suite("Statistics and disclosure control")
struct StatisticsTests {
  static let reference = try! ProfileTests.reference()

  static func record(_ locality: String?, _ section: String?, _ score: Double, level: Int, size: SizeClass? = .small)
    -> StatisticsRecord
  {
    StatisticsRecord(
      locality: locality, vsicVersion: section == nil ? nil : 2018, section: section, sizeClass: size,
      submittedAt: "2026-05-01T00:00:00.000Z", overallScore: score, overallLevel: level, dimensionScores: [score, nil])
  }

  /// A fixed secret for the noise, so that tests can be replayed.
  static let key = NoiseKey(k0: 0x0123_4567_89ab_cdef, k1: 0x0fed_cba9_8765_4321)

  @Test("figures worked by hand: count, level counts, sum and nearest-rank quartiles, before protection")
  func handWorked() {
    // Scores 10, 20, 30, 40, 50 in Hạ Long; 60, 70, 80 in Uông Bí.
    let records =
      [10.0, 20, 30, 40, 50].map { Self.record("ha-long", "G", $0, level: $0 < 30 ? 0 : 1) }
      + [60.0, 70, 80].map { Self.record("uong-bi", "C", $0, level: 2) }
    let table = StatisticsBuilder.build(
      records, groupings: [.locality], reference: Self.reference, quarterly: false, minCell: 3, levels: 3,
      dimensions: 2, key: Self.key)
    #expect(table.cells.map(\.keys) == [[.value("ha-long")], [.value("uong-bi")], [.all]])
    let halong = table.cells[0]
    // Levels: 10 and 20 at level 0, 30, 40, 50 at level 1. Sum 150. Nearest rank on n = 5:
    // Q1 rank ⌈1.25⌉ = 2 → 20; median rank ⌈2.5⌉ = 3 → 30; Q3 rank ⌈3.75⌉ = 4 → 40.
    #expect(halong.exact?.count == 5)
    #expect(halong.exact?.levelCounts == [2, 3, 0])
    let overall = halong.exact?.measures[0]
    #expect(overall?.n == 5 && overall?.sumMicros == 150_000_000)
    #expect(overall?.quartiles.map { [$0.0, $0.1, $0.2] } == [20, 30, 40])
    // The second dimension has no scores: nothing rather than a guess.
    #expect(halong.exact?.measures[2].n == 0 && halong.dimensions?[1] == nil)
    let province = table.cells[2]
    // n = 8: Q1 rank 2 → 20, median rank 4 → 40, Q3 rank 6 → 60; sum 360.
    #expect(province.exact?.measures[0].sumMicros == 360_000_000)
    #expect(province.exact?.measures[0].quartiles.map { [$0.0, $0.1, $0.2] } == [20, 40, 60])
    // Published: within the method's bounds, with no quartiles for groups under 20.
    let published = try! #require(halong.overall)
    #expect(abs(published.mean - 30) <= 30.0 / 5 + 0.005)
    #expect(published.q1 == nil && published.median == nil && published.q3 == nil)
    #expect((3...7).contains(halong.count ?? 0))
    #expect(halong.levelCounts?[2] == 0, "a level nobody is at stays 0")
  }

  @Test("a group smaller than the minimum publishes nothing; the others are published (no secondary suppression)")
  func suppression() {
    // Hạ Long 12, Uông Bí 4 (< 10), Cẩm Phả 11, Bãi Cháy 15.
    var records: [StatisticsRecord] = []
    for (locality, count) in [("ha-long", 12), ("uong-bi", 4), ("cam-pha", 11), ("bai-chay", 15)] {
      records += (0..<count).map { Self.record(locality, "G", Double($0), level: 0) }
    }
    let table = StatisticsBuilder.build(
      records, groupings: [.locality], reference: Self.reference, quarterly: false, minCell: 10, levels: 3,
      dimensions: 2, key: Self.key)
    let flags = Dictionary(uniqueKeysWithValues: table.cells.map { ($0.keys[0].id ?? "all", $0.suppression) })
    #expect(flags["uong-bi"] == .primary)
    #expect(flags["cam-pha"]! == nil && flags["ha-long"]! == nil && flags["bai-chay"]! == nil && flags["all"]! == nil)
    let hidden = table.cells.first { $0.keys == [.value("uong-bi")] }
    #expect(hidden?.count == nil && hidden?.overall == nil && hidden?.levelShares == nil && hidden?.exact == nil)
  }

  @Test("SipHash-2-4 gives the reference outputs (Aumasson and Bernstein's test vectors)")
  func sipHash() {
    let key = NoiseKey(k0: 0x0706_0504_0302_0100, k1: 0x0f0e_0d0c_0b0a_0908)
    var empty = key.hasher()
    #expect(empty.finish() == 0x726f_db47_dd0e_0e31)
    var eight = key.hasher()
    eight.add(0x0706_0504_0302_0100)
    #expect(eight.finish() == 0x93f5_f579_9a93_2462)
    #expect(NoiseKey(bytes: Array(0...15)) == key)
  }

  @Test("group keys: written as data files carry them and read back; the unknown group first, all last")
  func groupKeys() {
    let keys: [GroupKey] = [.all, .value("ha-long"), .unknown, .value("2018/G"), .value("cam-pha")]
    #expect(keys.map(\.id) == [nil, "ha-long", "(unknown)", "2018/G", "cam-pha"])
    #expect(keys.map { GroupKey(id: $0.id) } == keys)
    #expect(keys.map(\.value) == [nil, "ha-long", nil, "2018/G", "cam-pha"])
    #expect(keys.sorted() == [.unknown, .value("2018/G"), .value("cam-pha"), .value("ha-long"), .all])
    #expect(SectorKey(id: "2018/G") == SectorKey(vsic: 2018, section: "G"))
    #expect(SectorKey(vsic: 2025, section: "C").id == "2025/C")
    for bad in ["2018", "G", "2018/", "/G", "x/G", "2018/G/1", ""] { #expect(SectorKey(id: bad) == nil, "\(bad)") }
  }

  @Test("measures: the overall score is the empty stored name and comes first, dimensions by id")
  func measures() {
    let measures: [Measure] = [.dimension("st"), .overall, .dimension("cn"), .dimension("ops")]
    #expect(measures.map(\.storedName) == ["st", "", "cn", "ops"])
    #expect(measures.map { Measure(storedName: $0.storedName) } == measures)
    #expect(measures.sorted() == [.overall, .dimension("cn"), .dimension("ops"), .dimension("st")])
    #expect(measures.sorted().map(\.storedName) == measures.map(\.storedName).sorted(), "the stored order")
  }

  @Test("records without a group's value form an unknown group, so lines add up")
  func unknown() {
    let unknown = (0..<12).map { _ in Self.record(nil, "G", 50, level: 1) }
    let records = unknown + (0..<12).map { _ in Self.record("ha-long", "G", 50, level: 1) }
    let table = StatisticsBuilder.build(
      records, groupings: [.locality], reference: Self.reference, quarterly: false, minCell: 10, levels: 3,
      dimensions: 2, key: Self.key)
    #expect(table.cells.map(\.keys) == [[.unknown], [.value("ha-long")], [.all]])
    #expect(table.cells.map { $0.keys.map(\.id) } == [["(unknown)"], ["ha-long"], [nil]], "as data files write them")
  }

  /// A small seeded generator, so that failures can be replayed.
  struct Generator: RandomNumberGenerator {
    var state: UInt64
    mutating func next(_ bound: Int) -> Int {
      Int((next() >> 33) % UInt64(bound))
    }

    /// A full 64-bit draw, so that the standard library's random functions can use it too.
    mutating func next() -> UInt64 {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return state
    }
  }

  @Test(
    "over many random datasets: nothing from fewer than k, every figure within the method's bounds, the same contributors always the same figures",
    arguments: 0..<60)
  func property(seed: Int) {
    var random = Generator(state: UInt64(seed) &* 2_654_435_761 &+ 1)
    let localities = ["ha-long", "uong-bi", "cam-pha", "bai-chay", "co-to", "van-don", "tien-yen"]
    let sections = ["A", "C", "F", "G", "I"]
    let count = 20 + random.next(300)
    let records = (0..<count).map { _ in
      Self.record(
        localities[random.next(localities.count)], sections[random.next(sections.count)],
        Double(random.next(1001)) / 10,
        level: random.next(3))
    }
    let k = 3 + random.next(10)
    let groupings: [Grouping] =
      seed % 3 == 0 ? [.locality] : seed % 3 == 1 ? [.locality, .sector] : [.sector, .locality]
    let table = StatisticsBuilder.build(
      records, groupings: groupings, reference: Self.reference, quarterly: false, minCell: k, levels: 3, dimensions: 2,
      key: Self.key)
    var counts: [[GroupKey]: Int] = [:]
    for record in records {
      let keys = groupings.map {
        $0.key(record.groups(quarterly: false), reference: Self.reference).map(GroupKey.value) ?? .unknown
      }
      for mask in 0..<(1 << groupings.count) {
        counts[keys.enumerated().map { mask & (1 << $0.offset) == 0 ? $0.element : .all }, default: 0] += 1
      }
    }
    var seen: [DisclosureControl.ExactFigures: StatisticsTable.Cell] = [:]
    for cell in table.cells {
      guard cell.suppression == nil, let exact = cell.exact else {
        #expect(cell.count == nil && cell.overall == nil && (counts[cell.keys] ?? 0) < k)
        continue
      }
      #expect(exact.count == counts[cell.keys] && exact.count >= k, "seed \(seed): \(cell.keys)")
      let published = cell.count ?? 0
      #expect(published >= k && abs(published - exact.count) <= DisclosureControl.countNoise)
      for (level, n) in exact.levelCounts.enumerated() {
        let shown = cell.levelCounts?[level] ?? -1
        #expect(n == 0 ? shown == 0 : (0...exact.count).contains(shown) && abs(shown - n) <= 2)
      }
      #expect(abs((cell.levelShares ?? []).reduce(0, +) - 1) < 1e-9)
      if let overall = cell.overall {
        let measure = exact.measures[0]
        let mean = Double(measure.sumMicros) / 1_000_000 / Double(measure.n)
        #expect(abs(overall.mean - mean) <= 30 / Double(measure.n) + 0.005)
        #expect((overall.q1 != nil) == (measure.n >= DisclosureControl.quartileMinimum))
        if let q1 = overall.q1, let exactQ1 = measure.quartiles?.0 {
          #expect(abs(q1 - exactQ1) <= 2.5 && q1 == q1.rounded())
        }
      }
      // The same contributors give the same published figures, in whatever table they appear.
      if let earlier = seen[exact] {
        #expect(
          earlier.count == cell.count && earlier.overall == cell.overall && earlier.levelCounts == cell.levelCounts)
      }
      seen[exact] = cell
    }
    // Another database (another secret) draws other noise for the same figures.
    let other = StatisticsBuilder.build(
      records, groupings: groupings, reference: Self.reference, quarterly: false, minCell: k, levels: 3, dimensions: 2,
      key: NoiseKey(k0: UInt64(seed) &+ 7, k1: 99))
    let means = table.cells.compactMap { $0.overall?.mean }
    #expect(means.count < 2 || means != other.cells.compactMap { $0.overall?.mean })
  }

  @Test("periods: years and quarters in Vietnam time (UTC+7), and their UTC timestamp ranges")
  func periods() {
    #expect(Period("2026")?.timestamps.from == "2025-12-31T17:00:00Z")
    #expect(Period("2026-Q3")?.timestamps.from == "2026-06-30T17:00:00Z")
    #expect(Period("2026-Q4")?.timestamps.to == "2026-12-31T17:00:00Z")
    #expect(Period("2028-Q2")?.timestamps.from == "2028-03-31T17:00:00Z")
    #expect(Period("2024-Q1")?.timestamps.to == "2024-03-31T17:00:00Z")
    #expect(Period("2026-Q5") == nil)
    #expect(Period("26") == nil)
    #expect(Period(year: 2026, quarter: 3) == Period("2026-Q3") && Period(year: 2026).description == "2026")
    let periods = ["2027", "2026-Q4", "2026", "2026-Q1", "2025-Q3"].compactMap { Period($0) }
    #expect(periods.sorted().map(\.description) == ["2025-Q3", "2026", "2026-Q1", "2026-Q4", "2027"], "as their texts")
    // A slot's period as stores keep it: '' for all time; anything else that is not a period
    // is a damaged row.
    for stored in ["", "2026", "2026-Q3"] {
      #expect(StatisticsSlot(questionnaireID: "q", reviewedOnly: false, storedPeriod: stored)?.storedPeriod == stored)
    }
    #expect(StatisticsSlot(questionnaireID: "q", reviewedOnly: false, storedPeriod: "")?.period == nil)
    #expect(StatisticsSlot(questionnaireID: "q", reviewedOnly: false, storedPeriod: "all") == nil)
    #expect(StatisticsSlot(questionnaireID: "q", reviewedOnly: false, storedPeriod: "2026-") == nil)
    // What a store keeps is read exactly: any year it wrote, nothing else.
    for stored in ["2026", "2026-Q3", "1899", "10000", "999-Q1"] {
      #expect(Period(stored: stored)?.description == stored)
    }
    for damaged in [
      "", "2026-", "-2026", "+2026", "2026--Q3", "2026-Q0", "2026-Q5", "2026-Q+1", "2026-q3", "02026", "x",
    ] {
      #expect(Period(stored: damaged) == nil, "\(damaged)")
    }
    #expect(Period("1899") == nil && Period("10000") == nil, "a person types a year from 1900, of four digits")
    #expect(
      Period.of("1899-12-31T12:00:00Z", quarterly: false) == Period(stored: "1899"),
      "2 a.m. on 1 January 1900 at UTC+14")
    #expect(Period.of("2026-08-15T10:00:00.000Z", quarterly: true).description == "2026-Q3")
    // 03:00 on 1 April in Vietnam is 20:00 on 31 March in UTC: the second quarter.
    #expect(Period.of("2026-03-31T20:00:00Z", quarterly: true).description == "2026-Q2")
    #expect(Period.of("2026-03-31T16:59:59Z", quarterly: true).description == "2026-Q1")
    #expect(Period.of("2026-03-31T17:00:00Z", quarterly: true).description == "2026-Q2")
    // New Year in Vietnam, still the old year in UTC; a leap day.
    #expect(Period.of("2026-12-31T18:30:00Z", quarterly: false).description == "2027")
    #expect(Period.of("2028-02-28T20:00:00Z", quarterly: true).description == "2028-Q1")
    #expect(Period.of("2028-02-29T20:00:00Z", quarterly: true).description == "2028-Q1")
    #expect(Period.of("2027-06-30T17:00:00Z", quarterly: true).description == "2027-Q3")
  }

  @Test("submitted: times with their offset, or a date taken as midnight in Vietnam, in the stored UTC form")
  func submissionTimes() {
    #expect(SubmissionTime.utc("2026-04-01T03:00:00+07:00") == "2026-03-31T20:00:00.000Z")
    #expect(SubmissionTime.utc("2026-04-01") == "2026-03-31T17:00:00.000Z")
    #expect(SubmissionTime.utc("2026-03-31T20:00Z") == "2026-03-31T20:00:00.000Z")
    #expect(SubmissionTime.utc("2026-03-31T20:00:00.123Z") == "2026-03-31T20:00:00.000Z")
    #expect(SubmissionTime.utc("2027-01-01T05:30:00+07:00") == "2026-12-31T22:30:00.000Z")
    #expect(SubmissionTime.utc("2024-03-01T00:00:00+07:00") == "2024-02-29T17:00:00.000Z")
    #expect(SubmissionTime.utc("2026-01-01T00:00:00-05:00") == "2026-01-01T05:00:00.000Z")
    for bad in ["2026-02-30", "2026-13-01", "yesterday", "2026-04-01T03:00", "2026-04-01T25:00Z", "2026-4-1"] {
      #expect(SubmissionTime.utc(bad) == nil, "\(bad)")
    }
  }
}
