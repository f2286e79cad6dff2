import DXReadyCore
import Foundation

/// The shared database of a province-wide deployment: PostgreSQL, through libpq.
///
/// The same tables and the same behaviour as ``SQLiteStore`` (the store test suite runs on
/// both): every write in its own transaction, the maintained statistics cells moved in the
/// same transaction as the assessments they count. Writes that move statistics or append to
/// the audit log take one transaction-level advisory lock, so that concurrent writers queue
/// rather than lose a cell's update or fork the audit chain; drafts' answers do not take it.
///
/// ```swift
/// let store = try PostgresStore.open("postgresql://consultant@db.example/dxready")
/// ```
public final class PostgresStore: AssessmentStore, @unchecked Sendable {
  /// The key of the advisory lock that writers of statistics and audit entries take.
  static let writeLock: Int64 = 0x4458_5244_5752

  private let connection: PGConnection
  private let lock = NSLock()
  /// The server and database, as messages name them (no password).
  public var label: String { connection.label }

  /// How it was reached: to connect again.
  let conninfo: String

  /// Whether the connection is an intake account (`dxready_intake`, what businesses' `take
  /// --kiosk` runs as): it sees only the draft whose resume code it holds, and its submissions
  /// are counted into the statistics by the next consultant's connection.
  public let isIntake: Bool
  /// The resume code an intake session holds (the draft it started or opened), in canonical
  /// form; read and written under `lock`.
  var heldCode: String?

  init(connection: PGConnection, conninfo: String, isIntake: Bool = false) {
    self.connection = connection
    self.conninfo = conninfo
    self.isIntake = isIntake
  }

  /// Whether `location` names a PostgreSQL database rather than an SQLite file.
  public static func isLocation(_ location: String) -> Bool {
    let lowered = location.lowercased()
    return lowered.hasPrefix("postgres://") || lowered.hasPrefix("postgresql://") || isKeywordForm(location)
  }

  /// A libpq connection string of `keyword=value` pairs (`host=db port=5432 dbname=dxready`):
  /// after any white space, one of the keywords below, any white space, and `=`.
  ///
  /// Read by hand rather than with a regular expression: every command that opens a database
  /// asks, and Foundation's regular expressions load ICU, which costs a command started cold
  /// tens of milliseconds.
  static func isKeywordForm(_ location: String) -> Bool {
    var scalars = location.unicodeScalars[...]
    // White space as regular expressions' `\s` has it: Unicode's White_Space property.
    func isSpace(_ scalar: Unicode.Scalar) -> Bool { scalar.properties.isWhitespace }
    scalars = scalars.drop(while: isSpace)
    let word = scalars.prefix { ("a"..."z").contains($0) }
    guard
      ["host", "hostaddr", "port", "dbname", "user", "service", "sslmode"].contains(
        String(String.UnicodeScalarView(word)))
    else { return false }
    return scalars.dropFirst(word.count).drop(while: isSpace).first == "="
  }

  /// Why `location` cannot be a database: it looks like an address of some other kind (a
  /// mistyped `postgresql://`), which must never quietly become an SQLite file of that name.
  public static func malformedLocation(_ location: String) -> String? {
    guard !isLocation(location) else { return nil }
    if hasSchemePrefix(location) {
      return
        "\(PGConnection.redacted(location)): not a database dxready knows — a PostgreSQL server is postgresql://USER@HOST[:PORT]/DATABASE (or postgres://…), an SQLite database a file path; nothing was stored"
    }
    return nil
  }

  /// Whether `location` starts as an address with a scheme does (`ftp:/`, `postgresq://`): an
  /// ASCII letter, letters, digits, `+`, `.` or `-`, then `:/`.
  static func hasSchemePrefix(_ location: String) -> Bool {
    let bytes = Array(location.utf8)
    func isLetter(_ byte: UInt8) -> Bool { (65...90).contains(byte) || (97...122).contains(byte) }
    guard let first = bytes.first, isLetter(first) else { return false }
    var index = 1
    while index < bytes.count,
      isLetter(bytes[index]) || (48...57).contains(bytes[index]) || "+.-".utf8.contains(bytes[index])
    {
      index += 1
    }
    return index + 1 < bytes.count && bytes[index] == UInt8(ascii: ":") && bytes[index + 1] == UInt8(ascii: "/")
  }

  /// Connects to the database at `url` (a `postgres://` or `postgresql://` URI, or any libpq
  /// connection string) and checks that its schema is the one this dxready writes; an older
  /// one is left for `dxready db migrate`, a newer one refused, neither touched.
  ///
  /// With `readOnly`, every transaction of the connection is read-only: the server refuses any
  /// write.
  public static func open(_ url: String, readOnly: Bool = false) throws(StoreError) -> PostgresStore {
    let connection = try PGConnection.connect(url)
    switch try PostgresSchema.state(connection) {
    case .current:
      break
    case .uninitialised:
      throw .failure(
        "\(connection.label): this database has no dxready tables yet; run `dxready db init --database \(connection.label)` (as its owner) first"
      )
    case .older(let version):
      throw .failure(
        "\(connection.label): the database's schema is version \(version), this dxready writes version \(PostgresSchema.currentVersion); run `dxready db migrate --database \(connection.label)` first (it was left untouched)"
      )
    case .newer:
      throw .newerSchema(path: connection.label)
    }
    try connection.set("SET search_path TO dxready")
    if readOnly { try connection.set("SET default_transaction_read_only = on") }
    // In the intake role and not one that reads the statistics (a consultant, the owner).
    let intake =
      try connection.execute(
        """
        SELECT pg_has_role('dxready_intake', 'MEMBER') AND NOT has_table_privilege('dxready.stat_cell', 'SELECT')
        """
      ).text(0, 0) == "t"
    return PostgresStore(connection: connection, conninfo: url, isIntake: intake)
  }

  /// The schema version this dxready writes.
  public static var schemaVersion: Int { PostgresSchema.currentVersion }

  /// A database's name as messages show it: a URL without its password.
  public static func displayName(_ url: String) -> String { PGConnection.redacted(url) }

  /// Creates or upgrades the schema; the names of the migrations run (none when up to date).
  public static func migrate(_ url: String) throws(StoreError) -> [String] {
    let connection = try PGConnection.connect(url)
    return try PostgresSchema.migrate(connection)
  }

  /// The schema version a database has, and the one this dxready writes.
  public static func schemaStatus(_ url: String) throws(StoreError) -> (stored: Int?, current: Int) {
    let connection = try PGConnection.connect(url)
    let state = try PostgresSchema.state(connection)
    let stored: Int? =
      switch state {
      case .uninitialised: nil
      case .current: PostgresSchema.currentVersion
      case .older(let version), .newer(let version): version
      }
    return (stored, PostgresSchema.currentVersion)
  }

  /// Runs `body` on the connection, one caller at a time, turning any error into a ``StoreError``.
  func guarded<T>(_ body: (PGConnection) throws -> T) throws(StoreError) -> T {
    lock.lock()
    defer { lock.unlock() }
    // A connection lost since the last step (a restarted server, a dropped network) is made
    // anew before this one; a step that was cut off was rolled back by the server.
    try connection.reconnectIfLost()
    do {
      return try body(connection)
    } catch let error as StoreError {
      throw error
    } catch {
      throw .failure("\(connection.label): \(error)")
    }
  }

  /// A write transaction; with `serialised`, after every other writer of statistics or audit.
  func write<T>(serialised: Bool = false, _ body: (PGConnection) throws -> T) throws(StoreError) -> T {
    try guarded { connection in
      try connection.transaction {
        if serialised {
          try connection.execute("SELECT pg_advisory_xact_lock(\(Self.writeLock))")
          // Submissions through intake accounts are counted first, so that this write's
          // changes to the cells start from every submitted assessment.
          if !isIntake { try PostgresStatistics.catchUp(connection) }
        }
        return try body(connection)
      }
    }
  }

  static func now() -> String { Timestamp.string(Date()) }

  // MARK: Writes

  public func saveQuestionnaire(_ questionnaire: Questionnaire, source: String) throws(StoreError) {
    if isIntake {
      return try intakeSaveQuestionnaire(questionnaire)
    }
    try write { db in try Self.insertQuestionnaire(questionnaire, source: source, db) }
  }

  /// Stores a questionnaire's text under its hash. The caller worked the hash out from this
  /// very text, so a different text stored under it (one an intake account planted, which the
  /// server cannot check) is replaced.
  static func insertQuestionnaire(_ questionnaire: Questionnaire, source: String, _ db: PGConnection) throws {
    try db.execute(
      """
      INSERT INTO questionnaire (hash, questionnaire_id, version, source, stored_at) VALUES ($1, $2, $3, $4, $5)
      ON CONFLICT (hash) DO UPDATE SET questionnaire_id = excluded.questionnaire_id, version = excluded.version,
        source = excluded.source
      WHERE questionnaire.source <> excluded.source
      """, [questionnaire.hash, questionnaire.id.rawValue, questionnaire.version, source, now()])
  }

  public func saveBusiness(_ profile: BusinessProfile, sizeClass: SizeClass?) throws(StoreError) {
    try write { db in
      let business = try Self.upsertBusiness(profile, sizeClass: sizeClass, at: Self.now(), db)
      let row = try db.execute("SELECT \(Self.businessColumns) FROM business WHERE id = $1", [business])
      guard row.count == 1 else { return }
      let stored = Self.profile(row, 0)
      try db.execute(
        """
        UPDATE assessment SET profile = $1, locality = $2, vsic_version = $3, vsic_section = $4, size_class = $5,
          legal_form = $6, updated_at = $7
        WHERE business_id = $8 AND status = 'draft'
        """,
        [
          stored.jsonText, stored.locality, stored.industry?.vsic, stored.industry?.section, row.text(0, 10),
          stored.legalForm?.rawValue, Self.now(), business,
        ])
    }
  }

  /// Adds or updates a business by tax code and returns its id; a field the new profile leaves
  /// out keeps its stored value.
  static func upsertBusiness(_ profile: BusinessProfile, sizeClass: SizeClass?, at time: String, _ db: PGConnection)
    throws -> Int64
  {
    guard let taxCode = profile.taxCode, let name = profile.name else {
      throw StoreError.conflict("a business needs a name and a tax code to be stored")
    }
    let result = try db.execute(
      """
      INSERT INTO business (tax_code, name, locality, vsic_version, vsic_section, vsic_code, employees,
        revenue_billion_vnd, capital_billion_vnd, size_class, created_at, updated_at, legal_form)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
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
      """,
      [
        taxCode, name, profile.locality, profile.industry?.vsic, profile.industry?.section, profile.industry?.code,
        profile.employees, profile.revenueBillionVND, profile.capitalBillionVND, sizeClass?.rawValue, time, time,
        profile.legalForm?.rawValue,
      ])
    guard let id = result.int64(0, 0) else { throw StoreError.failure("the business \(taxCode) could not be saved") }
    return id
  }

  public func createDraft(_ id: AssessmentID, taxCode: String, questionnaire: Questionnaire, consent: ConsentRecord?)
    throws(StoreError)
  {
    try write { db in
      let row = try db.execute("SELECT \(Self.businessColumns), id FROM business WHERE tax_code = $1", [taxCode])
      guard row.count == 1, let business = row.int64(0, 14) else { throw StoreError.notFound("business \(taxCode)") }
      let profile = Self.profile(row, 0)
      let time = Self.now()
      try db.execute(
        """
        INSERT INTO assessment (id, business_id, questionnaire_hash, questionnaire_id, questionnaire_version,
          status, profile, locality, vsic_version, vsic_section, size_class, created_at, updated_at, legal_form,
          consent_notice, consent_at, consent_method)
        VALUES ($1, $2, $3, $4, $5, 'draft', $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
        """,
        [
          id.rawValue, business, questionnaire.hash, questionnaire.id.rawValue, questionnaire.version, profile.jsonText,
          profile.locality, profile.industry?.vsic, profile.industry?.section, row.text(0, 10), time, time,
          profile.legalForm?.rawValue, consent?.notice, consent?.givenAt, consent?.method.rawValue,
        ])
    }
  }

  public func startKioskDraft(
    _ id: AssessmentID, profile: BusinessProfile, sizeClass: SizeClass?, questionnaire: Questionnaire,
    consent: ConsentRecord?, resumeCode: String
  ) throws(StoreError) {
    guard let taxCode = profile.taxCode, let name = profile.name else {
      throw StoreError.conflict("a business needs a name and a tax code to be stored")
    }
    if isIntake {
      return try intakeStartDraft(
        id, profile: profile, sizeClass: sizeClass, questionnaire: questionnaire, consent: consent,
        resumeCode: resumeCode)
    }
    try write { db in
      let time = Self.now()
      try db.execute(
        """
        INSERT INTO business (tax_code, name, locality, vsic_version, vsic_section, vsic_code, employees,
          revenue_billion_vnd, capital_billion_vnd, size_class, created_at, updated_at, legal_form)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) ON CONFLICT (tax_code) DO NOTHING
        """,
        [
          taxCode, name, profile.locality, profile.industry?.vsic, profile.industry?.section, profile.industry?.code,
          profile.employees, profile.revenueBillionVND, profile.capitalBillionVND, sizeClass?.rawValue, time, time,
          profile.legalForm?.rawValue,
        ])
      let business = try db.execute("SELECT id FROM business WHERE tax_code = $1", [taxCode]).int64(0, 0)
      try db.execute(
        """
        INSERT INTO assessment (id, business_id, questionnaire_hash, questionnaire_id, questionnaire_version,
          status, profile, locality, vsic_version, vsic_section, size_class, created_at, updated_at, legal_form,
          consent_notice, consent_at, consent_method, resume_code)
        VALUES ($1, $2, $3, $4, $5, 'draft', $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
        """,
        [
          id.rawValue, business, questionnaire.hash, questionnaire.id.rawValue, questionnaire.version, profile.jsonText,
          profile.locality, profile.industry?.vsic, profile.industry?.section, sizeClass?.rawValue, time, time,
          profile.legalForm?.rawValue, consent?.notice, consent?.givenAt, consent?.method.rawValue,
          ResumeCode.digest(resumeCode),
        ])
    }
  }

  public func saveDraftProfile(_ profile: BusinessProfile, sizeClass: SizeClass?, draft: AssessmentID)
    throws(StoreError)
  {
    if isIntake { return try intakeSaveProfile(profile, sizeClass: sizeClass, draft: draft) }
    try write { db in
      let seq = try Self.requireDraft(draft, db)
      try db.execute(
        """
        UPDATE assessment SET profile = $1, locality = $2, vsic_version = $3, vsic_section = $4, size_class = $5,
          legal_form = $6, updated_at = $7
        WHERE seq = $8
        """,
        [
          profile.jsonText, profile.locality, profile.industry?.vsic, profile.industry?.section, sizeClass?.rawValue,
          profile.legalForm?.rawValue, Self.now(), seq,
        ])
    }
  }

  public func drafts(openedBy code: String, taxCode: String) throws(StoreError) -> [AssessmentID] {
    if isIntake { return try intakeDrafts(openedBy: code, taxCode: taxCode) }
    let rows = try guarded { db in
      try db.execute(
        """
        SELECT a.id, a.resume_code FROM assessment a JOIN business b ON b.id = a.business_id
        WHERE b.tax_code = $1 AND a.status = 'draft' AND a.resume_code IS NOT NULL ORDER BY a.seq
        """, [taxCode])
    }
    return (0..<rows.count).compactMap { row in
      guard let id = rows.text(row, 0), let digest = rows.text(row, 1), ResumeCode.matches(code, digest: digest)
      else { return nil }
      return AssessmentID(id)
    }
  }

  public func saveAnswer(_ answer: AnswerValue, question: QuestionID, assessment: AssessmentID) throws(StoreError) {
    if isIntake {
      return try intakeCall("intake_save_answer", [assessment.rawValue, question.rawValue, answer.jsonText])
    }
    try write { db in
      let seq = try Self.requireDraft(assessment, db)
      let time = Self.now()
      try db.execute(
        """
        INSERT INTO answer (assessment, question_id, value, answered_at) VALUES ($1, $2, $3, $4)
        ON CONFLICT (assessment, question_id) DO UPDATE SET value = excluded.value, answered_at = excluded.answered_at
        """, [seq, question.rawValue, answer.jsonText, time])
      try db.execute("UPDATE assessment SET updated_at = $1 WHERE seq = $2", [time, seq])
    }
  }

  public func savePosition(_ question: QuestionID, assessment: AssessmentID) throws(StoreError) {
    if isIntake {
      return try intakeCall("intake_save_position", [assessment.rawValue, question.rawValue])
    }
    try write { db in
      let seq = try Self.requireDraft(assessment, db)
      try db.execute("UPDATE assessment SET position = $1 WHERE seq = $2", [question.rawValue, seq])
    }
  }

  public func removeAnswer(question: QuestionID, assessment: AssessmentID) throws(StoreError) {
    if isIntake {
      return try intakeCall("intake_remove_answer", [assessment.rawValue, question.rawValue])
    }
    try write { db in
      let seq = try Self.requireDraft(assessment, db)
      try db.execute("DELETE FROM answer WHERE assessment = $1 AND question_id = $2", [seq, question.rawValue])
      try db.execute("UPDATE assessment SET updated_at = $1 WHERE seq = $2", [Self.now(), seq])
    }
  }

  /// The draft's key, or why its answers cannot change. The row stays locked until the
  /// transaction ends, so that a draft is not submitted while an answer goes in.
  static func requireDraft(_ assessment: AssessmentID, _ db: PGConnection) throws -> Int64 {
    let row = try db.execute("SELECT seq, status FROM assessment WHERE id = $1 FOR UPDATE", [assessment.rawValue])
    guard row.count == 1, let seq = row.int64(0, 0) else { throw StoreError.notFound("assessment \(assessment)") }
    let status = row.text(0, 1) ?? ""
    guard status == AssessmentStatus.draft.rawValue else {
      throw StoreError.conflict("assessment \(assessment) is \(status); only a draft's answers can change")
    }
    return seq
  }

  public func submit(_ assessment: AssessmentID, result: ScoringResult) throws(StoreError) {
    if isIntake { return try intakeSubmit(assessment, result: result) }
    try write(serialised: true) { db in
      let seq = try Self.requireDraft(assessment, db)
      try Self.storeScores(seq, result: result, at: Self.now(), db)
      let business = try db.execute("SELECT business_id FROM assessment WHERE seq = $1", [seq]).int64(0, 0)
      try PostgresStatistics.refresh(
        businesses: business.map { [$0] } ?? [], before: { $0.seq != seq }, after: { _ in true }, db)
    }
  }

  static func storeScores(_ seq: Int64, result: ScoringResult, at time: String, _ db: PGConnection) throws {
    try insertScores(seq, result: result, db)
    try db.execute(
      """
      UPDATE assessment SET status = 'submitted', review_state = 'submitted', submitted_at = $1, updated_at = $2,
        scoring_method = $3, overall_status = $4, overall_score = $5, overall_level = $6, weakest_dimension = $7
      WHERE seq = $8
      """,
      [
        time, time, result.scoringMethod, result.overall.status.rawValue, result.overall.score, result.overall.level,
        result.weakestDimension?.rawValue, seq,
      ])
  }

  /// Stores (or replaces) an assessment's dimension scores, in one statement.
  static func insertScores(_ seq: Int64, result: ScoringResult, _ db: PGConnection) throws {
    guard !result.dimensions.isEmpty else { return }
    var values: [String] = []
    var parameters: [any PGParameter] = []
    for dimension in result.dimensions {
      let base = parameters.count
      values.append(
        "($\(base + 1), $\(base + 2), $\(base + 3), $\(base + 4)::float8, $\(base + 5)::int, $\(base + 6)::float8)")
      parameters +=
        [
          seq, dimension.id.rawValue, dimension.status.rawValue, dimension.score, dimension.level, dimension.coverage,
        ] as [any PGParameter]
    }
    try db.execute(
      """
      INSERT INTO dimension_score (assessment, dimension_id, status, score, level, coverage)
      VALUES \(values.joined(separator: ", "))
      ON CONFLICT (assessment, dimension_id) DO UPDATE SET status = excluded.status, score = excluded.score,
        level = excluded.level, coverage = excluded.coverage
      """, parameters)
  }

  public func deleteAssessment(_ id: AssessmentID, by actor: String) throws(StoreError) {
    if isIntake { return try intakeCall("intake_discard", [id.rawValue]) }
    try write(serialised: true) { db in
      let row = try db.execute("SELECT seq, business_id, status FROM assessment WHERE id = $1", [id.rawValue])
      guard row.count == 1, let seq = row.int64(0, 0), let business = row.int64(0, 1) else {
        throw StoreError.notFound("assessment \(id)")
      }
      // A draft counts in no statistics and has no audit entries.
      if row.text(0, 2) != AssessmentStatus.draft.rawValue {
        var audit = PostgresAuditWriter(assessment: id.rawValue, actor: actor, at: Self.now(), db: db)
        try audit.append("delete", [])
      }
      try PostgresStatistics.refresh(businesses: [business], before: { _ in true }, after: { $0.seq != seq }, db)
      try db.execute("DELETE FROM assessment WHERE seq = $1", [seq])
    }
  }

  // MARK: Reads

  /// The business columns ``profile(_:_:)`` reads, in its order.
  static let businessColumns = """
    name, tax_code, locality, vsic_version, vsic_section, vsic_code, employees, revenue_billion_vnd,
    capital_billion_vnd, legal_form, size_class, created_at, updated_at, id
    """

  static func profile(_ row: PGResult, _ index: Int) -> BusinessProfile {
    let industry = row.integer(index, 3).flatMap { version in
      row.text(index, 4).map { Industry(vsic: version, section: $0, code: row.text(index, 5)) }
    }
    return BusinessProfile(
      name: row.text(index, 0), taxCode: row.text(index, 1), locality: row.text(index, 2), industry: industry,
      employees: row.integer(index, 6), revenueBillionVND: row.real(index, 7), capitalBillionVND: row.real(index, 8),
      legalForm: row.text(index, 9).flatMap(LegalForm.init(rawValue:)))
  }

  /// An assessment's summary, its business named as the assessment declares (see SQLite's).
  static let summaryColumns = """
    a.id, a.status, a.questionnaire_id, a.questionnaire_version, a.created_at, a.updated_at, a.submitted_at,
    a.overall_score, a.overall_level, b.tax_code, coalesce(a.profile::json ->> 'name', b.name) AS name,
    a.review_state
    """

  static func summary(_ row: PGResult, _ index: Int) throws -> AssessmentSummary {
    let id = row.text(index, 0) ?? ""
    guard let assessmentID = AssessmentID(id), let state = row.text(index, 1).flatMap(AssessmentStatus.init(rawValue:)),
      let created = row.text(index, 4).flatMap(Timestamp.date), let updated = row.text(index, 5).flatMap(Timestamp.date)
    else { throw StoreError.failure("assessment \(id) has a malformed row") }
    return AssessmentSummary(
      id: assessmentID, taxCode: row.text(index, 9) ?? "", businessName: row.text(index, 10) ?? "",
      questionnaireID: QuestionnaireID(row.text(index, 2) ?? ""), questionnaireVersion: row.text(index, 3) ?? "",
      status: state,
      createdAt: created, updatedAt: updated, submittedAt: row.text(index, 6).flatMap(Timestamp.date),
      overallScore: row.real(index, 7), overallLevel: row.integer(index, 8),
      reviewState: row.text(index, 11).flatMap(ReviewState.init(rawValue:)))
  }

  public func assessments(_ filter: AssessmentFilter) throws(StoreError) -> [AssessmentSummary] {
    try guarded { db in
      var conditions: [String] = []
      var parameters: [any PGParameter] = []
      if let status = filter.status {
        parameters.append(status.rawValue)
        conditions.append("a.status = $\(parameters.count)")
      }
      if let state = filter.reviewState {
        parameters.append(state.rawValue)
        conditions.append("a.status <> 'draft' AND a.review_state = $\(parameters.count)")
      }
      if let taxCode = filter.taxCode {
        parameters.append(taxCode)
        conditions.append("a.business_id = (SELECT id FROM business WHERE tax_code = $\(parameters.count))")
      }
      let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
      parameters += [filter.limit, filter.offset] as [any PGParameter]
      let rows = try db.execute(
        """
        SELECT \(Self.summaryColumns) FROM assessment a JOIN business b ON b.id = a.business_id
        \(whereClause) ORDER BY a.seq DESC LIMIT $\(parameters.count - 1) OFFSET $\(parameters.count)
        """, parameters)
      return try (0..<rows.count).map { try Self.summary(rows, $0) }
    }
  }

  public func assessment(matching prefix: String) throws(StoreError) -> StoredAssessment {
    if isIntake { return try intakeAssessment(prefix) }
    let needle = prefix.lowercased()
    guard !needle.isEmpty, needle.allSatisfy({ $0.isHexDigit || $0 == "-" }) else {
      throw .notFound("assessment `\(prefix)` (an id is hexadecimal digits and dashes)")
    }
    return try guarded { db in
      let found = try db.execute(
        "SELECT id FROM assessment WHERE id >= $1 AND id < $2 ORDER BY id LIMIT 6", [needle, needle + "\u{7f}"])
      let ids = (0..<found.count).compactMap { found.text($0, 0) }
      guard let id = ids.first else { throw StoreError.notFound("assessment `\(prefix)`") }
      if ids.count > 1, !ids.contains(needle) { throw StoreError.ambiguous(prefix: prefix, matches: ids) }
      let exact = ids.contains(needle) ? needle : id
      let row = try db.execute(
        """
        SELECT \(Self.summaryColumns), a.seq, a.profile, a.size_class, a.questionnaire_hash, q.source,
          a.position, a.consent_notice, a.consent_at, a.consent_method
        FROM assessment a JOIN business b ON b.id = a.business_id
        JOIN questionnaire q ON q.hash = a.questionnaire_hash WHERE a.id = $1
        """, [exact])
      guard row.count == 1, let seq = row.int64(0, 12) else { throw StoreError.notFound("assessment `\(prefix)`") }
      var answers: [QuestionID: AnswerValue] = [:]
      let answerRows = try db.execute("SELECT question_id, value FROM stored_answer WHERE assessment = $1", [seq])
      for index in 0..<answerRows.count {
        let text = answerRows.text(index, 1) ?? ""
        guard let value = AnswerValue(jsonText: text) else {
          throw StoreError.failure("\(db.label): a stored answer of \(exact) cannot be read: \(text)")
        }
        answers[QuestionID(answerRows.text(index, 0) ?? "")] = value
      }
      let scoreRows = try db.execute(
        "SELECT dimension_id, status, score, level, coverage FROM dimension_score WHERE assessment = $1", [seq])
      let scores = (0..<scoreRows.count).map { index in
        StoredDimensionScore(
          dimension: DimensionID(scoreRows.text(index, 0) ?? ""),
          status: scoreRows.text(index, 1).flatMap(ScoreStatus.init(rawValue:)) ?? .insufficientData,
          score: scoreRows.real(index, 2), level: scoreRows.integer(index, 3), coverage: scoreRows.real(index, 4) ?? 0)
      }
      let profile = try JSONDecoder().decode(BusinessProfile.self, from: Data((row.text(0, 13) ?? "").utf8))
      return StoredAssessment(
        summary: try Self.summary(row, 0), profile: profile,
        sizeClass: row.text(0, 14).flatMap(SizeClass.init(rawValue:)),
        questionnaireHash: row.text(0, 15) ?? "", questionnaireSource: row.text(0, 16) ?? "", answers: answers,
        dimensionScores: scores, position: row.text(0, 17).map { QuestionID($0) },
        consent: row.text(0, 20).flatMap(ConsentRecord.Method.init(rawValue:)).map {
          ConsentRecord(notice: row.text(0, 18), givenAt: row.text(0, 19), method: $0)
        })
    }
  }
}
