import DXReadyCore
import Foundation
import GRDB

extension SQLiteStore {
  /// Writes a consistent copy of the database to `destination`, while others may keep using it.
  ///
  /// The copy is a complete dxready database (mode 0600) and is only moved into place once it
  /// is written; an existing file is never overwritten.
  public func backup(to destination: String) throws(StoreError) {
    if FileManager.default.fileExists(atPath: destination) {
      throw .conflict("\(destination) already exists; choose a new file for the backup")
    }
    let temporary = destination + ".writing-\(getpid())"
    guard FileManager.default.createFile(atPath: temporary, contents: nil, attributes: [.posixPermissions: 0o600])
    else { throw .readOnly(path: destination, reason: "a file cannot be created there") }
    do {
      let copy = try DatabaseQueue(path: temporary)
      try pool.backup(to: copy)
      try copy.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA journal_mode = WAL") }
      try copy.close()
    } catch {
      try? FileManager.default.removeItem(atPath: temporary)
      throw Self.translate(error, path: destination)
    }
    let linked = link(temporary, destination) == 0
    let reason = String(cString: strerror(errno))
    unlink(temporary)
    if !linked { throw .failure("\(destination): the backup could not be moved into place (\(reason))") }
  }
}
