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

  @Option(help: "Which assessments count: submitted (also counts reviewed ones) or reviewed.")
  var status: AssessmentStatus = .submitted

  @Option(help: "The smallest number of businesses behind any published figure (at least 3).")
  var minCell = 10

  func validate() throws {
    guard minCell >= StatisticsBuilder.lowestMinCell else {
      throw ValidationError("--min-cell cannot be below \(StatisticsBuilder.lowestMinCell)")
    }
    if let period, Period(period) == nil {
      throw ValidationError("--period \(period): write a year (2026) or a quarter (2026-Q3)")
    }
    if status == .draft { throw ValidationError("--status: drafts are not counted; use submitted or reviewed") }
  }

  /// One table per list of groupings, from one streaming pass over the stored assessments: only
  /// a histogram per group is kept.
  func tables(
    _ groupings: [[Grouping]], questionnaire q: Questionnaire, reference: ReferenceData, store: SQLiteStore
  ) throws -> [StatisticsTable] {
    let chosen = period.flatMap(Period.init)
    var accumulators = groupings.map {
      StatisticsBuilder.Accumulator(
        groupings: $0, reference: reference, quarterly: chosen?.quarter != nil, levels: q.levels.count,
        dimensions: q.dimensions.count)
    }
    try storeCall { () throws(StoreError) in
      try store.statisticsRecords(
        questionnaire: q.id, dimensions: q.dimensions.map(\.id),
        statuses: status == .reviewed ? [.reviewed] : [.submitted, .reviewed], period: chosen
      ) { record in
        for index in accumulators.indices { accumulators[index].add(record) }
      }
    }
    return accumulators.map { $0.table(minCell: minCell) }
  }
}
