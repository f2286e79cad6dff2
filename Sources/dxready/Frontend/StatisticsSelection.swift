import ArgumentParser
import DXReadyCore
import DXReadyStore

/// The options that choose what statistics count, shared by `stats` and `export`.
struct StatisticsSelection: ParsableArguments {
  @Option(help: "The questionnaire's id.")
  var questionnaire = "enterprise-dx"

  @Option(
    help: ArgumentHelp(
      "Only assessments submitted in this year or quarter, such as 2026 or 2026-Q3.", valueName: "period"))
  var period: String?

  @Option(
    help: ArgumentHelp(
      "Which assessments count: submitted (also counts reviewed ones) or reviewed.", valueName: "submitted|reviewed"))
  var status: CountedStatus = .submitted

  /// The assessments statistics count: drafts never are.
  enum CountedStatus: String, ExpressibleByArgument, CaseIterable {
    case submitted, reviewed
  }

  @Option(help: "The smallest number of businesses behind any published figure (10 or more).")
  var minCell = 10

  func validate() throws {
    guard minCell >= StatisticsBuilder.lowestMinCell else {
      throw ValidationError("--min-cell cannot be below \(StatisticsBuilder.lowestMinCell)")
    }
    if let period, Period(period) == nil {
      throw ValidationError("--period \(period): write a year (2026) or a quarter (2026-Q3)")
    }
  }

  /// The slot these options choose, for a questionnaire id.
  func slot(questionnaire id: QuestionnaireID) -> StatisticsSlot {
    StatisticsSlot(
      questionnaireID: id, reviewedOnly: status == .reviewed, period: period.flatMap { Period($0) })
  }

  /// The statistics cells the store maintains as assessments are submitted, for the chosen
  /// questionnaire, status and period: a few thousand small rows, however many assessments
  /// there are.
  func cells(in store: any AssessmentStore) throws -> StoredCells {
    try storeCall { () throws(StoreError) in
      try store.statisticsCells(slot(questionnaire: QuestionnaireID(questionnaire)))
    }
  }

  /// Where a table comes from: the statistics cells, or — for an official's connection to a
  /// shared PostgreSQL database, which cannot read the cells — the tables `publish` wrote.
  enum Source: Sendable {
    case cells(StoredCells)
    case published(StatisticsTable)
  }

  /// The cells, or the published table of these groupings when the store lets this user read
  /// only published tables.
  func source(in store: any AssessmentStore, groupings: [Grouping]) throws -> Source {
    guard let server = store as? PostgresStore,
      try storeCall({ () throws(StoreError) in try server.readsPublishedOnly() })
    else { return .cells(try cells(in: store)) }
    let key = PostgresStore.PublishedKey(
      slot: slot(questionnaire: QuestionnaireID(questionnaire)), groupings: groupings, minCell: minCell)
    if let found = try published(key, from: server) { return found }
    let choices = try storeCall { () throws(StoreError) in try server.publishedChoices() }
    let periods = choices.periods.map { $0.isEmpty ? "all time" : $0 }.joined(separator: ", ")
    throw CommandFailure(
      "\(server.location): this table has not been published (questionnaire \(questionnaire), status \(status.rawValue), period \(period ?? "all"), --min-cell \(minCell)). This account reads only the statistics `dxready publish` wrote"
        + (choices.minCells.isEmpty
          ? "; nothing is published yet — ask a consultant to run `dxready publish`"
          : ": --min-cell \(choices.minCells.map(String.init).joined(separator: ", ")), periods \(periods)"),
      status: 1)
  }

  /// The published table of `key`. A period that had no statistics when they were published
  /// gets no cells — every figure c, as a consultant's `stats` shows it — if the tables were
  /// published at this minimum cell at all; `nil` otherwise.
  func published(_ key: PostgresStore.PublishedKey, from server: PostgresStore) throws -> Source? {
    if let found = try storeCall({ () throws(StoreError) in try server.publishedTable(key) }) {
      return .published(found.table)
    }
    let choices = try storeCall { () throws(StoreError) in try server.publishedChoices() }
    guard choices.minCells.contains(key.minCell), !choices.periods.contains(key.slot.storedPeriod) else { return nil }
    return .cells(StoredCells(key: NoiseKey(k0: 0, k1: 0)))
  }

  /// One table per list of groupings, for `period` (the chosen one when `nil`): from the cells,
  /// or for an official's connection from the published tables. A table is `nil` where there
  /// is nothing for the period (no cells; not published).
  func tables(
    _ groupings: [[Grouping]], in store: any AssessmentStore, questionnaire q: Questionnaire,
    reference: ReferenceData, period: Period? = nil
  ) throws -> [StatisticsTable?] {
    var chosen = slot(questionnaire: q.id)
    if let period { chosen.period = period }
    if let server = store as? PostgresStore, try storeCall({ () throws(StoreError) in try server.readsPublishedOnly() })
    {
      return try groupings.map { grouping in
        let key = PostgresStore.PublishedKey(slot: chosen, groupings: grouping, minCell: minCell)
        // A quarter with nothing published has nothing to show (as one with no cells).
        if period != nil { return try storeCall { () throws(StoreError) in try server.publishedTable(key) }?.table }
        switch try published(key, from: server) {
        case .published(let table): return table
        case .cells(let empty):
          return Self.table(empty, groupings: grouping, questionnaire: q, reference: reference, minCell: minCell)
        case nil: return nil
        }
      }
    }
    let cells = try storeCall { () throws(StoreError) in try store.statisticsCells(chosen) }
    if period != nil, cells.count == 0 { return groupings.map { _ in nil } }
    return groupings.map { Self.table(cells, groupings: $0, questionnaire: q, reference: reference, minCell: minCell) }
  }

  /// One table per list of groupings, from the cells.
  func tables(_ groupings: [[Grouping]], cells: StoredCells, questionnaire q: Questionnaire, reference: ReferenceData)
    -> [StatisticsTable]
  {
    groupings.map { Self.table(cells, groupings: $0, questionnaire: q, reference: reference, minCell: minCell) }
  }

  /// One table from the cells: what `stats` shows and `publish` publishes.
  static func table(
    _ cells: StoredCells, groupings: [Grouping], questionnaire q: Questionnaire, reference: ReferenceData, minCell: Int
  ) -> StatisticsTable {
    StatisticsBuilder.table(
      cells, groupings: groupings, reference: reference, minCell: minCell, levels: q.levels.count,
      dimensions: q.dimensions.map(\.id.rawValue),
      scales: [q.scoring.overall == .count ? Double(q.questions.filter(\.isScored).count) : 100]
        + q.dimensions.map { _ in 100 })
  }
}
