import DXReadyCore

extension PostgresStore {
  public func importSubmitted(_ next: () throws(StoreError) -> ImportedAssessment?) throws(StoreError) -> (
    added: Int, unchanged: Int
  ) {
    try write(serialised: true) { db in
      var writer = try PostgresBulkWriter(db)
      while let item = try next() { try writer.write(item) }
      try writer.finish()
      return (writer.added, writer.unchanged)
    }
  }
}

/// Writes submitted assessments inside one transaction, several rows per statement, and moves
/// the statistics once at the end, as the SQLite store's `BulkWriter` does.
struct PostgresBulkWriter {
  private(set) var added = 0
  private(set) var unchanged = 0
  private let db: PGConnection
  private let time = PostgresStore.now()
  private var seen: [AssessmentID: (digest: String, origin: String)] = [:]
  private var storedQuestionnaires: Set<String> = []
  private var newlyCounted: [Int64: [CountedAssessment]] = [:]
  private var batch: Set<Int64> = []
  private let earlierBusinesses: Int64

  init(_ db: PGConnection) throws {
    self.db = db
    earlierBusinesses = try db.execute("SELECT coalesce(max(id), 0) FROM business").int64(0, 0) ?? 0
  }

  mutating func write(_ item: ImportedAssessment) throws {
    if let earlier = seen[item.id] {
      guard earlier.digest == item.contentDigest else {
        throw StoreError.conflict(
          "\(item.origin): assessment \(item.id) is also in \(earlier.origin) with other content; give one of them another id"
        )
      }
      unchanged += 1
      return
    }
    seen[item.id] = (item.contentDigest, item.origin)
    if storedQuestionnaires.insert(item.questionnaire.hash).inserted {
      try PostgresStore.insertQuestionnaire(item.questionnaire, source: item.questionnaireSource, db)
    }
    let profile = item.profile
    let business = try PostgresStore.upsertBusiness(profile, sizeClass: item.sizeClass, at: time, db)
    let result = item.result
    // Made (and submitted) when the file says, else now; stored now either way.
    let made = item.submittedAt ?? time
    let inserted = try db.execute(
      """
      INSERT INTO assessment (id, business_id, questionnaire_hash, questionnaire_id, questionnaire_version,
        status, profile, locality, vsic_version, vsic_section, size_class, created_at, updated_at,
        content_digest, submitted_at, scoring_method, overall_status, overall_score, overall_level,
        weakest_dimension, legal_form, consent_notice, consent_at, consent_method, review_state)
      VALUES ($1, $2, $3, $4, $5, 'submitted', $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19,
        $20, $21, $22, $23, 'submitted')
      ON CONFLICT (id) DO NOTHING
      RETURNING seq
      """,
      [
        item.id.rawValue, business, item.questionnaire.hash, item.questionnaire.id, item.questionnaire.version,
        item.encodedProfile, profile.locality, profile.industry?.vsic, profile.industry?.section,
        item.sizeClass?.rawValue, made, time, item.contentDigest, made, result.scoringMethod,
        result.overall.status.rawValue, result.overall.score, result.overall.level, result.weakestDimension?.rawValue,
        profile.legalForm?.rawValue, item.consent?.notice, item.consent?.givenAt, item.consent?.method.rawValue,
      ])
    guard let seq = inserted.int64(0, 0) else {
      let stored = try db.execute("SELECT content_digest FROM assessment WHERE id = $1", [item.id.rawValue]).text(0, 0)
      guard stored == item.contentDigest else {
        throw StoreError.conflict(
          "\(item.origin): assessment \(item.id) is already stored with other content; nothing was imported. Give the file a new `assessment:` id to store it as another assessment"
        )
      }
      unchanged += 1
      return
    }
    for chunk in stride(from: 0, to: item.encodedAnswers.count, by: 500) {
      let rows = item.encodedAnswers[chunk..<min(chunk + 500, item.encodedAnswers.count)]
      var values: [String] = []
      var parameters: [any PGParameter] = []
      for (question, json) in rows {
        let base = parameters.count
        values.append("($\(base + 1)::bigint, $\(base + 2), $\(base + 3))")
        parameters += [seq, question.rawValue, json] as [any PGParameter]
      }
      try db.execute(
        "INSERT INTO answer (assessment, question_id, value) VALUES \(values.joined(separator: ", "))", parameters)
    }
    try PostgresStore.insertScores(seq, result: result, db)
    var scores: [String: Double] = [:]
    for dimension in result.dimensions { if let score = dimension.score { scores[dimension.id.rawValue] = score } }
    newlyCounted[business, default: []].append(
      CountedAssessment(
        seq: seq, questionnaireID: item.questionnaire.id, status: .submitted, submittedAt: made,
        locality: profile.locality, vsicVersion: profile.industry?.vsic, section: profile.industry?.section,
        sizeClass: item.sizeClass, overallScore: result.overall.score, overallLevel: result.overall.level,
        dimensionScores: scores, legalForm: profile.legalForm))
    batch.insert(seq)
    added += 1
  }

  /// Brings the maintained statistics up to date with the batch, in the same transaction.
  func finish() throws {
    try PostgresStatistics.apply(
      MaintainedStatistics.cells(
        ofNewBusinesses: newlyCounted.lazy.filter { $0.key > earlierBusinesses }.map(\.value)), db)
    try PostgresStatistics.refresh(
      businesses: newlyCounted.keys.filter { $0 <= earlierBusinesses }, before: { [batch] in !batch.contains($0.seq) },
      after: { _ in true }, db)
  }
}
