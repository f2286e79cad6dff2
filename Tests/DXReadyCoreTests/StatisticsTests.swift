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

  @Test("figures worked by hand: count, level shares, mean and nearest-rank quartiles")
  func handWorked() {
    // Scores 10, 20, 30, 40, 50 in Hạ Long; 60, 70, 80 in Uông Bí.
    let records =
      [10.0, 20, 30, 40, 50].map { Self.record("ha-long", "G", $0, level: $0 < 30 ? 0 : 1) }
      + [60.0, 70, 80].map { Self.record("uong-bi", "C", $0, level: 2) }
    let table = StatisticsBuilder.build(
      records, groupings: [.locality], reference: Self.reference, quarterly: false, minCell: 3, levels: 3,
      dimensions: 2)
    #expect(table.cells.map(\.keys) == [["ha-long"], ["uong-bi"], [nil]])
    let halong = table.cells[0]
    #expect(halong.count == 5)
    // Levels: 10 and 20 at level 0, 30, 40, 50 at level 1 → 2/5, 3/5, 0.
    #expect(halong.levelShares == [0.4, 0.6, 0])
    // Mean (10+20+30+40+50)/5 = 30. Nearest rank on n = 5: Q1 rank ⌈1.25⌉ = 2 → 20;
    // median rank ⌈2.5⌉ = 3 → 30; Q3 rank ⌈3.75⌉ = 4 → 40.
    #expect(halong.overall == StatisticsTable.Summary(mean: 30, q1: 20, median: 30, q3: 40))
    // The second dimension has no scores: no summary rather than a guess.
    #expect(halong.dimensions?[1] == nil)
    let province = table.cells[2]
    #expect(province.count == 8)
    // (150 + 210)/8 = 45; n = 8: Q1 rank 2 → 20, median rank 4 → 40, Q3 rank 6 → 60.
    #expect(province.overall == StatisticsTable.Summary(mean: 45, q1: 20, median: 40, q3: 60))
  }

  @Test("a small group is suppressed, and so is the next smallest, so the total gives neither away")
  func suppression() {
    // Hạ Long 12, Uông Bí 4 (< 10), Cẩm Phả 11, Bãi Cháy 15.
    var records: [StatisticsRecord] = []
    for (locality, count) in [("ha-long", 12), ("uong-bi", 4), ("cam-pha", 11), ("bai-chay", 15)] {
      records += (0..<count).map { Self.record(locality, "G", Double($0), level: 0) }
    }
    let table = StatisticsBuilder.build(
      records, groupings: [.locality], reference: Self.reference, quarterly: false, minCell: 10, levels: 3,
      dimensions: 2)
    let flags = Dictionary(uniqueKeysWithValues: table.cells.map { ($0.keys[0] ?? "all", $0.suppression) })
    #expect(flags["uong-bi"] == .primary)
    #expect(flags["cam-pha"] == .secondary, "the smallest published group is hidden too")
    #expect(flags["ha-long"]! == nil && flags["bai-chay"]! == nil && flags["all"]! == nil)
    let hidden = table.cells.first { $0.keys == ["uong-bi"] }
    #expect(hidden?.count == nil && hidden?.overall == nil && hidden?.levelShares == nil)
  }

  @Test("records without a group's value form an unknown group, so lines add up")
  func unknown() {
    let unknown = (0..<12).map { _ in Self.record(nil, "G", 50, level: 1) }
    let records = unknown + (0..<12).map { _ in Self.record("ha-long", "G", 50, level: 1) }
    let table = StatisticsBuilder.build(
      records, groupings: [.locality], reference: Self.reference, quarterly: false, minCell: 10, levels: 3,
      dimensions: 2)
    #expect(table.cells.map(\.keys) == [[StatisticsBuilder.unknownKey], ["ha-long"], [nil]])
  }

  /// A small seeded generator, so that failures can be replayed.
  struct Generator {
    var state: UInt64
    mutating func next(_ bound: Int) -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int((state >> 33) % UInt64(bound))
    }
  }

  @Test(
    "over many random datasets: no published figure rests on fewer than k, no line gives a cell away", arguments: 0..<60
  )
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
      records, groupings: groupings, reference: Self.reference, quarterly: false, minCell: k, levels: 3, dimensions: 2)
    var counts: [[String?]: Int] = [:]
    for record in records {
      let keys = groupings.map { $0.key(record.groups(quarterly: false), reference: Self.reference) ?? "?" }
      for mask in 0..<(1 << groupings.count) {
        counts[keys.enumerated().map { mask & (1 << $0.offset) == 0 ? $0.element : nil }, default: 0] += 1
      }
    }
    var published: [[String?]: Bool] = [:]
    for cell in table.cells {
      published[cell.keys] = cell.suppression == nil
      if cell.suppression == nil {
        #expect((cell.count ?? 0) >= k, "seed \(seed): \(cell.keys) published with \(cell.count ?? 0) < \(k)")
        #expect(cell.count == counts[cell.keys])
        #expect(abs((cell.levelShares ?? []).reduce(0, +) - 1) < 1e-9)
      } else {
        #expect(cell.count == nil && cell.overall == nil)
      }
    }
    // Every line whose total is published hides none of its members, or at least two.
    for position in groupings.indices {
      var lines: [[String?]: [[String?]]] = [:]
      for keys in published.keys where keys[position] != nil {
        var rest = keys
        rest[position] = nil
        lines[rest, default: []].append(keys)
      }
      for (total, members) in lines where published[total] == true {
        let hidden = members.filter { published[$0] == false }.count
        #expect(hidden != 1, "seed \(seed): line \(total) hides exactly one cell")
      }
    }
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
    #expect(Period.of("2026-08-15T10:00:00.000Z", quarterly: true) == "2026-Q3")
    // 03:00 on 1 April in Vietnam is 20:00 on 31 March in UTC: the second quarter.
    #expect(Period.of("2026-03-31T20:00:00Z", quarterly: true) == "2026-Q2")
    #expect(Period.of("2026-03-31T16:59:59Z", quarterly: true) == "2026-Q1")
    #expect(Period.of("2026-03-31T17:00:00Z", quarterly: true) == "2026-Q2")
    // New Year in Vietnam, still the old year in UTC; a leap day.
    #expect(Period.of("2026-12-31T18:30:00Z", quarterly: false) == "2027")
    #expect(Period.of("2028-02-28T20:00:00Z", quarterly: true) == "2028-Q1")
    #expect(Period.of("2028-02-29T20:00:00Z", quarterly: true) == "2028-Q1")
    #expect(Period.of("2027-06-30T17:00:00Z", quarterly: true) == "2027-Q3")
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
