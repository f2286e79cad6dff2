import ArgumentParser
import DXReadyCore
import DXReadyStore

struct Db: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "db",
    abstract: "Create, upgrade and check the database's schema (PostgreSQL; an SQLite file does this itself).",
    discussion: helpText(
      """
      A PostgreSQL database is prepared once by its owner with `dxready db init`, and upgraded with
      `dxready db migrate` after a new dxready is installed; every other command only checks that
      the schema is the one it writes, and says what to run when it is not. An SQLite file is
      created on first use and upgraded when it is opened, so these commands are only needed for
      PostgreSQL (on a file they create or upgrade it all the same).

      Examples:
        dxready db init --database postgresql://dxready_owner@db.tinh.example/dxready
        dxready db status --database postgresql://dxready_owner@db.tinh.example/dxready
      """),
    subcommands: [DbInit.self, DbMigrate.self, DbStatus.self, DbGrant.self]
  )
}

struct DbInit: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "init", abstract: "Create dxready's tables in an empty database (idempotent).")

  @OptionGroup var database: DatabaseOption

  func run() throws {
    try reportingFailures { try migrate(database, verb: "initialised") }
  }
}

struct DbMigrate: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "migrate", abstract: "Bring the database's schema up to this dxready's version.")

  @OptionGroup var database: DatabaseOption

  func run() throws {
    try reportingFailures { try migrate(database, verb: "migrated") }
  }
}

/// Runs the migrations a database lacks, and says which.
private func migrate(_ database: DatabaseOption, verb: String) throws {
  let location = database.resolvedPath
  guard PostgresStore.isLocation(location) else {
    // An SQLite file is created and migrated when it is opened.
    let store = try database.open()
    print("\(store.location): up to date (an SQLite file is created and upgraded when it is opened)")
    return
  }
  let applied = try storeCall { () throws(StoreError) in try PostgresStore.migrate(location) }
  let label = try storeCall { () throws(StoreError) in try PostgresStore.open(location).location }
  if applied.isEmpty {
    print("\(label): already up to date (schema version \(PostgresStore.schemaVersion))")
  } else {
    print("\(label): \(verb) — ran \(applied.joined(separator: ", ")); schema version \(PostgresStore.schemaVersion)")
  }
}

struct DbStatus: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "status", abstract: "Say the database's schema version and whether it needs `db migrate`.")

  @OptionGroup var database: DatabaseOption

  func run() throws {
    try reportingFailures {
      let location = database.resolvedPath
      guard PostgresStore.isLocation(location) else {
        let store = try database.open(readOnly: true)
        print("\(store.location): SQLite file, up to date (upgraded when opened)")
        return
      }
      let (stored, current) = try storeCall { () throws(StoreError) in try PostgresStore.schemaStatus(location) }
      let label = PostgresStore.displayName(location)
      switch stored {
      case nil:
        throw CommandFailure("\(label): no dxready tables; run `dxready db init`", status: 1)
      case let version? where version < current:
        throw CommandFailure(
          "\(label): schema version \(version), this dxready writes \(current); run `dxready db migrate`", status: 1)
      case let version? where version > current:
        throw CommandFailure(
          "\(label): schema version \(version), written by a newer dxready (this one writes \(current)); upgrade dxready",
          status: 1)
      default:
        print("\(label): PostgreSQL, schema version \(current), up to date")
      }
    }
  }
}
