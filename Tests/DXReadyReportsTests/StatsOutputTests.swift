import DXReadyCore
import Foundation
import Testing

@testable import DXReadyReports

@Suite("Statistics as text")
struct StatsOutputTests {
  @Test("bars of the mean overall score appear only when the terminal has room for them")
  func bars() throws {
    let url = ReportTests.package.appendingPathComponent("Questionnaires/digital-intensity.yaml")
    let questionnaire = try #require(
      QuestionnaireLoader.load(try String(contentsOf: url, encoding: .utf8), file: "di.yaml").questionnaire)
    let cell = StatisticsTable.Cell(
      keys: [], count: 12, levelShares: [0.25, 0.25, 0.25, 0.25],
      overall: StatisticsTable.Summary(mean: 6, q1: 3, median: 6, q3: 9), dimensions: nil, suppression: nil)
    let table = StatisticsTable(groupings: [], minCell: 10, cells: [cell])
    let reference = ReferenceData(
      localities: LocalityList(provinceID: "p", provinceName: "P", current: [], former: []), vsic: VSIC(versions: [:]))
    let output = StatsOutput(
      table: table, questionnaire: questionnaire, reference: reference, language: .en, period: nil)
    #expect(!output.text().contains("█"))
    let wide = output.text(width: 120)
    // A count questionnaire: a mean of 6 of 12 fills half of the room left beside the figures.
    let bar = try #require(wide.split(separator: "\n").first { $0.contains("█") })
    let header = try #require(wide.split(separator: "\n").first { $0.hasPrefix("Group") })
    let room = 120 - header.count - 2
    #expect(bar.filter { $0 == "█" }.count == Int((Double(room) / 2).rounded()))
  }
}

@Suite("JSON and numbers written by hand")
struct JSONTextTests {
  @Test("fixed decimals match printf's over many values, negative, tiny and halfway ones included")
  func fixedDecimals() {
    var state: UInt64 = 42
    var values: [Double] = [0, -0.0, 0.05, 0.125, 0.375, 2.5, 99.995, 100, -3.14159, 1e-9, 0.3125, 45]
    for _ in 0..<20_000 {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      values.append(Double(state >> 11) / Double(1 << 53) * 200 - 50)
      values.append(Double((state >> 20) % 100_001) / 1000)
    }
    for value in values {
      for places in [0, 1, 2, 4] {
        #expect(fixed(value, places) == String(format: "%.\(places)f", value), "\(value) to \(places) places")
      }
    }
  }

  @Test("the JSON reads back as what was written, with escapes")
  func roundTrip() throws {
    let value = JSONValue.object([
      "text": .string("Hạ Long \"Quảng Ninh\"\n\t\\ \u{1}"), "count": .int(12), "share": .number(0.3125),
      "whole": .number(45), "none": .null, "list": .array([.int(1), .array([]), .object([:])]),
    ])
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(value.text.utf8)) as? [String: Any])
    #expect(object["text"] as? String == "Hạ Long \"Quảng Ninh\"\n\t\\ \u{1}")
    #expect(object["count"] as? Int == 12)
    #expect(object["share"] as? Double == 0.3125)
    #expect(object["whole"] as? Int == 45)
    #expect(object["none"] is NSNull)
    #expect((object["list"] as? [Any])?.count == 3)
    #expect(value.text.hasSuffix("}\n"))
  }
}
