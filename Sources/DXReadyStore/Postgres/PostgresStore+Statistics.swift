import DXReadyCore
import Foundation

extension PostgresStore {
  public func statisticsCells(_ slot: StatisticsSlot) throws(StoreError) -> StoredCells {
    try guarded { db in
      guard let stored = try db.execute("SELECT key FROM statistics_key WHERE id = 1").bytes(0, 0),
        let key = NoiseKey(bytes: stored)
      else { throw PostgresStatistics.damaged }
      var cells = StoredCells(key: key)
      let rows = try db.execute(
        """
        SELECT locality, vsic_version, vsic_section, size_class, group_period, legal_form, data FROM stat_cell
        WHERE questionnaire_id = $1 AND reviewed_only = $2 AND period = $3
        """, [slot.questionnaireID.rawValue, slot.reviewedOnly, slot.storedPeriod])
      // Submissions through an intake account not counted into the cells yet (no consultant's
      // write since) are added here, in memory: a reader writes nothing.
      var waiting =
        try PostgresStatistics.pendingChanges(db)?.filter { $0.key.slot == slot && !$0.value.isEmpty }
        ?? [:]
      for index in 0..<rows.count {
        // Absent groups are stored as '' (or 0); a cell always has its period.
        guard let period = rows.text(index, 4).flatMap(Period.init(stored:)) else { throw PostgresStatistics.damaged }
        let groups = StatisticsGroups(
          locality: rows.key(index, 0), vsicVersion: rows.integer(index, 1).flatMap { $0 == 0 ? nil : $0 },
          section: rows.key(index, 2), sizeClass: rows.key(index, 3).flatMap(SizeClass.init(rawValue:)),
          period: period, legalForm: rows.key(index, 5).flatMap(LegalForm.init(rawValue:)))
        guard var data = rows.bytes(index, 6) else { throw PostgresStatistics.damaged }
        if let change = waiting.removeValue(forKey: StatisticsCellKey(slot: slot, groups: groups)) {
          guard var aggregate = data.withUnsafeBytes({ CellAggregate(decoding: $0) }) else {
            throw PostgresStatistics.damaged
          }
          aggregate.merge(change)
          guard aggregate.isConsistent else { throw PostgresStatistics.damaged }
          if aggregate.count == 0 { continue }
          data = aggregate.encoded()
        }
        guard data.withUnsafeBytes({ cells.add(storedCell: $0, groups: groups) }) else {
          throw PostgresStatistics.damaged
        }
      }
      for (key, change) in waiting where change.count > 0 {
        guard change.isConsistent, change.encoded().withUnsafeBytes({ cells.add(storedCell: $0, groups: key.groups) })
        else { throw PostgresStatistics.damaged }
      }
      return cells
    }
  }

  /// Visits the latest assessment of each business that matches, read from the assessments
  /// themselves rather than the maintained cells: the plain reading the tests compare the cells
  /// with (no command uses it).
  public func statisticsRecords(
    questionnaire: QuestionnaireID, dimensions: [DimensionID], statuses: [AssessmentStatus], period: Period?,
    _ visit: (StatisticsRecord) -> Void
  ) throws(StoreError) {
    try guarded { db in
      var parameters: [any PGParameter] = [
        questionnaire.rawValue, "{" + statuses.map(\.rawValue).joined(separator: ",") + "}",
      ]
      var filter = "questionnaire_id = $1 AND coalesce(review_state, '') <> 'rejected' AND status = ANY($2::text[])"
      if let period {
        parameters += [period.timestamps.from, period.timestamps.to] as [any PGParameter]
        filter += " AND submitted_at >= $3 AND submitted_at < $4"
      }
      let index = Dictionary(uniqueKeysWithValues: dimensions.enumerated().map { ($1.rawValue, $0) })
      let rows = try db.execute(
        """
        SELECT a.seq, a.locality, a.vsic_version, a.vsic_section, a.size_class, a.submitted_at,
          a.overall_score, a.overall_level, d.dimension_id, d.score, a.legal_form
        FROM assessment a LEFT JOIN dimension_score d ON d.assessment = a.seq
        WHERE a.seq IN (
              SELECT seq FROM (
                SELECT seq, row_number() OVER (PARTITION BY business_id ORDER BY submitted_at DESC, seq DESC) AS rank
                FROM assessment WHERE \(filter)) AS latest
              WHERE rank = 1)
        ORDER BY a.seq
        """, parameters)
      var current: (seq: Int64, record: StatisticsRecord)?
      for row in 0..<rows.count {
        let seq = rows.int64(row, 0) ?? 0
        if current?.seq != seq {
          if let finished = current { visit(finished.record) }
          current = (
            seq,
            StatisticsRecord(
              locality: rows.text(row, 1), vsicVersion: rows.integer(row, 2), section: rows.text(row, 3),
              sizeClass: rows.text(row, 4).flatMap(SizeClass.init(rawValue:)), submittedAt: rows.text(row, 5) ?? "",
              overallScore: rows.real(row, 6), overallLevel: rows.integer(row, 7),
              dimensionScores: Array(repeating: nil, count: dimensions.count),
              legalForm: rows.text(row, 10).flatMap(LegalForm.init(rawValue:)))
          )
        }
        if let dimension = rows.text(row, 8), let position = index[dimension] {
          current?.record.dimensionScores[position] = rows.real(row, 9)
        }
      }
      if let finished = current { visit(finished.record) }
    }
  }

  /// Counts every statistics cell again from the stored assessments (a check, and the repair
  /// after a damaged cell).
  public func rebuildStatistics() throws(StoreError) {
    try write(serialised: true) { db in try PostgresStatistics.rebuild(db) }
  }
}

/// Keeps `stat_cell` in step with the assessments, as `StatisticsMaintenance` does for SQLite:
/// the same ``MaintainedStatistics`` arithmetic, the same cells.
enum PostgresStatistics {
  static let damaged = StoreError.failure(
    "the database's statistics cells are damaged; restore the database from a backup")

  static func refresh(
    businesses: some Collection<Int64>, before: (CountedAssessment) -> Bool, after: (CountedAssessment) -> Bool,
    _ db: PGConnection
  ) throws {
    guard !businesses.isEmpty else { return }
    var changes: [StatisticsCellKey: CellAggregate] = [:]
    try counted(businesses: Array(businesses), db) { assessments in
      MaintainedStatistics.change(from: assessments.filter(before), to: assessments.filter(after), into: &changes)
    }
    try apply(changes, db)
  }

  /// As ``refresh(businesses:before:after:_:)``, for the businesses an SQL condition on the
  /// assessment `a` chooses, their rows read in pages (in the caller's transaction): a bulk
  /// import names them without holding their ids.
  static func refresh(
    condition: String, before: (CountedAssessment) -> Bool, after: (CountedAssessment) -> Bool, _ db: PGConnection
  ) throws {
    var changes: [StatisticsCellKey: CellAggregate] = [:]
    try counted(condition: condition, includingPending: false, paged: true, db) { assessments, _ in
      MaintainedStatistics.change(from: assessments.filter(before), to: assessments.filter(after), into: &changes)
    }
    try apply(changes, db)
  }

  /// What counting the submissions that wait (`uncounted`, made through an intake account)
  /// changes in the cells; `nil` when none waits. Which rows wait is read in the same
  /// statement as the assessments, so that a submission arriving meanwhile is left out of
  /// both sides.
  static func pendingChanges(_ db: PGConnection) throws -> [StatisticsCellKey: CellAggregate]? {
    var changes: [StatisticsCellKey: CellAggregate] = [:]
    var waits = false
    try counted(businesses: nil, includingPending: true, onlyWithPending: true, db) { assessments, waiting in
      waits = waits || !waiting.isEmpty
      MaintainedStatistics.change(
        from: assessments.filter { !waiting.contains($0.seq) }, to: assessments, into: &changes)
    }
    return waits ? changes : nil
  }

  /// Counts the submissions that wait (`uncounted`) into the cells, in the caller's
  /// transaction. They are claimed first, in one statement; a submission that arrives after it
  /// stays uncounted, so that it is left out of both sides of the change, as the cells leave
  /// it out.
  static func catchUp(_ db: PGConnection) throws {
    let claimed = try db.execute("UPDATE assessment SET uncounted = false WHERE uncounted RETURNING seq, business_id")
    guard claimed.count > 0 else { return }
    let seqs = Set((0..<claimed.count).compactMap { claimed.int64($0, 0) })
    let businesses = Set((0..<claimed.count).compactMap { claimed.int64($0, 1) })
    try refresh(businesses: businesses, before: { !seqs.contains($0.seq) }, after: { _ in true }, db)
  }

  static func rebuild(_ db: PGConnection) throws {
    try db.execute("DELETE FROM stat_cell")
    var changes: [StatisticsCellKey: CellAggregate] = [:]
    try counted(condition: "true", includingPending: false, paged: true, db) { assessments, _ in
      MaintainedStatistics.change(from: [], to: assessments, into: &changes)
    }
    try apply(changes, db)
  }

  /// Visits the submitted and reviewed assessments of each business (all when `nil`), in
  /// order of `seq`, with their dimension scores. Submissions through an intake account that
  /// wait (`uncounted`) are left out — the cells do not count them yet — unless
  /// `includingPending`.
  static func counted(
    businesses: [Int64]?, _ db: PGConnection, _ visit: ([CountedAssessment]) -> Void
  ) throws {
    try counted(businesses: businesses, includingPending: false, db) { assessments, _ in visit(assessments) }
  }

  /// As ``counted(businesses:_:_:)``, with each business's waiting (`uncounted`) assessments'
  /// keys; `onlyWithPending` visits only the businesses that have some.
  static func counted(
    businesses: [Int64]?, includingPending: Bool, onlyWithPending: Bool = false, _ db: PGConnection,
    _ visit: ([CountedAssessment], Set<Int64>) -> Void
  ) throws {
    var condition = "true"
    if let businesses {
      // Numbers only: written into the statement.
      condition = "a.business_id = ANY('{" + businesses.map(String.init).joined(separator: ",") + "}'::bigint[])"
    }
    if onlyWithPending { condition += " AND a.business_id IN (SELECT business_id FROM assessment WHERE uncounted)" }
    try counted(condition: condition, includingPending: includingPending, paged: false, db, visit)
  }

  /// Visits the submitted and reviewed assessments of each business whose assessments (`a`)
  /// meet an SQL condition, in order of `seq`, business by business. `paged` reads the rows through a cursor, some
  /// thousands at a time, so that one business's rows are in memory rather than all of them;
  /// it needs the caller's transaction.
  static func counted(
    condition: String, includingPending: Bool, paged: Bool,
    _ db: PGConnection, _ visit: ([CountedAssessment], Set<Int64>) throws -> Void
  ) throws {
    let query = """
      SELECT a.business_id, a.seq, a.questionnaire_id, a.status, a.submitted_at, a.locality, a.vsic_version,
        a.vsic_section, a.size_class, a.overall_score, a.overall_level, d.dimension_id, d.score, a.legal_form,
        a.uncounted
      FROM assessment a LEFT JOIN dimension_score d ON d.assessment = a.seq AND d.score IS NOT NULL
      WHERE a.status IN ('submitted', 'reviewed') AND coalesce(a.review_state, '') <> 'rejected'
        \(includingPending ? "" : "AND NOT a.uncounted") AND (\(condition))
      ORDER BY a.business_id, a.seq
      """
    var business: Int64?
    var assessments: [CountedAssessment] = []
    var waiting: Set<Int64> = []
    func take(_ rows: PGResult) throws {
      for row in 0..<rows.count {
        let owner = rows.int64(row, 0)
        if owner != business {
          if !assessments.isEmpty { try visit(assessments, waiting) }
          assessments.removeAll(keepingCapacity: true)
          waiting.removeAll(keepingCapacity: true)
          business = owner
        }
        add(rows, row)
      }
    }
    func add(_ rows: PGResult, _ row: Int) {
      let seq = rows.int64(row, 1) ?? 0
      if rows.text(row, 14) == "t" { waiting.insert(seq) }
      if assessments.last?.seq != seq {
        assessments.append(
          CountedAssessment(
            seq: seq, questionnaireID: QuestionnaireID(rows.text(row, 2) ?? ""),
            status: rows.text(row, 3).flatMap(AssessmentStatus.init(rawValue:)) ?? .submitted,
            submittedAt: rows.text(row, 4) ?? "", locality: rows.text(row, 5), vsicVersion: rows.integer(row, 6),
            section: rows.text(row, 7), sizeClass: rows.text(row, 8).flatMap(SizeClass.init(rawValue:)),
            overallScore: rows.real(row, 9), overallLevel: rows.integer(row, 10), dimensionScores: [:],
            legalForm: rows.text(row, 13).flatMap(LegalForm.init(rawValue:))))
      }
      if let dimension = rows.text(row, 11), let score = rows.real(row, 12) {
        assessments[assessments.count - 1].dimensionScores[dimension] = score
      }
    }
    if paged {
      try db.execute("DECLARE dxready_counted NO SCROLL CURSOR FOR \(query)")
      while true {
        let rows = try db.execute("FETCH 20000 FROM dxready_counted")
        if rows.count == 0 { break }
        try take(rows)
      }
      try db.execute("CLOSE dxready_counted")
    } else {
      try take(try db.execute(query))
    }
    if !assessments.isEmpty { try visit(assessments, waiting) }
  }

  /// Adds the changes to the stored cells; a cell that comes to nothing is removed. Five
  /// thousand cells at a time: their stored figures read in one statement, the new ones
  /// written in one, those that come to nothing removed in one.
  static func apply(_ changes: [StatisticsCellKey: CellAggregate], _ db: PGConnection) throws {
    let changed = changes.filter { !$0.value.isEmpty }.map { ($0.key, $0.value) }
    let keyColumns =
      "questionnaire_id, reviewed_only, period, locality, vsic_version, vsic_section, size_class, group_period, legal_form"
    let keyTypes =
      "$1::text[], $2::int[], $3::text[], $4::text[], $5::int[], $6::text[], $7::text[], $8::text[], $9::text[]"
    let matches = """
      c.questionnaire_id = u.q COLLATE "C" AND c.reviewed_only = u.r AND c.period = u.p COLLATE "C"
        AND c.locality = u.l COLLATE "C" AND c.vsic_version = u.v AND c.vsic_section = u.s COLLATE "C"
        AND c.size_class = u.z COLLATE "C" AND c.group_period = u.g COLLATE "C" AND c.legal_form = u.f COLLATE "C"
      """
    func keyArrays(_ cells: some Collection<StatisticsCellKey>) -> [any PGParameter] {
      [
        PGArray.text(cells.map(\.slot.questionnaireID.rawValue)),
        PGArray.numbers(cells.map { $0.slot.reviewedOnly ? 1 : 0 }),
        PGArray.text(cells.map(\.slot.storedPeriod)), PGArray.text(cells.map { $0.groups.locality ?? "" }),
        PGArray.numbers(cells.map { $0.groups.vsicVersion ?? 0 }), PGArray.text(cells.map { $0.groups.section ?? "" }),
        PGArray.text(cells.map { $0.groups.sizeClass?.rawValue ?? "" }),
        PGArray.text(cells.map(\.groups.period.description)),
        PGArray.text(cells.map { $0.groups.legalForm?.rawValue ?? "" }),
      ]
    }
    for start in stride(from: 0, to: changed.count, by: 5000) {
      let chunk = changed[start..<min(start + 5000, changed.count)]
      let stored = try db.execute(
        """
        SELECT u.i, c.data FROM unnest(\(keyTypes)) WITH ORDINALITY AS u(q, r, p, l, v, s, z, g, f, i)
        JOIN stat_cell c ON \(matches)
        """, keyArrays(chunk.map(\.0)))
      var before: [Int: [UInt8]] = [:]
      for row in 0..<stored.count {
        if let index = stored.integer(row, 0), let data = stored.bytes(row, 1) { before[index - 1] = data }
      }
      var kept: [(StatisticsCellKey, [UInt8])] = []
      var emptied: [StatisticsCellKey] = []
      for (offset, (cell, change)) in chunk.enumerated() {
        // A new cell is the change itself (which holds nothing that comes to zero).
        var aggregate = change
        if let data = before[offset] {
          guard let decoded = data.withUnsafeBytes({ CellAggregate(decoding: $0) }) else { throw damaged }
          aggregate = decoded
          aggregate.merge(change)
        }
        guard aggregate.isConsistent else { throw damaged }
        if aggregate.count == 0 { emptied.append(cell) } else { kept.append((cell, aggregate.encoded())) }
      }
      if !emptied.isEmpty {
        try db.execute(
          "DELETE FROM stat_cell c USING unnest(\(keyTypes)) AS u(q, r, p, l, v, s, z, g, f) WHERE \(matches)",
          keyArrays(emptied))
      }
      if !kept.isEmpty {
        try db.execute(
          """
          INSERT INTO stat_cell (\(keyColumns), data) SELECT * FROM unnest(\(keyTypes), $10::bytea[])
          ON CONFLICT (questionnaire_id, reviewed_only, period, locality, vsic_version, vsic_section, size_class,
            legal_form, group_period) DO UPDATE SET data = excluded.data
          """, keyArrays(kept.map(\.0)) + [PGArray.bytes(kept.map(\.1))])
      }
    }
  }
}
