import Foundation
import Testing

@testable import DXReadyCore
@testable import DXReadyStore

@Suite("Counting an import's new businesses on a thread of its own")
struct ImportCountingTests {
  /// An assessment of one of a few groups, with scores that differ from one to the next.
  static func counted(_ index: Int) -> CountedAssessment {
    CountedAssessment(
      seq: Int64(index + 1), questionnaireID: "digital-intensity", status: .submitted,
      submittedAt: "2026-0\(index % 9 + 1)-15T02:00:00.000Z", locality: ["ha-long", "uong-bi", "cam-pha"][index % 3],
      vsicVersion: 2018, section: ["C", "G"][index % 2], sizeClass: .small,
      overallScore: Double(index % 41) * 2.5, overallLevel: index % 6,
      dimensionScores: ["a": Double(index % 17) * 5, "b": Double(index % 11) * 9.5])
  }

  @Test("the held cells are what counting each assessment in turn gives, in any batch size")
  func sameCellsAsCountingInTurn() {
    var expected: [StatisticsCellKey: CellAggregate] = [:]
    var expectedValues = 0
    for index in 0..<500 {
      expectedValues += MaintainedStatistics.count(alone: Self.counted(index), sign: 1, into: &expected)
    }
    for batch in [1, 3, 128, 1000] {
      let held = HeldCells(limit: .max, batch: batch)
      for index in 0..<500 { held.count { Self.counted(index) } }
      let (cells, values) = held.take()
      #expect(cells == expected, "batches of \(batch)")
      #expect(values == expectedValues, "batches of \(batch)")
      // Taken: the cells are empty after, and count again from nothing.
      held.count { Self.counted(0) }
      #expect(held.take().cells.count == 3, "one assessment, in its three slots")
      #expect(held.take().cells.isEmpty)
    }
  }

  @Test("the cells say when they hold more than their limit, and not after they are taken")
  func overTheLimit() {
    let held = HeldCells(limit: 40, batch: 2)
    #expect(!held.isOverLimit)
    held.count { Self.counted(0) }
    _ = held.take()
    #expect(!held.isOverLimit, "one assessment: a few values")
    for index in 0..<20 { held.count { Self.counted(index) } }
    let (_, values) = held.take()
    #expect(values > 40)
    #expect(!held.isOverLimit, "taken")
    for index in 0..<20 { held.count { Self.counted(index) } }
    // The flag is set on the counting thread once it has counted past the limit, a moment after
    // the batches are handed over (all 20 are: 10 batches of 2).
    var waited = 0
    while !held.isOverLimit && waited < 5000 {
      usleep(1000)
      waited += 1
    }
    #expect(held.isOverLimit)
  }
}
