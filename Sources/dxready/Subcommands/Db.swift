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
    subcommands: [DbInit.self, DbMigrate.self, DbStatus.self, DbGrant.self, DbRevoke.self, DbCopy.self]
  )
}

struct DbInit: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "init", abstract: "Create dxready's tables in an empty database (idempotent).")

  @OptionGroup var database: DatabaseOption

  @OptionGroup var folder: QuestionnaireFolderOption

  func run() throws {
    try reportingFailures { try migrate(database, folder: folder, verb: "initialised") }
  }
}

struct DbMigrate: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "migrate", abstract: "Bring the database's schema up to this dxready's version.")

  @OptionGroup var database: DatabaseOption

  @OptionGroup var folder: QuestionnaireFolderOption

  func run() throws {
    try reportingFailures { try migrate(database, folder: folder, verb: "migrated") }
  }
}

/// Runs the migrations a database lacks, and says which.
private func migrate(_ database: DatabaseOption, folder: QuestionnaireFolderOption, verb: String) throws {
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
  // The questionnaire texts, stored by dxready itself: the kiosk's intake account may take
  // only a questionnaire stored here (the server cannot check a text against its hash).
  guard let catalog = try? folder.catalog(services: false) else {
    print(
      "note: no questionnaire folder found, so no questionnaire text was stored; the kiosk's intake account can take only questionnaires stored here (run this again with --questionnaires DIR)"
    )
    return
  }
  let store = try storeCall { () throws(StoreError) in try PostgresStore.open(location) }
  var stored = 0
  for entry in catalog.entries {
    guard let questionnaire = entry.outcome.questionnaire, let source = try? readTextFile(entry.path) else { continue }
    try storeCall { () throws(StoreError) in try store.saveQuestionnaire(questionnaire, source: source) }
    stored += 1
  }
  print("\(label): \(stored) questionnaire text(s) stored, for the kiosk")
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

struct DbCopy: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "copy",
    abstract: "Copy an SQLite database onto the PostgreSQL database (all or nothing; again is harmless).",
    discussion: helpText(
      """
      Moves what a laptop or an office has stored in its SQLite file onto the shared server: every
      business and assessment (drafts too) with answers, scores and consent, the consultants'
      reviews, the audit log with its hash chain (so `dxready audit verify` still holds), and the
      statistics with their secret (so published figures stay the same). It is one transaction:
      all of it is copied, or nothing. The server's database must be new (after `db init`) or
      already hold exactly this file's content, in which case nothing is written.

      Example:
        dxready db copy --from ~/.local/share/dxready/dxready.sqlite --database postgresql://owner@db.tinh.example/dxready
      """)
  )

  @Option(help: ArgumentHelp("The SQLite database file to copy.", valueName: "file"))
  var from: String

  @OptionGroup var database: DatabaseOption

  func run() throws {
    try reportingFailures {
      guard PostgresStore.isLocation(database.resolvedPath) else {
        throw CommandFailure("db copy copies an SQLite file onto a PostgreSQL database: give --database postgresql://…")
      }
      let source: SQLiteStore
      do {
        source = try SQLiteStore.open(path: from, readOnly: true, upgrading: DatabaseOption.sayUpgrading(from, .en))
      } catch StoreError.missingDatabase(let path) {
        throw CommandFailure("--from \(path): no SQLite database here; check the path")
      } catch {
        // The store's advice names --database, which here is the server: say --from.
        throw CommandFailure(
          "--from "
            + "\(error)".replacingOccurrences(
              of: "Name another file with --database", with: "Name another file with --from"))
      }
      let target = try storeCall { () throws(StoreError) in try PostgresStore.open(database.resolvedPath) }
      let outcome = try storeCall { () throws(StoreError) in try target.copy(from: source) }
      if outcome.alreadyCopied {
        print("\(target.location): already holds exactly what \(from) holds; nothing copied")
      } else {
        let counts = ["business", "assessment", "answer", "audit"].map { "\(outcome.rows[$0] ?? 0) \($0)" }
        print("\(target.location): copied \(from) — \(counts.joined(separator: ", ")) rows")
      }
    }
  }
}
