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
    #expect(
      try store.statisticsCells(StatisticsSlot(questionnaireID: q.id, reviewedOnly: true, period: nil)).count == 1)
    let why = try store.review(second).lastStateChange
    #expect(
      why?.reason == "a test entry" && why?.by == "B",
      "the reason read back from the audit log: \(String(describing: why))")
    #expect(try store.review(first).lastStateChange?.reason == nil, "reviewed without a reason")
    // The list says where each is in review, and picks by it.
    let listed = Dictionary(
      uniqueKeysWithValues: try store.assessments(AssessmentFilter(limit: 20)).map { ($0.id, $0) })
    #expect(listed[second]?.reviewState == .rejected && listed[second]?.status == .submitted)
    #expect(listed[first]?.reviewState == .reviewed && listed[first]?.status == .reviewed)
    #expect(try store.assessments(AssessmentFilter(reviewState: .rejected, limit: 20)).map(\.id) == [second])
    let waiting = try store.assessments(AssessmentFilter(reviewState: .submitted, limit: 20))
    #expect(waiting.count == 10 && waiting.allSatisfy { $0.reviewState == .submitted })

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

extension ReviewStoreTests {
  @Test(
    "a review carried from another database is applied once, its entries chained here, the cells in step; a review made on both sides is refused",
    arguments: StoreEngine.available)
  func carriedReview(engine: StoreEngine) throws {
    let fixtures = try StoreFixtures()
    defer { fixtures.remove() }
    let (q, _) = try StoreFixtures.questionnaire("digital-intensity")
    let items = try (0..<6).map {
      try MaintainedStatisticsStoreTests.imported(yes: $0, business: $0, locality: "ha-long", section: "G")
    }
    // The laptop (SQLite) and the office (this engine) hold the same assessments.
    let laptop = try SQLiteStore.open(path: fixtures.path("laptop.sqlite"))
    let office = try engine.makeStore(fixtures)
    _ = try laptop.importSubmitted(items)
    _ = try office.importSubmitted(items)
    let question = q.questions[0].id
    var corrected = items[0].answers
    corrected[question] = .option("yes")
    _ = try laptop.applyReview(
      items[0].id,
      actions: [
        .correct(question, .option("yes"), reason: "seen on site"), .note(nil, "met the director"), .add("crm"),
        .target("online", 3),
      ], by: "Trần Thị Bình", basedOn: nil, rescored: Scorer.score(corrected, questionnaire: q))
    _ = try laptop.applyReview(
      items[0].id, actions: [.setState(.reviewed, reason: nil)], by: "Trần Thị Bình", basedOn: nil, rescored: nil)
    _ = try laptop.applyReview(
      items[1].id, actions: [.setState(.rejected, reason: "a test entry")], by: "Trần Thị Bình", basedOn: nil,
      rescored: nil)

    func carrying(_ index: Int) throws -> ImportedAssessment {
      var item = items[index]
      let review = try laptop.review(item.id)
      item.review = ArrivingReview(
        carried: CarriedReview(assessment: item.id, review: review, entries: try laptop.auditLog(item.id)),
        from: "ed25519:laptop", rescored: Scorer.score(review.correctedAnswers(item.answers), questionnaire: q),
        origin: "bundle line \(index + 1)")
      return item
    }
    #expect(try office.importSubmitted([carrying(0), carrying(1)]) == (0, 2, 2))
    for item in items.prefix(2) {
      let here = try office.review(item.id)
      let there = try laptop.review(item.id)
      #expect(here.state == there.state && here.reviewer == there.reviewer)
      #expect(here.corrections == there.corrections && here.notes == there.notes)
      #expect(here.decisions == there.decisions && here.targets == there.targets)
      let entries = try office.auditLog(item.id)
      let original = try laptop.auditLog(item.id)
      #expect(entries.map(\.action) == original.map(\.action) && entries.map(\.at) == original.map(\.at))
      #expect(entries.allSatisfy { $0.actor == "Trần Thị Bình" && $0.detail.contains("\"carried\":{\"from\"") })
    }
    #expect(
      try office.assessment(matching: items[0].id.rawValue).summary.overallScore
        == Scorer.score(corrected, questionnaire: q).overall.score)
    #expect(AuditEntry.firstBreak(in: try office.auditLog(nil)) == nil)
    try MaintainedStatisticsStoreTests.expectInStep(office, q: q, "after carried reviews")
    let (_, plain) = try MaintainedStatisticsStoreTests.tables(office, q: q, period: nil, reviewedOnly: false, by: [])
    #expect(plain.cells.last?.exact?.count == 5, "the rejected assessment left the statistics")

    // Again: nothing changes.
    let entries = try office.auditLog(nil).count
    #expect(try office.importSubmitted([carrying(0), carrying(1)]) == (0, 2, 0))
    #expect(try office.auditLog(nil).count == entries)

    // Reviewed here and there: refused, nothing changes.
    _ = try office.applyReview(
      items[2].id, actions: [.note(nil, "office")], by: "Lê Văn C", basedOn: nil, rescored: nil)
    _ = try laptop.applyReview(items[2].id, actions: [.note(nil, "laptop")], by: "Trần", basedOn: nil, rescored: nil)
    let cells = try office.cellRows()
    let conflict = #expect(throws: StoreError.self) { try office.importSubmitted([carrying(2)]) }
    #expect(conflict?.description.contains("reviewed both in this database") == true, "\(String(describing: conflict))")
    #expect(try office.cellRows() == cells)
    #expect(try office.auditLog(nil).count == entries + 2, "only the office's own state and note")
    #expect(try office.review(items[2].id).notes.map(\.text) == ["office"])
  }
}
