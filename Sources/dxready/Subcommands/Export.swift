import ArgumentParser
import DXReadyCore
import DXReadyReports
import DXReadyStore
import Foundation

struct Export: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "export",
    abstract: "Export readiness statistics as open data: CSV, JSON, a Frictionless Data Package, or an HTML dashboard.",
    discussion: helpText(
      """
      Writes the province's readiness tables — the province, and by former district, locality, broad
      sector, sector, size, period and legal form — with the same disclosure control as `dxready stats`.
      Values not published are written as their code (c: fewer businesses than the minimum; q: no
      quartiles for fewer than 20), declared as labelled missing values.

      Examples:
        dxready export --format datapackage -o open-data/
        dxready export --format csv --bom --period 2026 -o readiness-2026/
        dxready export --format html -o dashboard/
      """)
  )

  enum Format: String, ExpressibleByArgument, CaseIterable {
    case csv, json, datapackage, html
  }

  @Option(help: "csv, json, datapackage or html.")
  var format: Format

  @Option(
    name: [.customShort("o"), .customLong("output")],
    help: ArgumentHelp("The folder to write into (made if missing; must be empty).", valueName: "dir"))
  var output: String

  @Flag(help: "Start CSV files with a byte-order mark, so that spreadsheet programs show Vietnamese correctly.")
  var bom = false

  @Option(help: "The language of names and labels: vi or en.")
  var lang: Language = .vi

  @OptionGroup var selection: StatisticsSelection
  @OptionGroup(title: "The dashboard (--format html)") var templates: TemplatesOption
  @OptionGroup var folder: QuestionnaireFolderOption
  @OptionGroup var database: DatabaseOption

  /// The tables an export holds: a name and its groupings.
  static let tables: [(name: String, groupings: [Grouping])] = [
    ("province", []), ("former-district", [.formerDistrict]), ("locality", [.locality]),
    ("broad-sector", [.broadSector]), ("sector", [.sector]), ("size", [.size]), ("period", [.period]),
    ("legal-form", [.legalForm]),
    ("former-district-by-broad-sector", [.formerDistrict, .broadSector]),
  ]

  func run() throws {
    try reportingFailures {
      let catalog = try folder.catalog(services: false)
      let reference = try catalog.referenceData()
      let q = try catalog.questionnaire(id: QuestionnaireID(selection.questionnaire))
      let dashboard = format == .html ? try templates.load() : nil
      try prepareFolder()
      let store = try database.open(readOnly: true)
      let computed = try selection.tables(
        Self.tables.map(\.groupings), in: store, questionnaire: q, reference: reference)
      var tables: [(String, StatisticsTable)] = []
      for (entry, table) in zip(Self.tables, computed) {
        guard let table else {
          // Only an official's connection finds a table missing: it was not published.
          throw CommandFailure(
            "\(store.location): the table by \(entry.name) has not been published for these options (questionnaire \(selection.questionnaire), status \(selection.status.rawValue), period \(selection.period ?? "all"), --min-cell \(selection.minCell)); this account reads only what `dxready publish` wrote — ask a consultant to publish",
            status: 1)
        }
        tables.append((entry.name, table))
      }
      let quarters =
        format == .html ? try self.quarters(tables.first { $0.0 == "period" }?.1, store, q, reference) : []
      let writer = OpenDataWriter(
        tables: tables, questionnaire: q, reference: reference, language: lang, period: selection.period,
        minCell: selection.minCell,
        folder: output, bom: bom, quarters: quarters)
      let written: [String]
      switch format {
      case .csv: written = try writer.writeCSV()
      case .json: written = try writer.writeJSON()
      case .datapackage: written = try writer.writeDataPackage()
      case .html: written = try writer.writeHTML(dashboard!)
      }
      print("wrote \(written.count) file(s) to \(output): \(written.joined(separator: ", "))")
    }
  }

  /// The province in each quarter with assessments, oldest first, from the first quarter with
  /// data to the last (those between with too few businesses carry their code), under the same
  /// disclosure control, for the dashboard's trend.
  func quarters(
    _ periods: StatisticsTable?, _ store: any AssessmentStore, _ q: Questionnaire, _ reference: ReferenceData
  )
    throws -> [(label: String, cell: StatisticsTable.Cell)]
  {
    let chosen = selection.period.flatMap { Period($0) }
    var quarters: [Period] = []
    if let chosen, chosen.quarter != nil {
      quarters = [chosen]
    } else {
      let years =
        chosen.map { [$0.year] }
        ?? (periods?.cells.compactMap { $0.keys.first?.value.flatMap(Period.init(stored:))?.year } ?? [])
      for year in Set(years).sorted() { quarters += (1...4).map { Period(year: year, quarter: $0) } }
    }
    var found: [(label: String, cell: StatisticsTable.Cell, empty: Bool)] = []
    let empty = selection.tables(
      [[]], cells: StoredCells(key: NoiseKey(k0: 0, k1: 0)), questionnaire: q, reference: reference)[0]
    for quarter in quarters {
      // A quarter with no assessment has no cells (and is not published): its row says so.
      let table = try selection.tables([[]], in: store, questionnaire: q, reference: reference, period: quarter)[0]
      guard let cell = (table ?? empty).cells.last else { continue }
      found.append((quarter.description, cell, table == nil))
    }
    // Leave out the quarters before the first and after the last that hold any assessment.
    guard let first = found.firstIndex(where: { !$0.empty }), let last = found.lastIndex(where: { !$0.empty })
    else { return [] }
    return found[first...last].map { ($0.label, $0.cell) }
  }

  /// The output folder must be new or empty: an export never mixes with older files.
  func prepareFolder() throws {
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: output, isDirectory: &isDirectory) {
      guard isDirectory.boolValue else { throw CommandFailure("\(output): is a file; name a folder for the export") }
      let contents = (try? FileManager.default.contentsOfDirectory(atPath: output)) ?? []
      guard contents.isEmpty else {
        throw CommandFailure("\(output): the folder is not empty; name a new or empty folder")
      }
    } else {
      do {
        try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
      } catch {
        throw CommandFailure("\(output): the folder cannot be made (\(error.localizedDescription))")
      }
    }
  }
}
