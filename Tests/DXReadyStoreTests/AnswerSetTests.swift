import DXReadyTestSupport
import Foundation
import Testing

@testable import DXReadyCore
@testable import DXReadyStore

/// PostgreSQL keeps a submitted assessment's answers as one JSON object (`answer_set`) and a
/// draft's as rows (`answer`), against a real server.
@Suite("PostgreSQL answer sets")
struct AnswerSetTests {
  static func database() throws -> (store: PostgresStore, url: String)? {
    guard let url = try StoreEngine.newPostgresDatabase() else { return nil }
    return (try PostgresStore.open(url), url)
  }

  @Test(
    "imported and submitted answers become one set, drafts stay rows; read back the same; removed with their assessment"
  )
  func sets() throws {
    guard let (store, _) = try Self.database() else { return }
    let (q, source) = try StoreFixtures.questionnaire("digital-intensity")
    let items = try (0..<5).map {
      try MaintainedStatisticsStoreTests.imported(yes: $0, business: $0, locality: "ha-long", section: "G")
    }
    _ = try store.importSubmitted(items)
    #expect(try store.count("SELECT count(*) FROM answer_set") == 5)
    #expect(try store.count("SELECT count(*) FROM answer") == 0)
    for item in items { #expect(try store.assessment(matching: item.id.rawValue).answers == item.answers) }

    // A draft answered one question at a time: rows, changed in place, until it is submitted.
    try store.saveQuestionnaire(q, source: source)
    try store.saveBusiness(BusinessProfile(name: "Công ty Nháp", taxCode: "0100109106"), sizeClass: nil)
    let draft = AssessmentID.random()
    try store.createDraft(draft, taxCode: "0100109106", questionnaire: q, consent: nil)
    var answers: [QuestionID: AnswerValue] = [:]
    for (index, question) in q.questions.enumerated() {
      let answer: AnswerValue = index % 2 == 0 ? .option("yes") : .option("no")
      try store.saveAnswer(.option("no"), question: question.id, assessment: draft)
      try store.saveAnswer(answer, question: question.id, assessment: draft)
      answers[question.id] = answer
    }
    #expect(try store.count("SELECT count(*) FROM answer") == q.questions.count)
    try store.submit(draft, result: Scorer.score(answers, questionnaire: q))
    #expect(try store.count("SELECT count(*) FROM answer") == 0, "moved on submission")
    #expect(try store.count("SELECT count(*) FROM answer_set") == 6)
    #expect(try store.assessment(matching: draft.rawValue).answers == answers)
    #expect(try store.count("SELECT count(*) FROM stored_answer") == 5 * items[0].answers.count + answers.count)

    try store.deleteAssessment(items[0].id, by: "test")
    #expect(try store.count("SELECT count(*) FROM answer_set") == 5)
  }

  @Test("db migrate from version 8 moves every submitted assessment's answers into sets and leaves drafts as rows")
  func migration() throws {
    guard let (store, url) = try Self.database() else { return }
    let (q, source) = try StoreFixtures.questionnaire("digital-intensity")
    let items = try (0..<4).map {
      try MaintainedStatisticsStoreTests.imported(yes: $0, business: $0, locality: "ha-long", section: "G")
    }
    _ = try store.importSubmitted(items)
    try store.saveQuestionnaire(q, source: source)
    let draft = AssessmentID.random()
    try store.createDraft(draft, taxCode: try #require(items[0].profile.taxCode), questionnaire: q, consent: nil)
    try store.saveAnswer(.option("yes"), question: q.questions[0].id, assessment: draft)
    let before = try items.map { try store.assessment(matching: $0.id.rawValue).answers }
    // The database as version 8 left it: every answer a row.
    try store.raw(
      """
      SET search_path TO dxready;
      INSERT INTO answer (assessment, question_id, value)
        SELECT s.assessment, j.key, j.value::text FROM answer_set s, json_each(s.answers) AS j;
      DROP VIEW stored_answer;
      DROP TRIGGER assessment_packs_answers ON assessment;
      DROP FUNCTION pack_submitted_answers;
      DROP FUNCTION gather_submitted_answers;
      DROP TABLE answer_set;
      DELETE FROM schema_version WHERE version = 9;
      """)
    #expect(throws: StoreError.self, "an older schema is refused until migrated") { try PostgresStore.open(url) }
    _ = try PostgresStore.migrate(url)
    let migrated = try PostgresStore.open(url)
    #expect(try migrated.count("SELECT count(*) FROM answer_set") == 4)
    #expect(try migrated.count("SELECT count(*) FROM answer") == 1, "the draft's answer stays a row")
    #expect(try items.map { try migrated.assessment(matching: $0.id.rawValue).answers } == before)
    #expect(try migrated.assessment(matching: draft.rawValue).answers == [q.questions[0].id: .option("yes")])
  }
}
