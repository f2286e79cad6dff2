import DXReadyCore
import Foundation

/// What an intake account (`dxready_intake`, the kiosk's) does. It has no privilege on any
/// table: each step is one call of an `intake_*` function of schema v8, which serves only the
/// draft whose resume code the call carries and checks what it stores (see
/// `PostgresSchema.intake`). The code goes as a bound parameter, never in a statement's text.
/// The store's public methods come here when ``isIntake``.
extension PostgresStore {
  /// One intake function called with the held code first, its result ignored.
  func intakeCall(_ function: String, _ parameters: [any PGParameter]) throws(StoreError) {
    try guarded { db in
      guard let code = heldCode else { throw StoreError.notFound("a draft opened with its resume code") }
      let placeholders = (1...(parameters.count + 1)).map { "$\($0)" }.joined(separator: ", ")
      _ = try db.execute("SELECT \(function)(\(placeholders))", [code] + parameters)
    }
  }

  func intakeSaveQuestionnaire(_ questionnaire: Questionnaire) throws(StoreError) {
    let stored = try guarded { db in
      try db.execute("SELECT intake_has_questionnaire($1)", [questionnaire.hash]).text(0, 0) == "t"
    }
    guard stored else {
      throw .failure(
        "\(label): the questionnaire \(questionnaire.reference) (\(questionnaire.hash)) is not stored in this database, and the kiosk's account may not store one: run `dxready db migrate` with this questionnaire folder as the database's owner"
      )
    }
  }

  func intakeStartDraft(
    _ id: AssessmentID, profile: BusinessProfile, sizeClass: SizeClass?, questionnaire: Questionnaire,
    consent: ConsentRecord?, resumeCode: String
  ) throws(StoreError) {
    guard let taxCode = profile.taxCode, let name = profile.name, let code = ResumeCode.normalized(resumeCode) else {
      throw StoreError.conflict("a business needs a name and a tax code to be stored")
    }
    try guarded { db in
      _ = try db.execute(
        """
        SELECT intake_start_draft($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
        """,
        [
          code, id.rawValue, ResumeCode.digest(code), questionnaire.hash, taxCode, name, profile.locality,
          profile.industry?.vsic, profile.industry?.section, profile.industry?.code, profile.employees,
          profile.revenueBillionVND, profile.capitalBillionVND, sizeClass?.rawValue, profile.legalForm?.rawValue,
          consent?.notice, consent?.method.rawValue,
        ])
      heldCode = code
    }
  }

  func intakeSaveProfile(_ profile: BusinessProfile, sizeClass: SizeClass?, draft: AssessmentID) throws(StoreError) {
    try intakeCall(
      "intake_save_profile",
      [
        draft.rawValue, profile.name, profile.locality, profile.industry?.vsic, profile.industry?.section,
        profile.industry?.code, profile.employees, profile.revenueBillionVND, profile.capitalBillionVND,
        sizeClass?.rawValue, profile.legalForm?.rawValue,
      ])
  }

  func intakeDrafts(openedBy typed: String, taxCode: String) throws(StoreError) -> [AssessmentID] {
    guard let code = ResumeCode.normalized(typed) else { return [] }
    return try guarded { db in
      let rows = try db.execute("SELECT intake_drafts($1, $2)", [code, taxCode])
      let found = (0..<rows.count).compactMap { rows.text($0, 0).flatMap(AssessmentID.init) }
      if !found.isEmpty { heldCode = code }
      return found
    }
  }

  /// The held draft, by its whole id (a kiosk never shortens one).
  func intakeAssessment(_ id: String) throws(StoreError) -> StoredAssessment {
    guard let assessment = AssessmentID(id.lowercased()) else { throw .notFound("assessment `\(id)`") }
    return try guarded { db in
      guard let code = heldCode else { throw StoreError.notFound("assessment `\(id)`") }
      let row = try db.execute(
        """
        SELECT id, status, questionnaire_id, questionnaire_version, created_at, updated_at, profile, size_class,
          questionnaire_hash, source, "position", consent_notice, consent_at, consent_method
        FROM intake_draft($1, $2)
        """, [code, assessment.rawValue])
      guard row.count == 1, let created = row.text(0, 4).flatMap(Timestamp.date),
        let updated = row.text(0, 5).flatMap(Timestamp.date)
      else { throw StoreError.notFound("assessment `\(id)`") }
      let answerRows = try db.execute(
        "SELECT question_id, value FROM intake_answers($1, $2)", [code, assessment.rawValue])
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
        questionnaireID: QuestionnaireID(row.text(0, 2) ?? ""), questionnaireVersion: row.text(0, 3) ?? "",
        status: .draft,
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
      "intake_submit",
      [
        assessment.rawValue, result.scoringMethod, result.overall.status.rawValue, result.overall.score,
        result.overall.level, result.weakestDimension?.rawValue, PGArray.text(dimensions.map(\.id.rawValue)),
        PGArray.text(dimensions.map(\.status.rawValue)), PGArray.numbers(dimensions.map(\.score)),
        PGArray.numbers(dimensions.map(\.level)), PGArray.numbers(dimensions.map(\.coverage)),
      ])
  }
}
