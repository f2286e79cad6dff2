import DXReadyCore
import Foundation
import Testing

@testable import dxready

@Suite("Statistics as text")
struct StatsOutputTests {
  @Test("bars of the mean overall score appear only when the terminal has room for them")
  func bars() throws {
    let url = Binary.package.appendingPathComponent("Questionnaires/digital-intensity.yaml")
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
