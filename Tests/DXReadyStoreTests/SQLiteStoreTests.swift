import DXReadyCore
import Foundation
import GRDB
import Testing

@testable import DXReadyStore

@Suite("SQLite store")
struct SQLiteStoreTests {
  @Test("a new database is created with mode 0600, in WAL mode, and opens again")
  func create() throws {
    let fixtures = try StoreFixtures()
    defer { fixtures.remove() }
    let path = fixtures.path("nested/folder/db.sqlite")
    _ = try SQLiteStore.open(path: path)
    let attributes = try FileManager.default.attributesOfItem(atPath: path)
    #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
    let folderAttributes = try FileManager.default.attributesOfItem(atPath: fixtures.path("nested/folder"))
    #expect((folderAttributes[.posixPermissions] as? NSNumber)?.intValue == 0o700)
    let header = try #require(FileHandle(forReadingAtPath: path)?.readData(ofLength: 20))
    #expect(header[18] == 2 && header[19] == 2, "WAL mode is marked in the header")
    let again = try SQLiteStore.open(path: path)
    #expect(try again.assessments(AssessmentFilter()).isEmpty)
  }

  @Test("the default path follows XDG_DATA_HOME, else ~/.local/share")
  func defaultPath() {
    #expect(
      SQLiteStore.defaultPath(environment: ["XDG_DATA_HOME": "/data", "HOME": "/home/a"])
        == "/data/dxready/dxready.sqlite")
    #expect(SQLiteStore.defaultPath(environment: ["HOME": "/home/a"]) == "/home/a/.local/share/dxready/dxready.sqlite")
    #expect(
      SQLiteStore.defaultPath(environment: ["XDG_DATA_HOME": "relative", "HOME": "/home/a"])
        == "/home/a/.local/share/dxready/dxready.sqlite")
  }

  enum NotADatabase: String, CaseIterable, Sendable {
    case randomBytes, empty, otherSQLite, folder
  }

  @Test("a file that is not a dxready database is refused and left untouched", arguments: NotADatabase.allCases)
  func refused(kind: NotADatabase) throws {
    let fixtures = try StoreFixtures()
    defer { fixtures.remove() }
    let path = fixtures.path("x.sqlite")
    switch kind {
    case .randomBytes:
      try Data((0..<4096).map { _ in UInt8.random(in: 0...255) }).write(to: URL(fileURLWithPath: path))
    case .empty:
      FileManager.default.createFile(atPath: path, contents: Data())
    case .otherSQLite:
      let sqlite = Process()
      sqlite.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
      sqlite.arguments = [path, "CREATE TABLE notes(t TEXT); INSERT INTO notes VALUES ('keep');"]
      try sqlite.run()
      sqlite.waitUntilExit()
    case .folder:
      try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
    }
    let before = try snapshot(path)
    #expect {
      _ = try SQLiteStore.open(path: path)
    } throws: { error in
      guard case .notADatabase(let failedPath, _) = error as? StoreError else { return false }
      return failedPath == path
    }
    #expect(try snapshot(path) == before)
    let siblings = try FileManager.default.contentsOfDirectory(atPath: fixtures.folder.path)
    #expect(siblings == ["x.sqlite"], "no -wal or -shm file was created")
  }

  // Root ignores permission bits; dxreadyTests runs the binary as an unprivileged user instead.
  @Test("a read-only database file is refused with a clear message and left untouched", .enabled(if: getuid() != 0))
  func readOnly() throws {
    let fixtures = try StoreFixtures()
    defer { fixtures.remove() }
    let path = fixtures.path("db.sqlite")
    _ = try SQLiteStore.open(path: path)
    try FileManager.default.setAttributes([.posixPermissions: 0o400], ofItemAtPath: path)
    let before = try snapshot(path)
    #expect(throws: StoreError.readOnly(path: path, reason: "the file is read-only")) {
      _ = try SQLiteStore.open(path: path)
    }
    #expect(try snapshot(path) == before)
  }

  @Test("a database written by a newer dxready is refused, not altered")
  func newer() throws {
    let fixtures = try StoreFixtures()
    defer { fixtures.remove() }
    let path = fixtures.path("db.sqlite")
    _ = try SQLiteStore.open(path: path)
    let sqlite = Process()
    sqlite.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
    sqlite.arguments = [path, "INSERT INTO grdb_migrations VALUES ('v999-from-the-future');"]
    try sqlite.run()
    sqlite.waitUntilExit()
    #expect(sqlite.terminationStatus == 0)
    let before = try snapshot(path)
    #expect(throws: StoreError.newerSchema(path: path)) { _ = try SQLiteStore.open(path: path) }
    #expect(try snapshot(path) == before)
  }

  @Test("a draft: answers saved one by one, replaced, removed, then submitted with its scores")
  func draftLifecycle() throws {
    let fixtures = try StoreFixtures()
    defer { fixtures.remove() }
    let store = try SQLiteStore.open(path: fixtures.path("db.sqlite"))
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

  @Test("import is all or nothing, idempotent, and refuses an id with other content")
  func importRules() throws {
    let fixtures = try StoreFixtures()
    defer { fixtures.remove() }
    let store = try SQLiteStore.open(path: fixtures.path("db.sqlite"))
    let first = try StoreFixtures.imported(yes: 3)
    let second = try StoreFixtures.imported(yes: 8, taxCode: "0300588569")
    #expect(try store.importSubmitted([first, second]) == (2, 0))
    #expect(try store.importSubmitted([first, second]) == (0, 2))

    var changed = try StoreFixtures.imported(yes: 9, taxCode: "0300588569")
    changed.id = second.id
    let third = try StoreFixtures.imported(yes: 1, taxCode: "0100112437")
    #expect(throws: StoreError.self) { _ = try store.importSubmitted([third, changed]) }
    #expect(try store.assessments(AssessmentFilter()).count == 2, "the batch with a conflict added nothing")

    let stored = try store.assessment(matching: second.id.rawValue)
    #expect(stored.summary.overallScore == 8)
    #expect(stored.summary.status == .submitted)
    #expect(stored.sizeClass == .small)
  }

  @Test("list filters by status and business, newest first, in pages")
  func listing() throws {
    let fixtures = try StoreFixtures()
    defer { fixtures.remove() }
    let store = try SQLiteStore.open(path: fixtures.path("db.sqlite"))
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

  @Test("prefixes: unique, ambiguous, unknown, malformed")
  func prefixes() throws {
    let fixtures = try StoreFixtures()
    defer { fixtures.remove() }
    let store = try SQLiteStore.open(path: fixtures.path("db.sqlite"))
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

  @Test("delete removes the assessment, its answers and scores; a business keeps the fields a short profile omits")
  func deleteAndUpsert() throws {
    let fixtures = try StoreFixtures()
    defer { fixtures.remove() }
    let store = try SQLiteStore.open(path: fixtures.path("db.sqlite"))
    let item = try StoreFixtures.imported(yes: 4)
    _ = try store.importSubmitted([item])
    try store.saveBusiness(BusinessProfile(name: "Tên mới", taxCode: "0100109106"), sizeClass: nil)
    let stored = try store.assessment(matching: item.id.rawValue)
    #expect(stored.summary.businessName == "Tên mới")
    try store.deleteAssessment(item.id, by: "test")
    #expect(throws: StoreError.notFound("assessment \(item.id)")) { try store.deleteAssessment(item.id, by: "test") }
    #expect(try store.assessments(AssessmentFilter()).isEmpty)
    let count = try store.pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM answer") }
    #expect(count == 0)
    let locality = try store.pool.read { db in try String.fetchOne(db, sql: "SELECT locality FROM business") }
    #expect(locality == "ha-long")
  }

  /// Bytes and modification time of a file (or that it is a folder).
  func snapshot(_ path: String) throws -> String {
    var isDirectory: ObjCBool = false
    FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
    if isDirectory.boolValue { return "folder" }
    let data = try Data(contentsOf: URL(fileURLWithPath: path))
    let modified = try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date
    return "\(data.base64EncodedString()) \(modified?.timeIntervalSince1970 ?? 0)"
  }
}
