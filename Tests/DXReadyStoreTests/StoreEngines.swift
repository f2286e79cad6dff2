import DXReadyCore
import DXReadyTestSupport
import Foundation
import GRDB
import Testing

@testable import DXReadyStore

/// The two database engines every test of the store suite runs on.
enum StoreEngine: String, CaseIterable, CustomTestStringConvertible, Sendable {
  case sqlite
  case postgres

  var testDescription: String { rawValue == "sqlite" ? "SQLite" : "PostgreSQL" }

  /// The engines to run: PostgreSQL too when a server is at hand — always in CI, where a
  /// missing server fails the tests rather than skipping them.
  static let available: [StoreEngine] = {
    switch TestPostgres.server {
    case .success: return [.sqlite, .postgres]
    case .failure(let reason):
      if ProcessInfo.processInfo.environment["CI"] == "true" { return [.sqlite, .postgres] }
      FileHandle.standardError.write(
        Data(
          """

          ************************************************************************
          PostgreSQL IS MISSING: the store suite runs on SQLite only.
          \(reason)
          Install Debian's postgresql, or set DXREADY_TEST_POSTGRES_URL.
          ************************************************************************

          """.utf8))
      return [.sqlite]
    }
  }()

  /// A new PostgreSQL database with dxready's schema, for tests of PostgreSQL alone; `nil`
  /// without a server (recorded as a failure in CI).
  static func newPostgresDatabase() throws -> String? {
    switch TestPostgres.server {
    case .success: break
    case .failure(let reason):
      if ProcessInfo.processInfo.environment["CI"] == "true" { Issue.record("PostgreSQL is required in CI: \(reason)") }
      return nil
    }
    let url = try TestPostgres.newDatabase()
    _ = try PostgresStore.migrate(url)
    return url
  }

  /// A new, empty database of this engine, with dxready's schema.
  func makeStore(_ fixtures: StoreFixtures) throws -> any TestableStore {
    switch self {
    case .sqlite:
      return try SQLiteStore.open(path: fixtures.path("db.sqlite"))
    case .postgres:
      let url = try TestPostgres.newDatabase()
      _ = try PostgresStore.migrate(url)
      return try PostgresStore.open(url)
    }
  }
}

/// What the shared tests need to look at below the store interface.
protocol TestableStore: AssessmentStore {
  /// A query's single integer.
  func count(_ sql: String) throws -> Int
  /// A table (or view) with a row for every stored answer: a draft's rows and the entries of
  /// submitted assessments' sets (`answer_set`), on either engine.
  var answerRows: String { get }
  /// Every statistics cell, as text, in key order.
  func cellRows() throws -> [String]
  /// Counts the cells again from scratch.
  func rebuildCells() throws
  /// A bulk import in steps of the given sizes.
  func importSubmitted(_ next: () throws(StoreError) -> ImportedAssessment?, limits: BulkLimits)
    throws(StoreError) -> (added: Int, unchanged: Int, reviews: Int)
  /// Runs a statement as it is, for tests of what the database itself refuses.
  func raw(_ sql: String) throws
  /// Another connection to the same database, as another process would have.
  func another() throws -> any TestableStore
  /// Visits the latest assessment of each business that matches, read from the assessments
  /// themselves: what the maintained cells (``AssessmentStore/statisticsCells(_:)``) must agree
  /// with. Only the tests read statistics this way.
  func statisticsRecords(
    questionnaire: QuestionnaireID, dimensions: [DimensionID], statuses: [AssessmentStatus], period: Period?,
    _ visit: (StatisticsRecord) -> Void
  ) throws(StoreError)
}

extension SQLiteStore: TestableStore {
  func count(_ sql: String) throws -> Int { try pool.read { try Int.fetchOne($0, sql: sql) ?? -1 } }
  var answerRows: String {
    "(SELECT assessment FROM answer UNION ALL SELECT s.assessment FROM answer_set s, json_each(s.answers))"
  }

  func cellRows() throws -> [String] {
    try pool.read { db in
      try Row.fetchAll(
        db,
        sql: """
          SELECT questionnaire_id, reviewed_only, period, locality, vsic_version, vsic_section, size_class, legal_form,
            group_period, hex(data) FROM stat_cell ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9
          """
      ).map { row in (0..<10).map { "\(row[$0] as DatabaseValue)" }.joined(separator: "|").lowercased() }
    }
  }

  func rebuildCells() throws { try pool.write { try StatisticsMaintenance.rebuild($0) } }

  func raw(_ sql: String) throws { try pool.write { try $0.execute(sql: sql) } }

  func another() throws -> any TestableStore { try SQLiteStore.open(path: path) }
}

extension PostgresStore: TestableStore {
  func count(_ sql: String) throws -> Int { try guarded { try $0.execute(sql).integer(0, 0) ?? -1 } }
  var answerRows: String { "stored_answer" }

  func cellRows() throws -> [String] {
    try guarded { db in
      let rows = try db.execute(
        """
        SELECT questionnaire_id, reviewed_only::text, period, locality, vsic_version::text, vsic_section, size_class,
          legal_form, group_period, encode(data, 'hex') FROM stat_cell ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9
        """)
      return (0..<rows.count).map { row in
        (0..<10).map { rows.text(row, Int32($0)).map { "\"\($0)\"" } ?? "NULL" }.joined(separator: "|").lowercased()
      }
    }
  }

  func rebuildCells() throws { try rebuildStatistics() }

  func raw(_ sql: String) throws { _ = try guarded { try $0.execute(sql) } }

  func another() throws -> any TestableStore { try PostgresStore.open(conninfo) }
}
