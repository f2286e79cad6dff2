import DXReadyCore
import Foundation
import GRDB

/// The database schema, as versioned migrations that run when a database is opened.
///
/// The SQL keeps to what PostgreSQL also accepts (text ids, ISO 8601 timestamps as text,
/// JSON as text), so that a server implementation can share the same tables.
///
/// Assessments have a UUID (`id`) for people and files, and an integer key (`seq`, in order of
/// creation) that answers and scores point to: their rows then go in at the end of their
/// tables instead of at random places, which keeps bulk imports fast. `seq` also orders lists
/// (newest first) without an index of its own.
///
/// `answer.answered_at` is the time an answer was given in a draft. A submitted assessment's
/// answers are one set in `answer_set` (schema v14), whose time is the assessment's
/// `submitted_at`.
enum Schema {
  /// `DXRD`: marks a SQLite file as a dxready database.
  static let applicationID: Int32 = 0x4458_5244

  static var migrator: DatabaseMigrator {
    var migrator = DatabaseMigrator()
    migrator.registerMigration("v1") { db in
      try db.execute(sql: "PRAGMA application_id = \(applicationID)")
      try db.execute(
        sql: """
          CREATE TABLE questionnaire (
            hash TEXT PRIMARY KEY,
            questionnaire_id TEXT NOT NULL,
            version TEXT NOT NULL,
            source TEXT NOT NULL,
            stored_at TEXT NOT NULL
          );
          CREATE TABLE business (
            id INTEGER PRIMARY KEY,
            tax_code TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            locality TEXT,
            vsic_version INTEGER,
            vsic_section TEXT,
            vsic_code TEXT,
            employees INTEGER,
            revenue_billion_vnd REAL,
            capital_billion_vnd REAL,
            size_class TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
          );
          CREATE TABLE assessment (
            seq INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            business_id INTEGER NOT NULL REFERENCES business(id),
            questionnaire_hash TEXT NOT NULL REFERENCES questionnaire(hash),
            questionnaire_id TEXT NOT NULL,
            questionnaire_version TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'reviewed')),
            profile TEXT NOT NULL,
            locality TEXT,
            vsic_version INTEGER,
            vsic_section TEXT,
            size_class TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            submitted_at TEXT,
            reviewed_at TEXT,
            scoring_method TEXT,
            overall_status TEXT,
            overall_score REAL,
            overall_level INTEGER,
            weakest_dimension TEXT,
            content_digest TEXT
          );
          CREATE INDEX assessment_by_status ON assessment(status, seq);
          CREATE INDEX assessment_by_business ON assessment(business_id, seq);
          CREATE TABLE answer (
            assessment INTEGER NOT NULL REFERENCES assessment(seq) ON DELETE CASCADE,
            question_id TEXT NOT NULL,
            value TEXT NOT NULL,
            answered_at TEXT,
            PRIMARY KEY (assessment, question_id)
          ) WITHOUT ROWID;
          CREATE TABLE dimension_score (
            assessment INTEGER NOT NULL REFERENCES assessment(seq) ON DELETE CASCADE,
            dimension_id TEXT NOT NULL,
            status TEXT NOT NULL,
            score REAL,
            level INTEGER,
            coverage REAL NOT NULL,
            PRIMARY KEY (assessment, dimension_id)
          ) WITHOUT ROWID;
          """)
    }
    // Migrations after v1 add no foreign keys, so they run with foreign keys checked as they
    // go (`.immediate`) instead of GRDB's default full check of every foreign key in the
    // database afterwards, which takes about 1 s per 100,000 stored assessments (measured on
    // the first open of a v2 database after v3 came).
    //
    // Statistics maintained as assessments are submitted, imported and deleted (see
    // `MaintainedStatistics`): one row per cell, its figures in a compact blob. Absent groups
    // are '' (or 0), so that the key is unique.
    migrator.registerMigration("v2-statistics-cells", foreignKeyChecks: .immediate) { db in
      try db.execute(
        sql: """
          CREATE TABLE stat_cell (
            questionnaire_id TEXT NOT NULL,
            reviewed_only INTEGER NOT NULL,
            period TEXT NOT NULL,
            locality TEXT NOT NULL,
            vsic_version INTEGER NOT NULL,
            vsic_section TEXT NOT NULL,
            size_class TEXT NOT NULL,
            group_period TEXT NOT NULL,
            data BLOB NOT NULL,
            PRIMARY KEY (questionnaire_id, reviewed_only, period, locality, vsic_version, vsic_section, size_class,
              group_period)
          ) WITHOUT ROWID;
          """)
      // Filled after v7 (see `finishPendingWork`).
    }
    // The question a draft was on when it was left (`dxready take` carries on there).
    migrator.registerMigration("v3-draft-position", foreignKeyChecks: .immediate) { db in
      try db.execute(sql: "ALTER TABLE assessment ADD COLUMN position TEXT")
    }
    // Statistics cells in the compact stored form (format 2, variable-length integers): a third
    // of the size, so that a cell stays inside its page. This migration once rewrote every cell
    // with the statistics code; v7 now makes the cells anew and they are counted again after the
    // last migration, so it does nothing: no migration runs application code, which is written
    // for the latest schema (GRDB's guide on migrations).
    migrator.registerMigration("v4-compact-cells", foreignKeyChecks: .immediate) { _ in }
    // Periods follow the province's time (UTC+7), not UTC: a submission at 03:00 on 1 April in
    // Vietnam belongs to the second quarter. The cells are counted again from the assessments.
    migrator.registerMigration("v5-vietnam-time-periods", foreignKeyChecks: .immediate) { _ in
      // The cells are counted again after v7, which every database passes through after this one.
    }
    // The secret behind the noise of published statistics (`DisclosureControl`): 128 random
    // bits, made once for each database, never shown by any command.
    migrator.registerMigration("v6-statistics-key", foreignKeyChecks: .immediate) { db in
      try db.execute(
        sql: "CREATE TABLE statistics_key (id INTEGER PRIMARY KEY CHECK (id = 1), key BLOB NOT NULL)")
      try db.execute(
        sql: "INSERT INTO statistics_key (id, key) VALUES (1, ?)", arguments: [Data(NoiseKey.random())])
    }
    // Legal form (enterprise, cooperative, household business) on businesses and assessments,
    // and as a group of the statistics cells, which are made anew and left to be counted
    // again once every migration has run (`finishPendingWork`): no migration runs the
    // statistics code, which is written for the latest schema.
    migrator.registerMigration("v7-legal-form", foreignKeyChecks: .immediate) { db in
      try db.execute(
        sql: """
          ALTER TABLE business ADD COLUMN legal_form TEXT;
          ALTER TABLE assessment ADD COLUMN legal_form TEXT;
          DROP TABLE stat_cell;
          CREATE TABLE stat_cell (
            questionnaire_id TEXT NOT NULL,
            reviewed_only INTEGER NOT NULL,
            period TEXT NOT NULL,
            locality TEXT NOT NULL,
            vsic_version INTEGER NOT NULL,
            vsic_section TEXT NOT NULL,
            size_class TEXT NOT NULL,
            legal_form TEXT NOT NULL,
            group_period TEXT NOT NULL,
            data BLOB NOT NULL,
            PRIMARY KEY (questionnaire_id, reviewed_only, period, locality, vsic_version, vsic_section, size_class,
              legal_form, group_period)
          ) WITHOUT ROWID;
          CREATE TABLE IF NOT EXISTS pending_work (task TEXT PRIMARY KEY);
          INSERT OR IGNORE INTO pending_work (task) VALUES ('rebuild-statistics');
          """)
    }
    // The business's consent to the personal-data notice: the notice's version, when, and how
    // (on the notice screen of `take`, in an imported file, or recorded elsewhere).
    migrator.registerMigration("v8-consent", foreignKeyChecks: .immediate) { db in
      try db.execute(
        sql: """
          ALTER TABLE assessment ADD COLUMN consent_notice TEXT;
          ALTER TABLE assessment ADD COLUMN consent_at TEXT;
          ALTER TABLE assessment ADD COLUMN consent_method TEXT;
          """)
    }
    // Consultant review: the state of each submitted assessment, corrections (the original
    // answers stay), notes, roadmap decisions, target levels, and the audit log, which the
    // database itself keeps append-only.
    migrator.registerMigration("v9-review", foreignKeyChecks: .immediate) { db in
      try db.execute(
        sql: """
          ALTER TABLE assessment ADD COLUMN review_state TEXT;
          ALTER TABLE assessment ADD COLUMN reviewer TEXT;
          ALTER TABLE assessment ADD COLUMN review_version INTEGER NOT NULL DEFAULT 0;
          UPDATE assessment SET review_state = status WHERE status IN ('submitted', 'reviewed');
          CREATE INDEX assessment_by_submission ON assessment(submitted_at, seq);
          CREATE TABLE correction (
            assessment INTEGER NOT NULL REFERENCES assessment(seq) ON DELETE CASCADE,
            question_id TEXT NOT NULL,
            value TEXT NOT NULL,
            reason TEXT NOT NULL,
            by TEXT NOT NULL,
            at TEXT NOT NULL,
            PRIMARY KEY (assessment, question_id)
          ) WITHOUT ROWID;
          CREATE TABLE review_note (
            id INTEGER PRIMARY KEY,
            assessment INTEGER NOT NULL REFERENCES assessment(seq) ON DELETE CASCADE,
            question_id TEXT,
            text TEXT NOT NULL,
            by TEXT NOT NULL,
            at TEXT NOT NULL
          );
          CREATE INDEX review_note_by_assessment ON review_note(assessment, id);
          CREATE TABLE service_decision (
            assessment INTEGER NOT NULL REFERENCES assessment(seq) ON DELETE CASCADE,
            service_id TEXT NOT NULL,
            decision TEXT NOT NULL CHECK (decision IN ('accepted', 'rejected', 'added')),
            reason TEXT,
            by TEXT NOT NULL,
            at TEXT NOT NULL,
            PRIMARY KEY (assessment, service_id)
          ) WITHOUT ROWID;
          CREATE TABLE review_target (
            assessment INTEGER NOT NULL REFERENCES assessment(seq) ON DELETE CASCADE,
            dimension_id TEXT NOT NULL,
            level INTEGER NOT NULL,
            PRIMARY KEY (assessment, dimension_id)
          ) WITHOUT ROWID;
          CREATE TABLE audit (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            assessment_id TEXT NOT NULL,
            at TEXT NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            detail TEXT NOT NULL,
            previous_hash TEXT NOT NULL,
            hash TEXT NOT NULL
          );
          CREATE INDEX audit_by_assessment ON audit(assessment_id, seq);
          CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
            BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: entries are never changed'); END;
          CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
            BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: entries are never removed'); END;
          CREATE TRIGGER review_note_no_update BEFORE UPDATE ON review_note
            BEGIN SELECT RAISE(ABORT, 'notes are never changed'); END;
          """)
    }
    // The digest of the resume code of a draft started at a kiosk (`take --kiosk`), which
    // alone, with the tax code, opens it there again.
    migrator.registerMigration("v10-resume-code", foreignKeyChecks: .immediate) { db in
      try db.execute(sql: "ALTER TABLE assessment ADD COLUMN resume_code TEXT")
    }
    // A business counts with its latest assessment by submission time, no longer by the order
    // rows were stored: the cells are counted again once every migration has run.
    migrator.registerMigration("v11-latest-by-submission", foreignKeyChecks: .immediate) { db in
      try db.execute(
        sql: """
          CREATE TABLE IF NOT EXISTS pending_work (task TEXT PRIMARY KEY);
          INSERT OR IGNORE INTO pending_work (task) VALUES ('rebuild-statistics');
          """)
    }
    // Field bundles: the laptops' keys this database trusts, and the bundles made from it.
    migrator.registerMigration("v12-bundles", foreignKeyChecks: .immediate) { db in
      try db.execute(
        sql: """
          CREATE TABLE trusted_key (
            id TEXT PRIMARY KEY,
            public_key TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            added_at TEXT NOT NULL,
            revoked_at TEXT
          );
          CREATE TABLE bundle_made (
            made_at TEXT NOT NULL,
            submitted_to TEXT NOT NULL,
            last_stored INTEGER NOT NULL,
            assessments INTEGER NOT NULL,
            file TEXT NOT NULL
          );
          """)
    }
    // Reviews carried in field bundles: how far each assessment's carried review was applied
    // (the sending database's hash of the last entry applied, and the review version it left).
    migrator.registerMigration("v13-carried-reviews", foreignKeyChecks: .immediate) { db in
      try db.execute(
        sql: """
          ALTER TABLE assessment ADD COLUMN carried_hash TEXT;
          ALTER TABLE assessment ADD COLUMN carried_version INTEGER;
          """)
    }
    // A submitted assessment's answers, which never change, as one JSON object per assessment
    // (`AnswerSet`) instead of a row per answer, as PostgreSQL keeps them: an import writes one
    // row where it wrote 43 (with their key entries), and the question ids are not repeated in
    // a key per answer. A draft's answers, saved one at a time, stay in `answer`; a trigger packs
    // them into a set when the draft is submitted. Plain SQL, as every migration. The answers
    // already stored are packed in the order of `answer`'s key, without a sort, and the table
    // is made again with the drafts' rows alone rather than emptied row by row (100,000
    // assessments: 7.6 s instead of 17 s).
    migrator.registerMigration("v14-answer-sets", foreignKeyChecks: .immediate) { db in
      try db.execute(
        sql: """
          CREATE TABLE answer_set (
            assessment INTEGER PRIMARY KEY REFERENCES assessment(seq) ON DELETE CASCADE,
            answers TEXT NOT NULL
          );
          INSERT INTO answer_set (assessment, answers)
            SELECT n.assessment, '{' || group_concat(json_quote(n.question_id) || ':' || n.value, ',') || '}'
            FROM answer n WHERE n.assessment IN (SELECT seq FROM assessment WHERE status <> 'draft')
            GROUP BY n.assessment;
          CREATE TABLE answer_of_drafts (
            assessment INTEGER NOT NULL REFERENCES assessment(seq) ON DELETE CASCADE,
            question_id TEXT NOT NULL,
            value TEXT NOT NULL,
            answered_at TEXT,
            PRIMARY KEY (assessment, question_id)
          ) WITHOUT ROWID;
          INSERT INTO answer_of_drafts (assessment, question_id, value, answered_at)
            SELECT assessment, question_id, value, answered_at FROM answer
            WHERE assessment IN (SELECT seq FROM assessment WHERE status = 'draft');
          DROP TABLE answer;
          ALTER TABLE answer_of_drafts RENAME TO answer;
          CREATE TRIGGER assessment_packs_answers AFTER UPDATE OF status ON assessment
            WHEN OLD.status = 'draft' AND NEW.status <> 'draft'
          BEGIN
            INSERT OR IGNORE INTO answer_set (assessment, answers)
              SELECT NEW.seq, '{' || coalesce(group_concat(json_quote(question_id) || ':' || value, ','), '') || '}'
              FROM (SELECT question_id, value FROM answer WHERE assessment = NEW.seq ORDER BY question_id);
            DELETE FROM answer WHERE assessment = NEW.seq;
          END;
          """)
    }
    return migrator
  }

  /// Finishes what migrations left to the store, in one write transaction: counting the
  /// statistics cells again from the assessments. Nothing to do (one read) in the usual case.
  static func finishPendingWork(_ writer: some DatabaseWriter) throws {
    let pending = try writer.read { db in
      try db.tableExists("pending_work") ? try String.fetchAll(db, sql: "SELECT task FROM pending_work") : []
    }
    guard pending.contains("rebuild-statistics") else { return }
    try writer.write { db in
      try StatisticsMaintenance.rebuild(db)
      try db.execute(sql: "DELETE FROM pending_work WHERE task = 'rebuild-statistics'")
    }
  }
}
