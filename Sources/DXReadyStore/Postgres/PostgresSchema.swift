import DXReadyCore

/// The PostgreSQL schema: the same tables as SQLite's at its schema v10, in a schema of their
/// own (`dxready`), as versioned migrations that `dxready db init` and `db migrate` run — never
/// an ordinary command, which only checks the version.
///
/// Text columns compare byte by byte (`COLLATE "C"`), as SQLite's do, so that both engines sort
/// the same rows in the same order and give the same output.
enum PostgresSchema {
  /// The schema's name; every connection puts it first on its search path.
  static let name = "dxready"

  /// The migrations, in order; a database's version is how many of them it has run. Each is
  /// plain SQL: none depends on application code.
  static let migrations: [(name: String, sql: String)] = [
    ("v1-initial", initial), ("v2-roles", roles), ("v3-bulk-answers", bulkAnswers),
    ("v4-resume-code", "ALTER TABLE assessment ADD COLUMN resume_code TEXT COLLATE \"C\""),
    ("v5-latest-by-submission", latestBySubmission), ("v6-bundles", bundles),
    // Reviews carried in field bundles: how far each assessment's carried review was applied.
    (
      "v7-carried-reviews",
      "ALTER TABLE assessment ADD COLUMN carried_hash TEXT COLLATE \"C\", ADD COLUMN carried_version INTEGER"
    ),
    ("v8-intake", intake),
  ]

  /// The intake role: the account businesses' `take --kiosk` runs as. It starts drafts, saves
  /// answers and submits, and reads back only the draft whose resume code its session holds
  /// (`dxready.resume_code`, set by the store): row-level security checks the code against each
  /// draft's salted digest in the server itself. It reads no other business, assessment,
  /// answer, statistics cell or audit entry. Its submissions are marked `uncounted` until a
  /// consultant's connection counts them into the cells (which intake cannot read); until
  /// then the cells leave them out and readers add them in memory. Only intake's own submit
  /// sets the mark (with the status, in one update of a draft), so that it always means "not
  /// in the cells".
  static let intake = """
    DO $$ BEGIN
      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'dxready_intake') THEN
        CREATE ROLE dxready_intake NOLOGIN;
      END IF;
    END $$;
    ALTER TABLE assessment ADD COLUMN uncounted BOOLEAN NOT NULL DEFAULT false;
    CREATE INDEX assessment_uncounted ON assessment (seq) WHERE uncounted;
    GRANT USAGE ON SCHEMA dxready TO dxready_intake;
    GRANT SELECT ON schema_version TO dxready_intake;
    GRANT SELECT, INSERT ON questionnaire TO dxready_intake;
    GRANT SELECT (id, tax_code, name) ON business TO dxready_intake;
    GRANT SELECT, INSERT, UPDATE, DELETE ON assessment TO dxready_intake;
    GRANT SELECT, INSERT, UPDATE ON dimension_score TO dxready_intake;
    GRANT USAGE ON SEQUENCE assessment_seq_seq TO dxready_intake;

    -- Whether a stored digest (sha256:SALT:HASH) is that of the session's resume code.
    CREATE FUNCTION resume_code_matches(stored TEXT) RETURNS BOOLEAN LANGUAGE sql STABLE AS $$
      SELECT coalesce(current_setting('dxready.resume_code', true), '') <> '' AND stored IS NOT NULL
        AND split_part(stored, ':', 1) = 'sha256'
        AND split_part(stored, ':', 3) = encode(sha256(decode(split_part(stored, ':', 2), 'hex')
          || convert_to(current_setting('dxready.resume_code', true), 'UTF8')), 'hex')
    $$;

    ALTER TABLE business ENABLE ROW LEVEL SECURITY;
    ALTER TABLE assessment ENABLE ROW LEVEL SECURITY;
    ALTER TABLE dimension_score ENABLE ROW LEVEL SECURITY;
    -- Consultants see and change every row, as before.
    CREATE POLICY consultant_all ON business TO dxready_consultant USING (true) WITH CHECK (true);
    CREATE POLICY consultant_all ON assessment TO dxready_consultant USING (true) WITH CHECK (true);
    CREATE POLICY consultant_all ON dimension_score TO dxready_consultant USING (true) WITH CHECK (true);
    -- Intake: only the draft whose code the session holds; once submitted, it is no longer changed.
    CREATE POLICY intake_own ON business FOR SELECT TO dxready_intake
      USING (id IN (SELECT business_id FROM assessment));
    CREATE POLICY intake_read ON assessment FOR SELECT TO dxready_intake USING (resume_code_matches(resume_code));
    CREATE POLICY intake_start ON assessment FOR INSERT TO dxready_intake
      WITH CHECK (status = 'draft' AND NOT uncounted AND resume_code_matches(resume_code));
    CREATE POLICY intake_fill ON assessment FOR UPDATE TO dxready_intake
      USING (status = 'draft' AND resume_code_matches(resume_code))
      WITH CHECK (
        resume_code_matches(resume_code) AND (
          (status = 'draft' AND NOT uncounted)
          OR (status = 'submitted' AND uncounted AND coalesce(review_state, 'submitted') = 'submitted'
            AND submitted_at <= to_char(clock_timestamp() AT TIME ZONE 'UTC' + interval '1 hour',
              'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))));
    CREATE POLICY intake_discard ON assessment FOR DELETE TO dxready_intake
      USING (status = 'draft' AND resume_code_matches(resume_code));
    CREATE POLICY intake_scores ON dimension_score TO dxready_intake
      USING (assessment IN (SELECT seq FROM assessment WHERE status = 'draft'))
      WITH CHECK (assessment IN (SELECT seq FROM assessment WHERE status = 'draft'));

    -- A kiosk draft's business: added when its tax code is new, never read or changed.
    CREATE FUNCTION intake_business(
      p_tax_code TEXT, p_name TEXT, p_locality TEXT, p_vsic_version INTEGER, p_vsic_section TEXT, p_vsic_code TEXT,
      p_employees INTEGER, p_revenue DOUBLE PRECISION, p_capital DOUBLE PRECISION, p_size_class TEXT, p_time TEXT,
      p_legal_form TEXT) RETURNS BIGINT
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = dxready, pg_catalog AS $$
      DECLARE found BIGINT;
      BEGIN
        INSERT INTO business (tax_code, name, locality, vsic_version, vsic_section, vsic_code, employees,
          revenue_billion_vnd, capital_billion_vnd, size_class, created_at, updated_at, legal_form)
        VALUES (p_tax_code, p_name, p_locality, p_vsic_version, p_vsic_section, p_vsic_code, p_employees, p_revenue,
          p_capital, p_size_class, p_time, p_time, p_legal_form)
        ON CONFLICT (tax_code) DO NOTHING;
        SELECT id INTO found FROM business WHERE tax_code = p_tax_code;
        RETURN found;
      END $$;
    REVOKE ALL ON FUNCTION intake_business FROM PUBLIC;
    GRANT EXECUTE ON FUNCTION intake_business TO dxready_intake, dxready_consultant;
    -- Answers (written in bulk with COPY, which row-level security would forbid a consultant)
    -- are reached by intake only through these: those of the draft whose code it holds.
    CREATE FUNCTION intake_draft(p_assessment TEXT) RETURNS BIGINT
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = dxready, pg_catalog AS $$
      SELECT seq FROM assessment WHERE id = p_assessment AND status = 'draft' AND resume_code_matches(resume_code)
    $$;
    CREATE FUNCTION intake_save_answer(p_assessment TEXT, p_question TEXT, p_value TEXT, p_time TEXT) RETURNS BOOLEAN
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = dxready, pg_catalog AS $$
      DECLARE draft BIGINT := intake_draft(p_assessment);
      BEGIN
        IF draft IS NULL THEN RETURN false; END IF;
        INSERT INTO answer (assessment, question_id, value, answered_at) VALUES (draft, p_question, p_value, p_time)
          ON CONFLICT (assessment, question_id) DO UPDATE SET value = excluded.value, answered_at = excluded.answered_at;
        RETURN true;
      END $$;
    CREATE FUNCTION intake_remove_answer(p_assessment TEXT, p_question TEXT) RETURNS BOOLEAN
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = dxready, pg_catalog AS $$
      DECLARE draft BIGINT := intake_draft(p_assessment);
      BEGIN
        IF draft IS NULL THEN RETURN false; END IF;
        DELETE FROM answer WHERE assessment = draft AND question_id = p_question;
        RETURN true;
      END $$;
    CREATE FUNCTION intake_answers(p_assessment TEXT) RETURNS TABLE (question_id TEXT, value TEXT)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = dxready, pg_catalog AS $$
      SELECT a.question_id, a.value FROM answer a WHERE a.assessment = intake_draft(p_assessment)
    $$;
    REVOKE ALL ON FUNCTION intake_draft, intake_save_answer, intake_remove_answer, intake_answers FROM PUBLIC;
    GRANT EXECUTE ON FUNCTION intake_draft, intake_save_answer, intake_remove_answer, intake_answers
      TO dxready_intake;
    -- Removing a draft removes its answers, whoever removes it.
    ALTER FUNCTION remove_answers_and_scores() SECURITY DEFINER SET search_path = dxready, pg_catalog;
    """

  /// Field bundles: the laptops' keys this database trusts (consultants trust and revoke them),
  /// and the bundles made from it.
  static let bundles = """
    CREATE TABLE trusted_key (
      id TEXT COLLATE "C" PRIMARY KEY,
      public_key TEXT COLLATE "C" NOT NULL UNIQUE,
      name TEXT COLLATE "C" NOT NULL,
      added_at TEXT COLLATE "C" NOT NULL,
      revoked_at TEXT COLLATE "C"
    );
    CREATE TABLE bundle_made (
      made_at TEXT COLLATE "C" NOT NULL,
      submitted_to TEXT COLLATE "C" NOT NULL,
      last_stored BIGINT NOT NULL,
      assessments INTEGER NOT NULL,
      file TEXT NOT NULL
    );
    REVOKE ALL ON trusted_key, bundle_made FROM PUBLIC;
    GRANT SELECT, INSERT, UPDATE ON trusted_key TO dxready_consultant;
    GRANT SELECT, INSERT ON bundle_made TO dxready_consultant;
    """

  /// A business counts with its latest assessment by submission time, no longer by the order
  /// rows were stored: the cells are counted again by `db migrate`, in its transaction, once
  /// every migration has run (the SQL itself runs no application code).
  static let latestBySubmission = """
    CREATE TABLE pending_work (task TEXT COLLATE "C" PRIMARY KEY);
    INSERT INTO pending_work (task) VALUES ('rebuild-statistics');
    """

  /// Answers and dimension scores — most of the rows — lose their per-row foreign key, whose
  /// check (a trigger per row) took two thirds of a bulk import's time on the server (COPY of
  /// 860,000 answers: 5.7 s with it, 1.7 s without). dxready writes them only in the
  /// transaction that writes their assessment; a statement-level trigger still removes them
  /// with their assessment, whoever deletes it.
  static let bulkAnswers = """
    ALTER TABLE answer DROP CONSTRAINT answer_assessment_fkey;
    ALTER TABLE dimension_score DROP CONSTRAINT dimension_score_assessment_fkey;
    CREATE FUNCTION remove_answers_and_scores() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM dxready.answer WHERE assessment IN (SELECT seq FROM gone);
        DELETE FROM dxready.dimension_score WHERE assessment IN (SELECT seq FROM gone);
        RETURN NULL;
      END $$;
    CREATE TRIGGER assessment_removes_answers AFTER DELETE ON assessment REFERENCING OLD TABLE AS gone
      FOR EACH STATEMENT EXECUTE FUNCTION remove_answers_and_scores();
    """

  /// The group roles of a province-wide deployment; people are added to them with
  /// `dxready db grant`.
  static let roleNames = [
    "consultant": "dxready_consultant", "official": "dxready_official", "intake": "dxready_intake",
  ]

  /// Least privilege, enforced by the server: the consultant reads and reviews everything and
  /// may only append to the audit log; the official reads only the published statistics (the
  /// disclosure-controlled tables `dxready publish` writes) — not a business, an assessment, an
  /// answer or a statistics cell. Creating the roles needs CREATEROLE (or a superuser).
  static let roles = """
    DO $$ BEGIN
      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'dxready_consultant') THEN
        CREATE ROLE dxready_consultant NOLOGIN;
      END IF;
      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'dxready_official') THEN
        CREATE ROLE dxready_official NOLOGIN;
      END IF;
    END $$;
    CREATE TABLE published_table (
      questionnaire_id TEXT COLLATE "C" NOT NULL,
      reviewed_only INTEGER NOT NULL,
      period TEXT COLLATE "C" NOT NULL,
      groupings TEXT COLLATE "C" NOT NULL,
      min_cell INTEGER NOT NULL,
      body TEXT NOT NULL,
      published_at TEXT COLLATE "C" NOT NULL,
      PRIMARY KEY (questionnaire_id, reviewed_only, period, groupings, min_cell)
    );
    REVOKE ALL ON ALL TABLES IN SCHEMA dxready FROM PUBLIC;
    GRANT USAGE ON SCHEMA dxready TO dxready_consultant, dxready_official;
    GRANT SELECT ON schema_version, published_table TO dxready_official;
    GRANT SELECT, INSERT, UPDATE, DELETE ON questionnaire, business, assessment, answer, dimension_score, stat_cell,
      correction, review_note, service_decision, review_target, published_table TO dxready_consultant;
    GRANT SELECT ON schema_version, statistics_key TO dxready_consultant;
    GRANT SELECT, INSERT ON audit TO dxready_consultant;
    GRANT USAGE ON ALL SEQUENCES IN SCHEMA dxready TO dxready_consultant;
    """

  static var currentVersion: Int { migrations.count }

  /// Where a database stands.
  enum State: Equatable {
    /// No `dxready` schema: `db init` has not run.
    case uninitialised
    /// Made by an earlier dxready: `db migrate` brings it up to date.
    case older(version: Int)
    case current
    /// Made by a newer dxready: refused, untouched.
    case newer(version: Int)
  }

  static func state(_ connection: PGConnection) throws(StoreError) -> State {
    let exists = try connection.execute("SELECT to_regclass('dxready.schema_version') IS NOT NULL")
    guard exists.text(0, 0) == "t" else { return .uninitialised }
    let version = try connection.execute("SELECT coalesce(max(version), 0) FROM dxready.schema_version").integer(0, 0)
    let stored = version ?? 0
    if stored < currentVersion { return .older(version: stored) }
    if stored > currentVersion { return .newer(version: stored) }
    return .current
  }

  /// Runs the migrations a database has not run yet, each in its own transaction; the names of
  /// those run.
  static func migrate(_ connection: PGConnection) throws(StoreError) -> [String] {
    var applied: [String] = []
    do {
      try connection.transaction {
        // One migrator at a time, whoever else runs `db migrate` now.
        try connection.execute("SELECT pg_advisory_xact_lock(\(PostgresStore.writeLock))")
        try connection.execute("CREATE SCHEMA IF NOT EXISTS dxready")
        try connection.execute(
          """
          CREATE TABLE IF NOT EXISTS dxready.schema_version (
            version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)
          """)
        let done =
          try connection.execute("SELECT coalesce(max(version), 0) FROM dxready.schema_version").integer(0, 0) ?? 0
        guard done <= currentVersion else { throw StoreError.newerSchema(path: connection.label) }
        for (index, migration) in migrations.enumerated() where index + 1 > done {
          try connection.execute("SET LOCAL search_path TO dxready")
          try connection.execute(migration.sql)
          try connection.execute(
            "INSERT INTO dxready.schema_version (version, name, applied_at) VALUES ($1, $2, $3)",
            [index + 1, migration.name, Timestamp.string(.now)])
          applied.append(migration.name)
        }
        // What the migrations left to the application: counting the cells again.
        try connection.execute("SET LOCAL search_path TO dxready")
        let pending = try connection.execute(
          "SELECT count(*) FROM pg_tables WHERE schemaname = 'dxready' AND tablename = 'pending_work'")
        if pending.integer(0, 0) == 1,
          try connection.execute("SELECT count(*) FROM pending_work WHERE task = 'rebuild-statistics'").integer(0, 0)
            == 1
        {
          try PostgresStatistics.rebuild(connection)
          try connection.execute("DELETE FROM pending_work WHERE task = 'rebuild-statistics'")
        }
        // The secret behind the noise of published statistics, made once per database.
        try connection.execute(
          "INSERT INTO dxready.statistics_key (id, key) VALUES (1, $1) ON CONFLICT (id) DO NOTHING",
          [NoiseKey.random()])
      }
    } catch let error as StoreError {
      throw error
    } catch {
      throw .failure("\(connection.label): \(error)")
    }
    return applied
  }

  /// The tables of SQLite's schema v9, with `seq` and `id` made by identity columns, blobs as
  /// `bytea`, and the append-only rules as triggers.
  static let initial = """
    CREATE TABLE questionnaire (
      hash TEXT COLLATE "C" PRIMARY KEY,
      questionnaire_id TEXT COLLATE "C" NOT NULL,
      version TEXT COLLATE "C" NOT NULL,
      source TEXT NOT NULL,
      stored_at TEXT COLLATE "C" NOT NULL
    );
    CREATE TABLE business (
      id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
      tax_code TEXT COLLATE "C" NOT NULL UNIQUE,
      name TEXT NOT NULL,
      locality TEXT COLLATE "C",
      vsic_version INTEGER,
      vsic_section TEXT COLLATE "C",
      vsic_code TEXT COLLATE "C",
      employees INTEGER,
      revenue_billion_vnd DOUBLE PRECISION,
      capital_billion_vnd DOUBLE PRECISION,
      size_class TEXT COLLATE "C",
      created_at TEXT COLLATE "C" NOT NULL,
      updated_at TEXT COLLATE "C" NOT NULL,
      legal_form TEXT COLLATE "C"
    );
    CREATE TABLE assessment (
      seq BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
      id TEXT COLLATE "C" NOT NULL UNIQUE,
      business_id BIGINT NOT NULL REFERENCES business(id),
      questionnaire_hash TEXT COLLATE "C" NOT NULL REFERENCES questionnaire(hash),
      questionnaire_id TEXT COLLATE "C" NOT NULL,
      questionnaire_version TEXT COLLATE "C" NOT NULL,
      status TEXT COLLATE "C" NOT NULL CHECK (status IN ('draft', 'submitted', 'reviewed')),
      profile TEXT NOT NULL,
      locality TEXT COLLATE "C",
      vsic_version INTEGER,
      vsic_section TEXT COLLATE "C",
      size_class TEXT COLLATE "C",
      created_at TEXT COLLATE "C" NOT NULL,
      updated_at TEXT COLLATE "C" NOT NULL,
      submitted_at TEXT COLLATE "C",
      reviewed_at TEXT COLLATE "C",
      scoring_method TEXT COLLATE "C",
      overall_status TEXT COLLATE "C",
      overall_score DOUBLE PRECISION,
      overall_level INTEGER,
      weakest_dimension TEXT COLLATE "C",
      content_digest TEXT COLLATE "C",
      position TEXT COLLATE "C",
      legal_form TEXT COLLATE "C",
      consent_notice TEXT COLLATE "C",
      consent_at TEXT COLLATE "C",
      consent_method TEXT COLLATE "C",
      review_state TEXT COLLATE "C",
      reviewer TEXT COLLATE "C",
      review_version INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX assessment_by_status ON assessment(status, seq);
    CREATE INDEX assessment_by_business ON assessment(business_id, seq);
    CREATE INDEX assessment_by_submission ON assessment(submitted_at, seq);
    CREATE INDEX assessment_by_questionnaire ON assessment(questionnaire_id, business_id, seq);
    CREATE TABLE answer (
      assessment BIGINT NOT NULL REFERENCES assessment(seq) ON DELETE CASCADE,
      question_id TEXT COLLATE "C" NOT NULL,
      value TEXT NOT NULL,
      answered_at TEXT COLLATE "C",
      PRIMARY KEY (assessment, question_id)
    );
    CREATE TABLE dimension_score (
      assessment BIGINT NOT NULL REFERENCES assessment(seq) ON DELETE CASCADE,
      dimension_id TEXT COLLATE "C" NOT NULL,
      status TEXT COLLATE "C" NOT NULL,
      score DOUBLE PRECISION,
      level INTEGER,
      coverage DOUBLE PRECISION NOT NULL,
      PRIMARY KEY (assessment, dimension_id)
    );
    CREATE TABLE stat_cell (
      questionnaire_id TEXT COLLATE "C" NOT NULL,
      reviewed_only INTEGER NOT NULL,
      period TEXT COLLATE "C" NOT NULL,
      locality TEXT COLLATE "C" NOT NULL,
      vsic_version INTEGER NOT NULL,
      vsic_section TEXT COLLATE "C" NOT NULL,
      size_class TEXT COLLATE "C" NOT NULL,
      legal_form TEXT COLLATE "C" NOT NULL,
      group_period TEXT COLLATE "C" NOT NULL,
      data BYTEA NOT NULL,
      PRIMARY KEY (questionnaire_id, reviewed_only, period, locality, vsic_version, vsic_section, size_class,
        legal_form, group_period)
    );
    CREATE TABLE statistics_key (id INTEGER PRIMARY KEY CHECK (id = 1), key BYTEA NOT NULL);
    CREATE TABLE correction (
      assessment BIGINT NOT NULL REFERENCES assessment(seq) ON DELETE CASCADE,
      question_id TEXT COLLATE "C" NOT NULL,
      value TEXT NOT NULL,
      reason TEXT NOT NULL,
      by TEXT COLLATE "C" NOT NULL,
      at TEXT COLLATE "C" NOT NULL,
      PRIMARY KEY (assessment, question_id)
    );
    CREATE TABLE review_note (
      id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
      assessment BIGINT NOT NULL REFERENCES assessment(seq) ON DELETE CASCADE,
      question_id TEXT COLLATE "C",
      text TEXT NOT NULL,
      by TEXT COLLATE "C" NOT NULL,
      at TEXT COLLATE "C" NOT NULL
    );
    CREATE INDEX review_note_by_assessment ON review_note(assessment, id);
    CREATE TABLE service_decision (
      assessment BIGINT NOT NULL REFERENCES assessment(seq) ON DELETE CASCADE,
      service_id TEXT COLLATE "C" NOT NULL,
      decision TEXT COLLATE "C" NOT NULL CHECK (decision IN ('accepted', 'rejected', 'added')),
      reason TEXT,
      by TEXT COLLATE "C" NOT NULL,
      at TEXT COLLATE "C" NOT NULL,
      PRIMARY KEY (assessment, service_id)
    );
    CREATE TABLE review_target (
      assessment BIGINT NOT NULL REFERENCES assessment(seq) ON DELETE CASCADE,
      dimension_id TEXT COLLATE "C" NOT NULL,
      level INTEGER NOT NULL,
      PRIMARY KEY (assessment, dimension_id)
    );
    CREATE TABLE audit (
      seq BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
      assessment_id TEXT COLLATE "C" NOT NULL,
      at TEXT COLLATE "C" NOT NULL,
      actor TEXT COLLATE "C" NOT NULL,
      action TEXT COLLATE "C" NOT NULL,
      detail TEXT NOT NULL,
      previous_hash TEXT COLLATE "C" NOT NULL,
      hash TEXT COLLATE "C" NOT NULL
    );
    CREATE INDEX audit_by_assessment ON audit(assessment_id, seq);
    CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION '%', TG_ARGV[0] USING ERRCODE = 'P0001'; END $$;
    CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit FOR EACH ROW
      EXECUTE FUNCTION refuse_change('the audit log is append-only: entries are never changed');
    CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit FOR EACH ROW
      EXECUTE FUNCTION refuse_change('the audit log is append-only: entries are never removed');
    CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit FOR EACH STATEMENT
      EXECUTE FUNCTION refuse_change('the audit log is append-only: entries are never removed');
    CREATE TRIGGER review_note_no_update BEFORE UPDATE ON review_note FOR EACH ROW
      EXECUTE FUNCTION refuse_change('notes are never changed');
    """
}
