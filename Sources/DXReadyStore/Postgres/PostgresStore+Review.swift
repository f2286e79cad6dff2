import DXReadyCore
import Foundation

extension PostgresStore {
  public func review(_ id: AssessmentID) throws(StoreError) -> ReviewRecord {
    try guarded { db in try Self.review(of: Self.reviewRow(id, db), db) }
  }

  public func applyReview(
    _ id: AssessmentID, actions: [ReviewAction], by actor: String, basedOn version: Int?, rescored: ScoringResult?
  ) throws(StoreError) -> ReviewRecord {
    try write(serialised: true) { db in
      let row = try Self.reviewRow(id, db)
      let before = try Self.review(of: row, db)
      if let version, version != before.version {
        let last = try db.execute(
          "SELECT actor, action, at FROM audit WHERE assessment_id = $1 ORDER BY seq DESC LIMIT 1", [id.rawValue])
        let who =
          last.count == 1
          ? "\(last.text(0, 0) ?? "") (\(last.text(0, 1) ?? ""), \(last.text(0, 2) ?? ""))" : "someone"
        throw StoreError.conflict(
          "assessment \(id) changed since you saw it (version \(version), now \(before.version)): last changed by \(who); look at it again and redo your change"
        )
      }
      let time = Self.now()
      var state = before.state
      var audit = PostgresAuditWriter(assessment: id.rawValue, actor: actor, at: time, db: db)
      // A review action on a submitted assessment takes it into review.
      let acts = actions.contains { if case .setState = $0 { return false } else { return true } }
      if acts, state == .submitted {
        try audit.append("state", [("before", .text(state.rawValue)), ("after", .text(ReviewState.inReview.rawValue))])
        state = .inReview
      }
      // The business's contributions leave the statistics before the change and come back after it.
      try PostgresStatistics.refresh(businesses: [row.business], before: { _ in true }, after: { _ in false }, db)
      for action in actions {
        switch action {
        case .note(let question, let text):
          try db.execute(
            "INSERT INTO review_note (assessment, question_id, text, by, at) VALUES ($1, $2, $3, $4, $5)",
            [row.seq, question?.rawValue, text, actor, time])
          try audit.append("note", [("question", question.map { .text($0.rawValue) }), ("text", .text(text))])
        case .correct(let question, let value, let reason):
          guard state.isOpen else { throw Self.closed(id, state) }
          let original = try db.execute(
            "SELECT value FROM stored_answer WHERE assessment = $1 AND question_id = $2", [row.seq, question.rawValue]
          ).text(0, 0)
          let earlier = before.corrections.first { $0.question == question }?.value.jsonText ?? original
          try db.execute(
            """
            INSERT INTO correction (assessment, question_id, value, reason, by, at) VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (assessment, question_id) DO UPDATE SET value = excluded.value, reason = excluded.reason,
              by = excluded.by, at = excluded.at
            """, [row.seq, question.rawValue, value.jsonText, reason, actor, time])
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
            [("before", .text(state.rawValue)), ("after", .text(next.rawValue)), ("reason", reason.map { .text($0) })])
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
            """
            INSERT INTO service_decision (assessment, service_id, decision, reason, by, at)
            VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (assessment, service_id) DO UPDATE SET decision = excluded.decision,
              reason = excluded.reason, by = excluded.by, at = excluded.at
            """, [row.seq, service, kind.rawValue, reason, actor, time])
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
            """
            INSERT INTO review_target (assessment, dimension_id, level) VALUES ($1, $2, $3)
            ON CONFLICT (assessment, dimension_id) DO UPDATE SET level = excluded.level
            """, [row.seq, dimension.rawValue, level])
          try audit.append(
            "target",
            [
              ("dimension", .text(dimension.rawValue)), ("before", earlier.map { .json(String($0)) }),
              ("after", .json(String(level))),
            ])
        }
      }
      // The stored scores are those of the answers as corrected.
      if let rescored { try Self.rescore(row.seq, result: rescored, db) }
      try db.execute(
        """
        UPDATE assessment SET review_state = $1, status = $2, reviewer = $3, review_version = review_version + 1,
          reviewed_at = CASE WHEN $4 = 'reviewed' THEN $5 ELSE reviewed_at END, updated_at = $6
        WHERE seq = $7
        """,
        [state.rawValue, state == .reviewed ? "reviewed" : "submitted", actor, state.rawValue, time, time, row.seq])
      try PostgresStatistics.refresh(businesses: [row.business], before: { _ in false }, after: { _ in true }, db)
      return try Self.review(of: Self.reviewRow(id, db), db)
    }
  }

  public func reviewQueue(states: Set<ReviewState>, limit: Int?) throws(StoreError) -> [ReviewQueueRow] {
    try guarded { db in
      let wanted = states.map(\.rawValue).sorted()
      let filter = wanted.isEmpty ? "" : "AND coalesce(a.review_state, 'submitted') = ANY($1::text[])"
      let rows = try db.execute(
        """
        SELECT a.id, b.tax_code, coalesce(a.profile::json ->> 'name', b.name) AS name, a.questionnaire_id, a.locality, a.vsic_version, a.vsic_section,
          a.size_class, a.submitted_at, a.overall_score, a.overall_level, a.weakest_dimension, a.review_state,
          a.reviewer
        FROM assessment a JOIN business b ON b.id = a.business_id
        WHERE a.status IN ('submitted', 'reviewed') \(filter)
        ORDER BY a.submitted_at DESC, a.seq DESC \(limit.map { "LIMIT \($0)" } ?? "")
        """, wanted.isEmpty ? [] : ["{" + wanted.joined(separator: ",") + "}"])
      return (0..<rows.count).map { row in
        ReviewQueueRow(
          id: AssessmentID(stored: rows.text(row, 0) ?? ""), taxCode: rows.text(row, 1) ?? "",
          businessName: rows.text(row, 2) ?? "", questionnaireID: QuestionnaireID(rows.text(row, 3) ?? ""),
          locality: rows.key(row, 4),
          vsicVersion: rows.integer(row, 5), section: rows.key(row, 6),
          sizeClass: rows.key(row, 7).flatMap(SizeClass.init(rawValue:)), submittedAt: rows.text(row, 8) ?? "",
          overallScore: rows.real(row, 9), overallLevel: rows.integer(row, 10), weakestDimension: rows.key(row, 11),
          state: rows.key(row, 12).flatMap(ReviewState.init(rawValue:)) ?? .submitted, reviewer: rows.key(row, 13))
      }
    }
  }

  public func auditLog(_ assessment: AssessmentID?) throws(StoreError) -> [AuditEntry] {
    try guarded { db in
      let rows = try db.execute(
        """
        SELECT seq, assessment_id, at, actor, action, detail, previous_hash, hash FROM audit
        \(assessment == nil ? "" : "WHERE assessment_id = $1") ORDER BY seq
        """, assessment.map { [$0.rawValue] } ?? [])
      return (0..<rows.count).map { row in
        AuditEntry(
          seq: rows.int64(row, 0) ?? 0, assessment: rows.text(row, 1) ?? "", at: rows.text(row, 2) ?? "",
          actor: rows.text(row, 3) ?? "", action: rows.text(row, 4) ?? "", detail: rows.text(row, 5) ?? "",
          previousHash: rows.text(row, 6) ?? "", hash: rows.text(row, 7) ?? "")
      }
    }
  }

  /// Replaces an assessment's stored scores (its submission time and state stay).
  static func rescore(_ seq: Int64, result: ScoringResult, _ db: PGConnection) throws {
    try db.execute(
      """
      UPDATE assessment SET scoring_method = $1, overall_status = $2, overall_score = $3, overall_level = $4,
        weakest_dimension = $5
      WHERE seq = $6
      """,
      [
        result.scoringMethod, result.overall.status.rawValue, result.overall.score, result.overall.level,
        result.weakestDimension?.rawValue, seq,
      ])
    try insertScores(seq, result: result, db)
  }

  /// Applies a review carried in a field bundle, as the SQLite store does
  /// (`SQLiteStore.applyCarried`); returns whether anything changed.
  static func applyCarried(_ arriving: ArrivingReview, _ db: PGConnection) throws -> Bool {
    let carried = arriving.carried
    let row = try reviewRow(carried.assessment, db)
    let found = try db.execute("SELECT carried_hash, carried_version FROM assessment WHERE seq = $1", [row.seq])
    let mark = found.text(0, 0).map { CarriedMark(lastHash: $0, version: found.integer(0, 1) ?? 0) }
    // The sending database's entries applied here before, named in the details they left.
    let details = try db.execute(
      "SELECT detail FROM audit WHERE assessment_id = $1 AND detail LIKE '%\"carried\":%'",
      [carried.assessment.rawValue])
    guard
      let entries = try arriving.entriesToApply(
        version: row.version, mark: mark, receivedDetails: (0..<details.count).compactMap { details.text($0, 0) })
    else { return false }
    try PostgresStatistics.refresh(businesses: [row.business], before: { _ in true }, after: { _ in false }, db)
    let review = carried.review
    let known = Set(try Self.review(of: row, db).notes)
    for note in review.notes where !known.contains(note) {
      try db.execute(
        "INSERT INTO review_note (assessment, question_id, text, by, at) VALUES ($1, $2, $3, $4, $5)",
        [row.seq, note.question?.rawValue, note.text, note.by, note.at])
    }
    for correction in review.corrections {
      try db.execute(
        """
        INSERT INTO correction (assessment, question_id, value, reason, by, at) VALUES ($1, $2, $3, $4, $5, $6)
        ON CONFLICT (assessment, question_id) DO UPDATE SET value = excluded.value, reason = excluded.reason,
          by = excluded.by, at = excluded.at
        """,
        [
          row.seq, correction.question.rawValue, correction.value.jsonText, correction.reason, correction.by,
          correction.at,
        ])
    }
    for decision in review.decisions {
      try db.execute(
        """
        INSERT INTO service_decision (assessment, service_id, decision, reason, by, at) VALUES ($1, $2, $3, $4, $5, $6)
        ON CONFLICT (assessment, service_id) DO UPDATE SET decision = excluded.decision,
          reason = excluded.reason, by = excluded.by, at = excluded.at
        """, [row.seq, decision.service, decision.kind.rawValue, decision.reason, decision.by, decision.at])
    }
    for (dimension, level) in review.targets {
      try db.execute(
        """
        INSERT INTO review_target (assessment, dimension_id, level) VALUES ($1, $2, $3)
        ON CONFLICT (assessment, dimension_id) DO UPDATE SET level = excluded.level
        """, [row.seq, dimension.rawValue, level])
    }
    try Self.rescore(row.seq, result: arriving.rescored, db)
    let last = carried.entries.last
    try db.execute(
      """
      UPDATE assessment SET review_state = $1, status = $2, reviewer = $3, review_version = $4,
        reviewed_at = CASE WHEN $1 = 'reviewed' THEN $5 ELSE reviewed_at END, updated_at = $6,
        carried_hash = $7, carried_version = $4
      WHERE seq = $8
      """,
      [
        review.state.rawValue, review.state == .reviewed ? "reviewed" : "submitted", review.reviewer, row.version + 1,
        last?.at, now(), last?.hash, row.seq,
      ])
    for entry in entries {
      var audit = PostgresAuditWriter(assessment: carried.assessment.rawValue, actor: entry.actor, at: entry.at, db: db)
      try audit.append(entry.action, detail: CarriedReview.receivedDetail(entry, from: arriving.from))
    }
    try PostgresStatistics.refresh(businesses: [row.business], before: { _ in false }, after: { _ in true }, db)
    return true
  }

  static func closed(_ id: AssessmentID, _ state: ReviewState) -> StoreError {
    .conflict("assessment \(id) is \(state.rawValue): open it again first (--state in-review)")
  }

  static func reviewRow(_ id: AssessmentID, _ db: PGConnection) throws -> SQLiteStore.ReviewRow {
    let row = try db.execute(
      "SELECT seq, business_id, status, review_state, reviewer, review_version FROM assessment WHERE id = $1",
      [id.rawValue])
    guard row.count == 1, let seq = row.int64(0, 0), let business = row.int64(0, 1) else {
      throw StoreError.notFound("assessment \(id)")
    }
    guard row.text(0, 2) != AssessmentStatus.draft.rawValue else {
      throw StoreError.conflict("assessment \(id) is a draft: only a submitted assessment is reviewed")
    }
    return SQLiteStore.ReviewRow(
      id: id, seq: seq, business: business, state: row.text(0, 3).flatMap(ReviewState.init(rawValue:)) ?? .submitted,
      reviewer: row.text(0, 4), version: row.integer(0, 5) ?? 0)
  }

  static func review(of row: SQLiteStore.ReviewRow, _ db: PGConnection) throws -> ReviewRecord {
    let c = try db.execute(
      "SELECT question_id, value, reason, by, at FROM correction WHERE assessment = $1 ORDER BY at, question_id",
      [row.seq])
    let corrections = (0..<c.count).compactMap { i -> Correction? in
      guard let value = AnswerValue(jsonText: c.text(i, 1) ?? "") else { return nil }
      return Correction(
        question: QuestionID(c.text(i, 0) ?? ""), value: value, reason: c.text(i, 2) ?? "", by: c.text(i, 3) ?? "",
        at: c.text(i, 4) ?? "")
    }
    let n = try db.execute(
      "SELECT question_id, text, by, at FROM review_note WHERE assessment = $1 ORDER BY id", [row.seq])
    let notes = (0..<n.count).map { i in
      ReviewNote(
        question: n.text(i, 0).map { QuestionID($0) }, text: n.text(i, 1) ?? "", by: n.text(i, 2) ?? "",
        at: n.text(i, 3) ?? "")
    }
    let d = try db.execute(
      "SELECT service_id, decision, reason, by, at FROM service_decision WHERE assessment = $1 ORDER BY at, service_id",
      [row.seq])
    let decisions = (0..<d.count).compactMap { i -> ServiceDecision? in
      guard let kind = d.text(i, 1).flatMap(ServiceDecision.Kind.init(rawValue:)) else { return nil }
      return ServiceDecision(
        service: d.text(i, 0) ?? "", kind: kind, reason: d.text(i, 2), by: d.text(i, 3) ?? "", at: d.text(i, 4) ?? "")
    }
    var targets: [DimensionID: Int] = [:]
    let t = try db.execute("SELECT dimension_id, level FROM review_target WHERE assessment = $1", [row.seq])
    for i in 0..<t.count { targets[DimensionID(t.text(i, 0) ?? "")] = t.integer(i, 1) }
    var record = ReviewRecord(
      state: row.state, reviewer: row.reviewer, version: row.version, corrections: corrections, notes: notes,
      decisions: decisions, targets: targets)
    let change = try db.execute(
      "SELECT actor, at, detail FROM audit WHERE assessment_id = $1 AND action = 'state' ORDER BY seq DESC LIMIT 1",
      [row.id.rawValue])
    if change.count == 1 {
      record.lastStateChange = .from(
        actor: change.text(0, 0) ?? "", at: change.text(0, 1) ?? "", detail: change.text(0, 2) ?? "{}")
    }
    return record
  }
}

/// Appends entries to the audit log, each chained to the one before by its hash. Callers hold
/// the store's write lock, so that no two entries name the same previous one.
struct PostgresAuditWriter {
  let assessment: String
  let actor: String
  let at: String
  let db: PGConnection

  mutating func append(_ action: String, _ fields: [(String, AuditEntry.Value?)]) throws {
    try append(action, detail: AuditEntry.detail(fields))
  }

  /// Appends an entry whose detail is already compact JSON.
  mutating func append(_ action: String, detail: String) throws {
    let previous = try db.execute("SELECT hash FROM audit ORDER BY seq DESC LIMIT 1").text(0, 0) ?? ""
    let hash = AuditEntry.hash(
      previous: previous, assessment: assessment, at: at, actor: actor, action: action, detail: detail)
    try db.execute(
      """
      INSERT INTO audit (assessment_id, at, actor, action, detail, previous_hash, hash)
      VALUES ($1, $2, $3, $4, $5, $6, $7)
      """, [assessment, at, actor, action, detail, previous, hash])
  }
}
