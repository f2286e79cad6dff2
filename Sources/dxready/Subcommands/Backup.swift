import ArgumentParser
import DXReadyCore
import DXReadyStore

struct Backup: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "backup",
    abstract: "Write a consistent copy of the database, even while it is in use.",
    discussion: helpText(
      """
      The copy is itself a dxready database: restore it by pointing --database at it, or by copying
      it over the original while no dxready runs.

      Example:
        dxready backup ~/dxready-backup-2026-11-26.sqlite
      """)
  )

  @Argument(help: "The new file to write; it must not exist.")
  var destination: String

  @OptionGroup var database: DatabaseOption

  func run() throws {
    try reportingFailures {
      let opened = try database.open(readOnly: true)
      guard let store = opened as? SQLiteStore else {
        throw CommandFailure(
          "\(opened.location): backup copies an SQLite file; back a PostgreSQL database up with pg_dump (README: “A shared database for the province”)"
        )
      }
      try storeCall { () throws(StoreError) in try store.backup(to: destination) }
      print("backed up \(store.path) to \(destination)")
    }
  }
}
