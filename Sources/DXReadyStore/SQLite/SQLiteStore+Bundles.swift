import DXReadyCore
import GRDB

/// The keys whose field bundles this database accepts, and the bundles made from it.
extension SQLiteStore {
  public func trustedKeys() throws(StoreError) -> [TrustedKey] {
    try guarded {
      try pool.read { db in
        try Row.fetchAll(db, sql: "SELECT * FROM trusted_key ORDER BY added_at, id").map(Self.trustedKey)
      }
    }
  }

  static func trustedKey(_ row: Row) -> TrustedKey {
    TrustedKey(
      id: row["id"], publicKey: row["public_key"], name: row["name"], addedAt: row["added_at"],
      revokedAt: row["revoked_at"])
  }

  public func trustKey(_ key: TrustedKey) throws(StoreError) {
    try guarded {
      try pool.write { db in
        if let row = try Row.fetchOne(db, sql: "SELECT * FROM trusted_key WHERE id = ?", arguments: [key.id]) {
          let stored = Self.trustedKey(row)
          if let refusal = stored.revokedForGood { throw refusal }
          return
        }
        try db.execute(
          sql: "INSERT INTO trusted_key (id, public_key, name, added_at) VALUES (?, ?, ?, ?)",
          arguments: [key.id, key.publicKey, key.name, key.addedAt])
      }
    }
  }

  public func revokeKey(_ idOrName: String, at time: String) throws(StoreError) -> TrustedKey {
    try guarded {
      try pool.write { db in
        let rows = try Row.fetchAll(
          db, sql: "SELECT * FROM trusted_key WHERE id = ? OR name = ?", arguments: [idOrName, idOrName])
        let keys = rows.map(Self.trustedKey)
        var key = try TrustedKey.chosen(idOrName, among: keys)
        if key.revokedAt == nil {
          try db.execute(sql: "UPDATE trusted_key SET revoked_at = ? WHERE id = ?", arguments: [time, key.id])
          key.revokedAt = time
        }
        return key
      }
    }
  }

  public func bundlesMade() throws(StoreError) -> [BundleMade] {
    try guarded {
      try pool.read { db in
        try Row.fetchAll(db, sql: "SELECT * FROM bundle_made ORDER BY made_at").map {
          BundleMade(
            madeAt: $0["made_at"], submittedTo: $0["submitted_to"], lastStored: $0["last_stored"],
            assessments: $0["assessments"], file: $0["file"])
        }
      }
    }
  }

  public func recordBundleMade(_ bundle: BundleMade) throws(StoreError) {
    try guarded {
      try pool.write { db in
        try db.execute(
          sql: """
            INSERT INTO bundle_made (made_at, submitted_to, last_stored, assessments, file) VALUES (?, ?, ?, ?, ?)
            """,
          arguments: [bundle.madeAt, bundle.submittedTo, bundle.lastStored, bundle.assessments, bundle.file])
      }
    }
  }
}

extension SQLiteStore {
  public func exportSubmitted(
    statuses: [AssessmentStatus], from: String?, storedAfter: Int64?, changedSince: String?,
    _ visit: (ExportedAssessment) throws -> Void
  ) throws {
    let states = statuses.isEmpty ? [AssessmentStatus.submitted, .reviewed] : statuses
    // `+a.status`: scanned in `seq` order, each assessment with its set of answers by its key,
    // so that SQLite needs no sort.
    var filter = "+a.status IN (\(states.map { "'\($0.rawValue)'" }.joined(separator: ", ")))"
    var arguments: StatementArguments = []
    if let from {
      filter += " AND a.submitted_at >= ?"
      arguments += [from]
    }
    if let storedAfter {
      filter += " AND (a.seq > ?"
      arguments += [storedAfter]
      if let changedSince {
        filter += " OR a.id IN (SELECT assessment_id FROM audit WHERE at >= ?)"
        arguments += [changedSince]
      }
      filter += ")"
    }
    // What `visit` throws (a bundle that cannot be written) is its own error, not the database's.
    var failure: (any Error)?
    func hand(_ item: ExportedAssessment) throws {
      do {
        try visit(item)
      } catch {
        failure = error
        throw error
      }
    }
    do {
      try exportRows(filter: filter, arguments: arguments, hand)
    } catch {
      if let failure { throw failure }
      throw error
    }
  }

  private func exportRows(
    filter: String, arguments: StatementArguments, _ visit: (ExportedAssessment) throws -> Void
  ) throws(StoreError) {
    try guarded {
      try pool.read { db in
        // One pass: each assessment's row with its set of answers.
        let statement = try db.makeStatement(
          sql: """
            SELECT a.seq, a.id, a.questionnaire_id, a.questionnaire_version, a.questionnaire_hash, a.created_at,
              a.submitted_at, a.profile, a.size_class, a.consent_notice, a.consent_at, a.consent_method,
              a.overall_score, a.overall_level, a.review_version, s.answers
            FROM assessment a LEFT JOIN answer_set s ON s.assessment = a.seq
            WHERE \(filter)
            ORDER BY a.seq
            """)
        try statement.setArguments(arguments)
        let path = path
        try CursorRow.forEach(statement) { row in
          let seq = row.int64(0)
          let id = row.text(1) ?? ""
          let answers: [(question: String, json: String)]
          if let set = row.text(15) {
            guard let entries = AnswerSet.entries(set) else {
              throw StoreError.failure("\(path): the stored answers of \(id) cannot be read: \(set.prefix(200))")
            }
            answers = entries
          } else {
            // A draft (only when asked for by status) keeps its answers as rows.
            answers = try Self.storedAnswers(seq, of: id, path: path, db)
          }
          let method = row.text(11).flatMap(ConsentRecord.Method.init(rawValue:))
          try visit(
            ExportedAssessment(
              stored: seq, id: id, questionnaireID: QuestionnaireID(row.text(2) ?? ""),
              questionnaireVersion: row.text(3) ?? "",
              questionnaireHash: row.text(4) ?? "", createdAt: row.text(5) ?? "", submittedAt: row.text(6) ?? "",
              profileJSON: row.text(7) ?? "{}", sizeClass: row.text(8),
              consent: method.map { ConsentRecord(notice: row.text(9), givenAt: row.text(10), method: $0) },
              overallScore: row.real(12), overallLevel: row.integer(13), reviewed: (row.integer(14) ?? 0) > 0,
              answers: answers))
        }
      }
    }
  }

  public func questionnaireSource(hash: String) throws(StoreError) -> String? {
    try guarded {
      try pool.read { db in
        try String.fetchOne(db, sql: "SELECT source FROM questionnaire WHERE hash = ?", arguments: [hash])
      }
    }
  }
}
