import Crypto
import DXReadyCore
import Foundation
import GRDB

extension PostgresStore {
  /// What `copy(from:)` did.
  public struct CopyOutcome: Sendable, Hashable {
    /// Rows copied, by table; empty when the database already held the same content.
    public var rows: [String: Int]
    public var alreadyCopied: Bool { rows.isEmpty }
  }

  /// The tables of a dxready database, parents before children, with the identity column each
  /// has (its sequence is moved past the copied values).
  static let copiedTables: [(name: String, identity: String?)] = [
    ("questionnaire", nil), ("business", "id"), ("assessment", "seq"), ("answer", nil), ("answer_set", nil),
    ("dimension_score", nil),
    ("correction", nil), ("review_note", "id"), ("service_decision", nil), ("review_target", nil), ("audit", "seq"),
    ("stat_cell", nil), ("statistics_key", nil),
  ]

  /// Copies everything an SQLite database holds — businesses, assessments with their answers,
  /// scores and consent, reviews, the audit log with its hash chain, the statistics cells and
  /// their secret (so that published figures stay the same) — into this database, in one
  /// transaction: all of it or, on any failure, nothing.
  ///
  /// This database must hold no assessment yet, or exactly what the file holds (a copy done
  /// before): then nothing is written, so running the copy again is harmless. Anything else is
  /// refused, untouched.
  public func copy(from source: SQLiteStore) throws(StoreError) -> CopyOutcome {
    // What each side holds, compared by assessment id and content.
    let sourceDigest: String
    do {
      sourceDigest = try source.pool.read { db in try Self.contentDigest(db) }
    } catch {
      throw SQLiteStore.translate(error, path: source.path)
    }
    return try write(serialised: true) { target in
      let existing = try target.execute("SELECT count(*) FROM assessment").integer(0, 0) ?? 0
      if existing > 0 {
        let targetDigest = try Self.contentDigest(target)
        guard targetDigest == sourceDigest else {
          throw StoreError.conflict(
            "\(target.label) already holds \(existing) assessment(s) that are not a copy of \(source.path); nothing was copied. Copy into a new database (createdb, dxready db init)"
          )
        }
        return CopyOutcome(rows: [:])
      }
      // The new database's own secret and any cells give way to the file's.
      try target.execute("DELETE FROM stat_cell")
      try target.execute("DELETE FROM statistics_key")
      var copied: [String: Int] = [:]
      for (table, identity) in Self.copiedTables {
        // Read through a cursor and written a statement at a time: memory stays bounded
        // whatever the file holds.
        var count = 0
        var failure: (any Error)?
        do {
          try source.pool.read { db in
            let cursor = try Row.fetchCursor(db, sql: "SELECT * FROM \(table)")
            var columns: [String] = []
            var values: [String] = []
            var parameters: [any PGParameter] = []
            var perStatement = 1
            func flush() throws {
              guard !values.isEmpty else { return }
              do {
                // `db init` stores the folder's questionnaire texts: the same texts, by hash.
                let conflict = table == "questionnaire" ? " ON CONFLICT (hash) DO NOTHING" : ""
                try target.execute(
                  "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES \(values.joined(separator: ", "))"
                    + conflict, parameters)
              } catch {
                failure = error
                throw error
              }
              values.removeAll(keepingCapacity: true)
              parameters.removeAll(keepingCapacity: true)
            }
            while let row = try cursor.next() {
              if columns.isEmpty {
                columns = Array(row.columnNames)
                perStatement = max(1, 20_000 / columns.count)
              }
              var placeholders: [String] = []
              for value in row.databaseValues {
                parameters.append(Self.parameter(value))
                placeholders.append("$\(parameters.count)")
              }
              values.append("(" + placeholders.joined(separator: ", ") + ")")
              count += 1
              if values.count >= perStatement { try flush() }
            }
            try flush()
          }
        } catch {
          // The server's refusal is the server's; anything else the file's.
          if let failure { throw failure }
          throw SQLiteStore.translate(error, path: source.path)
        }
        guard count > 0 else { continue }
        if let identity {
          try target.execute(
            "SELECT setval(pg_get_serial_sequence('dxready.\(table)', '\(identity)'), (SELECT max(\(identity)) FROM \(table)))"
          )
        }
        copied[table] = count
      }
      // A submitted assessment's answers are kept as one set (schema v9); a draft's stay rows.
      try target.execute("SELECT dxready.gather_submitted_answers()")
      return CopyOutcome(rows: copied)
    }
  }

  /// A value read from SQLite as a statement parameter: the server converts the text to the
  /// column's type.
  static func parameter(_ value: DatabaseValue) -> any PGParameter {
    switch value.storage {
    case .null: return String?.none
    case .int64(let number): return number
    case .double(let number): return number
    case .string(let text): return text
    case .blob(let data): return [UInt8](data)
    }
  }

  /// What tells a copy from its original: every assessment's id, content digest, status and
  /// review version, and the audit log's last hash, as one line of text per assessment. Both
  /// engines run the same query, with every column cast to text, and join the values alike.
  static let digestLine =
    "id || '|' || coalesce(content_digest, '') || '|' || status || '|' || CAST(review_version AS TEXT)"
  static let digestQuery = "SELECT \(digestLine) FROM assessment ORDER BY id"
  static let lastAuditHashQuery = "SELECT hash FROM audit ORDER BY seq DESC LIMIT 1"

  /// The lines of ``digestQuery`` hashed as they come (SHA-256), then the last audit hash.
  static func contentDigest(_ db: Database) throws -> String {
    var hasher = SHA256()
    let lines = try String.fetchCursor(db, sql: digestQuery)
    while let line = try lines.next() { hasher.update(data: Data((line + "\n").utf8)) }
    hasher.update(data: Data((try String.fetchOne(db, sql: lastAuditHashQuery) ?? "").utf8))
    return hexadecimal(hasher.finalize())
  }

  /// The same digest, read from the server ten thousand lines at a time.
  static func contentDigest(_ db: PGConnection) throws -> String {
    var hasher = SHA256()
    var after = ""
    while true {
      let rows = try db.execute(
        """
        SELECT id, \(digestLine) FROM assessment WHERE id > $1 ORDER BY id LIMIT 10000
        """, [after])
      guard rows.count > 0 else { break }
      for row in 0..<rows.count { hasher.update(data: Data(((rows.text(row, 1) ?? "") + "\n").utf8)) }
      after = rows.text(rows.count - 1, 0) ?? after
    }
    hasher.update(data: Data((try db.execute(lastAuditHashQuery).text(0, 0) ?? "").utf8))
    return hexadecimal(hasher.finalize())
  }
}
