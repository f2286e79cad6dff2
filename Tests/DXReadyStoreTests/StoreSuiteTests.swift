import DXReadyCore
import Foundation
import Testing

@testable import DXReadyStore

/// The store suite: what every implementation of `AssessmentStore` does, run on SQLite and on a
/// real PostgreSQL server.
@Suite("The store suite, on each engine")
struct StoreSuiteTests {
  @Test(
    "a draft: answers saved one by one, replaced, removed, then submitted with its scores",
    arguments: StoreEngine.available)
  func draftLifecycle(engine: StoreEngine) throws {
    let fixtures = try StoreFixtures()
    defer { fixtures.remove() }
    let store = try engine.makeStore(fixtures)
    let (q, source) = try StoreFixtures.questionnaire("digital-intensity")
    try store.saveQuestionnaire(q, source: source)
    try store.saveBusiness(StoreFixtures.profile(), sizeClass: .small)
    let id = AssessmentID.random()
    try store.createDraft(id, taxCode: "0100109106", questionnaire: q, consent: nil)
    try store.saveAnswer(.option("yes"), question: "di_website", assessment: id)
    try store.saveAnswer(.option("no"), question: "di_website", assessment: id)
    try store.saveAnswer(.option("yes"), question: "di_cloud", assessment: id)
    try store.saveAnswer(.option("yes"), question: "di_erp", assessment: id)
    try store.removeAnswer(question: "di_erp", assessment: id)
    var stored = try store.assessment(matching: String(id.rawValue.prefix(8)))
    #expect(stored.answers == ["di_website": .option("no"), "di_cloud": .option("yes")])
    #expect(stored.summary.status == .draft)
    #expect(stored.questionnaireSource == source)
    #expect(stored.dimensionScores.isEmpty)

    var answers = stored.answers
    for question in q.questions where answers[question.id] == nil { answers[question.id] = .option("yes") }
    for (question, answer) in answers { try store.saveAnswer(answer, question: question, assessment: id) }
    let result = Scorer.score(answers, questionnaire: q)
    try store.submit(id, result: result)
    stored = try store.assessment(matching: id.rawValue)
    #expect(stored.summary.status == .submitted)
    #expect(stored.summary.overallScore == 11)
    #expect(stored.dimensionScores.count == 3)
    #expect(stored.dimensionScores.first { $0.dimension == "online" }?.score == 75)
    #expect(throws: StoreError.self) { try store.saveAnswer(.option("no"), question: "di_cloud", assessment: id) }
  }

  @Test(
    "a kiosk draft keeps exactly its own profile, changes nothing stored, and only its resume code opens it",
    arguments: StoreEngine.available)
  func kioskDrafts(engine: StoreEngine) throws {
    let fixtures = try StoreFixtures()
    defer { fixtures.remove() }
    let store = try engine.makeStore(fixtures)
    let (q, source) = try StoreFixtures.questionnaire("digital-intensity")
    try store.saveQuestionnaire(q, source: source)
    // The business as it stands, with an ordinary draft (started at its own machine).
    let known = StoreFixtures.profile()
    try store.saveBusiness(known, sizeClass: .small)
    let own = AssessmentID.random()
    try store.createDraft(own, taxCode: "0100109106", questionnaire: q, consent: nil)

    // Someone at the kiosk types the same public tax code with a short profile of their own.
    let typed = BusinessProfile(name: "Không phải chủ", taxCode: "0100109106")
    let code = ResumeCode.generate()
    let kiosk = AssessmentID.random()
    try store.startKioskDraft(
      kiosk, profile: typed, sizeClass: nil, questionnaire: q, consent: nil, resumeCode: code)
    let stored = try store.assessment(matching: kiosk.rawValue)
    #expect(stored.profile == typed, "nothing stored of the business was merged into the kiosk draft")
    #expect(stored.summary.businessName == "Không phải chủ", "listed under the name it declared, not the business's")
    #expect(stored.sizeClass == nil)
    #expect(try store.assessment(matching: own.rawValue).profile == known, "the other draft keeps its profile")
    try store.saveDraftProfile(
      BusinessProfile(name: "Đổi tên", taxCode: "0100109106", employees: 3), sizeClass: .micro, draft: kiosk)
    #expect(try store.assessment(matching: kiosk.rawValue).profile.name == "Đổi tên")
    #expect(try store.assessment(matching: own.rawValue).profile == known, "still untouched")

    #expect(try store.drafts(openedBy: code.lowercased(), taxCode: "0100109106") == [kiosk])
    #expect(try store.drafts(openedBy: "ZZZZ-ZZZZ", taxCode: "0100109106").isEmpty)
    #expect(try store.drafts(openedBy: code, taxCode: "0300588569").isEmpty, "the code belongs to its tax code")
    // A new business at the kiosk is added with the profile typed.
    let newcomer = AssessmentID.random()
    try store.startKioskDraft(
      newcomer, profile: StoreFixtures.profile("0300588569", name: "Mới"), sizeClass: .small, questionnaire: q,
      consent: nil, resumeCode: code)
    #expect(try store.drafts(openedBy: code, taxCode: "0300588569") == [newcomer])
    // A submitted draft is no longer opened.
    try store.submit(kiosk, result: Scorer.score([:], questionnaire: q))
    #expect(try store.drafts(openedBy: code, taxCode: "0100109106").isEmpty)
  }

  @Test(
    "trusted keys: trusted once, revoked for good, by id or by a name only one key has",
    arguments: StoreEngine.available)
  func trustedKeys(engine: StoreEngine) throws {
    let fixtures = try StoreFixtures()
    defer { fixtures.remove() }
    let store = try engine.makeStore(fixtures)
    let coto = TrustedKey(
      id: "ed25519:0000000000000001", publicKey: "AAA=", name: "coto", addedAt: "2026-12-01T00:00:00.000Z")
    let bache = TrustedKey(
      id: "ed25519:0000000000000002", publicKey: "BBB=", name: "bache", addedAt: "2026-12-01T00:00:01.000Z")
    let twin = TrustedKey(
      id: "ed25519:0000000000000003", publicKey: "CCC=", name: "bache", addedAt: "2026-12-01T00:00:02.000Z")
    try store.trustKey(coto)
    try store.trustKey(coto)
    try store.trustKey(bache)
    try store.trustKey(twin)
    #expect(try store.trustedKeys() == [coto, bache, twin])
    #expect(throws: StoreError.self) { _ = try store.revokeKey("bache", at: "2026-12-02T00:00:00.000Z") }
    #expect(throws: StoreError.self) { _ = try store.revokeKey("nobody", at: "2026-12-02T00:00:00.000Z") }
    let revoked = try store.revokeKey("coto", at: "2026-12-02T00:00:00.000Z")
    #expect(revoked.revokedAt == "2026-12-02T00:00:00.000Z")
    #expect(try store.revokeKey(coto.id, at: "2026-12-03T00:00:00.000Z").revokedAt == "2026-12-02T00:00:00.000Z")
    #expect(throws: StoreError.self) { try store.trustKey(coto) }
    #expect(try store.trustedKeys().first { $0.id == coto.id }?.revokedAt == "2026-12-02T00:00:00.000Z")
    let made = BundleMade(
      madeAt: "2026-12-01T01:00:00.000Z", submittedTo: "2026-11-30T10:00:00.000Z", lastStored: 42, assessments: 3,
      file: "a.zip")
    try store.recordBundleMade(made)
    #expect(try store.bundlesMade() == [made])
  }

  @Test("import is all or nothing, idempotent, and refuses an id with other content", arguments: StoreEngine.available)
  func importRules(engine: StoreEngine) throws {
    let fixtures = try StoreFixtures()
    defer { fixtures.remove() }
    let store = try engine.makeStore(fixtures)
    let first = try StoreFixtures.imported(yes: 3)
    var second = try StoreFixtures.imported(yes: 8, taxCode: "0300588569")
    // A name with what array literals and COPY must escape: quotes, a backslash, commas, braces.
    var profile = second.profile
    profile.name = #"Công ty "Hạ Long" \ {A, B} NULL"#
    second = ImportedAssessment(
      id: nil, profile: profile, sizeClass: second.sizeClass, questionnaire: second.questionnaire,
      questionnaireSource: second.questionnaireSource, answers: second.answers, result: second.result,
      origin: second.origin)
    #expect(try store.importSubmitted([first, second]) == (2, 0, 0))
    #expect(
      try store.assessments(AssessmentFilter(taxCode: "0300588569")).map(\.businessName) == [profile.name ?? ""])
    #expect(try store.count("SELECT count(*) FROM business WHERE name = '\(profile.name ?? "")'") == 1)
    #expect(try store.importSubmitted([first, second]) == (0, 2, 0))

    var changed = try StoreFixtures.imported(yes: 9, taxCode: "0300588569")
    changed.id = second.id
    let third = try StoreFixtures.imported(yes: 1, taxCode: "0100112437")
    #expect(throws: StoreError.self) { _ = try store.importSubmitted([third, changed]) }
    #expect(try store.assessments(AssessmentFilter()).count == 2, "the batch with a conflict added nothing")

    let stored = try store.assessment(matching: second.id.rawValue)
    #expect(stored.summary.overallScore == 8)
    #expect(stored.summary.status == .submitted)
    #expect(stored.sizeClass == .small)

    // Within one batch: the same id twice with the same content is stored once; with other
    // content, the message names both files, and nothing is stored.
    let fourth = try StoreFixtures.imported(yes: 2, taxCode: "0100112437")
    #expect(try store.importSubmitted([fourth, third, fourth]) == (2, 1, 0))
    var clash = try StoreFixtures.imported(yes: 4, taxCode: "0100109106")
    let fifth = try StoreFixtures.imported(yes: 5, taxCode: "0100109106")
    clash.id = fifth.id
    clash.origin = "later.json"
    let before = try store.assessments(AssessmentFilter()).count
    #expect(
      throws: StoreError.conflict(
        "later.json: assessment \(fifth.id) is also in test-5 with other content; give one of them another id")
    ) { _ = try store.importSubmitted([fifth, clash]) }
    #expect(try store.assessments(AssessmentFilter()).count == before)
    // The same when the two are written apart (on PostgreSQL, in different round trips): the
    // earlier one is found where it was stored.
    let sixth = try StoreFixtures.imported(yes: 6, taxCode: "0100109106")
    clash.id = sixth.id
    var items = [sixth, third, sixth].makeIterator()
    #expect(try store.importSubmitted({ items.next() }, limits: BulkLimits(flush: 1)) == (1, 2, 0))
    let seventh = try StoreFixtures.imported(yes: 7, taxCode: "0300588569")
    clash.id = seventh.id
    items = [seventh, third, clash].makeIterator()
    do {
      _ = try store.importSubmitted({ items.next() }, limits: BulkLimits(flush: 1))
      Issue.record("a clash between two files of one import was stored")
    } catch {
      #expect("\(error)".hasPrefix("later.json: assessment \(seventh.id) is also in "))
      #expect("\(error)".contains(engine == .sqlite ? "test-7" : "an earlier file of this import"))
    }
    #expect(try store.assessments(AssessmentFilter()).count == before + 1)
  }

  @Test("list filters by status and business, newest first, in pages", arguments: StoreEngine.available)
  func listing(engine: StoreEngine) throws {
    let fixtures = try StoreFixtures()
    defer { fixtures.remove() }
    let store = try engine.makeStore(fixtures)
    for yes in 0..<5 {
      _ = try store.importSubmitted([
        try StoreFixtures.imported(yes: yes, taxCode: yes % 2 == 0 ? "0100109106" : "0300588569")
      ])
    }
    let (q, _) = try StoreFixtures.questionnaire("digital-intensity")
    let draft = AssessmentID.random()
    try store.createDraft(draft, taxCode: "0100109106", questionnaire: q, consent: nil)
    let all = try store.assessments(AssessmentFilter())
    #expect(all.count == 6)
    #expect(all.first?.id == draft, "newest first")
    #expect(try store.assessments(AssessmentFilter(status: .draft)).map(\.id) == [draft])
    #expect(try store.assessments(AssessmentFilter(taxCode: "0300588569")).count == 2)
    let page = try store.assessments(AssessmentFilter(limit: 4, offset: 4))
    #expect(page.map(\.id) == Array(all.suffix(2)).map(\.id))
  }

  @Test("prefixes: unique, ambiguous, unknown, malformed", arguments: StoreEngine.available)
  func prefixes(engine: StoreEngine) throws {
    let fixtures = try StoreFixtures()
    defer { fixtures.remove() }
    let store = try engine.makeStore(fixtures)
    let a = try StoreFixtures.imported(yes: 1, id: AssessmentID("aaaa1111-0000-4000-8000-000000000001"))
    let b = try StoreFixtures.imported(yes: 2, id: AssessmentID("aaaa2222-0000-4000-8000-000000000002"))
    _ = try store.importSubmitted([a, b])
    #expect(try store.assessment(matching: "aaaa1").summary.id == a.id)
    #expect(throws: StoreError.ambiguous(prefix: "aaaa", matches: [a.id.rawValue, b.id.rawValue])) {
      _ = try store.assessment(matching: "aaaa")
    }
    #expect(throws: StoreError.notFound("assessment `bbbb`")) { _ = try store.assessment(matching: "bbbb") }
    #expect(throws: StoreError.self) { _ = try store.assessment(matching: "%") }
  }

  @Test(
    "delete removes the assessment, its answers and scores; a business keeps the fields a short profile omits",
    arguments: StoreEngine.available)
  func deleteAndUpsert(engine: StoreEngine) throws {
    let fixtures = try StoreFixtures()
    defer { fixtures.remove() }
    let store = try engine.makeStore(fixtures)
    let item = try StoreFixtures.imported(yes: 4)
    _ = try store.importSubmitted([item])
    try store.saveBusiness(BusinessProfile(name: "Tên mới", taxCode: "0100109106"), sizeClass: nil)
    // A submitted assessment is named as it declared itself (a kiosk's typed profile must not
    // borrow the stored business's name); the business's own row takes the new name.
    let stored = try store.assessment(matching: item.id.rawValue)
    #expect(stored.summary.businessName == "Công ty Thử nghiệm")
    #expect(try store.count("SELECT count(*) FROM business WHERE name = 'Tên mới'") == 1)
    try store.deleteAssessment(item.id, by: "test")
    #expect(throws: StoreError.notFound("assessment \(item.id)")) { try store.deleteAssessment(item.id, by: "test") }
    #expect(try store.assessments(AssessmentFilter()).isEmpty)
    #expect(try store.count("SELECT count(*) FROM \(store.answerRows)") == 0)
    #expect(try store.count("SELECT count(*) FROM dimension_score") == 0)
    #expect(try store.count("SELECT count(*) FROM business WHERE locality = 'ha-long'") == 1)
  }
}

extension StoreSuiteTests {
  @Test(
    "20 writers at once, each with its own connection — imports and drafts taken and submitted — lose nothing",
    arguments: StoreEngine.available)
  func concurrentWriters(engine: StoreEngine) throws {
    let fixtures = try StoreFixtures()
    defer { fixtures.remove() }
    let store = try engine.makeStore(fixtures)
    let (q, source) = try StoreFixtures.questionnaire("digital-intensity")
    try store.saveQuestionnaire(q, source: source)
    let connections = try (0..<20).map { _ in try store.another() }
    let failures = Failures()
    DispatchQueue.concurrentPerform(iterations: 20) { writer in
      let connection = connections[writer]
      do {
        if writer % 2 == 0 {
          // An importer: 5 batches of 4 assessments, businesses shared with the next importer.
          for batch in 0..<5 {
            let items = try (0..<4).map { index in
              try MaintainedStatisticsStoreTests.imported(
                yes: (writer + batch + index) % 13, business: (writer * 7 + batch * 4 + index) % 60,
                locality: ["ha-long", "uong-bi", "cam-pha"][index % 3], section: "G")
            }
            #expect(try connection.importSubmitted(items) == (4, 0, 0))
          }
        } else {
          // A business taking the questionnaire: its profile, a draft, every answer, submitted.
          for round in 0..<2 {
            var profile = StoreFixtures.profile(String(format: "02001091%02d", writer * 2 + round))
            profile.locality = "co-to"
            try connection.saveBusiness(profile, sizeClass: .micro)
            let id = AssessmentID.random()
            try connection.createDraft(id, taxCode: profile.taxCode!, questionnaire: q, consent: nil)
            var answers: [QuestionID: AnswerValue] = [:]
            for (index, question) in q.questions.enumerated() {
              answers[question.id] = .option(index % 2 == 0 ? "yes" : "no")
              try connection.saveAnswer(answers[question.id]!, question: question.id, assessment: id)
            }
            try connection.submit(id, result: Scorer.score(answers, questionnaire: q))
          }
        }
      } catch {
        failures.add("writer \(writer): \(error)")
      }
    }
    #expect(failures.all.isEmpty, "\(failures.all)")
    // 10 importers × 20 assessments, 10 takers × 2: every one stored, none twice.
    #expect(try store.count("SELECT count(*) FROM assessment WHERE status = 'submitted'") == 220)
    #expect(try store.count("SELECT count(*) FROM \(store.answerRows)") == 220 * q.questions.count)
    try MaintainedStatisticsStoreTests.expectInStep(store, q: q, "after 20 writers")
    let maintained = try store.cellRows()
    try store.rebuildCells()
    #expect(try store.cellRows() == maintained)
  }
}

/// Errors collected from several threads.
final class Failures: @unchecked Sendable {
  private var items: [String] = []
  private let lock = NSLock()
  func add(_ item: String) {
    lock.lock()
    items.append(item)
    lock.unlock()
  }
  var all: [String] {
    lock.lock()
    defer { lock.unlock() }
    return items
  }
}
