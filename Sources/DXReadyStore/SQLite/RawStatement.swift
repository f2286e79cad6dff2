import GRDB
import GRDBSQLite

/// A prepared statement run through SQLite's C interface: for the hot loops of a bulk import,
/// where GRDB's argument conversions cost more than the insert itself.
struct RawStatement {
  enum Value {
    case text(String)
    case integer(Int64)
    case real(Double)
    case null
  }

  private let statement: Statement
  private let db: Database

  init(_ sql: String, in db: Database) throws {
    self.statement = try db.makeStatement(sql: sql)
    self.db = db
  }

  /// Runs the statement with `values`, and returns the first column of its first row, if any.
  @discardableResult
  func run(_ values: [Value]) throws -> Int64? {
    let handle = statement.sqliteStatement
    sqlite3_reset(handle)
    let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
    for (offset, value) in values.enumerated() {
      let index = Int32(offset + 1)
      let code: Int32
      switch value {
      case .text(let text): code = sqlite3_bind_text(handle, index, text, -1, transient)
      case .integer(let number): code = sqlite3_bind_int64(handle, index, number)
      case .real(let number): code = sqlite3_bind_double(handle, index, number)
      case .null: code = sqlite3_bind_null(handle, index)
      }
      guard code == SQLITE_OK else { throw error(code) }
    }
    var result: Int64?
    var code = sqlite3_step(handle)
    while code == SQLITE_ROW {
      if result == nil { result = sqlite3_column_int64(handle, 0) }
      code = sqlite3_step(handle)
    }
    guard code == SQLITE_DONE else { throw error(code) }
    return result
  }

  private func error(_ code: Int32) -> DatabaseError {
    let message = db.sqliteConnection.map { String(cString: sqlite3_errmsg($0)) }
    return DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: statement.sql)
  }
}

extension Optional where Wrapped == String {
  var raw: RawStatement.Value { map(RawStatement.Value.text) ?? .null }
}

extension Optional where Wrapped == Int {
  var raw: RawStatement.Value { map { .integer(Int64($0)) } ?? .null }
}

extension Optional where Wrapped == Double {
  var raw: RawStatement.Value { map(RawStatement.Value.real) ?? .null }
}
