import DXReadyCore
import Foundation
import GRDB

/// The embedded database: one SQLite file in WAL mode, nothing to install or start.
///
/// ```swift
/// let store = try SQLiteStore.open(path: SQLiteStore.defaultPath())
/// let recent = try store.assessments(AssessmentFilter(limit: 20))
/// ```
public final class SQLiteStore: AssessmentStore {
  /// The connections: a queue for a store that writes, a read-only pool otherwise.
  let pool: any DatabaseWriter
  /// The database file.
  public let path: String
  /// Whether opening it created it.
  public let wasCreated: Bool
  /// Whether ``discardIfNew()`` closed and removed it: later calls do nothing (a closed
  /// connection must not be read again).
  private let discarded = LockedFlag()

  init(pool: any DatabaseWriter, path: String, wasCreated: Bool) {
    self.pool = pool
    self.path = path
    self.wasCreated = wasCreated
  }

  /// Closes the database and removes it, when this store created it and it holds nothing:
  /// a command that failed leaves no new empty file behind.
  public func discardIfNew() {
    guard wasCreated, !discarded.isSet,
      (try? assessments(AssessmentFilter(limit: 1)).isEmpty) == true
    else { return }
    discarded.set()
    try? pool.close()
    for suffix in ["", "-wal", "-shm"] { unlink(path + suffix) }
  }

  /// Runs `body`, turning any database error into a ``StoreError``.
  func guarded<T>(_ body: () throws -> T) throws(StoreError) -> T {
    do {
      return try body()
    } catch let error as StoreError {
      throw error
    } catch {
      throw Self.translate(error, path: path)
    }
  }

  static func now() -> String { Timestamp.string(Date()) }

  // MARK: Writes

  public func saveQuestionnaire(_ questionnaire: Questionnaire, source: String) throws(StoreError) {
    try guarded { try pool.write { db in try Self.insertQuestionnaire(questionnaire, source: source, db) } }
  }

  static func insertQuestionnaire(_ questionnaire: Questionnaire, source: String, _ db: Database) throws {
    try db.execute(
      sql: """
        INSERT INTO questionnaire (hash, questionnaire_id, version, source, stored_at) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT (hash) DO NOTHING
        """,
      arguments: [questionnaire.hash, questionnaire.id.rawValue, questionnaire.version, source, now()])
  }

  /// Saves a business's profile; its drafts (not yet counted anywhere) take the new profile
  /// with them, so that what is submitted is what the business last said.
  public func saveBusiness(_ profile: BusinessProfile, sizeClass: SizeClass?) throws(StoreError) {
    try guarded {
      try pool.write { db in
        let business = try Self.upsertBusiness(profile, sizeClass: sizeClass, db)
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM business WHERE id = ?", arguments: [business])
        else { return }
        let stored = Self.profile(row)
        try db.execute(
          sql: """
            UPDATE assessment SET profile = ?, locality = ?, vsic_version = ?, vsic_section = ?, size_class = ?,
              legal_form = ?, updated_at = ?
            WHERE business_id = ? AND status = 'draft'
            """,
          arguments: [
            stored.jsonText, stored.locality, stored.industry?.vsic, stored.industry?.section,
            row["size_class"] as String?, stored.legalForm?.rawValue, Self.now(), business,
          ])
      }
    }
  }

  /// Adds or updates a business by tax code and returns its row id. A field the new profile
  /// leaves out keeps its stored value: a short profile never erases what is known.
  static func upsertBusiness(_ profile: BusinessProfile, sizeClass: SizeClass?, _ db: Database) throws -> Int64 {
    try upsertBusiness(profile, sizeClass: sizeClass, at: now(), with: RawStatement(upsertBusinessSQL, in: db))
  }

  /// Runs the business upsert prepared in `statement`, which a bulk import reuses.
  static func upsertBusiness(
    _ profile: BusinessProfile, sizeClass: SizeClass?, at time: String, with statement: RawStatement
  ) throws -> Int64 {
    guard let taxCode = profile.taxCode, let name = profile.name else {
      throw StoreError.conflict("a business needs a name and a tax code to be stored")
    }
    try statement.bind(taxCode, 1)
    try statement.bind(name, 2)
    try statement.bind(profile.locality, 3)
    try statement.bind(profile.industry?.vsic, 4)
    try statement.bind(profile.industry?.section, 5)
    try statement.bind(profile.industry?.code, 6)
    try statement.bind(profile.employees, 7)
    try statement.bind(profile.revenueBillionVND, 8)
    try statement.bind(profile.capitalBillionVND, 9)
    try statement.bind(sizeClass?.rawValue, 10)
    try statement.bind(time, 11)
    try statement.bind(time, 12)
    try statement.bind(profile.legalForm?.rawValue, 13)
    guard let id = try statement.execute() else {
      throw StoreError.failure("the business \(taxCode) could not be saved")
    }
    return id
  }

  static let upsertBusinessSQL = """
    INSERT INTO business (tax_code, name, locality, vsic_version, vsic_section, vsic_code, employees,
      revenue_billion_vnd, capital_billion_vnd, size_class, created_at, updated_at, legal_form)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
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
    RETURNING id
    """

  static let insertScoreSQL = """
    INSERT INTO dimension_score (assessment, dimension_id, status, score, level, coverage)
    VALUES (?, ?, ?, ?, ?, ?)
    ON CONFLICT (assessment, dimension_id) DO UPDATE SET status = excluded.status, score = excluded.score,
      level = excluded.level, coverage = excluded.coverage
    """

  public func createDraft(_ id: AssessmentID, taxCode: String, questionnaire: Questionnaire, consent: ConsentRecord?)
    throws(StoreError)
  {
    try guarded {
      try pool.write { db in
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM business WHERE tax_code = ?", arguments: [taxCode])
        else { throw StoreError.notFound("business \(taxCode)") }
        let profile = Self.profile(row)
        let time = Self.now()
        try db.execute(
          sql: """
            INSERT INTO assessment (id, business_id, questionnaire_hash, questionnaire_id, questionnaire_version,
              status, profile, locality, vsic_version, vsic_section, size_class, created_at, updated_at, legal_form,
              consent_notice, consent_at, consent_method)
            VALUES (?, ?, ?, ?, ?, 'draft', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
          arguments: [
            id.rawValue, row["id"] as Int64, questionnaire.hash, questionnaire.id.rawValue, questionnaire.version,
            profile.jsonText, profile.locality, profile.industry?.vsic, profile.industry?.section,
            row["size_class"] as String?, time, time, profile.legalForm?.rawValue, consent?.notice, consent?.givenAt,
            consent?.method.rawValue,
          ])
      }
    }
  }

  public func startKioskDraft(
    _ id: AssessmentID, profile: BusinessProfile, sizeClass: SizeClass?, questionnaire: Questionnaire,
    consent: ConsentRecord?, resumeCode: String
  ) throws(StoreError) {
    guard let taxCode = profile.taxCode, let name = profile.name else {
      throw StoreError.conflict("a business needs a name and a tax code to be stored")
    }
    try guarded {
      try pool.write { db in
        let time = Self.now()
        try db.execute(
          sql: """
            INSERT INTO business (tax_code, name, locality, vsic_version, vsic_section, vsic_code, employees,
              revenue_billion_vnd, capital_billion_vnd, size_class, created_at, updated_at, legal_form)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (tax_code) DO NOTHING
            """,
          arguments: [
            taxCode, name, profile.locality, profile.industry?.vsic, profile.industry?.section, profile.industry?.code,
            profile.employees, profile.revenueBillionVND, profile.capitalBillionVND, sizeClass?.rawValue, time, time,
            profile.legalForm?.rawValue,
          ])
        let business = try Int64.fetchOne(db, sql: "SELECT id FROM business WHERE tax_code = ?", arguments: [taxCode])
        try db.execute(
          sql: """
            INSERT INTO assessment (id, business_id, questionnaire_hash, questionnaire_id, questionnaire_version,
              status, profile, locality, vsic_version, vsic_section, size_class, created_at, updated_at, legal_form,
              consent_notice, consent_at, consent_method, resume_code)
            VALUES (?, ?, ?, ?, ?, 'draft', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
          arguments: [
            id.rawValue, business, questionnaire.hash, questionnaire.id.rawValue, questionnaire.version,
            profile.jsonText,
            profile.locality, profile.industry?.vsic, profile.industry?.section, sizeClass?.rawValue, time, time,
            profile.legalForm?.rawValue, consent?.notice, consent?.givenAt, consent?.method.rawValue,
            ResumeCode.digest(resumeCode),
          ])
      }
    }
  }

  public func saveDraftProfile(_ profile: BusinessProfile, sizeClass: SizeClass?, draft: AssessmentID)
    throws(StoreError)
  {
    try guarded {
      try pool.write { db in
        let seq = try Self.requireDraft(draft, db)
        try db.execute(
          sql: """
            UPDATE assessment SET profile = ?, locality = ?, vsic_version = ?, vsic_section = ?, size_class = ?,
              legal_form = ?, updated_at = ?
            WHERE seq = ?
            """,
          arguments: [
            profile.jsonText, profile.locality, profile.industry?.vsic, profile.industry?.section, sizeClass?.rawValue,
            profile.legalForm?.rawValue, Self.now(), seq,
          ])
      }
    }
  }

  public func drafts(openedBy code: String, taxCode: String) throws(StoreError) -> [AssessmentID] {
    let stored = try guarded {
      try pool.read { db in
        try Row.fetchAll(
          db,
          sql: """
            SELECT a.id, a.resume_code FROM assessment a JOIN business b ON b.id = a.business_id
            WHERE b.tax_code = ? AND a.status = 'draft' AND a.resume_code IS NOT NULL ORDER BY a.seq
            """, arguments: [taxCode]
        ).map { (id: $0["id"] as String, digest: $0["resume_code"] as String) }
      }
    }
    return stored.filter { ResumeCode.matches(code, digest: $0.digest) }.compactMap { AssessmentID($0.id) }
  }

  public func saveAnswer(_ answer: AnswerValue, question: QuestionID, assessment: AssessmentID) throws(StoreError) {
    try guarded {
      try pool.write { db in
        let seq = try Self.requireDraft(assessment, db)
        let time = Self.now()
        try db.execute(
          sql: """
            INSERT INTO answer (assessment, question_id, value, answered_at) VALUES (?, ?, ?, ?)
            ON CONFLICT (assessment, question_id) DO UPDATE SET value = excluded.value,
              answered_at = excluded.answered_at
            """,
          arguments: [seq, question.rawValue, answer.jsonText, time])
        try db.execute(
          sql: "UPDATE assessment SET updated_at = ? WHERE id = ?", arguments: [time, assessment.rawValue])
      }
    }
  }

  public func savePosition(_ question: QuestionID, assessment: AssessmentID) throws(StoreError) {
    try guarded {
      try pool.write { db in
        _ = try Self.requireDraft(assessment, db)
        try db.execute(
          sql: "UPDATE assessment SET position = ? WHERE id = ?", arguments: [question.rawValue, assessment.rawValue])
      }
    }
  }

  public func removeAnswer(question: QuestionID, assessment: AssessmentID) throws(StoreError) {
    try guarded {
      try pool.write { db in
        let seq = try Self.requireDraft(assessment, db)
        try db.execute(
          sql: "DELETE FROM answer WHERE assessment = ? AND question_id = ?", arguments: [seq, question.rawValue])
        try db.execute(
          sql: "UPDATE assessment SET updated_at = ? WHERE id = ?", arguments: [Self.now(), assessment.rawValue])
      }
    }
  }

  /// The draft's key, or why its answers cannot change.
  static func requireDraft(_ assessment: AssessmentID, _ db: Database) throws -> Int64 {
    guard
      let row = try Row.fetchOne(
        db, sql: "SELECT seq, status FROM assessment WHERE id = ?", arguments: [assessment.rawValue])
    else { throw StoreError.notFound("assessment \(assessment)") }
    let status: String = row["status"]
    guard status == AssessmentStatus.draft.rawValue else {
      throw StoreError.conflict("assessment \(assessment) is \(status); only a draft's answers can change")
    }
    return row["seq"]
  }

  public func submit(_ assessment: AssessmentID, result: ScoringResult) throws(StoreError) {
    try guarded {
      try pool.write { db in
        let seq = try Self.requireDraft(assessment, db)
        try Self.storeScores(seq, result: result, at: Self.now(), db)
        let business = try Int64.fetchOne(db, sql: "SELECT business_id FROM assessment WHERE seq = ?", arguments: [seq])
        try StatisticsMaintenance.refresh(
          businesses: business.map { [$0] } ?? [], before: { $0.seq != seq }, after: { _ in true }, db)
      }
    }
  }

  static func storeScores(_ seq: Int64, result: ScoringResult, at time: String, _ db: Database) throws {
    try db.cachedStatement(
      sql: """
        UPDATE assessment SET status = 'submitted', review_state = 'submitted', submitted_at = ?, updated_at = ?,
          scoring_method = ?,
          overall_status = ?, overall_score = ?, overall_level = ?, weakest_dimension = ?
        WHERE seq = ?
        """
    ).execute(arguments: [
      time, time, result.scoringMethod, result.overall.status.rawValue, result.overall.score, result.overall.level,
      result.weakestDimension?.rawValue, seq,
    ])
    let insert = try db.cachedStatement(sql: insertScoreSQL)
    for dimension in result.dimensions {
      try insert.execute(arguments: [
        seq, dimension.id.rawValue, dimension.status.rawValue, dimension.score, dimension.level,
        dimension.coverage,
      ])
    }
  }

  public func deleteAssessment(_ id: AssessmentID, by actor: String) throws(StoreError) {
    try guarded {
      try pool.write { db in
        guard
          let row = try Row.fetchOne(
            db, sql: "SELECT seq, business_id, status FROM assessment WHERE id = ?", arguments: [id.rawValue])
        else { throw StoreError.notFound("assessment \(id)") }
        if row["status"] as String != AssessmentStatus.draft.rawValue { try Self.auditDeletion(id, by: actor, db) }
        let seq: Int64 = row["seq"]
        try StatisticsMaintenance.refresh(
          businesses: [row["business_id"] as Int64], before: { _ in true }, after: { $0.seq != seq }, db)
        try db.execute(sql: "DELETE FROM assessment WHERE seq = ?", arguments: [seq])
      }
    }
  }
}

/// A flag set once, from any thread.
final class LockedFlag: @unchecked Sendable {
  private let lock = NSLock()
  private var value = false

  var isSet: Bool { lock.withLock { value } }

  func set() { lock.withLock { value = true } }
}
