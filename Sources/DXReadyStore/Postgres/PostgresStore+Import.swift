import DXReadyCore

extension PostgresStore {
  public func importSubmitted(_ next: () throws(StoreError) -> ImportedAssessment?) throws(StoreError) -> (
    added: Int, unchanged: Int, reviews: Int
  ) {
    try write(serialised: true) { db in
      var writer = try PostgresBulkWriter(db)
      var arriving: [ArrivingReview] = []
      while let item = try next() {
        try writer.write(item)
        if let review = item.review { arriving.append(review) }
      }
      try writer.finish()
      var reviews = 0
      for review in arriving where try Self.applyCarried(review, db) { reviews += 1 }
      return (writer.added, writer.unchanged, reviews)
    }
  }
}

/// Writes submitted assessments inside one transaction, a thousand at a time: each table's rows
/// of a batch go in one statement through `unnest` of array parameters, so a bulk import costs
/// a handful of round trips per thousand assessments. The statistics move once at the end, as
/// the SQLite store's `BulkWriter` does.
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
  /// Assessments waiting for the next flush, and their businesses' tax codes (a business comes
  /// at most once in a flush: its profile is upserted in one row).
  private var pending: [ImportedAssessment] = []
  private var pendingTaxCodes: Set<String> = []
  static let flushSize = 1000

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
    guard let taxCode = item.profile.taxCode, item.profile.name != nil else {
      throw StoreError.conflict("a business needs a name and a tax code to be stored")
    }
    if pendingTaxCodes.contains(taxCode) { try flush() }
    if storedQuestionnaires.insert(item.questionnaire.hash).inserted {
      try PostgresStore.insertQuestionnaire(item.questionnaire, source: item.questionnaireSource, db)
    }
    pending.append(item)
    pendingTaxCodes.insert(taxCode)
    if pending.count >= Self.flushSize { try flush() }
  }

  /// Writes the pending assessments: their businesses, the assessments, answers and scores.
  private mutating func flush() throws {
    guard !pending.isEmpty else { return }
    defer {
      pending.removeAll(keepingCapacity: true)
      pendingTaxCodes.removeAll(keepingCapacity: true)
    }
    let items = pending
    let profiles = items.map(\.profile)
    // Businesses: added, or updated field by field where the new profile says something.
    let businesses = try db.execute(
      """
      INSERT INTO business (tax_code, name, locality, vsic_version, vsic_section, vsic_code, employees,
        revenue_billion_vnd, capital_billion_vnd, size_class, created_at, updated_at, legal_form)
      SELECT tax_code, name, locality, vsic_version, vsic_section, vsic_code, employees, revenue, capital, size_class,
        $11::text, $11::text, legal_form FROM unnest($1::text[], $2::text[], $3::text[], $4::int[],
        $5::text[], $6::text[], $7::int[], $8::float8[], $9::float8[], $10::text[], $12::text[])
        AS u(tax_code, name, locality, vsic_version, vsic_section, vsic_code, employees, revenue, capital, size_class,
          legal_form)
      ON CONFLICT (tax_code) DO UPDATE SET name = excluded.name,
        legal_form = COALESCE(excluded.legal_form, business.legal_form),
        locality = COALESCE(excluded.locality, business.locality),
        vsic_version = COALESCE(excluded.vsic_version, business.vsic_version),
        vsic_section = COALESCE(excluded.vsic_section, business.vsic_section),
        vsic_code = COALESCE(excluded.vsic_code, business.vsic_code),
        employees = COALESCE(excluded.employees, business.employees),
        revenue_billion_vnd = COALESCE(excluded.revenue_billion_vnd, business.revenue_billion_vnd),
        capital_billion_vnd = COALESCE(excluded.capital_billion_vnd, business.capital_billion_vnd),
        size_class = COALESCE(excluded.size_class, business.size_class), updated_at = excluded.updated_at
      RETURNING tax_code, id
      """,
      [
        PGArray.text(profiles.map(\.taxCode)), PGArray.text(profiles.map(\.name)),
        PGArray.text(profiles.map(\.locality)), PGArray.numbers(profiles.map { $0.industry?.vsic }),
        PGArray.text(profiles.map { $0.industry?.section }), PGArray.text(profiles.map { $0.industry?.code }),
        PGArray.numbers(profiles.map(\.employees)), PGArray.numbers(profiles.map(\.revenueBillionVND)),
        PGArray.numbers(profiles.map(\.capitalBillionVND)), PGArray.text(items.map { $0.sizeClass?.rawValue }), time,
        PGArray.text(profiles.map { $0.legalForm?.rawValue }),
      ])
    var businessOf: [String: Int64] = [:]
    for row in 0..<businesses.count {
      if let taxCode = businesses.text(row, 0), let id = businesses.int64(row, 1) { businessOf[taxCode] = id }
    }
    let owners = try items.map { item in
      guard let id = businessOf[item.profile.taxCode ?? ""] else {
        throw StoreError.failure("the business \(item.profile.taxCode ?? "") could not be saved")
      }
      return id
    }
    // Made (and submitted) when the file says, else now; stored now either way.
    let made = items.map { $0.submittedAt ?? time }
    let inserted = try db.execute(
      """
      INSERT INTO assessment (id, business_id, questionnaire_hash, questionnaire_id, questionnaire_version,
        status, profile, locality, vsic_version, vsic_section, size_class, created_at, updated_at,
        content_digest, submitted_at, scoring_method, overall_status, overall_score, overall_level,
        weakest_dimension, legal_form, consent_notice, consent_at, consent_method, review_state)
      SELECT id, business_id, questionnaire_hash, questionnaire_id, questionnaire_version, 'submitted', profile,
        locality, vsic_version, vsic_section, size_class, made, $21::text, content_digest, made, scoring_method,
        overall_status, overall_score, overall_level, weakest_dimension, legal_form, consent_notice, consent_at,
        consent_method, 'submitted'
      FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::int[],
        $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::float8[], $16::int[],
        $17::text[], $18::text[], $19::text[], $20::text[], $22::text[])
        AS u(id, business_id, questionnaire_hash, questionnaire_id, questionnaire_version, profile, locality,
          vsic_version, vsic_section, size_class, made, content_digest, scoring_method, overall_status, overall_score,
          overall_level, weakest_dimension, legal_form, consent_notice, consent_at, consent_method)
      ON CONFLICT (id) DO NOTHING
      RETURNING id, seq
      """,
      [
        PGArray.text(items.map(\.id.rawValue)), PGArray.numbers(owners), PGArray.text(items.map(\.questionnaire.hash)),
        PGArray.text(items.map(\.questionnaire.id)), PGArray.text(items.map(\.questionnaire.version)),
        PGArray.text(items.map(\.encodedProfile)), PGArray.text(profiles.map(\.locality)),
        PGArray.numbers(profiles.map { $0.industry?.vsic }), PGArray.text(profiles.map { $0.industry?.section }),
        PGArray.text(items.map { $0.sizeClass?.rawValue }), PGArray.text(made),
        PGArray.text(items.map(\.contentDigest)), PGArray.text(items.map(\.result.scoringMethod)),
        PGArray.text(items.map(\.result.overall.status.rawValue)), PGArray.numbers(items.map(\.result.overall.score)),
        PGArray.numbers(items.map(\.result.overall.level)),
        PGArray.text(items.map { $0.result.weakestDimension?.rawValue }),
        PGArray.text(profiles.map { $0.legalForm?.rawValue }), PGArray.text(items.map { $0.consent?.notice }),
        PGArray.text(items.map { $0.consent?.givenAt }), time, PGArray.text(items.map { $0.consent?.method.rawValue }),
      ])
    var seqOf: [String: Int64] = [:]
    for row in 0..<inserted.count {
      if let id = inserted.text(row, 0), let seq = inserted.int64(row, 1) { seqOf[id] = seq }
    }
    // Ids already stored: the same content is skipped, other content refused.
    let known = items.filter { seqOf[$0.id.rawValue] == nil }
    if !known.isEmpty {
      let stored = try db.execute(
        "SELECT id, content_digest FROM assessment WHERE id = ANY($1::text[] COLLATE \"C\")",
        [PGArray.text(known.map(\.id.rawValue))])
      var digests: [String: String] = [:]
      for row in 0..<stored.count { digests[stored.text(row, 0) ?? ""] = stored.text(row, 1) }
      for item in known {
        guard digests[item.id.rawValue] == item.contentDigest else {
          throw StoreError.conflict(
            "\(item.origin): assessment \(item.id) is already stored with other content; nothing was imported. Give the file a new `assessment:` id to store it as another assessment"
          )
        }
        unchanged += 1
      }
    }
    var scoreSeqs: [Int64] = []
    var dimensions: [String?] = []
    var statuses: [String?] = []
    var scores: [Double?] = []
    var levels: [Int?] = []
    var coverages: [Double?] = []
    for (index, item) in items.enumerated() {
      guard let seq = seqOf[item.id.rawValue] else { continue }
      var counted: [String: Double] = [:]
      for dimension in item.result.dimensions {
        scoreSeqs.append(seq)
        dimensions.append(dimension.id.rawValue)
        statuses.append(dimension.status.rawValue)
        scores.append(dimension.score)
        levels.append(dimension.level)
        coverages.append(dimension.coverage)
        if let score = dimension.score { counted[dimension.id.rawValue] = score }
      }
      let profile = item.profile
      newlyCounted[owners[index], default: []].append(
        CountedAssessment(
          seq: seq, questionnaireID: item.questionnaire.id, status: .submitted, submittedAt: made[index],
          locality: profile.locality, vsicVersion: profile.industry?.vsic, section: profile.industry?.section,
          sizeClass: item.sizeClass, overallScore: item.result.overall.score, overallLevel: item.result.overall.level,
          dimensionScores: counted, legalForm: profile.legalForm))
      batch.insert(seq)
      added += 1
    }
    // The answers through COPY: one JSON object per assessment (see the schema's answer sets).
    if !seqOf.isEmpty {
      try db.copyIn("answer_set", columns: ["assessment", "answers"]) {
        (copy: inout PGCopyRows) throws(StoreError) in
        for item in items {
          guard let seq = seqOf[item.id.rawValue] else { continue }
          copy.field(String(seq))
          copy.field(Self.answerObject(item.encodedAnswers))
          try copy.endRow()
        }
      }
    }
    if !scoreSeqs.isEmpty {
      try db.execute(
        """
        INSERT INTO dimension_score (assessment, dimension_id, status, score, level, coverage)
        SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::float8[], $5::int[], $6::float8[])
        """,
        [
          PGArray.numbers(scoreSeqs), PGArray.text(dimensions), PGArray.text(statuses), PGArray.numbers(scores),
          PGArray.numbers(levels), PGArray.numbers(coverages),
        ])
    }
  }

  /// Answers as one JSON object, `{"question":answer,…}`, each answer as dxready writes it.
  static func answerObject(_ answers: [(question: QuestionID, json: String)]) -> String {
    var text = "{"
    text.reserveCapacity(answers.count * 32)
    for (index, answer) in answers.enumerated() {
      if index > 0 { text += "," }
      text += AnswerValue.quoted(answer.question.rawValue)
      text += ":"
      text += answer.json
    }
    return text + "}"
  }

  /// Writes what is pending and brings the maintained statistics up to date with the whole
  /// import, in the same transaction.
  mutating func finish() throws {
    try flush()
    let batch = batch
    let earlier = earlierBusinesses
    let counted = newlyCounted
    try PostgresStatistics.apply(
      MaintainedStatistics.cells(ofNewBusinesses: counted.lazy.filter { $0.key > earlier }.map(\.value)), db)
    try PostgresStatistics.refresh(
      businesses: newlyCounted.keys.filter { $0 <= earlierBusinesses }, before: { !batch.contains($0.seq) },
      after: { _ in true }, db)
  }
}
