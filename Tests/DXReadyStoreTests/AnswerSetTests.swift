import DXReadyTestSupport
import Foundation
import Testing

@testable import DXReadyCore
@testable import DXReadyStore

/// Both engines keep a submitted assessment's answers as one JSON object (`answer_set`) and a
/// draft's as rows (`answer`).
@Suite("Answer sets")
struct AnswerSetTests {
  @Test(
    "imported and submitted answers become one set, drafts stay rows; read back the same; removed with their assessment",
    arguments: StoreEngine.available)
  func sets(engine: StoreEngine) throws {
    let fixtures = try StoreFixtures()
    defer { fixtures.remove() }
    let store = try engine.makeStore(fixtures)
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
    #expect(try store.count("SELECT count(*) FROM \(store.answerRows)") == 5 * items[0].answers.count + answers.count)

    // A bundle carries the submitted draft's answers as it carries the imported ones.
    var exported: [String: [(question: String, json: String)]] = [:]
    try store.exportSubmitted(statuses: [], from: nil, storedAfter: nil, changedSince: nil) {
      exported[$0.id] = $0.answers
    }
    #expect(exported.count == 6)
    let carried = try #require(exported[draft.rawValue])
    #expect(carried.map(\.question) == answers.keys.map(\.rawValue).sorted())
    #expect(carried.map(\.json) == answers.sorted { $0.key.rawValue < $1.key.rawValue }.map(\.value.jsonText))

    try store.deleteAssessment(items[0].id, by: "test")
    #expect(try store.count("SELECT count(*) FROM answer_set") == 5)
  }

  @Test(
    "migrating an older database moves every submitted assessment's answers into sets and leaves drafts as rows",
    arguments: StoreEngine.available)
  func migration(engine: StoreEngine) throws {
    let fixtures = try StoreFixtures()
    defer { fixtures.remove() }
    let store = try engine.makeStore(fixtures)
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
    let migrated: any TestableStore
    switch engine {
    case .postgres:
      let server = try #require(store as? PostgresStore)
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
      #expect(throws: StoreError.self, "an older schema is refused until migrated") {
        try PostgresStore.open(server.conninfo)
      }
      _ = try PostgresStore.migrate(server.conninfo)
      migrated = try PostgresStore.open(server.conninfo)
    case .sqlite:
      // The database as version 13 left it: every answer a row, its JSON as dxready wrote it.
      try store.raw(
        """
        INSERT INTO answer (assessment, question_id, value)
          SELECT s.assessment, j.key,
            CASE j.type WHEN 'text' THEN json_quote(j.value) WHEN 'true' THEN 'true' WHEN 'false' THEN 'false'
              WHEN 'null' THEN 'null' ELSE CAST(j.value AS TEXT) END
          FROM answer_set s, json_each(s.answers) AS j;
        DROP TRIGGER assessment_packs_answers;
        DROP TABLE answer_set;
        DELETE FROM grdb_migrations WHERE identifier = 'v14-answer-sets';
        """)
      #expect(try store.count("SELECT count(*) FROM answer") == 4 * items[0].answers.count + 1)
      // An SQLite database is migrated when it is opened, with word first (a big one takes a
      // while); once up to date, it is opened without.
      let path = try #require(store as? SQLiteStore).path
      var told = 0
      migrated = try SQLiteStore.open(path: path, upgrading: { told += 1 })
      #expect(told == 1)
      _ = try SQLiteStore.open(path: path, upgrading: { told += 1 })
      _ = try SQLiteStore.open(path: path, readOnly: true, upgrading: { told += 1 })
      _ = try SQLiteStore.open(path: fixtures.path("new.sqlite"), upgrading: { told += 1 })
      #expect(told == 1, "not for a database up to date, nor for a new one")
    }
    #expect(try migrated.count("SELECT count(*) FROM answer_set") == 4)
    #expect(try migrated.count("SELECT count(*) FROM answer") == 1, "the draft's answer stays a row")
    #expect(try items.map { try migrated.assessment(matching: $0.id.rawValue).answers } == before)
    #expect(try migrated.assessment(matching: draft.rawValue).answers == [q.questions[0].id: .option("yes")])
  }

  @Test("a set's text is read back entry by entry, each answer's JSON as written, whatever the spacing")
  func codec() throws {
    let answers: [(question: QuestionID, json: String)] = [
      ("b_list", #"["a,b","c]","{"]"#), ("a_text", #""say \"hi\", {then} go""#), ("c_number", "12.50"),
      ("d_object", #"{"x":[1,{"y":"}"}]}"#), ("e_null", "null"), ("f_true", "true"),
    ]
    let text = AnswerSet.text(answers)
    let read = try #require(AnswerSet.entries(text))
    let sorted = answers.sorted { $0.question.rawValue < $1.question.rawValue }
    #expect(read.map(\.question) == sorted.map(\.question.rawValue))
    #expect(read.map(\.json) == sorted.map(\.json))
    // A set in order already (as SQL packs them) reads back the same.
    let ordered = try #require(AnswerSet.entries(AnswerSet.text(sorted)))
    #expect(ordered.map(\.question) == read.map(\.question) && ordered.map(\.json) == read.map(\.json))
    // PostgreSQL's json_object_agg spaces its objects; an escaped key is unescaped.
    let spaced = try #require(AnswerSet.entries(#"{ "q\u00e9" : "x" , "p" : [1, 2] }"#))
    #expect(spaced.map(\.question) == ["p", "qé"])
    #expect(spaced.map(\.json) == ["[1, 2]", #""x""#])
    #expect(AnswerSet.entries("{}")?.isEmpty == true)
    for broken in ["", "{", #"{"a":}"#, #"{"a":1"#, #"{"a" 1}"#, #"{"a":"x}"#, #"{"a":1} x"#, "[]"] {
      #expect(AnswerSet.entries(broken) == nil, "\(broken)")
    }
  }
}
