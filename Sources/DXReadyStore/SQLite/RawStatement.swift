import GRDB
import GRDBSQLite

/// A prepared statement run through SQLite's C interface: for the hot loops of a bulk import,
/// where GRDB's argument conversions cost more than the insert itself. Bind each parameter,
/// then ``execute()``.
struct RawStatement {
  private let statement: Statement
  private let db: Database
  private var handle: SQLiteStatement { statement.sqliteStatement }
  private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

  init(_ sql: String, in db: Database) throws {
    self.statement = try db.makeStatement(sql: sql)
    self.db = db
  }

  /// The connection's cached statement for `sql`, prepared once per connection: for statements
  /// run from a function that is itself called many times (each run is reset after it).
  init(cached sql: String, in db: Database) throws {
    self.statement = try db.cachedStatement(sql: sql)
    self.db = db
  }

  /// Binds `value` to parameter `index` (from 1).
  func bind(_ value: String, _ index: Int32) throws {
    try check(sqlite3_bind_text(handle, index, value, -1, Self.transient))
  }

  func bind(_ value: Int64, _ index: Int32) throws {
    try check(sqlite3_bind_int64(handle, index, value))
  }

  func bind(_ value: Double, _ index: Int32) throws {
    try check(sqlite3_bind_double(handle, index, value))
  }

  func bind(_ value: String?, _ index: Int32) throws {
    if let value { try bind(value, index) } else { try check(sqlite3_bind_null(handle, index)) }
  }

  func bind(_ value: Int?, _ index: Int32) throws {
    if let value { try bind(Int64(value), index) } else { try check(sqlite3_bind_null(handle, index)) }
  }

  func bind(_ value: Double?, _ index: Int32) throws {
    if let value { try bind(value, index) } else { try check(sqlite3_bind_null(handle, index)) }
  }

  func bind(_ bytes: [UInt8], _ index: Int32) throws {
    try check(
      bytes.withUnsafeBytes { sqlite3_bind_blob(handle, index, $0.baseAddress, Int32($0.count), Self.transient) })
  }

  /// Runs a query and returns the first column of its first row as bytes, if there is a row;
  /// then resets it for the next run.
  func blob() throws -> [UInt8]? {
    defer { sqlite3_reset(handle) }
    let code = sqlite3_step(handle)
    if code == SQLITE_DONE { return nil }
    guard code == SQLITE_ROW else { throw error(code) }
    let count = Int(sqlite3_column_bytes(handle, 0))
    guard count > 0, let start = sqlite3_column_blob(handle, 0) else { return [] }
    return Array(UnsafeRawBufferPointer(start: start, count: count))
  }

  /// Runs the statement and returns the first column of its first row, if any; then resets it
  /// for the next run.
  @discardableResult
  func execute() throws -> Int64? {
    defer { sqlite3_reset(handle) }
    var result: Int64?
    var code = sqlite3_step(handle)
    while code == SQLITE_ROW {
      if result == nil { result = sqlite3_column_int64(handle, 0) }
      code = sqlite3_step(handle)
    }
    guard code == SQLITE_DONE else { throw error(code) }
    return result
  }

  private func check(_ code: Int32) throws {
    guard code == SQLITE_OK else { throw error(code) }
  }

  private func error(_ code: Int32) -> DatabaseError {
    let message = db.sqliteConnection.map { String(cString: sqlite3_errmsg($0)) }
    return DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: statement.sql)
  }
}
