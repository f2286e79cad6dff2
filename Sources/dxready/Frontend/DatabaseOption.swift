import ArgumentParser
import DXReadyCore
import DXReadyStore
import Foundation

/// `--database PATH|URL`, shared by every command that reads or writes stored assessments: an
/// SQLite file, or a PostgreSQL database named by a `postgres://` or `postgresql://` URL.
struct DatabaseOption: ParsableArguments {
  @Option(
    name: .customLong("database"),
    help: ArgumentHelp(
      "The database: an SQLite file, or a PostgreSQL server as postgresql://user@host/db (default: $DXREADY_DATABASE, else $XDG_DATA_HOME/dxready/dxready.sqlite, else ~/.local/share/dxready/dxready.sqlite).",
      valueName: "path|url"))
  var path: String?

  /// The file to use: the option, the environment, or the default.
  var resolvedPath: String {
    if let path { return path }
    if let fromEnvironment = ProcessInfo.processInfo.environment["DXREADY_DATABASE"], !fromEnvironment.isEmpty {
      return fromEnvironment
    }
    return SQLiteStore.defaultPath()
  }

  /// Opens the database; `readOnly` for commands that only read, which then never write to it.
  /// A PostgreSQL intake account (the kiosk's) is refused unless `kiosk`: it may only take
  /// assessments there. An SQLite file of an earlier dxready is brought up to date, with a
  /// line on standard error first in `language` (a big file takes a while).
  func open(readOnly: Bool = false, kiosk: Bool = false, language: Language = .en) throws -> any OpenedStore {
    if let problem = PostgresStore.malformedLocation(resolvedPath) { throw CommandFailure(problem) }
    let store: any OpenedStore
    do {
      if PostgresStore.isLocation(resolvedPath) {
        store = try PostgresStore.open(resolvedPath, readOnly: readOnly)
      } else {
        store = try SQLiteStore.open(
          path: resolvedPath, readOnly: readOnly, upgrading: Self.sayUpgrading(resolvedPath, language))
      }
    } catch {
      throw CommandFailure(error)
    }
    if !kiosk { try Self.refuseIntake(store) }
    return store
  }

  /// What says that the file at `path` is being brought up to date.
  static func sayUpgrading(_ path: String, _ language: Language) -> () -> Void {
    { printError(Words.text("database_upgrading", language, ["path": path])) }
  }

  /// Refuses a PostgreSQL intake account (the kiosk's): it may only take assessments there.
  static func refuseIntake(_ store: any OpenedStore) throws {
    if let server = store as? PostgresStore, server.isIntake {
      throw CommandFailure(
        "\(server.label): this is an intake account, which may only take assessments at the kiosk (dxready take --kiosk --log FILE) and reads nothing else; use a consultant's or an official's account for this",
        status: 2)
    }
  }
}

extension DatabaseOption {
  /// Opens the database and finds the assessment whose id is or starts with `prefix`.
  func assessment(matching prefix: String, readOnly: Bool = false) throws -> (any OpenedStore, StoredAssessment) {
    let store = try open(readOnly: readOnly)
    let stored = try storeCall { () throws(StoreError) in try store.assessment(matching: prefix) }
    return (store, stored)
  }
}

/// Runs a store call, turning its error into a user message.
func storeCall<T>(_ body: () throws(StoreError) -> T) throws -> T {
  do {
    return try body()
  } catch {
    throw CommandFailure(error)
  }
}

extension CommandFailure {
  /// A store's error with the exit status of its kind: 1 when the database failed (a server
  /// that cannot be reached, a refusal, a damaged file, a full disk), 2 when what was asked is
  /// wrong (an unknown id, a conflict, a file that is not a database or cannot be written).
  init(_ error: StoreError) {
    switch error {
    case .failure: self.init(error.description, status: 1)
    default: self.init(error.description)
    }
  }
}
