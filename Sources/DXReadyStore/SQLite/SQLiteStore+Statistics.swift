import DXReadyCore
import GRDB

extension SQLiteStore {
  public func statisticsRecords(
    questionnaire: String, dimensions: [DimensionID], statuses: [AssessmentStatus], period: Period?,
    _ visit: (StatisticsRecord) -> Void
  ) throws(StoreError) {
    try guarded {
      try pool.read { db in
        var filter = "questionnaire_id = ? AND status IN (\(statuses.map { _ in "?" }.joined(separator: ", ")))"
        var arguments: StatementArguments = [questionnaire]
        arguments += StatementArguments(statuses.map(\.rawValue))
        if let period {
          filter += " AND submitted_at >= ? AND submitted_at < ?"
          arguments += [period.timestamps.from, period.timestamps.to]
        }
        let index = Dictionary(uniqueKeysWithValues: dimensions.enumerated().map { ($1.rawValue, $0) })
        // The latest matching assessment of each business, with its dimension scores, in one
        // ordered pass: a cursor reads the rows as they come.
        let rows = try Row.fetchCursor(
          db,
          sql: """
            SELECT a.seq, a.locality, a.vsic_version, a.vsic_section, a.size_class, a.submitted_at,
              a.overall_score, a.overall_level, d.dimension_id, d.score
            FROM assessment a LEFT JOIN dimension_score d ON d.assessment = a.seq
            WHERE a.seq IN (SELECT max(seq) FROM assessment WHERE \(filter) GROUP BY business_id)
            ORDER BY a.seq
            """, arguments: arguments)
        var current: (seq: Int64, record: StatisticsRecord)?
        while let row = try rows.next() {
          let seq: Int64 = row["seq"]
          if current?.seq != seq {
            if let finished = current { visit(finished.record) }
            current = (
              seq,
              StatisticsRecord(
                locality: row["locality"], vsicVersion: row["vsic_version"], section: row["vsic_section"],
                sizeClass: (row["size_class"] as String?).flatMap(SizeClass.init(rawValue:)),
                submittedAt: row["submitted_at"] ?? "", overallScore: row["overall_score"],
                overallLevel: row["overall_level"], dimensionScores: Array(repeating: nil, count: dimensions.count))
            )
          }
          if let dimension = row["dimension_id"] as String?, let position = index[dimension] {
            current?.record.dimensionScores[position] = row["score"]
          }
        }
        if let finished = current { visit(finished.record) }
      }
    }
  }
}
