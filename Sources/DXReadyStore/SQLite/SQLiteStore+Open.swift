import DXReadyCore
import Foundation
import GRDB

extension SQLiteStore {
  /// The default database file: `$XDG_DATA_HOME/dxready/dxready.sqlite`, else
  /// `~/.local/share/dxready/dxready.sqlite`.
  public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
    let base: String
    if let xdg = environment["XDG_DATA_HOME"], xdg.hasPrefix("/") {
      base = xdg
    } else {
      let home = environment["HOME"] ?? NSHomeDirectory()
      base = (home as NSString).appendingPathComponent(".local/share")
    }
    return (base as NSString).appendingPathComponent("dxready/dxready.sqlite")
  }

  /// Opens the database at `path`, creating it (mode 0600, with its folder) when it does not exist.
  ///
  /// A file that is not a dxready database, a damaged one, or one written by a newer dxready,
  /// is refused before any connection that could write to it is opened. With `readOnly`, a
  /// database that is up to date is only read: its file stays byte for byte as it was (SQLite
  /// may create the empty `-wal` and `-shm` files that any reader of a WAL database uses). A
  /// database of an earlier dxready is brought up to date first, which writes to it:
  /// `upgrading` is called just before, so that a person is told why the open takes a while
  /// (packing the stored answers into sets takes about 8 s per 100,000 assessments).
  public static func open(path: String, readOnly: Bool = false, upgrading: () -> Void = {}) throws(StoreError)
    -> SQLiteStore
  {
    let manager = FileManager.default
    var isDirectory: ObjCBool = false
    let exists = manager.fileExists(atPath: path, isDirectory: &isDirectory)
    if exists {
      if isDirectory.boolValue { throw .notADatabase(path: path, reason: "it is a folder") }
      try inspect(path)
      let state = try probe(path)
      if readOnly, state == .current { return try connectReadOnly(path) }
      try checkWritable(path)
      if state == .older { upgrading() }
    } else if readOnly {
      // Reading never creates: a mistyped path is said to be one, not given an empty database.
      throw .missingDatabase(path: path)
    } else {
      try create(path)
    }
    return try connect(path, created: !exists)
  }

  /// Checks the header of an existing file without opening it as a database.
  static func inspect(_ path: String) throws(StoreError) {
    guard let handle = FileHandle(forReadingAtPath: path) else {
      throw .readOnly(path: path, reason: "it cannot be read")
    }
    defer { try? handle.close() }
    let header = (try? handle.read(upToCount: 100)) ?? Data()
    if header.isEmpty { throw .notADatabase(path: path, reason: "the file is empty") }
    guard header.count == 100, header.prefix(16) == Data("SQLite format 3\0".utf8) else {
      throw .notADatabase(path: path, reason: "not an SQLite file")
    }
    let applicationID = header[68..<72].reduce(Int32(0)) { $0 << 8 | Int32($1) }
    guard applicationID == Schema.applicationID else {
      throw .notADatabase(path: path, reason: "an SQLite database of another program")
    }
  }

  /// Whether the file and its folder (where the write-ahead log goes) can be written.
  static func checkWritable(_ path: String) throws(StoreError) {
    let folder = FilePath.folder(of: path)
    if access(path, W_OK) != 0 { throw .readOnly(path: path, reason: "the file is read-only") }
    if access(folder.isEmpty ? "." : folder, W_OK) != 0 {
      throw .readOnly(path: path, reason: "its folder is read-only, so the write-ahead log cannot be created")
    }
  }

  /// Creates a new database beside `path` and moves it into place only once it is complete, so
  /// that an interrupted creation never leaves a half-made file at `path`.
  static func create(_ path: String) throws(StoreError) {
    let folder = FilePath.folder(of: path)
    if !folder.isEmpty {
      do {
        try FileManager.default.createDirectory(
          atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
      } catch {
        throw .readOnly(path: path, reason: "its folder cannot be created: \(error.localizedDescription)")
      }
    }
    let temporary = path + ".creating-\(getpid())"
    guard FileManager.default.createFile(atPath: temporary, contents: nil, attributes: [.posixPermissions: 0o600])
    else { throw .readOnly(path: path, reason: "a file cannot be created in its folder") }
    do {
      let queue = try DatabaseQueue(path: temporary)
      try queue.writeWithoutTransaction { db in
        try db.execute(sql: "PRAGMA journal_mode = WAL")
      }
      try Schema.migrator.migrate(queue)
      try queue.close()
    } catch {
      try? FileManager.default.removeItem(atPath: temporary)
      throw .failure("\(path): the database could not be created: \(error)")
    }
    // link() fails if another process created the file meanwhile; then use theirs.
    let linked = link(temporary, path) == 0
    unlink(temporary)
    if !linked && errno != EEXIST {
      throw .failure("\(path): the new database could not be moved into place (\(String(cString: strerror(errno))))")
    }
  }

  /// The settings of every connection.
  static func configuration(readOnly: Bool) -> Configuration {
    var configuration = Configuration()
    configuration.readonly = readOnly
    configuration.foreignKeysEnabled = true
    configuration.busyMode = .timeout(10)
    configuration.prepareDatabase { db in
      // An answer whose save returned survives a crash, and a power cut too: every commit is
      // synced to disk. (The writer is a plain queue: GRDB's pool would set NORMAL after this.)
      if !db.configuration.readonly { try db.execute(sql: "PRAGMA synchronous = FULL") }
      // Up to 64 MiB of page cache: room for the indexes' pages a bulk import touches again and
      // again, while the pages it only appends are spilled to the log as the cache fills, so an
      // import's memory does not grow with its size (measured: no slower than 256 MiB).
      try db.execute(sql: "PRAGMA cache_size = -65536")
      // Readers map the file (up to 1 GiB of it) instead of copying each page they read into
      // their cache: a statistics scan of a few thousand cells then costs a fraction of the
      // time. The writer keeps ordinary reads, so writes never go through the mapping.
      if db.configuration.readonly { try db.execute(sql: "PRAGMA mmap_size = 1073741824") }
    }
    return configuration
  }

  /// A connection that writes. The file is in WAL mode already (set when it was created), so
  /// a queue opens it as it is: no journal set-up, which in GRDB's pool would write to the
  /// database on every open and lower `synchronous` to NORMAL.
  static func connect(_ path: String, created: Bool) throws(StoreError) -> SQLiteStore {
    do {
      let queue = try DatabaseQueue(path: path, configuration: configuration(readOnly: false))
      let migrator = Schema.migrator
      let (superseded, complete) = try queue.read {
        (try migrator.hasBeenSuperseded($0), try migrator.hasCompletedMigrations($0))
      }
      if superseded {
        try queue.close()
        throw StoreError.newerSchema(path: path)
      }
      // Up to date (the usual case): no write transaction just to find that out.
      if !complete { try migrator.migrate(queue) }
      try Schema.finishPendingWork(queue)
      return SQLiteStore(pool: queue, path: path, wasCreated: created)
    } catch let error as StoreError {
      throw error
    } catch {
      throw SQLiteStore.translate(error, path: path)
    }
  }

  /// Read-only connections (several, so that reads run side by side): nothing they do can
  /// write to the database.
  static func connectReadOnly(_ path: String) throws(StoreError) -> SQLiteStore {
    do {
      let pool = try DatabasePool(path: path, configuration: configuration(readOnly: true))
      return SQLiteStore(pool: pool, path: path, wasCreated: false)
    } catch {
      throw SQLiteStore.translate(error, path: path)
    }
  }

  /// The `synchronous` setting of the connection that writes (2 is FULL), as it is in force.
  public func synchronousSetting() throws(StoreError) -> Int {
    try guarded { try pool.writeWithoutTransaction { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1 } }
  }

  /// A GRDB error as a message a user can act on.
  static func translate(_ error: any Error, path: String) -> StoreError {
    guard let error = error as? DatabaseError else { return .failure("\(path): \(error)") }
    switch error.resultCode {
    case .SQLITE_BUSY, .SQLITE_LOCKED:
      return .failure("\(path): the database is busy (another dxready is writing to it); try again")
    case .SQLITE_READONLY:
      return .readOnly(path: path, reason: "it is read-only")
    case .SQLITE_NOTADB:
      return .notADatabase(path: path, reason: "not an SQLite file")
    case .SQLITE_CORRUPT:
      return .failure("\(path): the database file is damaged; restore it from a backup")
    case .SQLITE_FULL:
      return .failure("\(path): the disk is full")
    default:
      return .failure("\(path): database error: \(error.message ?? "\(error.resultCode)")")
    }
  }
}
