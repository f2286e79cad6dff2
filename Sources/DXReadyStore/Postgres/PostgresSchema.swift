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
    ("v9-answer-sets", answerSets),
  ]

  /// A submitted assessment's answers, which never change, are kept in one row as a JSON
  /// object (question id → the answer as dxready writes it) instead of a row per answer: a
  /// bulk import of 100,000 assessments wrote 4.3 million answer rows and their index entries,
  /// which took half the server's time (COPY of those rows: 12.5 s; of the same answers as one
  /// object per assessment: 2.5 s). A draft's answers, saved one at a time, stay in `answer`;
  /// a trigger moves them into `answer_set` when the draft is submitted. `stored_answer` shows
  /// both as rows, as `answer` did.
  static let answerSets = #"""
    CREATE TABLE answer_set (
      assessment BIGINT PRIMARY KEY,
      answers JSON NOT NULL
    );
    -- Every submitted assessment's answer rows into sets: here for the answers stored before,
    -- and by `db copy` after copying an SQLite database's rows.
    CREATE FUNCTION dxready.gather_submitted_answers() RETURNS VOID
      LANGUAGE sql SET search_path = pg_catalog, pg_temp AS $$
      INSERT INTO dxready.answer_set (assessment, answers)
        SELECT n.assessment, json_object_agg(n.question_id, n.value::json ORDER BY n.question_id)
        FROM dxready.answer n JOIN dxready.assessment a ON a.seq = n.assessment WHERE a.status <> 'draft'
        GROUP BY n.assessment;
      DELETE FROM dxready.answer n USING dxready.assessment a WHERE a.seq = n.assessment AND a.status <> 'draft';
    $$;
    SELECT dxready.gather_submitted_answers();
    CREATE VIEW stored_answer AS
      SELECT assessment, question_id, value FROM answer
      UNION ALL
      SELECT s.assessment, j.key COLLATE "C", j.value::text FROM answer_set s, json_each(s.answers) AS j;
    CREATE FUNCTION dxready.pack_submitted_answers() RETURNS trigger
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
      BEGIN
        INSERT INTO dxready.answer_set (assessment, answers)
          SELECT NEW.seq, coalesce(json_object_agg(n.question_id, n.value::json ORDER BY n.question_id), '{}')
          FROM dxready.answer n WHERE n.assessment = NEW.seq
        ON CONFLICT (assessment) DO NOTHING;
        DELETE FROM dxready.answer WHERE assessment = NEW.seq;
        RETURN NULL;
      END $$;
    CREATE TRIGGER assessment_packs_answers AFTER UPDATE OF status ON assessment
      FOR EACH ROW WHEN (OLD.status = 'draft' AND NEW.status <> 'draft')
      EXECUTE FUNCTION dxready.pack_submitted_answers();
    CREATE OR REPLACE FUNCTION dxready.remove_answers_and_scores() RETURNS trigger
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
      BEGIN
        DELETE FROM dxready.answer WHERE assessment IN (SELECT seq FROM gone);
        DELETE FROM dxready.answer_set WHERE assessment IN (SELECT seq FROM gone);
        DELETE FROM dxready.dimension_score WHERE assessment IN (SELECT seq FROM gone);
        RETURN NULL;
      END $$;
    REVOKE ALL ON answer_set, stored_answer FROM PUBLIC;
    REVOKE ALL ON FUNCTION dxready.pack_submitted_answers, dxready.gather_submitted_answers FROM PUBLIC;
    GRANT EXECUTE ON FUNCTION dxready.gather_submitted_answers TO dxready_consultant;
    GRANT SELECT, INSERT, DELETE ON answer_set TO dxready_consultant;
    GRANT SELECT ON stored_answer TO dxready_consultant;
    """#

  /// The intake role: the account businesses' `take --kiosk` runs as. It has no privilege on
  /// any table: it acts only through the `intake_*` functions below (`SECURITY DEFINER`, with
  /// a search path of `pg_catalog, pg_temp` and every name qualified, so that no object of the
  /// caller's can stand in for dxready's). Every call carries the resume code typed (a bound
  /// parameter, never in a statement's text, so that other sessions of the same login cannot
  /// read it in `pg_stat_activity`); each function serves only the draft whose salted digest
  /// that code matches, sets the times itself, builds the stored profile itself and checks
  /// every value against the forms dxready writes (reference ids, option ids, scores from 0 to
  /// 100, the stored questionnaire's dimensions). It reads no business, no other assessment,
  /// no statistics cell or audit entry, stores no questionnaire text, and cannot choose a
  /// row's key, a business or a review state. A submission through it is marked `uncounted`
  /// until a consultant's connection counts it into the cells, which intake cannot read;
  /// readers add it in memory meanwhile.
  static let intake = #"""
    -- Roles belong to the server: another database's `db init` may be making it at this moment.
    DO $$ BEGIN
      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'dxready_intake') THEN
        CREATE ROLE dxready_intake NOLOGIN;
      END IF;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
    END $$;
    GRANT USAGE ON SCHEMA dxready TO dxready_intake;
    GRANT SELECT ON dxready.schema_version TO dxready_intake;
    ALTER TABLE dxready.assessment ADD COLUMN uncounted BOOLEAN NOT NULL DEFAULT false;
    CREATE INDEX assessment_uncounted ON dxready.assessment (seq) WHERE uncounted;

    -- Whether a stored digest (sha256:SALT:HASH) is that of a typed code (canonical form).
    CREATE FUNCTION dxready.resume_code_matches(stored TEXT, code TEXT) RETURNS BOOLEAN
      LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $$
      SELECT code ~ '^[0-9A-HJKMNP-TV-Z]{8}$' AND stored IS NOT NULL
        AND split_part(stored, ':', 1) = 'sha256' AND split_part(stored, ':', 2) ~ '^[0-9a-f]{32}$'
        AND split_part(stored, ':', 3) = encode(sha256(decode(split_part(stored, ':', 2), 'hex')
          || convert_to(code, 'UTF8')), 'hex')
    $$;
    -- The stored form of the server's time now.
    CREATE FUNCTION dxready.intake_now() RETURNS TEXT LANGUAGE sql VOLATILE SET search_path = pg_catalog, pg_temp AS $$
      SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
    $$;
    -- The draft this code holds (locked for the caller's transaction), or an error.
    CREATE FUNCTION dxready.intake_held(p_code TEXT, p_id TEXT) RETURNS BIGINT
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
      DECLARE found BIGINT;
      BEGIN
        SELECT seq INTO found FROM dxready.assessment
          WHERE id = p_id AND status = 'draft' AND dxready.resume_code_matches(resume_code, p_code) FOR UPDATE;
        IF found IS NULL THEN
          RAISE EXCEPTION 'assessment % is not a draft this code holds', p_id USING ERRCODE = 'P0002';
        END IF;
        RETURN found;
      END $$;
    -- A profile's fields in the forms dxready stores: reference ids, numbers in range, no
    -- control or direction characters in the name.
    CREATE FUNCTION dxready.intake_valid_profile(
      p_name TEXT, p_locality TEXT, p_vsic_version INTEGER, p_vsic_section TEXT, p_vsic_code TEXT,
      p_employees INTEGER, p_revenue DOUBLE PRECISION, p_capital DOUBLE PRECISION, p_size_class TEXT,
      p_legal_form TEXT) RETURNS BOOLEAN LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $$
      SELECT coalesce(
        p_name ~ '^[^\u0001-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]{1,200}$'
        AND (p_locality IS NULL OR p_locality ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(p_locality) <= 64)
        AND (p_vsic_version IS NULL) = (p_vsic_section IS NULL)
        AND (p_vsic_version IS NULL OR p_vsic_version BETWEEN 1993 AND 2100)
        AND (p_vsic_section IS NULL OR p_vsic_section ~ '^[A-U]$')
        AND (p_vsic_code IS NULL OR p_vsic_section IS NOT NULL AND p_vsic_code ~ '^[0-9]{1,5}$')
        AND (p_employees IS NULL OR p_employees BETWEEN 0 AND 10000000)
        AND (p_revenue IS NULL OR p_revenue <> 'NaN' AND p_revenue BETWEEN 0 AND 1e9)
        AND (p_capital IS NULL OR p_capital <> 'NaN' AND p_capital BETWEEN 0 AND 1e9)
        AND (p_size_class IS NULL OR p_size_class IN ('micro', 'small', 'medium', 'large'))
        AND (p_legal_form IS NULL OR p_legal_form IN ('enterprise', 'cooperative', 'household')), false)
    $$;
    -- The profile as stored (JSON), built here from the checked fields.
    CREATE FUNCTION dxready.intake_profile(
      p_tax_code TEXT, p_name TEXT, p_locality TEXT, p_vsic_version INTEGER, p_vsic_section TEXT, p_vsic_code TEXT,
      p_employees INTEGER, p_revenue DOUBLE PRECISION, p_capital DOUBLE PRECISION, p_legal_form TEXT) RETURNS TEXT
      LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $$
      SELECT jsonb_strip_nulls(jsonb_build_object(
        'capital_billion_vnd', p_capital, 'employees', p_employees,
        'industry', CASE WHEN p_vsic_version IS NULL THEN NULL ELSE jsonb_strip_nulls(jsonb_build_object(
          'code', p_vsic_code, 'section', p_vsic_section, 'vsic', p_vsic_version)) END,
        'legal_form', p_legal_form, 'locality', p_locality, 'name', p_name, 'revenue_billion_vnd', p_revenue,
        'tax_code', p_tax_code))::text
    $$;
    -- An answer as dxready stores it: an option id, "not_applicable" or "dont_know", a plain
    -- number, a list of option ids, or {"text": …}.
    CREATE FUNCTION dxready.intake_valid_answer(p_question TEXT, p_value TEXT) RETURNS BOOLEAN
      LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $$
      BEGIN
        IF p_question !~ '^[a-z][a-z0-9_]{0,63}$' OR length(p_value) > 4000 THEN RETURN false; END IF;
        IF p_value ~ '^"[a-z0-9_-]{1,64}"$' OR p_value ~ '^-?[0-9]{1,15}(\.[0-9]{1,15})?$'
          OR p_value ~ '^\[("[a-z0-9_-]{1,64}"(,"[a-z0-9_-]{1,64}"){0,63})?\]$' THEN
          RETURN true;
        END IF;
        -- A text: an object with "text" alone, a string of valid Unicode (jsonb refuses a lone
        -- surrogate), short.
        RETURN p_value LIKE '{"text":%' AND jsonb_typeof(p_value::jsonb -> 'text') = 'string'
          AND (SELECT count(*) FROM jsonb_object_keys(p_value::jsonb)) = 1
          AND length(p_value::jsonb ->> 'text') <= 2000;
      EXCEPTION WHEN OTHERS THEN RETURN false;
      END $$;

    -- Whether a questionnaire's text is stored (only consultants and `db init|migrate` store
    -- them: the server cannot check a text against its hash).
    CREATE FUNCTION dxready.intake_has_questionnaire(p_hash TEXT) RETURNS BOOLEAN
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
      SELECT EXISTS (SELECT 1 FROM dxready.questionnaire WHERE hash = p_hash)
    $$;
    -- A new draft with the profile typed; the business is added when its tax code is new, and
    -- nothing of it is read back.
    CREATE FUNCTION dxready.intake_start_draft(
      p_code TEXT, p_id TEXT, p_digest TEXT, p_questionnaire_hash TEXT, p_tax_code TEXT, p_name TEXT,
      p_locality TEXT, p_vsic_version INTEGER, p_vsic_section TEXT, p_vsic_code TEXT, p_employees INTEGER,
      p_revenue DOUBLE PRECISION, p_capital DOUBLE PRECISION, p_size_class TEXT, p_legal_form TEXT,
      p_consent_notice TEXT, p_consent_method TEXT)
      RETURNS VOID LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
      DECLARE owner BIGINT; q RECORD; now TEXT := dxready.intake_now();
      BEGIN
        IF NOT coalesce(dxready.resume_code_matches(p_digest, p_code), false) THEN
          RAISE EXCEPTION 'the draft''s digest is not that of its code' USING ERRCODE = '42501';
        END IF;
        IF p_id !~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
          OR p_tax_code !~ '^([0-9]{10}(-[0-9]{3})?|[0-9]{12})$'
          OR NOT dxready.intake_valid_profile(p_name, p_locality, p_vsic_version, p_vsic_section, p_vsic_code,
            p_employees, p_revenue, p_capital, p_size_class, p_legal_form)
          OR (p_consent_method IS NOT NULL AND p_consent_method <> 'take')
          OR length(p_consent_notice) > 200 THEN
          RAISE EXCEPTION 'not a draft dxready would start' USING ERRCODE = '22023';
        END IF;
        SELECT questionnaire_id, version INTO q FROM dxready.questionnaire WHERE hash = p_questionnaire_hash;
        IF NOT FOUND THEN RAISE EXCEPTION 'unknown questionnaire' USING ERRCODE = '22023'; END IF;
        INSERT INTO dxready.business (tax_code, name, locality, vsic_version, vsic_section, vsic_code, employees,
          revenue_billion_vnd, capital_billion_vnd, size_class, created_at, updated_at, legal_form)
        VALUES (p_tax_code, p_name, p_locality, p_vsic_version, p_vsic_section, p_vsic_code, p_employees, p_revenue,
          p_capital, p_size_class, now, now, p_legal_form)
        ON CONFLICT (tax_code) DO NOTHING;
        SELECT id INTO owner FROM dxready.business WHERE tax_code = p_tax_code;
        INSERT INTO dxready.assessment (id, business_id, questionnaire_hash, questionnaire_id, questionnaire_version,
          status, profile, locality, vsic_version, vsic_section, size_class, created_at, updated_at, legal_form,
          consent_notice, consent_at, consent_method, resume_code)
        VALUES (p_id, owner, p_questionnaire_hash, q.questionnaire_id, q.version, 'draft',
          dxready.intake_profile(p_tax_code, p_name, p_locality, p_vsic_version, p_vsic_section, p_vsic_code,
            p_employees, p_revenue, p_capital, p_legal_form),
          p_locality, p_vsic_version, p_vsic_section, p_size_class, now, now, p_legal_form, p_consent_notice,
          CASE WHEN p_consent_method IS NULL THEN NULL ELSE now END, p_consent_method, p_digest)
        ON CONFLICT (id) DO NOTHING;
        IF NOT FOUND THEN RAISE EXCEPTION 'not a draft dxready would start' USING ERRCODE = '22023'; END IF;
      END $$;
    -- The held draft's profile, changed (its tax code stays).
    CREATE FUNCTION dxready.intake_save_profile(
      p_code TEXT, p_id TEXT, p_name TEXT, p_locality TEXT, p_vsic_version INTEGER, p_vsic_section TEXT,
      p_vsic_code TEXT, p_employees INTEGER, p_revenue DOUBLE PRECISION, p_capital DOUBLE PRECISION,
      p_size_class TEXT, p_legal_form TEXT)
      RETURNS VOID LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
      DECLARE held BIGINT := dxready.intake_held(p_code, p_id); tax TEXT;
      BEGIN
        IF NOT dxready.intake_valid_profile(p_name, p_locality, p_vsic_version, p_vsic_section, p_vsic_code,
            p_employees, p_revenue, p_capital, p_size_class, p_legal_form) THEN
          RAISE EXCEPTION 'not a profile dxready would store' USING ERRCODE = '22023';
        END IF;
        SELECT b.tax_code INTO tax FROM dxready.assessment a JOIN dxready.business b ON b.id = a.business_id
          WHERE a.seq = held;
        UPDATE dxready.assessment SET profile = dxready.intake_profile(tax, p_name, p_locality, p_vsic_version,
            p_vsic_section, p_vsic_code, p_employees, p_revenue, p_capital, p_legal_form),
          locality = p_locality, vsic_version = p_vsic_version, vsic_section = p_vsic_section,
          size_class = p_size_class, legal_form = p_legal_form, updated_at = dxready.intake_now()
        WHERE seq = held;
      END $$;
    -- The drafts of a tax code that a code opens.
    CREATE FUNCTION dxready.intake_drafts(p_code TEXT, p_tax_code TEXT) RETURNS SETOF TEXT
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
      SELECT a.id FROM dxready.assessment a JOIN dxready.business b ON b.id = a.business_id
      WHERE b.tax_code = p_tax_code AND a.status = 'draft' AND dxready.resume_code_matches(a.resume_code, p_code)
      ORDER BY a.seq
    $$;
    -- The held draft as the questionnaire screens need it (no business, no key).
    CREATE FUNCTION dxready.intake_draft(p_code TEXT, p_id TEXT) RETURNS TABLE (
      id TEXT, status TEXT, questionnaire_id TEXT, questionnaire_version TEXT, created_at TEXT, updated_at TEXT,
      profile TEXT, size_class TEXT, questionnaire_hash TEXT, source TEXT, "position" TEXT, consent_notice TEXT,
      consent_at TEXT, consent_method TEXT)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
      SELECT a.id, a.status, a.questionnaire_id, a.questionnaire_version, a.created_at, a.updated_at, a.profile,
        a.size_class, a.questionnaire_hash, q.source, a.position, a.consent_notice, a.consent_at, a.consent_method
      FROM dxready.assessment a JOIN dxready.questionnaire q ON q.hash = a.questionnaire_hash
      WHERE a.id = p_id AND a.status = 'draft' AND dxready.resume_code_matches(a.resume_code, p_code)
    $$;
    CREATE FUNCTION dxready.intake_answers(p_code TEXT, p_id TEXT) RETURNS TABLE (question_id TEXT, value TEXT)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
      SELECT n.question_id, n.value FROM dxready.answer n JOIN dxready.assessment a ON a.seq = n.assessment
      WHERE a.id = p_id AND a.status = 'draft' AND dxready.resume_code_matches(a.resume_code, p_code)
    $$;
    CREATE FUNCTION dxready.intake_save_answer(p_code TEXT, p_id TEXT, p_question TEXT, p_value TEXT) RETURNS VOID
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
      DECLARE held BIGINT := dxready.intake_held(p_code, p_id); now TEXT := dxready.intake_now();
      BEGIN
        IF NOT coalesce(dxready.intake_valid_answer(p_question, p_value), false) THEN
          RAISE EXCEPTION 'not an answer dxready would store' USING ERRCODE = '22023';
        END IF;
        INSERT INTO dxready.answer (assessment, question_id, value, answered_at) VALUES (held, p_question, p_value, now)
          ON CONFLICT (assessment, question_id) DO UPDATE SET value = excluded.value, answered_at = excluded.answered_at;
        UPDATE dxready.assessment SET updated_at = now WHERE seq = held;
      END $$;
    CREATE FUNCTION dxready.intake_remove_answer(p_code TEXT, p_id TEXT, p_question TEXT) RETURNS VOID
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
      DECLARE held BIGINT := dxready.intake_held(p_code, p_id);
      BEGIN
        DELETE FROM dxready.answer WHERE assessment = held AND question_id = p_question;
        UPDATE dxready.assessment SET updated_at = dxready.intake_now() WHERE seq = held;
      END $$;
    CREATE FUNCTION dxready.intake_save_position(p_code TEXT, p_id TEXT, p_question TEXT) RETURNS VOID
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
      DECLARE held BIGINT := dxready.intake_held(p_code, p_id);
      BEGIN
        IF p_question !~ '^[a-z][a-z0-9_]{0,63}$' THEN RAISE EXCEPTION 'not a question' USING ERRCODE = '22023'; END IF;
        UPDATE dxready.assessment SET position = p_question WHERE seq = held;
      END $$;
    -- "Start over": the held draft removed, with its answers.
    CREATE FUNCTION dxready.intake_discard(p_code TEXT, p_id TEXT) RETURNS VOID
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
      DECLARE held BIGINT := dxready.intake_held(p_code, p_id);
      BEGIN
        DELETE FROM dxready.assessment WHERE seq = held;
      END $$;
    -- The held draft submitted with its scores, each checked against the forms dxready writes
    -- and the stored questionnaire's dimensions: made now, counted later. It takes no lock.
    CREATE FUNCTION dxready.intake_submit(
      p_code TEXT, p_id TEXT, p_scoring_method TEXT, p_overall_status TEXT, p_overall_score DOUBLE PRECISION,
      p_overall_level INTEGER, p_weakest TEXT, p_dimensions TEXT[], p_statuses TEXT[], p_scores DOUBLE PRECISION[],
      p_levels INTEGER[], p_coverages DOUBLE PRECISION[])
      RETURNS VOID LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
      DECLARE held BIGINT := dxready.intake_held(p_code, p_id); now TEXT := dxready.intake_now(); v_source TEXT;
        n INTEGER := coalesce(array_length(p_dimensions, 1), 0);
      BEGIN
        SELECT q.source INTO v_source FROM dxready.assessment a JOIN dxready.questionnaire q ON q.hash = a.questionnaire_hash
          WHERE a.seq = held;
        IF n > 64 OR coalesce(array_length(p_statuses, 1), 0) <> n OR coalesce(array_length(p_scores, 1), 0) <> n
          OR coalesce(array_length(p_levels, 1), 0) <> n OR coalesce(array_length(p_coverages, 1), 0) <> n
          OR (SELECT count(DISTINCT d) FROM unnest(p_dimensions) AS d) <> n
          OR EXISTS (SELECT 1 FROM unnest(p_dimensions) AS d
            WHERE d IS NULL OR d !~ '^[a-z][a-z0-9_]{0,63}$' OR v_source !~ ('(\s|\{)id:\s*' || d || '(\s|,|\}|$)'))
          OR EXISTS (SELECT 1 FROM unnest(p_statuses) AS v WHERE v IS NULL OR v !~ '^[a-z][a-z_-]{0,31}$')
          OR EXISTS (SELECT 1 FROM unnest(p_scores) AS v WHERE v = 'NaN' OR v NOT BETWEEN 0 AND 100)
          OR EXISTS (SELECT 1 FROM unnest(p_levels) AS v WHERE v NOT BETWEEN 0 AND 10)
          OR EXISTS (SELECT 1 FROM unnest(p_coverages) AS v WHERE v IS NULL OR v = 'NaN' OR v NOT BETWEEN 0 AND 1)
          OR p_overall_score = 'NaN' OR p_overall_score NOT BETWEEN 0 AND 100 OR p_overall_level NOT BETWEEN 0 AND 10
          OR p_scoring_method !~ '^[a-z0-9_./@-]{1,64}$' OR p_overall_status !~ '^[a-z][a-z_-]{0,31}$'
          OR p_weakest !~ '^[a-z][a-z0-9_]{0,63}$' OR (p_weakest IS NOT NULL AND NOT p_weakest = ANY (p_dimensions)) THEN
          RAISE EXCEPTION 'not scores dxready would store' USING ERRCODE = '22023';
        END IF;
        INSERT INTO dxready.dimension_score (assessment, dimension_id, status, score, level, coverage)
          SELECT held, d, s, v, l, c FROM unnest(p_dimensions, p_statuses, p_scores, p_levels, p_coverages) AS u(d, s, v, l, c)
        ON CONFLICT (assessment, dimension_id) DO UPDATE SET status = excluded.status, score = excluded.score,
          level = excluded.level, coverage = excluded.coverage;
        UPDATE dxready.assessment SET status = 'submitted', review_state = 'submitted', submitted_at = now,
          updated_at = now, scoring_method = p_scoring_method, overall_status = p_overall_status,
          overall_score = p_overall_score, overall_level = p_overall_level, weakest_dimension = p_weakest,
          uncounted = true
        WHERE seq = held;
      END $$;

    REVOKE ALL ON FUNCTION dxready.intake_held, dxready.intake_has_questionnaire, dxready.intake_start_draft,
      dxready.intake_save_profile, dxready.intake_drafts, dxready.intake_draft, dxready.intake_answers,
      dxready.intake_save_answer, dxready.intake_remove_answer, dxready.intake_save_position, dxready.intake_discard,
      dxready.intake_submit FROM PUBLIC;
    GRANT EXECUTE ON FUNCTION dxready.intake_has_questionnaire, dxready.intake_start_draft,
      dxready.intake_save_profile, dxready.intake_drafts, dxready.intake_draft, dxready.intake_answers,
      dxready.intake_save_answer, dxready.intake_remove_answer, dxready.intake_save_position, dxready.intake_discard,
      dxready.intake_submit TO dxready_intake;
    -- Removing an assessment removes its answers and scores, whoever removes it.
    CREATE OR REPLACE FUNCTION dxready.remove_answers_and_scores() RETURNS trigger
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
      BEGIN
        DELETE FROM dxready.answer WHERE assessment IN (SELECT seq FROM gone);
        DELETE FROM dxready.dimension_score WHERE assessment IN (SELECT seq FROM gone);
        RETURN NULL;
      END $$;
    """#

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
  /// Roles belong to the server, so another database's `db init` may be creating them at the
  /// same moment: the one that loses the race finds them made (the handler), as v8 does.
  static let roles = """
    DO $$ BEGIN
      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'dxready_consultant') THEN
        CREATE ROLE dxready_consultant NOLOGIN;
      END IF;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
    END $$;
    DO $$ BEGIN
      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'dxready_official') THEN
        CREATE ROLE dxready_official NOLOGIN;
      END IF;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
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
