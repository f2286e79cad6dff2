import DXReadyCore

/// The keys whose field bundles this database accepts, and the bundles made from it.
extension PostgresStore {
  static let keyColumns = "id, public_key, name, added_at, revoked_at"

  static func trustedKeys(_ rows: PGResult) -> [TrustedKey] {
    (0..<rows.count).map { row in
      TrustedKey(
        id: rows.text(row, 0) ?? "", publicKey: rows.text(row, 1) ?? "", name: rows.text(row, 2) ?? "",
        addedAt: rows.text(row, 3) ?? "", revokedAt: rows.text(row, 4))
    }
  }

  public func trustedKeys() throws(StoreError) -> [TrustedKey] {
    try guarded { db in
      Self.trustedKeys(try db.execute("SELECT \(Self.keyColumns) FROM trusted_key ORDER BY added_at, id"))
    }
  }

  public func trustKey(_ key: TrustedKey) throws(StoreError) {
    try write { db in
      let stored = Self.trustedKeys(
        try db.execute("SELECT \(Self.keyColumns) FROM trusted_key WHERE id = $1", [key.id]))
      if let stored = stored.first {
        if let refusal = stored.revokedForGood { throw refusal }
        return
      }
      try db.execute(
        "INSERT INTO trusted_key (id, public_key, name, added_at) VALUES ($1, $2, $3, $4)",
        [key.id, key.publicKey, key.name, key.addedAt])
    }
  }

  public func revokeKey(_ idOrName: String, at time: String) throws(StoreError) -> TrustedKey {
    try write { db in
      let keys = Self.trustedKeys(
        try db.execute("SELECT \(Self.keyColumns) FROM trusted_key WHERE id = $1 OR name = $1", [idOrName]))
      var key = try TrustedKey.chosen(idOrName, among: keys)
      if key.revokedAt == nil {
        try db.execute("UPDATE trusted_key SET revoked_at = $1 WHERE id = $2", [time, key.id])
        key.revokedAt = time
      }
      return key
    }
  }

  public func bundlesMade() throws(StoreError) -> [BundleMade] {
    try guarded { db in
      let rows = try db.execute(
        "SELECT made_at, submitted_to, last_stored, assessments, file FROM bundle_made ORDER BY made_at")
      return (0..<rows.count).map { row in
        BundleMade(
          madeAt: rows.text(row, 0) ?? "", submittedTo: rows.text(row, 1) ?? "", lastStored: rows.int64(row, 2) ?? 0,
          assessments: rows.integer(row, 3) ?? 0, file: rows.text(row, 4) ?? "")
      }
    }
  }

  public func recordBundleMade(_ bundle: BundleMade) throws(StoreError) {
    _ = try write { db in
      try db.execute(
        "INSERT INTO bundle_made (made_at, submitted_to, last_stored, assessments, file) VALUES ($1, $2, $3, $4, $5)",
        [bundle.madeAt, bundle.submittedTo, bundle.lastStored, bundle.assessments, bundle.file])
    }
  }
}

extension PostgresStore {
  public func exportSubmitted(
    statuses: [AssessmentStatus], from: String?, storedAfter: Int64?, changedSince: String?,
    _ visit: (ExportedAssessment) throws -> Void
  ) throws {
    let states = statuses.isEmpty ? [AssessmentStatus.submitted, .reviewed] : statuses
    var filter = "status IN (\(states.map { "'\($0.rawValue)'" }.joined(separator: ", ")))"
    var parameters: [any PGParameter] = []
    if let from {
      parameters.append(from)
      filter += " AND submitted_at >= $\(parameters.count)"
    }
    if let storedAfter {
      parameters.append(storedAfter)
      filter += " AND (seq > $\(parameters.count)"
      if let changedSince {
        parameters.append(changedSince)
        filter += " OR id IN (SELECT assessment_id FROM audit WHERE at >= $\(parameters.count))"
      }
      filter += ")"
    }
    let rows = try guarded { db in
      try db.execute(
        """
        SELECT seq, id, questionnaire_id, questionnaire_version, questionnaire_hash, created_at, submitted_at, profile,
          size_class, consent_notice, consent_at, consent_method, overall_score, overall_level, review_version
        FROM assessment WHERE \(filter) ORDER BY seq
        """, parameters)
    }
    // Answers a few thousand assessments at a time: never the whole table in memory.
    let batch = 2000
    for start in stride(from: 0, to: rows.count, by: batch) {
      let range = start..<min(start + batch, rows.count)
      let seqs = range.compactMap { rows.int64($0, 0) }
      let answers = try guarded { db in
        try db.execute(
          """
          SELECT assessment, question_id, value FROM stored_answer WHERE assessment = ANY($1::bigint[])
          ORDER BY assessment, question_id
          """, ["{" + seqs.map(String.init).joined(separator: ",") + "}"])
      }
      var byAssessment: [Int64: [(question: String, json: String)]] = [:]
      for row in 0..<answers.count {
        guard let seq = answers.int64(row, 0), let question = answers.text(row, 1), let value = answers.text(row, 2)
        else { continue }
        byAssessment[seq, default: []].append((question, value))
      }
      for row in range {
        let method = rows.text(row, 11).flatMap(ConsentRecord.Method.init(rawValue:))
        try visit(
          ExportedAssessment(
            stored: rows.int64(row, 0) ?? 0, id: rows.text(row, 1) ?? "",
            questionnaireID: QuestionnaireID(rows.text(row, 2) ?? ""),
            questionnaireVersion: rows.text(row, 3) ?? "", questionnaireHash: rows.text(row, 4) ?? "",
            createdAt: rows.text(row, 5) ?? "", submittedAt: rows.text(row, 6) ?? "",
            profileJSON: rows.text(row, 7) ?? "{}",
            sizeClass: rows.text(row, 8),
            consent: method.map { ConsentRecord(notice: rows.text(row, 9), givenAt: rows.text(row, 10), method: $0) },
            overallScore: rows.real(row, 12), overallLevel: rows.integer(row, 13),
            reviewed: (rows.integer(row, 14) ?? 0) > 0, answers: byAssessment[rows.int64(row, 0) ?? -1] ?? []))
      }
    }
  }

  public func questionnaireSource(hash: String) throws(StoreError) -> String? {
    try guarded { db in try db.execute("SELECT source FROM questionnaire WHERE hash = $1", [hash]).text(0, 0) }
  }
}
