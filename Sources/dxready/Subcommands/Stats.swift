import ArgumentParser
import DXReadyCore
import Foundation

struct Stats: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Province-wide readiness statistics, with no business identifiable.",
    discussion: """
      Counts, the share of businesses at each level, and the mean and quartiles of the overall score
      and of each dimension, for the province and for each group, from the latest assessment of each
      business. No figure rests on fewer than --min-cell businesses (default 10, never below 3), and
      further cells are hidden so that none can be worked out from a total; hidden values carry a
      code (c: fewer businesses than the minimum; s: hidden to protect another cell).

      Examples:
        dxready stats
        dxready stats --by former-district --period 2026
        dxready stats --by broad-sector --by size --format csv > readiness.csv
      """
  )

  enum Format: String, ExpressibleByArgument, CaseIterable {
    case table, json, csv
  }

  @Option(help: "The questionnaire's id.")
  var questionnaire = "enterprise-dx"

  @Option(
    name: .customLong("by"),
    help: ArgumentHelp(
      "Group by locality, former-district, sector, broad-sector, size or period; at most twice.", valueName: "grouping")
  )
  var groupings: [Grouping] = []

  @Option(
    help: ArgumentHelp(
      "Only assessments submitted in this year or quarter, such as 2026 or 2026-Q3.", valueName: "period"))
  var period: String?

  @Option(help: "Which assessments count: submitted (also counts reviewed ones) or reviewed.")
  var status: AssessmentStatus = .submitted

  @Option(help: "The smallest number of businesses behind any published figure (at least 3).")
  var minCell = 10

  @Option(help: "table, json or csv.")
  var format: Format = .table

  @Option(help: "The language of names: vi or en.")
  var lang: Language = .vi

  @OptionGroup var folder: QuestionnaireFolderOption
  @OptionGroup var database: DatabaseOption

  func validate() throws {
    guard minCell >= StatisticsBuilder.lowestMinCell else {
      throw ValidationError("--min-cell cannot be below \(StatisticsBuilder.lowestMinCell)")
    }
    guard groupings.count <= 2 else { throw ValidationError("--by may be given at most twice") }
    guard Set(groupings).count == groupings.count else { throw ValidationError("--by names the same grouping twice") }
    if let period, Period(period) == nil {
      throw ValidationError("--period \(period): write a year (2026) or a quarter (2026-Q3)")
    }
    if status == .draft { throw ValidationError("--status: drafts are not counted; use submitted or reviewed") }
  }

  func run() throws {
    try reportingFailures {
      let catalog = try folder.catalog()
      let reference = try catalog.referenceData()
      let q = try catalog.questionnaire(id: questionnaire)
      let store = try database.open()
      let chosen = period.flatMap(Period.init)
      // Records are aggregated as they stream in; only a histogram per group is kept.
      var accumulator = StatisticsBuilder.Accumulator(
        groupings: groupings, reference: reference, quarterly: chosen?.quarter != nil, levels: q.levels.count,
        dimensions: q.dimensions.count)
      try storeCall { () throws(StoreError) in
        try store.statisticsRecords(
          questionnaire: q.id, dimensions: q.dimensions.map(\.id),
          statuses: status == .reviewed ? [.reviewed] : [.submitted, .reviewed], period: chosen
        ) { accumulator.add($0) }
      }
      let table = accumulator.table(minCell: minCell)
      let output = StatsOutput(table: table, questionnaire: q, reference: reference, language: lang, period: period)
      switch format {
      case .table: print(output.text(), terminator: "")
      case .csv: print(output.csv(), terminator: "")
      case .json: print(try output.json())
      }
    }
  }
}

extension Grouping: ExpressibleByArgument {}
