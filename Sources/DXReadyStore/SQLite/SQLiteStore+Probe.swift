import DXReadyCore
import Foundation
import GRDB
import GRDBSQLite

extension SQLiteStore {
  /// What the probe found in an existing dxready database.
  enum SchemaState: Equatable {
    /// Every migration this dxready knows has run, and no other.
    case current
    /// Written by an earlier dxready: opening it for writing brings it up to date.
    case older
  }

  /// Looks inside an existing file before any connection that could write to it is opened:
  /// it must be a readable SQLite database holding dxready's tables, from this dxready or an
  /// earlier one. Nothing is written and, while no `-wal` file with content exists, no file
  /// is created beside it either (the file is read as immutable).
  static func probe(_ path: String) throws(StoreError) -> SchemaState {
    let walSize = (try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int) ?? 0
    var allowed = CharacterSet.urlPathAllowed
    allowed.remove(charactersIn: "?#%")
    let encoded = path.addingPercentEncoding(withAllowedCharacters: allowed) ?? path
    // With recent commits still in the write-ahead log, they must be read through it;
    // otherwise the main file is the whole database.
    let uri = "file:\(encoded)?mode=ro" + (walSize > 0 ? "" : "&immutable=1")
    var connection: OpaquePointer?
    defer { sqlite3_close_v2(connection) }
    guard sqlite3_open_v2(uri, &connection, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, nil) == SQLITE_OK else {
      throw .notADatabase(path: path, reason: "SQLite cannot open it")
    }
    func rows(_ sql: String) throws(StoreError) -> [String] {
      var statement: OpaquePointer?
      defer { sqlite3_finalize(statement) }
      var code = sqlite3_prepare_v2(connection, sql, -1, &statement, nil)
      var result: [String] = []
      while code == SQLITE_OK || code == SQLITE_ROW {
        code = sqlite3_step(statement)
        if code == SQLITE_ROW, let text = sqlite3_column_text(statement, 0) { result.append(String(cString: text)) }
      }
      guard code == SQLITE_DONE else {
        let primary = code & 0xff
        if primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB {
          throw .notADatabase(path: path, reason: "the file is damaged (\(String(cString: sqlite3_errstr(code))))")
        }
        if primary == SQLITE_BUSY || primary == SQLITE_LOCKED {
          throw .failure("\(path): the database is busy (another dxready is writing to it); try again")
        }
        throw .notADatabase(path: path, reason: String(cString: sqlite3_errmsg(connection)))
      }
      return result
    }
    let tables = Set(try rows("SELECT name FROM sqlite_master WHERE type = 'table'"))
    guard tables.contains("grdb_migrations") else {
      throw .notADatabase(
        path: path, reason: "it carries dxready's mark but has none of dxready's tables; it is left as it is")
    }
    let applied = Set(try rows("SELECT identifier FROM grdb_migrations"))
    let known = Schema.migrator.migrations
    if !applied.isSubset(of: Set(known)) { throw .newerSchema(path: path) }
    // Work a migration left for the store to finish (the statistics cells to count again)
    // is done by the writer, like a migration.
    if tables.contains("pending_work"), !(try rows("SELECT task FROM pending_work")).isEmpty { return .older }
    return known.allSatisfy(applied.contains) ? .current : .older
  }
}
