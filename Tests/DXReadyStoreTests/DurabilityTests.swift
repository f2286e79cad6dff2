import DXReadyCore
import Foundation
import Testing

@testable import DXReadyStore

/// What the documentation promises about the database file, checked literally: commits are
/// synced (`synchronous = FULL` on the live connection), reading writes nothing, and a file that
/// is refused is left byte for byte as it was, with no `-wal` or `-shm` created beside it.
@Suite("SQLite store: durability and files left untouched")
struct DurabilityTests {
  /// Every file of the folder, by name, with its bytes.
  static func folder(_ fixtures: StoreFixtures) throws -> [String: Data] {
    var files: [String: Data] = [:]
    for name in try FileManager.default.contentsOfDirectory(atPath: fixtures.folder.path) {
      files[name] = try Data(contentsOf: fixtures.folder.appendingPathComponent(name))
    }
    return files
  }

  static func sqlite(_ path: String, _ sql: String) throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
    process.arguments = [path, sql]
    try process.run()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0, "sqlite3 \(sql)")
  }

  /// A closed database holding a business with a draft and one answer.
  static func database(_ fixtures: StoreFixtures) throws -> String {
    let path = fixtures.path("db.sqlite")
    let store = try SQLiteStore.open(path: path)
    let (q, source) = try StoreFixtures.questionnaire("digital-intensity")
    try store.saveQuestionnaire(q, source: source)
    try store.saveBusiness(StoreFixtures.profile(), sizeClass: .small)
    let id = AssessmentID.random()
    try store.createDraft(id, taxCode: "0100109106", questionnaire: q, consent: nil)
    try store.saveAnswer(.option("yes"), question: "di_website", assessment: id)
    return path
  }

  @Test("the connection that writes syncs every commit: synchronous is FULL, read back live")
  func synchronousFull() throws {
    let fixtures = try StoreFixtures()
    defer { fixtures.remove() }
    let path = try Self.database(fixtures)
    let store = try SQLiteStore.open(path: path)
    #expect(try store.synchronousSetting() == 2, "2 is FULL; GRDB's pool would have set NORMAL (1)")
    try store.saveBusiness(StoreFixtures.profile(name: "Công ty Đổi tên"), sizeClass: .small)
    #expect(try store.synchronousSetting() == 2, "still FULL after a write")
  }

  @Test("a read-only open writes nothing: the file is byte for byte the same, and no commit goes to a log")
  func readingWritesNothing() throws {
    let fixtures = try StoreFixtures()
    defer { fixtures.remove() }
    let path = try Self.database(fixtures)
    #expect(try Self.folder(fixtures).keys.sorted() == ["db.sqlite"], "closed cleanly")
    let before = try Data(contentsOf: URL(fileURLWithPath: path))
    do {
      let store = try SQLiteStore.open(path: path, readOnly: true)
      #expect(try store.assessments(AssessmentFilter()).count == 1)
      #expect(throws: StoreError.self) { try store.saveBusiness(StoreFixtures.profile(), sizeClass: nil) }
    }
    let after = try Self.folder(fixtures)
    #expect(after["db.sqlite"] == before)
    #expect((after["db.sqlite-wal"] ?? Data()).isEmpty, "a -wal left by the reader holds no commit")
  }

  @Test("a database written by a newer dxready is refused with nothing written or created")
  func newer() throws {
    let fixtures = try StoreFixtures()
    defer { fixtures.remove() }
    let path = try Self.database(fixtures)
    try Self.sqlite(path, "INSERT INTO grdb_migrations VALUES ('v999-from-the-future');")
    let before = try Self.folder(fixtures)
    for readOnly in [false, true] {
      #expect(throws: StoreError.newerSchema(path: path)) { _ = try SQLiteStore.open(path: path, readOnly: readOnly) }
    }
    #expect(try Self.folder(fixtures) == before, "no -wal with a commit, no -shm")
  }

  @Test("a damaged database is refused before anything writes to it")
  func damaged() throws {
    let fixtures = try StoreFixtures()
    defer { fixtures.remove() }
    let path = try Self.database(fixtures)
    // Garbage over the schema's page, after the 100-byte header (which stays valid).
    let handle = try #require(FileHandle(forWritingAtPath: path))
    try handle.seek(toOffset: 100)
    handle.write(Data(repeating: 0xA5, count: 3000))
    try handle.close()
    let before = try Self.folder(fixtures)
    #expect {
      _ = try SQLiteStore.open(path: path)
    } throws: { error in
      guard case .notADatabase(_, let reason) = error as? StoreError else { return false }
      return reason.contains("damaged")
    }
    #expect(try Self.folder(fixtures) == before)
  }

  @Test("a file with dxready's mark but none of its tables is refused, not adopted and migrated")
  func markOnly() throws {
    let fixtures = try StoreFixtures()
    defer { fixtures.remove() }
    let path = fixtures.path("db.sqlite")
    try Self.sqlite(path, "PRAGMA application_id = \(Schema.applicationID); CREATE TABLE notes(t TEXT);")
    let before = try Self.folder(fixtures)
    #expect {
      _ = try SQLiteStore.open(path: path)
    } throws: { error in
      guard case .notADatabase(_, let reason) = error as? StoreError else { return false }
      return reason.contains("none of dxready's tables")
    }
    #expect(try Self.folder(fixtures) == before)
  }

  @Test("an up-to-date database opened for writing is not written to by the open itself")
  func openingWritesNothing() throws {
    let fixtures = try StoreFixtures()
    defer { fixtures.remove() }
    let path = try Self.database(fixtures)
    let before = try Data(contentsOf: URL(fileURLWithPath: path))
    do {
      let store = try SQLiteStore.open(path: path)
      _ = try store.assessments(AssessmentFilter())
    }
    #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    #expect(try Self.folder(fixtures).keys.sorted() == ["db.sqlite"], "the log is gone after a clean close")
  }
}
