import DXReadyCore
import GRDB

extension SQLiteStore {
  public func importSubmitted(_ next: () throws(StoreError) -> ImportedAssessment?) throws(StoreError) -> (
    added: Int, unchanged: Int, reviews: Int
  ) {
    try importSubmitted(next, limits: BulkLimits())
  }

  /// As ``importSubmitted(_:)``, in steps of the given sizes.
  func importSubmitted(_ next: () throws(StoreError) -> ImportedAssessment?, limits: BulkLimits)
    throws(StoreError) -> (added: Int, unchanged: Int, reviews: Int)
  {
    try guarded {
      try pool.write { db in
        var writer = try BulkWriter(db, limits: limits)
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
}

/// Writes submitted assessments inside one transaction with prepared statements, binding values
/// directly: a bulk import spends its time in SQLite rather than in argument conversions.
///
/// Its memory does not grow with the number of assessments: what it needs to know about the
/// assessments it has written (their ids and digests, where each came from, the businesses
/// whose statistics move) it finds in the transaction, where they are; new businesses are
/// counted into held statistics cells as they are written (``ImportCounting``).
struct BulkWriter {
  private(set) var added = 0
  private(set) var unchanged = 0
  private let db: Database
  private let time = SQLiteStore.now()
  private let upsertBusiness: RawStatement
  private let insertAssessment: RawStatement
  private let insertAnswers: RawStatement
  private let storedDigest: Statement
  private var multiRow: [String: RawStatement] = [:]
  /// Where each assessment of this batch came from (a temporary table), for the message when
  /// a later one has its id with other content.
  private let recordOrigin: RawStatement
  private var storedQuestionnaires: Set<String> = []
  /// The last business and the last assessment stored before the batch: the batch's
  /// assessments come after `earlierAssessments` (rows are appended), and a business after
  /// `earlierBusinesses` has no assessment from before it.
  private let earlierBusinesses: Int64
  private let earlierAssessments: Int64
  /// The new businesses' statistics, counted as their assessments are written.
  private var counting: ImportCounting
  private let limits: BulkLimits

  init(_ db: Database, limits: BulkLimits = BulkLimits()) throws {
    self.db = db
    self.limits = limits
    upsertBusiness = try RawStatement(SQLiteStore.upsertBusinessSQL, in: db)
    // An id already stored inserts nothing and returns no row; its digest then decides.
    insertAssessment = try RawStatement(
      """
      INSERT INTO assessment (id, business_id, questionnaire_hash, questionnaire_id, questionnaire_version,
        status, profile, locality, vsic_version, vsic_section, size_class, created_at, updated_at,
        content_digest, submitted_at, scoring_method, overall_status, overall_score, overall_level,
        weakest_dimension, legal_form, consent_notice, consent_at, consent_method, review_state)
      VALUES (?, ?, ?, ?, ?, 'submitted', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'submitted')
      ON CONFLICT (id) DO NOTHING
      RETURNING seq
      """, in: db)
    insertAnswers = try RawStatement("INSERT INTO answer_set (assessment, answers) VALUES (?, ?)", in: db)
    try db.execute(sql: "CREATE TEMP TABLE IF NOT EXISTS import_origin (seq INTEGER PRIMARY KEY, origin TEXT NOT NULL)")
    try db.execute(sql: "DELETE FROM temp.import_origin")
    recordOrigin = try RawStatement("INSERT INTO temp.import_origin (seq, origin) VALUES (?, ?)", in: db)
    storedDigest = try db.makeStatement(
      sql: """
        SELECT a.content_digest, o.origin FROM assessment a LEFT JOIN temp.import_origin o ON o.seq = a.seq
        WHERE a.id = ?
        """)
    earlierBusinesses = try Int64.fetchOne(db, sql: "SELECT coalesce(max(id), 0) FROM business") ?? 0
    earlierAssessments = try Int64.fetchOne(db, sql: "SELECT coalesce(max(seq), 0) FROM assessment") ?? 0
    counting = ImportCounting(after: earlierBusinesses, limits: limits)
  }

  mutating func write(_ item: ImportedAssessment) throws {
    if storedQuestionnaires.insert(item.questionnaire.hash).inserted {
      try SQLiteStore.insertQuestionnaire(item.questionnaire, source: item.questionnaireSource, db)
    }
    let profile = item.profile
    let business = try SQLiteStore.upsertBusiness(
      profile, sizeClass: item.sizeClass, at: time, with: upsertBusiness)
    let result = item.result
    let assessment = insertAssessment
    try assessment.bind(item.id.rawValue, 1)
    try assessment.bind(business, 2)
    try assessment.bind(item.questionnaire.hash, 3)
    try assessment.bind(item.questionnaire.id.rawValue, 4)
    try assessment.bind(item.questionnaire.version, 5)
    try assessment.bind(item.encodedProfile, 6)
    try assessment.bind(profile.locality, 7)
    try assessment.bind(profile.industry?.vsic, 8)
    try assessment.bind(profile.industry?.section, 9)
    try assessment.bind(item.sizeClass?.rawValue, 10)
    // Made (and submitted) when the file says, else now; stored now either way.
    let made = item.submittedAt ?? time
    try assessment.bind(made, 11)
    try assessment.bind(time, 12)
    try assessment.bind(item.contentDigest, 13)
    try assessment.bind(made, 14)
    try assessment.bind(result.scoringMethod, 15)
    try assessment.bind(result.overall.status.rawValue, 16)
    try assessment.bind(result.overall.score, 17)
    try assessment.bind(result.overall.level, 18)
    try assessment.bind(result.weakestDimension?.rawValue, 19)
    try assessment.bind(profile.legalForm?.rawValue, 20)
    try assessment.bind(item.consent?.notice, 21)
    try assessment.bind(item.consent?.givenAt, 22)
    try assessment.bind(item.consent?.method.rawValue, 23)
    guard let seq = try assessment.execute() else {
      // The id is stored already: by an earlier import, or earlier in this one.
      let stored = try Row.fetchOne(storedDigest, arguments: [item.id.rawValue])
      guard let stored, stored[0] as String? == item.contentDigest else {
        if let earlier = stored?[1] as String? {
          throw StoreError.conflict(
            "\(item.origin): assessment \(item.id) is also in \(earlier) with other content; give one of them another id"
          )
        }
        throw StoreError.conflict(
          "\(item.origin): assessment \(item.id) is already stored with other content; nothing was imported. Give the file a new `assessment:` id to store it as another assessment"
        )
      }
      unchanged += 1
      return
    }
    try insertAnswers.bind(seq, 1)
    try insertAnswers.bind(item.encodedAnswerSet, 2)
    try insertAnswers.execute()
    // Several rows per INSERT cost much less than one statement per row.
    if !result.dimensions.isEmpty {
      let insert = try multiRowInsert(
        "INSERT INTO dimension_score (assessment, dimension_id, status, score, level, coverage) VALUES ",
        rows: result.dimensions.count, columns: 6)
      var index: Int32 = 1
      for dimension in result.dimensions {
        try insert.bind(seq, index)
        try insert.bind(dimension.id.rawValue, index + 1)
        try insert.bind(dimension.status.rawValue, index + 2)
        try insert.bind(dimension.score, index + 3)
        try insert.bind(dimension.level, index + 4)
        try insert.bind(dimension.coverage, index + 5)
        index += 6
      }
      try insert.execute()
    }
    try recordOrigin.bind(seq, 1)
    try recordOrigin.bind(item.origin, 2)
    try recordOrigin.execute()
    added += 1
    let db = db
    try counting.written(item, seq: seq, business: business, made: made) { try StatisticsMaintenance.apply($0, db) }
  }

  /// Brings the maintained statistics up to date with the batch, in the same transaction: new
  /// businesses as ``ImportCounting`` says; businesses stored before move from what counted
  /// without the batch to what counts with it, their assessments read back.
  mutating func finish() throws {
    let db = db
    try counting.finish(
      several: { try StatisticsMaintenance.counted(filter: $0, db, $1) },
      store: { try StatisticsMaintenance.apply($0, db) })
    let earlier = earlierAssessments
    try StatisticsMaintenance.refresh(
      filter: """
        a.business_id <= \(earlierBusinesses)
          AND a.business_id IN (SELECT business_id FROM assessment WHERE seq > \(earlier))
        """, before: { $0.seq <= earlier }, after: { _ in true }, db)
    if added >= limits.compactCells.added, try StatisticsMaintenance.cellPageJumps(db) > limits.compactCells.jumps {
      try StatisticsMaintenance.compactCells(db)
    }
    try db.execute(sql: "DROP TABLE temp.import_origin")
  }

  /// An INSERT of `rows` rows, prepared once per shape.
  private mutating func multiRowInsert(_ head: String, rows: Int, columns: Int) throws -> RawStatement {
    let key = "\(head)#\(rows)"
    if let statement = multiRow[key] { return statement }
    let row = "(" + Array(repeating: "?", count: columns).joined(separator: ", ") + ")"
    let statement = try RawStatement(head + Array(repeating: row, count: rows).joined(separator: ", "), in: db)
    multiRow[key] = statement
    return statement
  }
}
