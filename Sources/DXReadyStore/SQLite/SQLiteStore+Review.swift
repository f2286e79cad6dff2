import DXReadyCore
import Foundation
import GRDB

extension SQLiteStore {
  public func review(_ id: AssessmentID) throws(StoreError) -> ReviewRecord {
    try guarded { try pool.read { db in try Self.review(of: Self.reviewRow(id, db), db) } }
  }

  public func applyReview(
    _ id: AssessmentID, actions: [ReviewAction], by actor: String, basedOn version: Int?, rescored: ScoringResult?
  ) throws(StoreError) -> ReviewRecord {
    try guarded {
      try pool.write { db in
        let row = try Self.reviewRow(id, db)
        let before = try Self.review(of: row, db)
        if let version, version != before.version {
          let last = try Row.fetchOne(
            db, sql: "SELECT actor, action, at FROM audit WHERE assessment_id = ? ORDER BY seq DESC LIMIT 1",
            arguments: [id.rawValue])
          let who =
            last.map { "\($0["actor"] as String) (\($0["action"] as String), \($0["at"] as String))" } ?? "someone"
          throw StoreError.conflict(
            "assessment \(id) changed since you saw it (version \(version), now \(before.version)): last changed by \(who); look at it again and redo your change"
          )
        }
        let time = Self.now()
        var state = before.state
        var audit = AuditWriter(assessment: id.rawValue, actor: actor, at: time, db: db)
        // A review action on a submitted assessment takes it into review.
        let acts = actions.contains { if case .setState = $0 { return false } else { return true } }
        if acts, state == .submitted {
          try audit.append(
            "state", [("before", .text(state.rawValue)), ("after", .text(ReviewState.inReview.rawValue))])
          state = .inReview
        }
        // The business's contributions to the statistics leave before the change and come back
        // after it, so that the cells follow a correction or a rejection in this transaction.
        try StatisticsMaintenance.refresh(businesses: [row.business], before: { _ in true }, after: { _ in false }, db)
        for action in actions {
          switch action {
          case .note(let question, let text):
            try db.execute(
              sql: "INSERT INTO review_note (assessment, question_id, text, by, at) VALUES (?, ?, ?, ?, ?)",
              arguments: [row.seq, question?.rawValue, text, actor, time])
            try audit.append("note", [("question", question.map { .text($0.rawValue) }), ("text", .text(text))])
          case .correct(let question, let value, let reason):
            guard state.isOpen else { throw Self.closed(id, state) }
            let original = try Self.storedAnswers(row.seq, of: id.rawValue, path: path, db).first {
              $0.question == question.rawValue
            }?.json
            let earlier = before.corrections.first { $0.question == question }?.value.jsonText ?? original
            try db.execute(
              sql: """
                INSERT INTO correction (assessment, question_id, value, reason, by, at) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (assessment, question_id) DO UPDATE SET value = excluded.value, reason = excluded.reason,
                  by = excluded.by, at = excluded.at
                """,
              arguments: [row.seq, question.rawValue, value.jsonText, reason, actor, time])
            try audit.append(
              "correct",
              [
                ("question", .text(question.rawValue)), ("before", .json(earlier ?? "null")),
                ("after", .json(value.jsonText)), ("reason", .text(reason)),
              ])
          case .setState(let next, let reason):
            guard state.next.contains(next) else {
              throw StoreError.conflict(
                "assessment \(id) is \(state.rawValue); it can go to \(state.next.map(\.rawValue).joined(separator: ", ")), not \(next.rawValue)"
              )
            }
            try audit.append(
              "state",
              [
                ("before", .text(state.rawValue)), ("after", .text(next.rawValue)),
                ("reason", reason.map { .text($0) }),
              ])
            state = next
          case .accept(let service), .add(let service), .reject(let service, _):
            guard state.isOpen else { throw Self.closed(id, state) }
            let kind: ServiceDecision.Kind
            var reason: String?
            switch action {
            case .accept: kind = .accepted
            case .add: kind = .added
            case .reject(_, let why):
              kind = .rejected
              reason = why
            default: continue
            }
            let earlier = before.decisions.first { $0.service == service }?.kind.rawValue
            try db.execute(
              sql: """
                INSERT INTO service_decision (assessment, service_id, decision, reason, by, at) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (assessment, service_id) DO UPDATE SET decision = excluded.decision,
                  reason = excluded.reason, by = excluded.by, at = excluded.at
                """,
              arguments: [row.seq, service, kind.rawValue, reason, actor, time])
            try audit.append(
              "service",
              [
                ("service", .text(service)), ("before", earlier.map { .text($0) }), ("after", .text(kind.rawValue)),
                ("reason", reason.map { .text($0) }),
              ])
          case .target(let dimension, let level):
            guard state.isOpen else { throw Self.closed(id, state) }
            let earlier = before.targets[dimension]
            try db.execute(
              sql: """
                INSERT INTO review_target (assessment, dimension_id, level) VALUES (?, ?, ?)
                ON CONFLICT (assessment, dimension_id) DO UPDATE SET level = excluded.level
                """,
              arguments: [row.seq, dimension.rawValue, level])
            try audit.append(
              "target",
              [
                ("dimension", .text(dimension.rawValue)), ("before", earlier.map { .json(String($0)) }),
                ("after", .json(String(level))),
              ])
          }
        }
        // The stored scores are those of the answers as corrected, so that the statistics of a
        // reviewed assessment use its corrected answers.
        if let rescored { try Self.rescore(row.seq, result: rescored, db) }
        try db.execute(
          sql: """
            UPDATE assessment SET review_state = ?, status = ?, reviewer = ?, review_version = review_version + 1,
              reviewed_at = CASE WHEN ? = 'reviewed' THEN ? ELSE reviewed_at END, updated_at = ?
            WHERE seq = ?
            """,
          arguments: [
            state.rawValue, state == .reviewed ? "reviewed" : "submitted", actor, state.rawValue, time, time, row.seq,
          ])
        try StatisticsMaintenance.refresh(businesses: [row.business], before: { _ in false }, after: { _ in true }, db)
        return try Self.review(of: Self.reviewRow(id, db), db)
      }
    }
  }

  /// Replaces an assessment's stored scores (its submission time and state stay).
  static func rescore(_ seq: Int64, result: ScoringResult, _ db: Database) throws {
    try db.execute(
      sql: """
        UPDATE assessment SET scoring_method = ?, overall_status = ?, overall_score = ?, overall_level = ?,
          weakest_dimension = ?
        WHERE seq = ?
        """,
      arguments: [
        result.scoringMethod, result.overall.status.rawValue, result.overall.score, result.overall.level,
        result.weakestDimension?.rawValue, seq,
      ])
    let insert = try db.cachedStatement(sql: insertScoreSQL)
    for dimension in result.dimensions {
      try insert.execute(arguments: [
        seq, dimension.id.rawValue, dimension.status.rawValue, dimension.score, dimension.level, dimension.coverage,
      ])
    }
  }

  public func reviewQueue(states: Set<ReviewState>, limit: Int?) throws(StoreError) -> [ReviewQueueRow] {
    try guarded {
      try pool.read { db in
        let wanted = states.map(\.rawValue).sorted()
        let filter =
          wanted.isEmpty
          ? "" : "AND coalesce(a.review_state, 'submitted') IN (\(wanted.map { _ in "?" }.joined(separator: ", ")))"
        let statement = try db.makeStatement(
          sql: """
            SELECT a.id, b.tax_code, coalesce(json_extract(a.profile, '$.name'), b.name) AS name, a.questionnaire_id, a.locality, a.vsic_version, a.vsic_section,
              a.size_class, a.submitted_at, a.overall_score, a.overall_level, a.weakest_dimension, a.review_state,
              a.reviewer
            FROM assessment a JOIN business b ON b.id = a.business_id
            WHERE +a.status IN ('submitted', 'reviewed') \(filter)
            ORDER BY a.submitted_at DESC, a.seq DESC \(limit.map { "LIMIT \($0)" } ?? "")
            """)
        try statement.setArguments(StatementArguments(wanted))
        // Newest first along `assessment_by_submission` (the `+` keeps the status index out), so
        // that the first screen's rows come without sorting the whole queue. Read through
        // SQLite's C interface: a queue of a hundred thousand rows.
        var rows: [ReviewQueueRow] = []
        try CursorRow.forEach(statement) { row in
          rows.append(
            ReviewQueueRow(
              id: AssessmentID(stored: row.text(0) ?? ""), taxCode: row.text(1) ?? "", businessName: row.text(2) ?? "",
              questionnaireID: QuestionnaireID(row.text(3) ?? ""), locality: row.key(4), vsicVersion: row.integer(5),
              section: row.key(6), sizeClass: row.key(7).flatMap(SizeClass.init(rawValue:)),
              submittedAt: row.text(8) ?? "", overallScore: row.real(9), overallLevel: row.integer(10),
              weakestDimension: row.key(11), state: row.key(12).flatMap(ReviewState.init(rawValue:)) ?? .submitted,
              reviewer: row.key(13)))
        }
        return rows
      }
    }
  }

  public func auditLog(_ assessment: AssessmentID?) throws(StoreError) -> [AuditEntry] {
    try guarded {
      try pool.read { db in
        let filter = assessment == nil ? "" : "WHERE assessment_id = ?"
        return try Row.fetchAll(
          db, sql: "SELECT * FROM audit \(filter) ORDER BY seq",
          arguments: StatementArguments(assessment.map { [$0.rawValue] } ?? [])
        ).map(Self.auditEntry)
      }
    }
  }

  /// Applies a review carried in a field bundle, as ``CarriedReviewStep`` decides: its notes,
  /// corrections, decisions and targets with their first authors and times, the scores of the
  /// answers as corrected, its state, and its audit entries appended to this chain. Returns
  /// whether anything changed.
  static func applyCarried(_ arriving: ArrivingReview, _ db: Database) throws -> Bool {
    let carried = arriving.carried
    let row = try reviewRow(carried.assessment, db)
    let mark = try Row.fetchOne(
      db, sql: "SELECT carried_hash, carried_version FROM assessment WHERE seq = ?", arguments: [row.seq]
    ).flatMap { found -> CarriedMark? in
      guard let hash = found["carried_hash"] as String? else { return nil }
      return CarriedMark(lastHash: hash, version: found["carried_version"] ?? 0)
    }
    // The sending database's entries applied here before, named in the details they left.
    let details = try String.fetchAll(
      db, sql: "SELECT detail FROM audit WHERE assessment_id = ? AND detail LIKE '%\"carried\":%'",
      arguments: [carried.assessment.rawValue])
    guard let entries = try arriving.entriesToApply(version: row.version, mark: mark, receivedDetails: details) else {
      return false
    }
    try StatisticsMaintenance.refresh(businesses: [row.business], before: { _ in true }, after: { _ in false }, db)
    let review = carried.review
    let known = Set(try Self.review(of: row, db).notes)
    for note in review.notes where !known.contains(note) {
      try db.execute(
        sql: "INSERT INTO review_note (assessment, question_id, text, by, at) VALUES (?, ?, ?, ?, ?)",
        arguments: [row.seq, note.question?.rawValue, note.text, note.by, note.at])
    }
    for correction in review.corrections {
      try db.execute(
        sql: """
          INSERT INTO correction (assessment, question_id, value, reason, by, at) VALUES (?, ?, ?, ?, ?, ?)
          ON CONFLICT (assessment, question_id) DO UPDATE SET value = excluded.value, reason = excluded.reason,
            by = excluded.by, at = excluded.at
          """,
        arguments: [
          row.seq, correction.question.rawValue, correction.value.jsonText, correction.reason, correction.by,
          correction.at,
        ])
    }
    for decision in review.decisions {
      try db.execute(
        sql: """
          INSERT INTO service_decision (assessment, service_id, decision, reason, by, at) VALUES (?, ?, ?, ?, ?, ?)
          ON CONFLICT (assessment, service_id) DO UPDATE SET decision = excluded.decision,
            reason = excluded.reason, by = excluded.by, at = excluded.at
          """,
        arguments: [row.seq, decision.service, decision.kind.rawValue, decision.reason, decision.by, decision.at])
    }
    for (dimension, level) in review.targets {
      try db.execute(
        sql: """
          INSERT INTO review_target (assessment, dimension_id, level) VALUES (?, ?, ?)
          ON CONFLICT (assessment, dimension_id) DO UPDATE SET level = excluded.level
          """,
        arguments: [row.seq, dimension.rawValue, level])
    }
    try rescore(row.seq, result: arriving.rescored, db)
    let last = carried.entries.last
    try db.execute(
      sql: """
        UPDATE assessment SET review_state = ?, status = ?, reviewer = ?, review_version = ?,
          reviewed_at = CASE WHEN ? = 'reviewed' THEN ? ELSE reviewed_at END, updated_at = ?,
          carried_hash = ?, carried_version = ?
        WHERE seq = ?
        """,
      arguments: [
        review.state.rawValue, review.state == .reviewed ? "reviewed" : "submitted", review.reviewer,
        row.version + 1, review.state.rawValue, last?.at, now(), last?.hash, row.version + 1, row.seq,
      ])
    for entry in entries {
      var audit = AuditWriter(assessment: carried.assessment.rawValue, actor: entry.actor, at: entry.at, db: db)
      try audit.append(entry.action, detail: CarriedReview.receivedDetail(entry, from: arriving.from))
    }
    try StatisticsMaintenance.refresh(businesses: [row.business], before: { _ in false }, after: { _ in true }, db)
    return true
  }

  /// Records the deletion of an assessment in the audit log (its entries stay).
  static func auditDeletion(_ id: AssessmentID, by actor: String, _ db: Database) throws {
    var audit = AuditWriter(assessment: id.rawValue, actor: actor, at: now(), db: db)
    try audit.append("delete", [])
  }

  static func closed(_ id: AssessmentID, _ state: ReviewState) -> StoreError {
    .conflict("assessment \(id) is \(state.rawValue): open it again first (--state in-review)")
  }

  static func auditEntry(_ row: Row) -> AuditEntry {
    AuditEntry(
      seq: row["seq"], assessment: row["assessment_id"], at: row["at"], actor: row["actor"], action: row["action"],
      detail: row["detail"], previousHash: row["previous_hash"], hash: row["hash"])
  }

  struct ReviewRow {
    var id: AssessmentID
    var seq: Int64
    var business: Int64
    var state: ReviewState
    var reviewer: String?
    var version: Int
  }

  static func reviewRow(_ id: AssessmentID, _ db: Database) throws -> ReviewRow {
    guard
      let row = try Row.fetchOne(
        db,
        sql: "SELECT seq, business_id, status, review_state, reviewer, review_version FROM assessment WHERE id = ?",
        arguments: [id.rawValue])
    else { throw StoreError.notFound("assessment \(id)") }
    let status: String = row["status"]
    guard status != AssessmentStatus.draft.rawValue else {
      throw StoreError.conflict("assessment \(id) is a draft: only a submitted assessment is reviewed")
    }
    let state = (row["review_state"] as String?).flatMap(ReviewState.init(rawValue:)) ?? .submitted
    return ReviewRow(
      id: id, seq: row["seq"], business: row["business_id"], state: state, reviewer: row["reviewer"],
      version: row["review_version"])
  }

  static func review(of row: ReviewRow, _ db: Database) throws -> ReviewRecord {
    let corrections = try Row.fetchAll(
      db, sql: "SELECT * FROM correction WHERE assessment = ? ORDER BY at, question_id", arguments: [row.seq]
    ).compactMap { r -> Correction? in
      guard let value = AnswerValue(jsonText: r["value"]) else { return nil }
      return Correction(
        question: QuestionID(r["question_id"]), value: value, reason: r["reason"], by: r["by"], at: r["at"])
    }
    let notes = try Row.fetchAll(
      db, sql: "SELECT * FROM review_note WHERE assessment = ? ORDER BY id", arguments: [row.seq]
    ).map { r in
      ReviewNote(
        question: (r["question_id"] as String?).map { QuestionID($0) }, text: r["text"], by: r["by"], at: r["at"])
    }
    let decisions = try Row.fetchAll(
      db, sql: "SELECT * FROM service_decision WHERE assessment = ? ORDER BY at, service_id", arguments: [row.seq]
    ).compactMap { r -> ServiceDecision? in
      guard let kind = ServiceDecision.Kind(rawValue: r["decision"]) else { return nil }
      return ServiceDecision(service: r["service_id"], kind: kind, reason: r["reason"], by: r["by"], at: r["at"])
    }
    var targets: [DimensionID: Int] = [:]
    for r in try Row.fetchAll(db, sql: "SELECT * FROM review_target WHERE assessment = ?", arguments: [row.seq]) {
      targets[DimensionID(r["dimension_id"])] = r["level"]
    }
    var record = ReviewRecord(
      state: row.state, reviewer: row.reviewer, version: row.version, corrections: corrections, notes: notes,
      decisions: decisions, targets: targets)
    if let change = try Row.fetchOne(
      db,
      sql: "SELECT actor, at, detail FROM audit WHERE assessment_id = ? AND action = 'state' ORDER BY seq DESC LIMIT 1",
      arguments: [row.id.rawValue])
    {
      record.lastStateChange = .from(actor: change["actor"], at: change["at"], detail: change["detail"])
    }
    return record
  }
}

/// Appends entries to the audit log, each chained to the one before by its hash.
struct AuditWriter {
  let assessment: String
  let actor: String
  let at: String
  let db: Database

  mutating func append(_ action: String, _ fields: [(String, AuditEntry.Value?)]) throws {
    try append(action, detail: AuditEntry.detail(fields))
  }

  /// Appends an entry whose detail is already compact JSON.
  mutating func append(_ action: String, detail: String) throws {
    let previous = try String.fetchOne(db, sql: "SELECT hash FROM audit ORDER BY seq DESC LIMIT 1") ?? ""
    let hash = AuditEntry.hash(
      previous: previous, assessment: assessment, at: at, actor: actor, action: action, detail: detail)
    try db.execute(
      sql: """
        INSERT INTO audit (assessment_id, at, actor, action, detail, previous_hash, hash)
        VALUES (?, ?, ?, ?, ?, ?, ?)
        """,
      arguments: [assessment, at, actor, action, detail, previous, hash])
  }
}
