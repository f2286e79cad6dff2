import GRDB
import GRDBSQLite

/// The current row of a statement stepped through SQLite's C interface: for reads of hundreds of
/// thousands of rows, where GRDB's row decoding costs more than the query.
struct CursorRow {
  let handle: SQLiteStatement

  /// Steps `statement` to its end, handing `body` each row, then resets it.
  static func forEach(_ statement: Statement, _ body: (CursorRow) throws -> Void) throws {
    let handle = statement.sqliteStatement
    defer { sqlite3_reset(handle) }
    while true {
      let code = sqlite3_step(handle)
      if code == SQLITE_DONE { return }
      guard code == SQLITE_ROW else {
        throw DatabaseError(resultCode: ResultCode(rawValue: code), message: "statistics query failed")
      }
      try body(CursorRow(handle: handle))
    }
  }

  func isNull(_ column: Int32) -> Bool { sqlite3_column_type(handle, column) == SQLITE_NULL }

  func text(_ column: Int32) -> String? {
    guard !isNull(column), let bytes = sqlite3_column_text(handle, column) else { return nil }
    return String(cString: bytes)
  }

  /// A text where the empty string stands for "none" (as in the statistics cells' keys).
  func key(_ column: Int32) -> String? { text(column).flatMap { $0.isEmpty ? nil : $0 } }

  func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }

  func integer(_ column: Int32) -> Int? { isNull(column) ? nil : Int(int64(column)) }

  func real(_ column: Int32) -> Double? { isNull(column) ? nil : sqlite3_column_double(handle, column) }

  func blob(_ column: Int32) -> UnsafeRawBufferPointer {
    UnsafeRawBufferPointer(start: sqlite3_column_blob(handle, column), count: Int(sqlite3_column_bytes(handle, column)))
  }
}
