import DXReadyCore
import Foundation
import GRDB

extension SQLiteStore {
  /// An assessment's summary. Its business is named as the assessment itself declares (the
  /// profile stored with it): at a kiosk anyone may type a known tax code, and what they typed
  /// must not show under the business's stored name.
  static let summaryColumns = """
    a.id, a.status, a.questionnaire_id, a.questionnaire_version, a.created_at, a.updated_at, a.submitted_at,
    a.overall_score, a.overall_level, b.tax_code, coalesce(json_extract(a.profile, '$.name'), b.name) AS name,
    a.review_state
    """

  public func assessments(_ filter: AssessmentFilter) throws(StoreError) -> [AssessmentSummary] {
    try guarded {
      try pool.read { db in
        var conditions: [String] = []
        var arguments: StatementArguments = []
        if let status = filter.status {
          conditions.append("a.status = ?")
          arguments += [status.rawValue]
        }
        if let state = filter.reviewState {
          conditions.append("a.status <> 'draft' AND a.review_state = ?")
          arguments += [state.rawValue]
        }
        if let taxCode = filter.taxCode {
          conditions.append("a.business_id = (SELECT id FROM business WHERE tax_code = ?)")
          arguments += [taxCode]
        }
        let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        arguments += [filter.limit, filter.offset]
        let rows = try Row.fetchAll(
          db,
          sql: """
            SELECT \(Self.summaryColumns) FROM assessment a JOIN business b ON b.id = a.business_id
            \(whereClause) ORDER BY a.seq DESC LIMIT ? OFFSET ?
            """, arguments: arguments)
        return try rows.map(Self.summary)
      }
    }
  }

  public func assessment(matching prefix: String) throws(StoreError) -> StoredAssessment {
    let needle = prefix.lowercased()
    guard !needle.isEmpty, needle.allSatisfy({ $0.isHexDigit || $0 == "-" }) else {
      throw .notFound("assessment `\(prefix)` (an id is hexadecimal digits and dashes)")
    }
    return try guarded {
      try pool.read { db in
        let ids = try String.fetchAll(
          db, sql: "SELECT id FROM assessment WHERE id >= ? AND id < ? ORDER BY id LIMIT 6",
          arguments: [needle, needle + "\u{7f}"])
        guard let id = ids.first else { throw StoreError.notFound("assessment `\(prefix)`") }
        if ids.count > 1, !ids.contains(needle) { throw StoreError.ambiguous(prefix: prefix, matches: ids) }
        let exact = ids.contains(needle) ? needle : id
        guard
          let row = try Row.fetchOne(
            db,
            sql: """
              SELECT \(Self.summaryColumns), a.seq, a.profile, a.size_class, a.questionnaire_hash, q.source,
                a.position, a.consent_notice, a.consent_at, a.consent_method
              FROM assessment a JOIN business b ON b.id = a.business_id
              JOIN questionnaire q ON q.hash = a.questionnaire_hash WHERE a.id = ?
              """, arguments: [exact])
        else { throw StoreError.notFound("assessment `\(prefix)`") }
        let seq: Int64 = row["seq"]
        var answers: [QuestionID: AnswerValue] = [:]
        for (question, text) in try Self.storedAnswers(seq, of: exact, path: path, db) {
          guard let value = AnswerValue(jsonText: text) else {
            throw StoreError.failure("\(path): a stored answer of \(exact) cannot be read: \(text)")
          }
          answers[QuestionID(question)] = value
        }
        let scores = try Row.fetchAll(
          db,
          sql: "SELECT dimension_id, status, score, level, coverage FROM dimension_score WHERE assessment = ?",
          arguments: [seq]
        ).map { row in
          StoredDimensionScore(
            dimension: DimensionID(row["dimension_id"]),
            status: ScoreStatus(rawValue: row["status"]) ?? .insufficientData,
            score: row["score"], level: row["level"], coverage: row["coverage"])
        }
        let profileText: String = row["profile"]
        let profile = try JSONDecoder().decode(BusinessProfile.self, from: Data(profileText.utf8))
        return StoredAssessment(
          summary: try Self.summary(row), profile: profile,
          sizeClass: (row["size_class"] as String?).flatMap(SizeClass.init(rawValue:)),
          questionnaireHash: row["questionnaire_hash"], questionnaireSource: row["source"], answers: answers,
          dimensionScores: scores, position: (row["position"] as String?).map { QuestionID($0) },
          consent: (row["consent_method"] as String?).flatMap(ConsentRecord.Method.init(rawValue:)).map {
            ConsentRecord(notice: row["consent_notice"], givenAt: row["consent_at"], method: $0)
          })
      }
    }
  }

  /// An assessment's answers, each as its JSON text, by question id: a draft's rows, or a
  /// submitted assessment's set (``AnswerSet``).
  static func storedAnswers(_ seq: Int64, of id: String, path: String, _ db: Database) throws -> [(
    question: String, json: String
  )] {
    var answers = try Row.fetchAll(
      db, sql: "SELECT question_id, value FROM answer WHERE assessment = ? ORDER BY question_id", arguments: [seq]
    ).map { (question: $0[0] as String, json: $0[1] as String) }
    if let set = try String.fetchOne(db, sql: "SELECT answers FROM answer_set WHERE assessment = ?", arguments: [seq]) {
      guard let entries = AnswerSet.entries(set) else {
        throw StoreError.failure("\(path): the stored answers of \(id) cannot be read: \(set.prefix(200))")
      }
      answers += entries
    }
    return answers
  }

  static func summary(_ row: Row) throws -> AssessmentSummary {
    let id: String = row["id"]
    let status: String = row["status"]
    guard let assessmentID = AssessmentID(id), let state = AssessmentStatus(rawValue: status),
      let created = Timestamp.date(row["created_at"]), let updated = Timestamp.date(row["updated_at"])
    else { throw StoreError.failure("assessment \(id) has a malformed row") }
    return AssessmentSummary(
      id: assessmentID, taxCode: row["tax_code"], businessName: row["name"],
      questionnaireID: QuestionnaireID(row["questionnaire_id"]),
      questionnaireVersion: row["questionnaire_version"], status: state, createdAt: created, updatedAt: updated,
      submittedAt: (row["submitted_at"] as String?).flatMap(Timestamp.date), overallScore: row["overall_score"],
      overallLevel: row["overall_level"],
      reviewState: (row["review_state"] as String?).flatMap(ReviewState.init(rawValue:)))
  }

  /// A business row as a profile.
  static func profile(_ row: Row) -> BusinessProfile {
    let industry = (row["vsic_version"] as Int?).flatMap { version in
      (row["vsic_section"] as String?).map { Industry(vsic: version, section: $0, code: row["vsic_code"]) }
    }
    return BusinessProfile(
      name: row["name"], taxCode: row["tax_code"], locality: row["locality"], industry: industry,
      employees: row["employees"], revenueBillionVND: row["revenue_billion_vnd"],
      capitalBillionVND: row["capital_billion_vnd"],
      legalForm: (row["legal_form"] as String?).flatMap(LegalForm.init(rawValue:)))
  }
}
