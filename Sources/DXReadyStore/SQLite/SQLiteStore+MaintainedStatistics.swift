import DXReadyCore
import Foundation
import GRDB
import GRDBSQLite

extension SQLiteStore {
  public func statisticsCells(_ slot: StatisticsSlot) throws(StoreError) -> StoredCells {
    try guarded {
      try pool.read { db in
        let arguments: StatementArguments = [slot.questionnaireID.rawValue, slot.reviewedOnly, slot.storedPeriod]
        let selection = "FROM stat_cell WHERE questionnaire_id = ? AND reviewed_only = ? AND period = ?"
        // The database's secret for the published figures' noise (schema v6).
        guard let stored = try Data.fetchOne(db, sql: "SELECT key FROM statistics_key WHERE id = 1"),
          let key = NoiseKey(bytes: [UInt8](stored))
        else { throw StatisticsMaintenance.damaged }
        // The buffers grow as the cells come: finding their sizes first would read every leaf
        // page of the slot twice (a slot at 1,000,000 assessments is larger than SQLite's page
        // cache), where growing copies a few MB once.
        var cells = StoredCells(key: key)
        let statement = try db.makeStatement(
          sql:
            "SELECT locality, vsic_version, vsic_section, size_class, group_period, legal_form, data \(selection)")
        try statement.setArguments(arguments)
        try CursorRow.forEach(statement) { row in
          // Absent groups are stored as '' (or 0); a cell always has its period.
          guard let period = row.text(4).flatMap(Period.init(stored:)) else { throw StatisticsMaintenance.damaged }
          let groups = StatisticsGroups(
            locality: row.key(0), vsicVersion: row.integer(1).flatMap { $0 == 0 ? nil : $0 }, section: row.key(2),
            sizeClass: row.key(3).flatMap(SizeClass.init(rawValue:)), period: period,
            legalForm: row.key(5).flatMap(LegalForm.init(rawValue:)))
          guard cells.add(storedCell: row.blob(6), groups: groups) else { throw StatisticsMaintenance.damaged }
        }
        return cells
      }
    }
  }
}

/// Keeps the `stat_cell` table in step with the assessments (see ``MaintainedStatistics``):
/// every write that changes which assessments count calls ``refresh(businesses:before:after:_:)``
/// in its own transaction, so the cells are never out of step with what is stored.
enum StatisticsMaintenance {
  static let damaged = StoreError.failure(
    "the database's statistics cells are damaged; restore the database from a backup")

  /// Moves the given businesses' contributions: `before` and `after` choose, among their
  /// submitted and reviewed assessments as stored now, those that counted before the change
  /// and those that count after it.
  static func refresh(
    businesses: some Collection<Int64>, before: (CountedAssessment) -> Bool, after: (CountedAssessment) -> Bool,
    _ db: Database
  ) throws {
    guard !businesses.isEmpty else { return }
    try refresh(filter: try filter(businesses, db), before: before, after: after, db)
  }

  /// As ``refresh(businesses:before:after:_:)``, for the businesses an SQL condition on the
  /// assessment `a` chooses (`a.business_id IN (…)`): a bulk import names them without holding
  /// their ids.
  static func refresh(
    filter: String, before: (CountedAssessment) -> Bool, after: (CountedAssessment) -> Bool, _ db: Database
  ) throws {
    var changes: [StatisticsCellKey: CellAggregate] = [:]
    try counted(filter: filter, db) { assessments in
      MaintainedStatistics.change(
        from: assessments.filter(before), to: assessments.filter(after), into: &changes)
    }
    try apply(changes, db)
  }

  /// How many times the cells' pages, in file order, jump rather than follow one another:
  /// each jump is a seek for a `stats` that finds nothing cached. 0 with an SQLite built
  /// without the `dbstat` table (Debian's has it): the cells are then left where they are.
  static func cellPageJumps(_ db: Database) throws -> Int {
    // A build without the list of modules has no `dbstat` either: its prepare error is the answer.
    let modules = try? Int.fetchOne(db, sql: "SELECT count(*) FROM pragma_module_list WHERE name = 'dbstat'")
    guard (modules ?? 0) > 0 else { return 0 }
    return try Int.fetchOne(
      db,
      sql: """
        WITH page AS (SELECT pageno, lag(pageno) OVER (ORDER BY pageno) AS previous FROM dbstat WHERE name = 'stat_cell')
        SELECT count(*) FROM page WHERE pageno <> previous + 1
        """) ?? 0
  }

  /// Rewrites the cells into new pages in key order, so that `stats` reads them together:
  /// cells stored during a large import sit on pages allocated between the assessments'
  /// pages, all over the file, and a `stats` that finds none of them cached (just after a
  /// restart) then reads each with a seek of its own. Takes about as long as writing the cells
  /// once (a few MB).
  ///
  /// The new pages must come from the end of the file: SQLite hands out free pages first
  /// (those an earlier rewrite set free, say, all over the file), so while the new table is
  /// filled, the free pages are held by a filler table of zeros, dropped with the old cells.
  /// With more free pages than four times the cells' own, nothing is rewritten (imports use
  /// free pages up first; a later import rewrites the cells).
  static func compactCells(_ db: Database) throws {
    guard
      let definition = try String.fetchOne(
        db, sql: "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'stat_cell'"),
      let open = definition.firstIndex(of: "(")
    else { return }
    let free = try Int.fetchOne(db, sql: "PRAGMA freelist_count") ?? 0
    let cellPages = try Int.fetchOne(db, sql: "SELECT count(*) FROM dbstat WHERE name = 'stat_cell'") ?? 0
    guard free <= 4 * max(cellPages, 16) else { return }
    if free > 0 {
      // An overflow page holds the page size less 4 bytes of a blob.
      let pageSize = try Int.fetchOne(db, sql: "PRAGMA page_size") ?? 4096
      try db.execute(sql: "CREATE TABLE stat_cell_filler (zeros BLOB NOT NULL)")
      var bytes = free * (pageSize - 4)
      while bytes > 0 {
        let part = min(bytes, 256 << 20)
        try db.execute(sql: "INSERT INTO stat_cell_filler (zeros) VALUES (zeroblob(?))", arguments: [part])
        bytes -= part
      }
    }
    let key = try db.primaryKey("stat_cell").columns.joined(separator: ", ")
    try db.execute(sql: "CREATE TABLE stat_cell_compact " + definition[open...])
    try db.execute(sql: "INSERT INTO stat_cell_compact SELECT * FROM stat_cell ORDER BY \(key)")
    try db.execute(sql: "DROP TABLE stat_cell")
    if free > 0 { try db.execute(sql: "DROP TABLE stat_cell_filler") }
    try db.execute(sql: "ALTER TABLE stat_cell_compact RENAME TO stat_cell")
  }

  /// Fills the cells from every stored assessment (for a database made before they existed).
  static func rebuild(_ db: Database) throws {
    try db.execute(sql: "DELETE FROM stat_cell")
    var changes: [StatisticsCellKey: CellAggregate] = [:]
    try counted(filter: "1", db) { assessments in
      MaintainedStatistics.change(from: [], to: assessments, into: &changes)
    }
    try apply(changes, db)
  }

  /// The SQL condition that chooses `businesses`' assessments (`a`); more than one go through
  /// a temporary table.
  static func filter(_ businesses: some Collection<Int64>, _ db: Database) throws -> String {
    if businesses.count == 1 { return "a.business_id = \(businesses.first!)" }
    try db.execute(sql: "CREATE TEMP TABLE IF NOT EXISTS stat_touched (id INTEGER PRIMARY KEY)")
    try db.execute(sql: "DELETE FROM temp.stat_touched")
    let insert = try RawStatement("INSERT OR IGNORE INTO temp.stat_touched (id) VALUES (?)", in: db)
    for business in businesses {
      try insert.bind(business, 1)
      try insert.execute()
    }
    return "a.business_id IN (SELECT id FROM temp.stat_touched)"
  }

  /// Visits the submitted and reviewed assessments of each business whose assessments (`a`)
  /// meet an SQL condition (`"1"` for all), in order of `seq`, with their dimension scores. One
  /// business's assessments are in memory at a time: the rows come in the order of the
  /// index by business (the `+` keeps SQLite from choosing the status index and sorting every
  /// row in a temporary tree).
  static func counted(filter: String, _ db: Database, _ visit: ([CountedAssessment]) throws -> Void) throws {
    let statement = try db.makeStatement(
      sql: """
        SELECT a.business_id, a.seq, a.questionnaire_id, a.status, a.submitted_at, a.locality, a.vsic_version,
          a.vsic_section, a.size_class, a.overall_score, a.overall_level, d.dimension_id, d.score, a.legal_form
        FROM assessment a LEFT JOIN dimension_score d ON d.assessment = a.seq AND d.score IS NOT NULL
        WHERE +a.status IN ('submitted', 'reviewed') AND coalesce(a.review_state, '') <> 'rejected' AND (\(filter))
        ORDER BY a.business_id, a.seq
        """)
    var business: Int64?
    var assessments: [CountedAssessment] = []
    try CursorRow.forEach(statement) { row in
      let owner = row.int64(0)
      if owner != business {
        if !assessments.isEmpty { try visit(assessments) }
        assessments.removeAll(keepingCapacity: true)
        business = owner
      }
      let seq = row.int64(1)
      if assessments.last?.seq != seq {
        assessments.append(
          CountedAssessment(
            seq: seq, questionnaireID: QuestionnaireID(row.text(2) ?? ""),
            status: row.text(3).flatMap(AssessmentStatus.init(rawValue:)) ?? .submitted,
            submittedAt: row.text(4) ?? "", locality: row.text(5), vsicVersion: row.integer(6),
            section: row.text(7), sizeClass: row.text(8).flatMap(SizeClass.init(rawValue:)),
            overallScore: row.real(9), overallLevel: row.integer(10), dimensionScores: [:],
            legalForm: row.text(13).flatMap(LegalForm.init(rawValue:))))
      }
      if let dimension = row.text(11), let score = row.real(12) {
        assessments[assessments.count - 1].dimensionScores[dimension] = score
      }
    }
    if !assessments.isEmpty { try visit(assessments) }
  }

  /// Adds the changes to the stored cells; a cell that comes to nothing is removed.
  static func apply(_ changes: [StatisticsCellKey: CellAggregate], _ db: Database) throws {
    let key = """
      questionnaire_id = ?1 AND reviewed_only = ?2 AND period = ?3 AND locality = ?4 AND vsic_version = ?5
        AND vsic_section = ?6 AND size_class = ?7 AND group_period = ?8 AND legal_form = ?10
      """
    // Cached: a bulk import stores its held cells several times, each with a call of its own.
    let select = try RawStatement(cached: "SELECT data FROM stat_cell WHERE \(key)", in: db)
    let delete = try RawStatement(cached: "DELETE FROM stat_cell WHERE \(key)", in: db)
    let upsert = try RawStatement(
      cached: """
        INSERT INTO stat_cell (questionnaire_id, reviewed_only, period, locality, vsic_version, vsic_section,
          size_class, group_period, data, legal_form) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
        ON CONFLICT DO UPDATE SET data = excluded.data
        """, in: db)
    func bindKey(_ cell: StatisticsCellKey, _ statement: RawStatement) throws {
      try statement.bind(cell.slot.questionnaireID.rawValue, 1)
      try statement.bind(Int64(cell.slot.reviewedOnly ? 1 : 0), 2)
      try statement.bind(cell.slot.storedPeriod, 3)
      try statement.bind(cell.groups.locality ?? "", 4)
      try statement.bind(Int64(cell.groups.vsicVersion ?? 0), 5)
      try statement.bind(cell.groups.section ?? "", 6)
      try statement.bind(cell.groups.sizeClass?.rawValue ?? "", 7)
      try statement.bind(cell.groups.period.description, 8)
      try statement.bind(cell.groups.legalForm?.rawValue ?? "", 10)
    }
    for (cell, change) in changes where !change.isEmpty {
      try bindKey(cell, select)
      // A new cell is the change itself (which holds nothing that comes to zero).
      var aggregate = change
      if let stored = try select.blob() {
        guard let decoded = stored.withUnsafeBytes({ CellAggregate(decoding: $0) }) else { throw damaged }
        aggregate = decoded
        aggregate.merge(change)
      }
      guard aggregate.isConsistent else { throw damaged }
      if aggregate.count == 0 {
        try bindKey(cell, delete)
        try delete.execute()
      } else {
        try bindKey(cell, upsert)
        try upsert.bind(aggregate.encoded(), 9)
        try upsert.execute()
      }
    }
  }
}
