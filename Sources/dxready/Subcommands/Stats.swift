import ArgumentParser
import DXReadyCore
import DXReadyReports
import Foundation

struct Stats: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "stats",
    abstract: "Province-wide readiness statistics, with no business identifiable.",
    discussion: helpText(
      """
      Counts, the share of businesses at each level, and the mean and quartiles of the overall score
      and of each dimension, for the province and for each group, from the latest assessment of each
      business. No figure rests on fewer than --min-cell businesses (default 10, never below 10):
      a smaller group is shown as c. Every published figure carries protective noise (the cell-key
      method dxready-sdc/1), the same for the same group every time, so that tables cannot be
      subtracted or averaged to single out a business; quartiles only for groups of 20 or more
      (q otherwise).

      Examples:
        dxready stats
        dxready stats --by former-district --period 2026
        dxready stats --by broad-sector --by size --format csv > readiness.csv
      """)
  )

  enum Format: String, ExpressibleByArgument, CaseIterable {
    case table, json, csv
  }

  @Option(
    name: .customLong("by"),
    help: ArgumentHelp(
      "Group by locality, former-district, sector, broad-sector, size, period or legal-form; at most twice.",
      valueName: "grouping")
  )
  var groupings: [Grouping] = []

  @Option(help: "table, json or csv.")
  var format: Format = .table

  @Option(help: "The language of names: vi or en.")
  var lang: Language = .vi

  @OptionGroup var selection: StatisticsSelection
  @OptionGroup var folder: QuestionnaireFolderOption
  @OptionGroup var database: DatabaseOption

  func validate() throws {
    guard groupings.count <= 2 else { throw ValidationError("--by may be given at most twice") }
    guard Set(groupings).count == groupings.count else { throw ValidationError("--by names the same grouping twice") }
  }

  func run() throws {
    try reportingFailures {
      // The cells are read while the questionnaires load; a problem with the questionnaires is
      // reported first.
      let reading = Background { [selection, database, groupings] in
        try selection.source(in: database.open(readOnly: true), groupings: groupings)
      }
      let (q, reference): (Questionnaire, ReferenceData)
      do {
        // Statistics never name or store the questionnaire: no need for its hash.
        let catalog = try folder.catalog(services: false, hashes: false)
        reference = try catalog.referenceData()
        q = try catalog.questionnaire(id: QuestionnaireID(selection.questionnaire))
      } catch {
        // Let the database finish opening (it may be creating the file) before leaving.
        _ = try? reading.result()
        throw error
      }
      let table: StatisticsTable
      switch try reading.result() {
      case .cells(let cells):
        table = selection.tables([groupings], cells: cells, questionnaire: q, reference: reference)[0]
      case .published(let published): table = published
      }
      let output = StatsOutput(
        table: table, questionnaire: q, reference: reference, language: lang, period: selection.period)
      switch format {
      case .table: print(output.text(width: terminalWidth()), terminator: "")
      case .csv: print(output.csv(), terminator: "")
      case .json: print(output.document.text, terminator: "")
      }
    }
  }
}

extension Grouping: ExpressibleByArgument {}

/// The terminal's width in columns, when standard output is a terminal.
func terminalWidth() -> Int? {
  guard isatty(STDOUT_FILENO) == 1 else { return nil }
  var size = winsize()
  if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
  return ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init)
}
