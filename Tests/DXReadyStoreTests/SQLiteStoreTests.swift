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
      _ = FileManager.default.createFile(atPath: path, contents: Data())
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

  /// Bytes and modification time of a file (or that it is a folder).
  func snapshot(_ path: String) throws -> String {
    var isDirectory: ObjCBool = false
    _ = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
    if isDirectory.boolValue { return "folder" }
    let data = try Data(contentsOf: URL(fileURLWithPath: path))
    let modified = try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date
    return "\(data.base64EncodedString()) \(modified?.timeIntervalSince1970 ?? 0)"
  }
}
