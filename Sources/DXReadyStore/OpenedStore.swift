import DXReadyCore

/// A store as a command opens it: where it is, for messages, and the clean-up a failed command
/// does. SQLite and PostgreSQL both are one.
public protocol OpenedStore: AssessmentStore {
  /// The database file, or the server and database (without a password).
  var location: String { get }
  /// Removes the database when this command created it and stored nothing in it (an SQLite
  /// file); nothing for a server's database, which `db init` made.
  func discardIfNew()
}

extension SQLiteStore: OpenedStore {
  public var location: String { path }
}

extension PostgresStore: OpenedStore {
  public var location: String { label }
  public func discardIfNew() {}
}
