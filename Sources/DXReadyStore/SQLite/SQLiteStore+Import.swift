import DXReadyCore
import GRDB

extension SQLiteStore {
  public func importSubmitted(_ next: () throws(StoreError) -> ImportedAssessment?) throws(StoreError) -> (
    added: Int, unchanged: Int
  ) {
    try guarded {
      try pool.write { db in
        var added = 0
        var unchanged = 0
        var seen: [AssessmentID: ImportedAssessment] = [:]
        var storedQuestionnaires: Set<String> = []
        let time = Self.now()
        let existing = try db.cachedStatement(sql: "SELECT content_digest FROM assessment WHERE id = ?")
        let upsertBusiness = try RawStatement(Self.upsertBusinessSQL, in: db)
        let insertScore = try RawStatement(Self.insertScoreSQL, in: db)
        let insertAssessment = try RawStatement(
          """
          INSERT INTO assessment (id, business_id, questionnaire_hash, questionnaire_id, questionnaire_version,
            status, profile, locality, vsic_version, vsic_section, size_class, created_at, updated_at,
            content_digest, submitted_at, scoring_method, overall_status, overall_score, overall_level,
            weakest_dimension)
          VALUES (?, ?, ?, ?, ?, 'submitted', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
          RETURNING seq
          """, in: db)
        let insertAnswer = try RawStatement(
          "INSERT INTO answer (assessment, question_id, value, answered_at) VALUES (?, ?, ?, ?)", in: db)
        while let item = try next() {
          if let earlier = seen[item.id] {
            guard earlier.contentDigest == item.contentDigest else {
              throw StoreError.conflict(
                "\(item.origin): assessment \(item.id) is also in \(earlier.origin) with other content; give one of them another id"
              )
            }
            unchanged += 1
            continue
          }
          seen[item.id] = item
          if let row = try Row.fetchOne(existing, arguments: [item.id.rawValue]) {
            guard (row[0] as String?) == item.contentDigest else {
              throw StoreError.conflict(
                "\(item.origin): assessment \(item.id) is already stored with other content; nothing was imported. Give the file a new `assessment:` id to store it as another assessment"
              )
            }
            unchanged += 1
            continue
          }
          if storedQuestionnaires.insert(item.questionnaire.hash).inserted {
            try Self.insertQuestionnaire(item.questionnaire, source: item.questionnaireSource, db)
          }
          let profile = item.profile
          guard
            let business = try upsertBusiness.run(
              Self.businessValues(profile, sizeClass: item.sizeClass, at: time))
          else { throw StoreError.failure("the business \(profile.taxCode ?? "") could not be saved") }
          let id = item.id.rawValue
          let result = item.result
          let inserted = try insertAssessment.run([
            .text(id), .integer(business), .text(item.questionnaire.hash), .text(item.questionnaire.id),
            .text(item.questionnaire.version), .text(item.encodedProfile), profile.locality.raw,
            (profile.industry?.vsic).raw, (profile.industry?.section).raw,
            (item.sizeClass?.rawValue).raw, .text(time), .text(time), .text(item.contentDigest), .text(time),
            .text(result.scoringMethod), .text(result.overall.status.rawValue), result.overall.score.raw,
            result.overall.level.raw, (result.weakestDimension?.rawValue).raw,
          ])
          guard let seq = inserted else { throw StoreError.failure("assessment \(id) could not be stored") }
          for (question, json) in item.encodedAnswers {
            try insertAnswer.run([.integer(seq), .text(question.rawValue), .text(json), .text(time)])
          }
          for dimension in result.dimensions {
            try insertScore.run([
              .integer(seq), .text(dimension.id.rawValue), .text(dimension.status.rawValue), dimension.score.raw,
              dimension.level.raw, .real(dimension.coverage),
            ])
          }
          added += 1
        }
        return (added, unchanged)
      }
    }
  }
}
