import DXReadyCore
import Foundation

/// What an intake account (`dxready_intake`, the kiosk's) does. It has no privilege on any
/// table: each step is one call of an `intake_*` function of schema v8, which serves only the
/// draft whose resume code the session holds and checks what it stores (see
/// `PostgresSchema.intake`). The store's public methods come here when ``isIntake``.
extension PostgresStore {
  /// Makes the resume code the session's (`dxready.resume_code`), said again after a lost
  /// connection is made anew.
  func holdResumeCode(_ code: String, _ db: PGConnection) throws {
    guard let canonical = ResumeCode.normalized(code) else { return }
    // Eight symbols of Crockford's alphabet: nothing to quote.
    try db.set("SET dxready.resume_code = '\(canonical)'")
  }

  /// One intake function called, its result ignored.
  func intakeCall(_ sql: String, _ parameters: [any PGParameter]) throws(StoreError) {
    try guarded { db in _ = try db.execute(sql, parameters) }
  }

  func intakeStartDraft(
    _ id: AssessmentID, profile: BusinessProfile, sizeClass: SizeClass?, questionnaire: Questionnaire,
    consent: ConsentRecord?, resumeCode: String
  ) throws(StoreError) {
    guard let taxCode = profile.taxCode, let name = profile.name else {
      throw StoreError.conflict("a business needs a name and a tax code to be stored")
    }
    try guarded { db in
      try holdResumeCode(resumeCode, db)
      _ = try db.execute(
        """
        SELECT intake_start_draft($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
        """,
        [
          id.rawValue, ResumeCode.digest(resumeCode), questionnaire.hash, profile.jsonText, taxCode, name,
          profile.locality, profile.industry?.vsic, profile.industry?.section, profile.industry?.code,
          profile.employees, profile.revenueBillionVND, profile.capitalBillionVND, sizeClass?.rawValue,
          profile.legalForm?.rawValue, consent?.notice, consent?.givenAt, consent?.method.rawValue,
        ])
    }
  }

  func intakeSaveProfile(_ profile: BusinessProfile, sizeClass: SizeClass?, draft: AssessmentID) throws(StoreError) {
    try intakeCall(
      "SELECT intake_save_profile($1, $2, $3, $4, $5, $6, $7)",
      [
        draft.rawValue, profile.jsonText, profile.locality, profile.industry?.vsic, profile.industry?.section,
        sizeClass?.rawValue, profile.legalForm?.rawValue,
      ])
  }

  func intakeDrafts(openedBy code: String, taxCode: String) throws(StoreError) -> [AssessmentID] {
    guard ResumeCode.normalized(code) != nil else { return [] }
    return try guarded { db in
      try holdResumeCode(code, db)
      let rows = try db.execute("SELECT intake_drafts($1)", [taxCode])
      return (0..<rows.count).compactMap { rows.text($0, 0).flatMap(AssessmentID.init) }
    }
  }

  /// The held draft, by its whole id (a kiosk never shortens one).
  func intakeAssessment(_ id: String) throws(StoreError) -> StoredAssessment {
    guard let assessment = AssessmentID(id.lowercased()) else { throw .notFound("assessment `\(id)`") }
    return try guarded { db in
      let row = try db.execute(
        """
        SELECT id, status, questionnaire_id, questionnaire_version, created_at, updated_at, profile, size_class,
          questionnaire_hash, source, "position", consent_notice, consent_at, consent_method
        FROM intake_draft($1)
        """, [assessment.rawValue])
      guard row.count == 1, let created = row.text(0, 4).flatMap(Timestamp.date),
        let updated = row.text(0, 5).flatMap(Timestamp.date)
      else { throw StoreError.notFound("assessment `\(id)`") }
      let answerRows = try db.execute("SELECT question_id, value FROM intake_answers($1)", [assessment.rawValue])
      var answers: [QuestionID: AnswerValue] = [:]
      for index in 0..<answerRows.count {
        let text = answerRows.text(index, 1) ?? ""
        guard let value = AnswerValue(jsonText: text) else {
          throw StoreError.failure("\(db.label): a stored answer of \(assessment) cannot be read: \(text)")
        }
        answers[QuestionID(answerRows.text(index, 0) ?? "")] = value
      }
      let profile = try JSONDecoder().decode(BusinessProfile.self, from: Data((row.text(0, 6) ?? "").utf8))
      let summary = AssessmentSummary(
        id: assessment, taxCode: profile.taxCode ?? "", businessName: profile.name ?? "",
        questionnaireID: row.text(0, 2) ?? "", questionnaireVersion: row.text(0, 3) ?? "", status: .draft,
        createdAt: created, updatedAt: updated)
      return StoredAssessment(
        summary: summary, profile: profile, sizeClass: row.text(0, 7).flatMap(SizeClass.init(rawValue:)),
        questionnaireHash: row.text(0, 8) ?? "", questionnaireSource: row.text(0, 9) ?? "", answers: answers,
        dimensionScores: [], position: row.text(0, 10).map { QuestionID($0) },
        consent: row.text(0, 13).flatMap(ConsentRecord.Method.init(rawValue:)).map {
          ConsentRecord(notice: row.text(0, 11), givenAt: row.text(0, 12), method: $0)
        })
    }
  }

  func intakeSubmit(_ assessment: AssessmentID, result: ScoringResult) throws(StoreError) {
    let dimensions = result.dimensions
    try intakeCall(
      """
      SELECT intake_submit($1, $2, $3, $4, $5, $6, $7::text[], $8::text[], $9::float8[], $10::int[], $11::float8[])
      """,
      [
        assessment.rawValue, result.scoringMethod, result.overall.status.rawValue, result.overall.score,
        result.overall.level, result.weakestDimension?.rawValue, PGArray.text(dimensions.map(\.id.rawValue)),
        PGArray.text(dimensions.map(\.status.rawValue)), PGArray.numbers(dimensions.map(\.score)),
        PGArray.numbers(dimensions.map(\.level)), PGArray.numbers(dimensions.map(\.coverage)),
      ])
  }
}
