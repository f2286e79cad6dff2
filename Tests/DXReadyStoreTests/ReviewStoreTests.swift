import Foundation
import GRDB
import Testing

@testable import DXReadyCore
@testable import DXReadyStore

@Suite("The consultant's review in the store")
struct ReviewStoreTests {
  @Test(
    "corrections, rejections and reopening keep the statistics cells equal to a plain count and to a rebuild",
    arguments: StoreEngine.available)
  func statisticsInStep(engine: StoreEngine) throws {
    let fixtures = try StoreFixtures()
    defer { fixtures.remove() }
    let store = try MaintainedStatisticsStoreTests.storeWithImports(12, engine: engine, fixtures)
    let (q, _) = try StoreFixtures.questionnaire("digital-intensity")
    let rows = try store.assessments(AssessmentFilter(limit: 20))
    let first = rows[0].id
    let second = rows[1].id
    let (_, total) = try MaintainedStatisticsStoreTests.tables(store, q: q, period: nil, reviewedOnly: false, by: [])
    #expect(total.cells.last?.exact?.count == 12)

    // A correction: the stored scores are those of the corrected answers.
    let stored = try store.assessment(matching: first.rawValue)
    var record = try store.review(first)
    #expect(record.state == .submitted && record.version == 0)
    let action = ReviewAction.correct(q.questions[0].id, .option("yes"), reason: "seen on site")
    var corrected = record.correctedAnswers(stored.answers)
    corrected[q.questions[0].id] = .option("yes")
    let result = Scorer.score(corrected, questionnaire: q)
    record = try store.applyReview(first, actions: [action], by: "A", basedOn: 0, rescored: result)
    #expect(record.state == .inReview && record.version == 1 && record.corrections.count == 1)
    #expect(try store.assessment(matching: first.rawValue).summary.overallScore == result.overall.score)
    #expect(try store.assessment(matching: first.rawValue).answers == stored.answers, "the original answers stay")
    try MaintainedStatisticsStoreTests.expectInStep(store, q: q, "after a correction")

    // Reviewed: it counts among the reviewed; rejected: it leaves the statistics.
    _ = try store.applyReview(first, actions: [.setState(.reviewed, reason: nil)], by: "A", basedOn: 1, rescored: nil)
    _ = try store.applyReview(
      second, actions: [.setState(.rejected, reason: "a test entry")], by: "B", basedOn: nil, rescored: nil)
    try MaintainedStatisticsStoreTests.expectInStep(store, q: q, "after a rejection")
    let (_, after) = try MaintainedStatisticsStoreTests.tables(store, q: q, period: nil, reviewedOnly: false, by: [])
    #expect(after.cells.last?.exact?.count == 11, "the rejected assessment left the statistics")
    // The reviewed one is the only business among the reviewed: one cell.
    #expect(try store.statisticsCells(StatisticsSlot(questionnaireID: q.id, reviewedOnly: true, period: "")).count == 1)

    // Opened again, it comes back; a rebuild from scratch gives the very same rows.
    _ = try store.applyReview(
      second, actions: [.setState(.inReview, reason: "not a test after all")], by: "B", basedOn: nil, rescored: nil)
    let (_, back) = try MaintainedStatisticsStoreTests.tables(store, q: q, period: nil, reviewedOnly: false, by: [])
    #expect(back.cells.last?.exact?.count == 12)
    let maintained = try store.cellRows()
    try store.rebuildCells()
    #expect(try store.cellRows() == maintained)

    // Not allowed: a move the states do not have, a correction of a closed review, a stale view.
    #expect(throws: StoreError.self) {
      try store.applyReview(
        first, actions: [.setState(.needsFollowUp, reason: nil)], by: "A", basedOn: nil, rescored: nil)
    }
    #expect(throws: StoreError.self) {
      try store.applyReview(first, actions: [action], by: "A", basedOn: nil, rescored: nil)
    }
    let stale = #expect(throws: StoreError.self) {
      try store.applyReview(second, actions: [.note(nil, "late")], by: "C", basedOn: 1, rescored: nil)
    }
    #expect(stale?.description.contains("last changed by B") == true, "\(String(describing: stale))")
  }

  @Test(
    "the audit log: every change appended, the database refuses to change or remove an entry, the chain verifies",
    arguments: StoreEngine.available)
  func auditLog(engine: StoreEngine) throws {
    let fixtures = try StoreFixtures()
    defer { fixtures.remove() }
    let store = try MaintainedStatisticsStoreTests.storeWithImports(2, engine: engine, fixtures)
    let id = try store.assessments(AssessmentFilter(limit: 1))[0].id
    _ = try store.applyReview(
      id, actions: [.note(nil, "first"), .add("crm"), .target("online", 3)], by: "Nguyễn Văn A", basedOn: nil,
      rescored: nil)
    let log = try store.auditLog(id)
    #expect(log.map(\.action) == ["state", "note", "service", "target"])
    #expect(log.allSatisfy { $0.actor == "Nguyễn Văn A" })
    #expect(AuditEntry.firstBreak(in: try store.auditLog(nil)) == nil)
    let changed = #expect(throws: (any Error).self) { try store.raw("UPDATE audit SET actor = 'x'") }
    #expect("\(changed.map { String(describing: $0) } ?? "")".contains("never changed"))
    let removed = #expect(throws: (any Error).self) { try store.raw("DELETE FROM audit") }
    #expect("\(removed.map { String(describing: $0) } ?? "")".contains("never removed"))
    #expect(try store.count("SELECT count(*) FROM audit") == 4)
    // Deleting the assessment keeps its entries and records the deletion.
    try store.deleteAssessment(id, by: "Nguyễn Văn A")
    #expect(try store.auditLog(id).map(\.action).last == "delete")
  }
}
