import DXReadyTestSupport
import Foundation
import Testing

@testable import DXReadyCore
@testable import DXReadyStore

/// The intake account of a province-wide deployment (what businesses' `take --kiosk` connects
/// as), against a real PostgreSQL server: the server itself keeps it to the draft whose resume
/// code it holds, and its submissions count in the statistics it cannot read.
@Suite("PostgreSQL intake accounts")
struct IntakeStoreTests {
  /// The admin's store, and a new intake login's URL on the same database.
  static func database() throws -> (admin: PostgresStore, intake: String)? {
    guard let url = try StoreEngine.newPostgresDatabase() else { return nil }
    let admin = try PostgresStore.open(url)
    let user = "intake_\(UUID().uuidString.prefix(8).lowercased())"
    _ = try admin.grant(role: "intake", to: user)
    var parts = try #require(URLComponents(string: url))
    parts.user = user
    return (admin, try #require(parts.string))
  }

  @Test(
    "an intake account fills only the draft its code opens; its submission counts at once for readers and in the cells after the next consultant's write"
  )
  func intakeAccount() throws {
    guard let (admin, intakeURL) = try Self.database() else { return }
    let (q, source) = try StoreFixtures.questionnaire("digital-intensity")
    let items = try (0..<6).map {
      try MaintainedStatisticsStoreTests.imported(yes: $0, business: $0, locality: "ha-long", section: "G")
    }
    _ = try admin.importSubmitted(items)
    let intake = try PostgresStore.open(intakeURL)
    #expect(intake.isIntake && !admin.isIntake)

    // A draft at the kiosk under a known business's (public) tax code.
    let taxCode = try #require(items[0].profile.taxCode)
    try intake.saveQuestionnaire(q, source: source)
    let code = ResumeCode.generate()
    let draft = AssessmentID.random()
    try intake.startKioskDraft(
      draft, profile: BusinessProfile(name: "Quầy số 1", taxCode: taxCode), sizeClass: nil, questionnaire: q,
      consent: nil, resumeCode: code)
    for question in q.questions { try intake.saveAnswer(.option("yes"), question: question.id, assessment: draft) }
    #expect(throws: StoreError.self, "no listing") { try intake.assessments(AssessmentFilter()) }
    #expect(throws: StoreError.self) { try intake.assessment(matching: items[1].id.rawValue) }
    #expect(try intake.assessment(matching: draft.rawValue).answers.count == q.questions.count)

    // Another session of the same account, without the code, sees and changes nothing.
    let other = try PostgresStore.open(intakeURL)
    #expect(throws: StoreError.self) { try other.assessment(matching: draft.rawValue) }
    #expect(throws: StoreError.self) {
      try other.saveAnswer(.option("no"), question: q.questions[0].id, assessment: draft)
    }
    #expect(throws: StoreError.self) { try other.deleteAssessment(draft, by: "kiosk") }
    #expect(try other.drafts(openedBy: "ZZZZ-ZZZZ", taxCode: taxCode).isEmpty)
    #expect(try other.drafts(openedBy: code.lowercased(), taxCode: taxCode) == [draft], "the code opens it")
    try other.saveAnswer(.option("no"), question: q.questions[0].id, assessment: draft)
    try other.saveAnswer(.option("yes"), question: q.questions[0].id, assessment: draft)
    // Statistics and the audit log are not the kiosk's to read.
    #expect(throws: StoreError.self) {
      try intake.statisticsCells(StatisticsSlot(questionnaireID: q.id, reviewedOnly: false, period: nil))
    }
    #expect(throws: StoreError.self) { try intake.auditLog(nil) }

    // Submitted: it waits to be counted into the cells, and readers count it at once.
    var answers: [QuestionID: AnswerValue] = [:]
    for question in q.questions { answers[question.id] = .option("yes") }
    try intake.submit(draft, result: Scorer.score(answers, questionnaire: q))
    #expect(throws: StoreError.self) {
      try intake.saveAnswer(.option("no"), question: q.questions[0].id, assessment: draft)
    }
    #expect(try admin.count("SELECT count(*) FROM assessment WHERE uncounted") == 1)
    try MaintainedStatisticsStoreTests.expectInStep(admin, q: q, "with an intake submission waiting")
    let (_, plain) = try MaintainedStatisticsStoreTests.tables(admin, q: q, period: nil, reviewedOnly: false, by: [])
    #expect(plain.cells.last?.exact?.count == 6, "the kiosk's submission is its business's latest")

    // The next consultant's write counts it into the cells, which then equal a rebuild.
    _ = try admin.applyReview(items[1].id, actions: [.note(nil, "đã gọi")], by: "A", basedOn: nil, rescored: nil)
    #expect(try admin.count("SELECT count(*) FROM assessment WHERE uncounted") == 0)
    try MaintainedStatisticsStoreTests.expectInStep(admin, q: q, "after the consultant's write")
    let maintained = try admin.cellRows()
    try admin.rebuildCells()
    #expect(try admin.cellRows() == maintained)
    #expect(try admin.assessments(AssessmentFilter(limit: 20)).count == 7, "the consultant sees every assessment")
  }
}
