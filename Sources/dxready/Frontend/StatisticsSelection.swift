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

  /// One table per list of groupings, from the statistics cells the store maintains as
  /// assessments are submitted: a few thousand small rows, however many assessments there are.
  func tables(
    _ groupings: [[Grouping]], questionnaire q: Questionnaire, reference: ReferenceData, store: SQLiteStore
  ) throws -> [StatisticsTable] {
    let chosen = period.flatMap(Period.init)
    let accumulators = groupings.map {
      StatisticsBuilder.Accumulator(
        groupings: $0, reference: reference, quarterly: chosen?.quarter != nil, levels: q.levels.count,
        dimensions: q.dimensions.count)
    }
    let index = Dictionary(uniqueKeysWithValues: q.dimensions.enumerated().map { ($1.id.rawValue, $0) })
    let slot = StatisticsSlot(
      questionnaireID: q.id, reviewedOnly: status == .reviewed, period: chosen?.description ?? "")
    try storeCall { () throws(StoreError) in
      try store.statisticsCells(slot) { groups, bytes in
        accumulators.indices.allSatisfy {
          accumulators[$0].add(storedCell: bytes, groups: groups, dimensions: index)
        }
      }
    }
    return accumulators.map { $0.table(minCell: minCell) }
  }
}
