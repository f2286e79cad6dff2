import Foundation
import GRDB
import Testing

@testable import DXReadyCore
@testable import DXReadyStore

@Suite("Statistics cells kept in step by the store")
struct MaintainedStatisticsStoreTests {
  /// Grouping by locality, sector and size needs no reference lists.
  static let reference = ReferenceData(
    localities: LocalityList(provinceID: "p", provinceName: "P", current: [], former: []), vsic: VSIC(versions: [:]))

  static func importAll(_ store: any AssessmentStore, _ batch: [ImportedAssessment]) throws -> (
    added: Int, unchanged: Int, reviews: Int
  ) {
    var items = batch.makeIterator()
    return try store.importSubmitted { items.next() }
  }

  /// The same table twice: from the maintained cells, and from the stored assessments read one
  /// by one (the latest of each business).
  static func tables(
    _ store: any TestableStore, q: Questionnaire, period: Period?, reviewedOnly: Bool, by: [Grouping]
  )
    throws -> (cells: StatisticsTable, plain: StatisticsTable)
  {
    let cells = try store.statisticsCells(
      StatisticsSlot(questionnaireID: q.id, reviewedOnly: reviewedOnly, period: period))
    var records: [StatisticsRecord] = []
    try store.statisticsRecords(
      questionnaire: q.id, dimensions: q.dimensions.map(\.id),
      statuses: reviewedOnly ? [.reviewed] : [.submitted, .reviewed], period: period
    ) { records.append($0) }
    let fromCells = StatisticsBuilder.table(
      cells, groupings: by, reference: reference, minCell: 3, levels: q.levels.count,
      dimensions: q.dimensions.map(\.id.rawValue))
    let plain = StatisticsBuilder.build(
      records, groupings: by, reference: reference, quarterly: period?.quarter != nil, minCell: 3,
      levels: q.levels.count, dimensions: q.dimensions.count, key: cells.key)
    return (fromCells, plain)
  }

  static func expectInStep(_ store: any TestableStore, q: Questionnaire, _ step: String) throws {
    let now = Date().formatted(.iso8601.year())
    let month = Calendar(identifier: .gregorian).component(.month, from: Date())
    for period in [nil, Period(now), Period("\(now)-Q\((month - 1) / 3 + 1)"), Period("2020")] {
      for by in [[], [Grouping.locality, .sector], [.size]] {
        let (cells, plain) = try tables(store, q: q, period: period, reviewedOnly: false, by: by)
        #expect(cells == plain, "\(step): period \(period?.description ?? "all"), by \(by)")
        let reviewed = try tables(store, q: q, period: period, reviewedOnly: true, by: by)
        #expect(reviewed.cells == reviewed.plain)
      }
    }
  }

  @Test(
    "a business counts with its latest assessment by submission time, whatever the order the rounds arrive in",
    arguments: StoreEngine.available)
  func latestBySubmission(engine: StoreEngine) throws {
    let (q, _) = try StoreFixtures.questionnaire("digital-intensity")
    let businesses = ["0100109106", "0300588569", "0100112437", "5700100256"]
    // The 2024 round (2 yes each) and the 2026 round (9 yes each) of the same four businesses.
    let early = try businesses.map {
      try StoreFixtures.imported(yes: 2, taxCode: $0, submittedAt: "2024-05-01T03:00:00.000Z")
    }
    let late = try businesses.map {
      try StoreFixtures.imported(yes: 9, taxCode: $0, submittedAt: "2026-03-01T03:00:00.000Z")
    }
    // The exact figures: the published ones carry noise keyed by each database's own secret.
    var seen: [[[DisclosureControl.ExactFigures?]]] = []
    for order in [[early, late], [late, early]] {
      let fixtures = try StoreFixtures()
      defer { fixtures.remove() }
      let store = try engine.makeStore(fixtures)
      for batch in order { _ = try Self.importAll(store, batch) }
      var tables: [[DisclosureControl.ExactFigures?]] = []
      for period in [nil, Period("2024"), Period("2026"), Period("2026-Q1")] {
        let (cells, plain) = try Self.tables(store, q: q, period: period, reviewedOnly: false, by: [.sector])
        #expect(cells == plain, "\(engine) \(period?.description ?? "all")")
        tables.append(cells.cells.map(\.exact))
      }
      // Over all time, the 2026 round counts; in 2024, the 2024 round.
      var overall: [Double?] = []
      try store.statisticsRecords(
        questionnaire: q.id, dimensions: q.dimensions.map(\.id), statuses: [.submitted], period: nil
      ) { overall.append($0.overallScore) }
      #expect(overall == Array(repeating: late[0].result.overall.score, count: 4), "\(overall)")
      var in2024: [Double?] = []
      try store.statisticsRecords(
        questionnaire: q.id, dimensions: q.dimensions.map(\.id), statuses: [.submitted], period: Period("2024")
      ) { in2024.append($0.overallScore) }
      #expect(in2024 == Array(repeating: early[0].result.overall.score, count: 4), "\(in2024)")
      seen.append(tables)
    }
    #expect(seen[0] == seen[1], "the same statistics whatever the order of arrival")
  }

  /// A new database at `path` with `count` businesses of section G imported, their localities
  /// taken in turn from `localities`.
  static func storeWithImports(_ count: Int, at path: String, localities: [String] = ["ha-long"]) throws
    -> SQLiteStore
  {
    try fill(SQLiteStore.open(path: path), count, localities: localities)
  }

  /// A new database of `engine` with `count` businesses imported, as ``storeWithImports(_:at:localities:)``.
  static func storeWithImports(
    _ count: Int, engine: StoreEngine, _ fixtures: StoreFixtures, localities: [String] = ["ha-long"]
  ) throws -> any TestableStore {
    try fill(engine.makeStore(fixtures), count, localities: localities)
  }

  static func fill<Store: AssessmentStore>(_ store: Store, _ count: Int, localities: [String]) throws -> Store {
    let batch = try (0..<count).map {
      try imported(yes: $0, business: $0, locality: localities[$0 % localities.count], section: "G")
    }
    _ = try importAll(store, batch)
    return store
  }

  static func imported(yes: Int, business: Int, locality: String, section: String) throws -> ImportedAssessment {
    var item = try StoreFixtures.imported(
      yes: yes, taxCode: String(format: "01001091%02d", business), id: AssessmentID.random())
    item.profile.locality = locality
    item.profile.industry = Industry(vsic: 2018, section: section)
    return item
  }

  @Test(
    "imports, a late draft, re-imports and deletions keep the cells equal to a plain count, and to a rebuild",
    arguments: StoreEngine.available)
  func inStep(engine: StoreEngine) throws {
    let fixtures = try StoreFixtures()
    defer { fixtures.remove() }
    let store = try engine.makeStore(fixtures)
    let (q, source) = try StoreFixtures.questionnaire("digital-intensity")
    let localities = ["ha-long", "uong-bi", "cam-pha"]

    // A draft for business 1, begun before anything else is stored: a low seq.
    try store.saveQuestionnaire(q, source: source)
    var profile = StoreFixtures.profile("0100109101")
    profile.locality = "co-to"
    try store.saveBusiness(profile, sizeClass: .micro)
    let draft = AssessmentID.random()
    try store.createDraft(draft, taxCode: "0100109101", questionnaire: q, consent: nil)

    // 40 assessments of 16 businesses, in two batches: businesses come back in the second.
    var batch = try (0..<24).map {
      try Self.imported(yes: $0 % 13, business: $0 % 16, locality: localities[$0 % 3], section: ["C", "G"][$0 % 2])
    }
    #expect(try Self.importAll(store, batch) == (24, 0, 0))
    try Self.expectInStep(store, q: q, "first batch")
    batch = try (24..<40).map {
      try Self.imported(yes: ($0 * 7) % 13, business: $0 % 16, locality: localities[$0 % 2], section: "G")
    }
    #expect(try Self.importAll(store, batch) == (16, 0, 0))
    try Self.expectInStep(store, q: q, "second batch")
    // The same files again change nothing.
    let before = try store.cellRows()
    #expect(try Self.importAll(store, batch) == (0, 16, 0))
    #expect(try store.cellRows() == before)

    // The old draft is submitted: it is not the latest of business 1, so only its own slots
    // would change if it were; the counts must still agree.
    var answers: [QuestionID: AnswerValue] = [:]
    for question in q.questions { answers[question.id] = .option("yes") }
    for (question, answer) in answers { try store.saveAnswer(answer, question: question, assessment: draft) }
    try store.submit(draft, result: Scorer.score(answers, questionnaire: q))
    try Self.expectInStep(store, q: q, "late draft")

    // Deleting the latest assessment of a business brings back its earlier one.
    let latest = try store.assessments(AssessmentFilter(limit: 3))
    for summary in latest { try store.deleteAssessment(summary.id, by: "test") }
    try Self.expectInStep(store, q: q, "deletions")

    // A rebuild from scratch gives the very same rows.
    let maintained = try store.cellRows()
    #expect(!maintained.isEmpty)
    try store.rebuildCells()
    #expect(try store.cellRows() == maintained)
  }

  @Test(
    "a bulk import counts its statistics in chunks, held cells stored as it goes, to the same cells as all at once",
    arguments: StoreEngine.available)
  func chunkedCounting(engine: StoreEngine) throws {
    let fixtures = try StoreFixtures()
    defer { fixtures.remove() }
    let store = try engine.makeStore(fixtures)
    let other = try StoreFixtures()
    defer { other.remove() }
    let whole = try engine.makeStore(other)
    let (q, _) = try StoreFixtures.questionnaire("digital-intensity")
    let localities = ["ha-long", "uong-bi", "cam-pha"]
    // 60 assessments of 23 businesses, then 30 more, some of the same businesses: the held
    // cells stored whenever they hold more than 40 values, while writing and while counting
    // the businesses with several assessments again.
    let first = try (0..<60).map {
      try Self.imported(yes: $0 % 13, business: $0 % 23, locality: localities[$0 % 3], section: ["C", "G"][$0 % 2])
    }
    let second = try (60..<90).map {
      try Self.imported(yes: ($0 * 7) % 13, business: $0 % 31, locality: localities[$0 % 2], section: "G")
    }
    let small = BulkLimits(values: 40, flush: 7)
    for batch in [first, second] {
      var items = batch.makeIterator()
      #expect(try store.importSubmitted({ items.next() }, limits: small).added == batch.count)
      #expect(try Self.importAll(whole, batch).added == batch.count)
      try Self.expectInStep(store, q: q, "chunked")
      #expect(try store.cellRows() == whole.cellRows(), "the same cells as counted all at once")
    }
    let counted = try store.cellRows()
    #expect(counted.count > 5)
    try store.rebuildCells()
    #expect(try store.cellRows() == counted)
  }

  @Test("a large SQLite import rewrites the statistics cells together, in key order, as the same cells")
  func compactedCells() throws {
    let fixtures = try StoreFixtures()
    defer { fixtures.remove() }
    let store = try SQLiteStore.open(path: fixtures.path("db.sqlite"))
    let whole = try SQLiteStore.open(path: fixtures.path("whole.sqlite"))
    let (q, _) = try StoreFixtures.questionnaire("digital-intensity")
    let localities = (0..<40).map { "xa-\($0)" }
    // Three imports, each rewriting the cells when their pages jump at all; held cells stored
    // every 40 values in between.
    let limits = BulkLimits(values: 40, flush: 7, compactCells: (added: 10, jumps: 0))
    let pages = """
      SELECT count(*) || ' ' || (max(pageno) - min(pageno) + 1) FROM dbstat WHERE name = 'stat_cell'
      """
    for (step, range) in [0..<60, 60..<90, 90..<99].enumerated() {
      let batch = try range.map {
        try Self.imported(
          yes: $0 % 13, business: $0 % 37, locality: localities[$0 % 40], section: ["C", "G", "F"][$0 % 3])
      }
      var items = batch.makeIterator()
      #expect(try store.importSubmitted({ items.next() }, limits: limits).added == batch.count)
      #expect(try Self.importAll(whole, batch).added == batch.count)
      #expect(try store.cellRows() == whole.cellRows(), "import \(step + 1): the same cells as without rewriting")
      try Self.expectInStep(store, q: q, "import \(step + 1)")
      let tables = try store.pool.read { try String.fetchAll($0, sql: "SELECT name FROM sqlite_master") }
      #expect(!tables.contains("stat_cell_compact"))
      // The rewritten cells take one run of pages at the end of the file, even when the
      // pages an earlier rewrite set free are there to be handed out first.
      let run = try store.pool.read { try String.fetchOne($0, sql: pages) }?.split(separator: " ")
      #expect(
        run?.count == 2 && run?.first == run?.last, "import \(step + 1): cell pages, the run they span: \(run ?? [])")
      if step == 0 {
        // The old cells' pages are free now: the next rewrite has them to avoid.
        #expect(try store.pool.read { try Int.fetchOne($0, sql: "PRAGMA freelist_count") } ?? 0 > 0)
      }
    }
    // Below the threshold nothing is rewritten: the table keeps the pages it has.
    let before = try store.pool.read {
      try String.fetchAll($0, sql: "SELECT pageno FROM dbstat WHERE name = 'stat_cell'")
    }
    var one = [try Self.imported(yes: 3, business: 99, locality: "ha-long", section: "C")].makeIterator()
    _ = try store.importSubmitted({ one.next() }, limits: BulkLimits())
    let after = try store.pool.read {
      try String.fetchAll($0, sql: "SELECT pageno FROM dbstat WHERE name = 'stat_cell'")
    }
    #expect(Set(before).isSubset(of: Set(after)))
    // Rewritten twice more in a row (the second finds the table as the first one's rename
    // left it, and the first one's pages free): the same cells, in one run of pages.
    let cells = try store.cellRows()
    try store.pool.write { db in
      // Free pages every other page (two tables filled in turn, one dropped), which SQLite
      // would hand out first.
      try db.execute(sql: "CREATE TABLE spacer_a (x BLOB); CREATE TABLE spacer_b (x BLOB)")
      for _ in 0..<40 {
        try db.execute(
          sql: "INSERT INTO spacer_a VALUES (zeroblob(3000)); INSERT INTO spacer_b VALUES (zeroblob(3000))")
      }
      try db.execute(sql: "DROP TABLE spacer_a")
      #expect(try Int.fetchOne(db, sql: "PRAGMA freelist_count") ?? 0 >= 40)
      try StatisticsMaintenance.compactCells(db)
      try StatisticsMaintenance.compactCells(db)
    }
    #expect(try store.cellRows() == cells)
    #expect(try store.pool.read { try StatisticsMaintenance.cellPageJumps($0) } == 0)
  }

  @Test("a database made before the cells existed gets them when it is opened")
  func migration() throws {
    let fixtures = try StoreFixtures()
    defer { fixtures.remove() }
    let path = fixtures.path("db.sqlite")
    var store: SQLiteStore? = try Self.storeWithImports(12, at: path)
    let (q, _) = try StoreFixtures.questionnaire("digital-intensity")
    let expected = try Self.tables(store!, q: q, period: nil, reviewedOnly: false, by: [.locality]).plain
    // Back to a database without cells or legal forms, as an older dxready left it.
    try store!.pool.write { db in
      try db.execute(sql: "DROP TABLE stat_cell")
      try db.execute(sql: "ALTER TABLE business DROP COLUMN legal_form")
      try db.execute(sql: "ALTER TABLE assessment DROP COLUMN legal_form")
      try db.execute(
        sql: "DELETE FROM grdb_migrations WHERE identifier IN ('v2-statistics-cells', 'v7-legal-form')")
    }
    store = nil
    let reopened = try SQLiteStore.open(path: path)
    let (cells, _) = try Self.tables(reopened, q: q, period: nil, reviewedOnly: false, by: [.locality])
    #expect(cells == expected)
    #expect(cells.cells.last?.exact?.count == 12)
  }

  @Test("a damaged cell is refused with a message, not counted")
  func damagedCell() throws {
    let fixtures = try StoreFixtures()
    defer { fixtures.remove() }
    let store = try Self.storeWithImports(12, at: fixtures.path("db.sqlite"))
    let (q, _) = try StoreFixtures.questionnaire("digital-intensity")
    let slot = StatisticsSlot(questionnaireID: q.id, reviewedOnly: false, period: nil)
    #expect(try store.statisticsCells(slot).count > 0)
    try store.pool.write { db in
      try db.execute(sql: "UPDATE stat_cell SET data = substr(data, 1, length(data) - 3)")
    }
    #expect(throws: StatisticsMaintenance.damaged) { try store.statisticsCells(slot) }
  }

  @Test(
    "a cell whose period is not exactly a period's text is refused as damaged, not grouped under some period; any year the store wrote reads back",
    arguments: StoreEngine.available)
  func damagedPeriod(engine: StoreEngine) throws {
    let fixtures = try StoreFixtures()
    defer { fixtures.remove() }
    let store = try Self.storeWithImports(12, engine: engine, fixtures)
    let (q, _) = try StoreFixtures.questionnaire("digital-intensity")
    let slot = StatisticsSlot(questionnaireID: q.id, reviewedOnly: false, period: nil)
    let cells = try store.statisticsCells(slot)
    #expect(cells.count > 0)
    // A year outside what a person may type (1900–9999), as a submission in the first hours
    // of 1900 at UTC+14 gives: stored as written, read back as it was.
    try store.raw("UPDATE stat_cell SET group_period = '1899' WHERE period = ''")
    let far = try store.statisticsCells(slot)
    #expect(far.count == cells.count && far.entries.allSatisfy { $0.groups.period == Period(year: 1899) })
    for damaged in ["2026-", "+2026", "2026-Q9", "2026--Q3", "all"] {
      try store.raw("UPDATE stat_cell SET group_period = '\(damaged)' WHERE period = ''")
      #expect(throws: StatisticsMaintenance.damaged, "\(damaged)") { try store.statisticsCells(slot) }
    }
  }

  @Test("cells stored in the old fixed-width form are counted again when the database is opened")
  func oldCellForm() throws {
    let fixtures = try StoreFixtures()
    defer { fixtures.remove() }
    let path = fixtures.path("db.sqlite")
    var store: SQLiteStore? = try Self.storeWithImports(30, at: path, localities: ["ha-long", "uong-bi"])
    let (q, _) = try StoreFixtures.questionnaire("digital-intensity")
    let expected = try Self.tables(store!, q: q, period: nil, reviewedOnly: false, by: [.locality]).plain
    // Back to cells in format 1, as schema v2 and v3 stored them, with what migrating such a
    // database leaves: v4 not yet run, and the count from scratch that v7 asks for.
    try store!.pool.write { db in
      for row in try Row.fetchAll(db, sql: "SELECT DISTINCT data FROM stat_cell") {
        let data: Data = row["data"]
        let cell = try #require(data.withUnsafeBytes { CellAggregate(decoding: $0) })
        try db.execute(
          sql: "UPDATE stat_cell SET data = ? WHERE data = ?", arguments: [Data(Self.formatOne(cell)), data])
      }
      try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = 'v4-compact-cells'")
      try db.execute(sql: "INSERT OR IGNORE INTO pending_work (task) VALUES ('rebuild-statistics')")
    }
    let slot = StatisticsSlot(questionnaireID: q.id, reviewedOnly: false, period: nil)
    #expect(throws: StatisticsMaintenance.damaged) { try store!.statisticsCells(slot) }
    store = nil
    let reopened = try SQLiteStore.open(path: path)
    let (cells, _) = try Self.tables(reopened, q: q, period: nil, reviewedOnly: false, by: [.locality])
    #expect(cells == expected)
    #expect(cells.cells.last?.exact?.count == 30)
  }

  /// A cell in stored format 1 (fixed-width integers), as schema v2 and v3 stored it.
  static func formatOne(_ cell: CellAggregate) -> [UInt8] {
    var bytes: [UInt8] = [1]
    func put<T: FixedWidthInteger>(_ value: T) { withUnsafeBytes(of: value.littleEndian) { bytes += $0 } }
    put(Int64(cell.count))
    put(UInt16(cell.levels.count))
    for (level, n) in cell.levels.sorted(by: { $0.key < $1.key }) {
      put(UInt16(level))
      put(Int32(n))
    }
    put(UInt16(cell.measures.count))
    for (measure, histogram) in cell.measures.sorted(by: { $0.key < $1.key }) {
      put(UInt16(measure.storedName.utf8.count))
      bytes += Array(measure.storedName.utf8)
      put(histogram.sumMicros)
      put(UInt16(histogram.bins.count))
      for (bin, n) in histogram.bins.sorted(by: { $0.key < $1.key }) {
        put(UInt16(bin))
        put(Int32(n))
      }
    }
    return bytes
  }
}
