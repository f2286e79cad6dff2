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
  func slot(questionnaire id: String) -> StatisticsSlot {
    StatisticsSlot(
      questionnaireID: id, reviewedOnly: status == .reviewed, period: period.flatMap(Period.init)?.description ?? "")
  }

  /// The statistics cells the store maintains as assessments are submitted, for the chosen
  /// questionnaire, status and period: a few thousand small rows, however many assessments
  /// there are.
  func cells(in store: any AssessmentStore) throws -> StoredCells {
    try storeCall { () throws(StoreError) in try store.statisticsCells(slot(questionnaire: questionnaire)) }
  }

  /// One table per list of groupings, from the cells.
  func tables(_ groupings: [[Grouping]], cells: StoredCells, questionnaire q: Questionnaire, reference: ReferenceData)
    -> [StatisticsTable]
  {
    groupings.map {
      StatisticsBuilder.table(
        cells, groupings: $0, reference: reference, minCell: minCell, levels: q.levels.count,
        dimensions: q.dimensions.map(\.id.rawValue),
        scales: [q.scoring.overall == .count ? Double(q.questions.filter(\.isScored).count) : 100]
          + q.dimensions.map { _ in 100 })
    }
  }
}
