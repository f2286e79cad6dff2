import DXReadyCore

extension PostgresStore {
  public func importSubmitted(_ next: () throws(StoreError) -> ImportedAssessment?) throws(StoreError) -> (
    added: Int, unchanged: Int, reviews: Int
  ) {
    try importSubmitted(next, limits: BulkLimits())
  }

  /// As ``importSubmitted(_:)``, in steps of the given sizes.
  func importSubmitted(_ next: () throws(StoreError) -> ImportedAssessment?, limits: BulkLimits)
    throws(StoreError) -> (added: Int, unchanged: Int, reviews: Int)
  {
    try write(serialised: true) { db in
      var writer = try PostgresBulkWriter(db, limits: limits)
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
/// a handful of round trips per thousand assessments. The statistics are counted as the
/// SQLite store's `BulkWriter` counts them (``ImportCounting``): the writer's memory does not
/// grow with the number of assessments.
struct PostgresBulkWriter {
  private(set) var added = 0
  private(set) var unchanged = 0
  private let db: PGConnection
  private let time = PostgresStore.now()
  private var storedQuestionnaires: Set<String> = []
  /// The last business and the last assessment stored before the import (read under the
  /// write lock): the import's assessments come after `earlierAssessments`, and a business after
  /// `earlierBusinesses` has no submitted assessment from before it.
  private let earlierBusinesses: Int64
  private let earlierAssessments: Int64
  /// Assessments waiting for the next flush, by id, and their businesses' tax codes (a business
  /// comes at most once in a flush: its profile is upserted in one row).
  private var pending: [ImportedAssessment] = []
  private var pendingIDs: [AssessmentID: Int] = [:]
  private var pendingTaxCodes: Set<String> = []
  private let limits: BulkLimits
  /// The new businesses' statistics, counted as their assessments are written.
  private var counting: ImportCounting

  init(_ db: PGConnection, limits: BulkLimits = BulkLimits()) throws {
    self.db = db
    self.limits = limits
    earlierBusinesses = try db.execute("SELECT coalesce(max(id), 0) FROM business").int64(0, 0) ?? 0
    earlierAssessments = try db.execute("SELECT coalesce(max(seq), 0) FROM assessment").int64(0, 0) ?? 0
    counting = ImportCounting(after: earlierBusinesses, limits: limits)
  }

  mutating func write(_ item: ImportedAssessment) throws {
    if let index = pendingIDs[item.id] {
      let earlier = pending[index]
      guard earlier.contentDigest == item.contentDigest else {
        throw StoreError.conflict(
          "\(item.origin): assessment \(item.id) is also in \(earlier.origin) with other content; give one of them another id"
        )
      }
      unchanged += 1
      return
    }
    guard let taxCode = item.profile.taxCode, item.profile.name != nil else {
      throw StoreError.conflict("a business needs a name and a tax code to be stored")
    }
    if pendingTaxCodes.contains(taxCode) { try flush() }
    if storedQuestionnaires.insert(item.questionnaire.hash).inserted {
      try PostgresStore.insertQuestionnaire(item.questionnaire, source: item.questionnaireSource, db)
    }
    pendingIDs[item.id] = pending.count
    pending.append(item)
    pendingTaxCodes.insert(taxCode)
    if pending.count >= limits.flush { try flush() }
  }

  /// Writes the pending assessments: their businesses, the assessments, answers and scores.
  private mutating func flush() throws {
    guard !pending.isEmpty else { return }
    defer {
      pending.removeAll(keepingCapacity: true)
      pendingIDs.removeAll(keepingCapacity: true)
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
    // Ids already stored: the same content is skipped, other content refused.
    let stored = try db.execute(
      "SELECT id, content_digest, seq FROM assessment WHERE id = ANY($1::text[] COLLATE \"C\")",
      [PGArray.text(items.map(\.id.rawValue))])
    var digests: [String: String] = [:]
    var thisImport: Set<String> = []
    for row in 0..<stored.count {
      let id = stored.text(row, 0) ?? ""
      digests[id] = stored.text(row, 1) ?? ""
      if let seq = stored.int64(row, 2), seq > earlierAssessments { thisImport.insert(id) }
    }
    for item in items {
      guard let digest = digests[item.id.rawValue] else { continue }
      guard digest == item.contentDigest else {
        if thisImport.contains(item.id.rawValue) {
          // Stored by an earlier flush of this import; which file that was is not kept.
          throw StoreError.conflict(
            "\(item.origin): assessment \(item.id) is also in an earlier file of this import with other content; give one of them another id"
          )
        }
        throw StoreError.conflict(
          "\(item.origin): assessment \(item.id) is already stored with other content; nothing was imported. Give the file a new `assessment:` id to store it as another assessment"
        )
      }
      unchanged += 1
    }
    // The new ones: their sequence numbers taken from the column's own sequence, then every
    // row through COPY (cheaper for the server than a statement over arrays). Writes are
    // serialised, so no other writer stores one of these ids in between.
    let new = items.indices.filter { digests[items[$0].id.rawValue] == nil }
    var seqOf: [String: Int64] = [:]
    if !new.isEmpty {
      let seqs = try db.execute(
        "SELECT nextval(pg_get_serial_sequence('dxready.assessment', 'seq')) FROM generate_series(1, $1)", [new.count])
      for (row, index) in new.enumerated() {
        guard let seq = seqs.int64(row, 0) else { throw StoreError.failure("\(db.label): no sequence number") }
        seqOf[items[index].id.rawValue] = seq
      }
      try db.copyIn(
        "assessment",
        columns: [
          "seq", "id", "business_id", "questionnaire_hash", "questionnaire_id", "questionnaire_version", "status",
          "profile", "locality", "vsic_version", "vsic_section", "size_class", "created_at", "updated_at",
          "content_digest", "submitted_at", "scoring_method", "overall_status", "overall_score", "overall_level",
          "weakest_dimension", "legal_form", "consent_notice", "consent_at", "consent_method", "review_state",
        ]
      ) { (copy: inout PGCopyRows) throws(StoreError) in
        for index in new {
          let item = items[index]
          let profile = item.profile
          copy.field(String(seqOf[item.id.rawValue] ?? 0))
          copy.field(item.id.rawValue)
          copy.field(String(owners[index]))
          copy.field(item.questionnaire.hash)
          copy.field(item.questionnaire.id.rawValue)
          copy.field(item.questionnaire.version)
          copy.field("submitted")
          copy.field(item.encodedProfile)
          copy.field(profile.locality)
          copy.field(profile.industry.map { String($0.vsic) })
          copy.field(profile.industry?.section)
          copy.field(item.sizeClass?.rawValue)
          copy.field(made[index])
          copy.field(time)
          copy.field(item.contentDigest)
          copy.field(made[index])
          copy.field(item.result.scoringMethod)
          copy.field(item.result.overall.status.rawValue)
          copy.field(item.result.overall.score.map { "\($0)" })
          copy.field(item.result.overall.level.map { String($0) })
          copy.field(item.result.weakestDimension?.rawValue)
          copy.field(profile.legalForm?.rawValue)
          copy.field(item.consent?.notice)
          copy.field(item.consent?.givenAt)
          copy.field(item.consent?.method.rawValue)
          copy.field("submitted")
          try copy.endRow()
        }
      }
    }
    added += seqOf.count
    guard !seqOf.isEmpty else { return }
    // The answers through COPY: one JSON object per assessment (see the schema's answer sets).
    try db.copyIn("answer_set", columns: ["assessment", "answers"]) { (copy: inout PGCopyRows) throws(StoreError) in
      for item in items {
        guard let seq = seqOf[item.id.rawValue] else { continue }
        copy.field(String(seq))
        copy.field(item.encodedAnswerSet)
        try copy.endRow()
      }
    }
    // The dimension scores through COPY too: numbers as Swift writes them (the shortest text
    // that reads back the same).
    try db.copyIn("dimension_score", columns: ["assessment", "dimension_id", "status", "score", "level", "coverage"]) {
      (copy: inout PGCopyRows) throws(StoreError) in
      for item in items {
        guard let seq = seqOf[item.id.rawValue] else { continue }
        let key = String(seq)
        for dimension in item.result.dimensions {
          copy.field(key)
          copy.field(dimension.id.rawValue)
          copy.field(dimension.status.rawValue)
          copy.field(dimension.score.map { "\($0)" })
          copy.field(dimension.level.map { "\($0)" })
          copy.field("\(dimension.coverage)")
          try copy.endRow()
        }
      }
    }
    let db = db
    for index in new {
      let item = items[index]
      try counting.written(item, seq: seqOf[item.id.rawValue] ?? 0, business: owners[index], made: made[index]) {
        try PostgresStatistics.apply($0, db)
      }
    }
  }

  /// Writes what is pending and brings the maintained statistics up to date with the whole
  /// import, in the same transaction, as `BulkWriter.finish` does: new businesses as
  /// ``ImportCounting`` says; earlier businesses moved from what counted before to what counts
  /// now, their assessments read back.
  mutating func finish() throws {
    try flush()
    let db = db
    try counting.finish(
      several: { condition, visit in
        try PostgresStatistics.counted(condition: condition, includingPending: false, paged: true, db) {
          assessments, _ in try visit(assessments)
        }
      },
      store: { try PostgresStatistics.apply($0, db) })
    let earlier = earlierAssessments
    try PostgresStatistics.refresh(
      condition: """
        a.business_id <= \(earlierBusinesses)
          AND a.business_id IN (SELECT business_id FROM assessment WHERE seq > \(earlier))
        """, before: { $0.seq <= earlier }, after: { _ in true }, db)
  }
}
