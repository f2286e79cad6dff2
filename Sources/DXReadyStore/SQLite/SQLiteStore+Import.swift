import DXReadyCore
import GRDB

extension SQLiteStore {
  public func importSubmitted(_ items: [ImportedAssessment]) throws(StoreError) -> (added: Int, unchanged: Int) {
    try guarded {
      try pool.write { db in
        var added = 0
        var unchanged = 0
        var seen: [AssessmentID: ImportedAssessment] = [:]
        var storedQuestionnaires: Set<String> = []
        let time = Self.now()
        let existing = try db.cachedStatement(sql: "SELECT content_digest FROM assessment WHERE id = ?")
        let insertAssessment = try db.cachedStatement(
          sql: """
            INSERT INTO assessment (id, business_id, questionnaire_hash, questionnaire_id, questionnaire_version,
              status, profile, locality, vsic_version, vsic_section, size_class, created_at, updated_at,
              content_digest)
            VALUES (?, ?, ?, ?, ?, 'draft', ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        let insertAnswer = try db.cachedStatement(
          sql: "INSERT INTO answer (assessment_id, question_id, value, answered_at) VALUES (?, ?, ?, ?)")
        for item in items {
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
          let business = try Self.upsertBusiness(item.profile, sizeClass: item.sizeClass, db)
          try insertAssessment.execute(arguments: [
            item.id.rawValue, business, item.questionnaire.hash, item.questionnaire.id, item.questionnaire.version,
            try Self.json(item.profile), item.profile.locality, item.profile.industry?.vsic,
            item.profile.industry?.section, item.sizeClass?.rawValue, time, time, item.contentDigest,
          ])
          for (question, answer) in item.answers {
            try insertAnswer.execute(arguments: [item.id.rawValue, question.rawValue, answer.jsonText, time])
          }
          try Self.storeScores(item.id, result: item.result, at: time, db)
          added += 1
        }
        return (added, unchanged)
      }
    }
  }
}
