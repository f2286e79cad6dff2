import DXReadyCore
import GRDB
import GRDBSQLite

extension SQLiteStore {
  /// Visits the latest assessment of each business that matches, read from the assessments
  /// themselves rather than the maintained cells: the plain reading the tests compare the cells
  /// with (no command uses it).
  public func statisticsRecords(
    questionnaire: QuestionnaireID, dimensions: [DimensionID], statuses: [AssessmentStatus], period: Period?,
    _ visit: (StatisticsRecord) -> Void
  ) throws(StoreError) {
    try guarded {
      try pool.read { db in
        var filter =
          "questionnaire_id = ? AND coalesce(review_state, '') <> 'rejected' AND status IN (\(statuses.map { _ in "?" }.joined(separator: ", ")))"
        var arguments: StatementArguments = [questionnaire.rawValue]
        arguments += StatementArguments(statuses.map(\.rawValue))
        if let period {
          filter += " AND submitted_at >= ? AND submitted_at < ?"
          arguments += [period.timestamps.from, period.timestamps.to]
        }
        let index = Dictionary(uniqueKeysWithValues: dimensions.enumerated().map { ($1.rawValue, $0) })
        // The latest matching assessment of each business, with its dimension scores, in one
        // ordered pass: a cursor reads the rows as they come.
        let statement = try db.makeStatement(
          sql: """
            SELECT a.seq, a.locality, a.vsic_version, a.vsic_section, a.size_class, a.submitted_at,
              a.overall_score, a.overall_level, d.dimension_id, d.score, a.legal_form
            FROM assessment a LEFT JOIN dimension_score d ON d.assessment = a.seq
            WHERE a.seq IN (
              SELECT seq FROM (
                SELECT seq, row_number() OVER (PARTITION BY business_id ORDER BY submitted_at DESC, seq DESC) AS rank
                FROM assessment WHERE \(filter)) AS latest
              WHERE rank = 1)
            ORDER BY a.seq
            """)
        try statement.setArguments(arguments)
        // Read through SQLite's C interface: several rows per assessment, hundreds of thousands
        // of assessments.
        var current: (seq: Int64, record: StatisticsRecord)?
        try CursorRow.forEach(statement) { row in
          let seq = row.int64(0)
          if current?.seq != seq {
            if let finished = current { visit(finished.record) }
            current = (
              seq,
              StatisticsRecord(
                locality: row.text(1), vsicVersion: row.integer(2), section: row.text(3),
                sizeClass: row.text(4).flatMap(SizeClass.init(rawValue:)), submittedAt: row.text(5) ?? "",
                overallScore: row.real(6), overallLevel: row.integer(7),
                dimensionScores: Array(repeating: nil, count: dimensions.count),
                legalForm: row.text(10).flatMap(LegalForm.init(rawValue:)))
            )
          }
          if let dimension = row.text(8), let position = index[dimension] {
            current?.record.dimensionScores[position] = row.real(9)
          }
        }
        if let finished = current { visit(finished.record) }
      }
    }
  }
}
