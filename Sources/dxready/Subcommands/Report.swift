import ArgumentParser
import DXReadyCore
import DXReadyReports
import DXReadyStore
import Foundation

struct Report: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "report",
    abstract: "A business's report, to keep, print and share: HTML, Markdown or PDF, in Vietnamese or English.",
    discussion: helpText(
      """
      Made from the Mustache templates in Reports/ (or --templates DIR, a province's own): the
      business's profile, its overall level and what it means, a radar chart and a bar per
      dimension, strengths and gaps with the answers that would raise the weakest dimension most,
      the roadmap by phase with its reasons, effort and cost, the consultant's review when there is
      one, the change since the business's previous assessment, its peers of the same sector and
      size (only when the published statistics hold at least 10 of them), and what is needed to
      reproduce it. PDF needs a headless Chromium or Chrome (found on PATH, or --browser).

      Options: --format html|md|pdf (default: from the -o file's extension, else html), -o FILE
      (a folder with --all, new or empty), --lang vi|en, --templates DIR, --browser PATH; with
      --all, --status STATE (repeat) and the filters of `dxready review list` (--locality,
      --former-district, --sector, --size, --level, --period, --search). `dxready report make
      --help` describes each.

      Examples:
        dxready report 7d6f3c1e -o bao-cao.html
        dxready report 7d6f3c1e --format pdf --lang en -o report.pdf
        dxready report 7d6f3c1e --format md
        dxready report --all --period 2026 -o reports/
        dxready report lint --templates my-templates/
      """),
    subcommands: [ReportMake.self, ReportLint.self],
    defaultSubcommand: ReportMake.self
  )
}

/// Where the report templates are: --templates, else $DXREADY_REPORTS, else ./Reports, else
/// the data installed beside dxready, else the templates built into dxready.
struct TemplatesOption: ParsableArguments {
  @Option(
    name: .customLong("templates"),
    help: ArgumentHelp(
      "The folder of report templates (default: $DXREADY_REPORTS, else ./Reports, else the data installed beside dxready, else those built in).",
      valueName: "dir"))
  var folder: String?

  func located() throws -> String {
    if let folder { return folder }
    if let named = ProcessInfo.processInfo.environment["DXREADY_REPORTS"], !named.isEmpty { return named }
    let binary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
    let candidates = [
      "Reports", binary.appendingPathComponent("../share/dxready/Reports").standardized.path,
      binary.appendingPathComponent("Reports").path,
    ]
    var isFolder: ObjCBool = false
    for candidate in candidates where FileManager.default.fileExists(atPath: candidate, isDirectory: &isFolder) {
      if isFolder.boolValue { return candidate }
    }
    return ReportTemplates.builtIn
  }

  /// The templates, read and parsed; with `checked`, also linted, so that a typing error in a
  /// province's templates is refused (exit 2) rather than printed as an empty field.
  func load(checked: Bool = true) throws -> ReportTemplates {
    let loaded: ReportTemplates
    do {
      loaded = try ReportTemplates.load(folder: try located())
    } catch let problem as ReportProblem {
      throw CommandFailure(problem.message, status: 2)
    }
    if checked {
      let findings = loaded.lint()
      guard findings.isEmpty else {
        throw CommandFailure(
          findings.map(\.description).joined(separator: "\n")
            + "\nthe templates at \(loaded.folder) have \(findings.count) problem(s): fix them (dxready report lint --templates \(loaded.folder)) before making reports",
          status: 2)
      }
    }
    return loaded
  }
}

/// One report, or one per assessment with --all.
struct ReportMake: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "make", abstract: "Make a report (this is what `dxready report ID …` runs).", shouldDisplay: false)

  enum Format: String, ExpressibleByArgument, CaseIterable { case html, md, pdf }

  @Argument(help: "A submitted assessment's id, or the start of it.")
  var id: String?

  @Flag(help: "One report per submitted assessment that the filters below keep, into -o DIR.")
  var all = false

  @Option(
    name: .customLong("status"),
    help: ArgumentHelp(
      "With --all: only these review states (repeat); default every state but rejected.", valueName: "state"))
  var states: [ReviewState] = []

  @OptionGroup(title: "With --all, the filters of `review list`") var queue: QueueFilter

  @Option(help: "html, md or pdf (default: from the -o file's extension, else html).")
  var format: Format?

  /// The format asked for, or the one the output file's extension names, else HTML.
  var chosen: Format {
    if let format { return format }
    guard !all, let output else { return .html }
    return Self.format(ofExtension: (output as NSString).pathExtension) ?? .html
  }

  static func format(ofExtension name: String) -> Format? {
    switch name.lowercased() {
    case "pdf": .pdf
    case "md", "markdown": .md
    case "html", "htm": .html
    default: nil
    }
  }

  @Option(
    name: .shortAndLong,
    help: ArgumentHelp("The file to write (a folder with --all); default: standard output.", valueName: "path"))
  var output: String?

  @Option(help: "The report's language: vi or en.")
  var lang: Language = .vi

  @Option(help: ArgumentHelp("The Chromium or Chrome to print PDF with (default: found on PATH).", valueName: "path"))
  var browser: String?

  @OptionGroup var templates: TemplatesOption
  @OptionGroup var folder: QuestionnaireFolderOption
  @OptionGroup var database: DatabaseOption

  func validate() throws {
    if all, id != nil { throw ValidationError("give an assessment id or --all, not both") }
    if !all, id == nil { throw ValidationError("name the assessment: dxready report ID (or --all -o DIR)") }
    if all, output == nil { throw ValidationError("--all writes one file per assessment: name the folder with -o DIR") }
    if !all, !states.isEmpty || queue.narrows {
      throw ValidationError("--status and the filters (--period, --locality, --sector …) choose assessments for --all")
    }
    if chosen == .pdf, output == nil { throw ValidationError("a PDF is written to a file: add -o FILE.pdf") }
    if !all, let format, let output, let named = Self.format(ofExtension: (output as NSString).pathExtension),
      named != format
    {
      throw ValidationError(
        "-o \(output) names a .\((output as NSString).pathExtension) file but --format is \(format.rawValue): make them agree"
      )
    }
    if states.contains(.rejected) { throw ValidationError("--status rejected: a rejected assessment gets no report") }
  }

  func run() throws {
    try reportingFailures {
      let templates = try templates.load()
      let catalog = try folder.catalog()
      let services = try catalog.serviceCatalog()
      let reference = try catalog.referenceData()
      let format = chosen
      let printer = format == .pdf ? try PDFPrinter.locate(browser) : nil
      let store = try database.open(readOnly: true)
      let maker = ReportMaker(
        store: store, templates: templates, catalog: services, reference: reference, language: lang)
      if let id {
        let stored = try storeCall { () throws(StoreError) in try store.assessment(matching: id) }
        let text = try maker.render(stored, format: format == .md ? .md : .html)
        try write(text, to: output, printer: printer)
        return
      }
      // --all: one file per assessment, named so that a consultant finds a business by tax
      // code and date.
      let folderPath = output!
      try prepareFolder(folderPath)
      try queue.check(reference)
      let wanted = states.isEmpty ? Set(ReviewState.allCases.filter { $0 != .rejected }) : Set(states)
      let rows = try storeCall { () throws(StoreError) in try store.reviewQueue(states: wanted, limit: nil) }
      let chosen = queue.apply(rows, reference: reference)
      var written = 0
      for row in chosen {
        let stored = try storeCall { () throws(StoreError) in try store.assessment(matching: row.id.rawValue) }
        let text = try maker.render(stored, format: format == .md ? .md : .html)
        let date = DateText.provinceDay(row.submittedAt)
        let name = "\(row.taxCode)_\(date)_\(row.id.rawValue.prefix(8)).\(format.rawValue)"
        try write(text, to: (folderPath as NSString).appendingPathComponent(name), printer: printer)
        written += 1
      }
      FileHandle.standardError.write(
        Data("\(written) report\(written == 1 ? "" : "s") written to \(folderPath)\n".utf8))
      if chosen.isEmpty {
        printError(
          "no submitted assessment matches the filters (\(rows.count) before filtering); `dxready review list` with the same --status and filters shows what they keep"
        )
      }
    }
  }

  /// The folder of `--all` must be new or empty, as for `export`: reports of two runs never mix.
  func prepareFolder(_ path: String) throws {
    var isFolder: ObjCBool = false
    if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) {
      guard isFolder.boolValue else {
        throw CommandFailure("-o \(path): is a file; --all writes one file per assessment into a folder", status: 2)
      }
      guard (try? FileManager.default.contentsOfDirectory(atPath: path))?.isEmpty ?? false else {
        throw CommandFailure("-o \(path): the folder is not empty; name a new or empty folder", status: 2)
      }
    } else {
      do {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
      } catch {
        throw CommandFailure("-o \(path): the folder cannot be made (\(error.localizedDescription))")
      }
    }
  }

  func write(_ text: String, to path: String?, printer: PDFPrinter?) throws {
    if let printer, let path {
      try printer.print(html: text, to: path)
      return
    }
    guard let path else {
      print(text, terminator: "")
      return
    }
    do {
      try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    } catch {
      throw CommandFailure("\(path): cannot write the report: \(error.localizedDescription)")
    }
  }
}

/// Gathers what a report needs from the store: the assessment, its questionnaire text, review,
/// the business's previous assessment and its peers in the maintained statistics.
final class ReportMaker {
  let store: any AssessmentStore
  let templates: ReportTemplates
  let catalog: ServiceCatalog
  let reference: ReferenceData
  let language: Language
  /// Questionnaire texts by hash and the published statistics by sector and size, made once
  /// for all the reports of a run.
  var questionnaires: [String: Questionnaire] = [:]
  var peerTables: [String: StatisticsTable] = [:]

  init(
    store: any AssessmentStore, templates: ReportTemplates, catalog: ServiceCatalog, reference: ReferenceData,
    language: Language
  ) {
    self.store = store
    self.templates = templates
    self.catalog = catalog
    self.reference = reference
    self.language = language
  }

  func render(_ stored: StoredAssessment, format: ReportTemplates.Format) throws -> String {
    guard stored.summary.status != .draft else {
      throw CommandFailure(
        "assessment \(stored.summary.id) is a draft: a report is made of a submitted assessment (finish it with `dxready take`)",
        status: 2)
    }
    let questionnaire = try questionnaires[stored.questionnaireHash] ?? StoredQuestionnaire.load(stored)
    questionnaires[stored.questionnaireHash] = questionnaire
    let review = try storeCall { () throws(StoreError) in try store.review(stored.summary.id) }
    guard review.state != .rejected else {
      throw CommandFailure(
        "assessment \(stored.summary.id) was rejected in review: it gets no report (see `dxready review \(stored.summary.id.rawValue.prefix(8))`)",
        status: 2)
    }
    let input = ReportInput(
      stored: stored, questionnaire: questionnaire, review: review, catalog: catalog, reference: reference,
      previous: try previous(stored, questionnaire), peers: try peers(stored, questionnaire), language: language,
      generatedAt: Date())
    return templates.render(input, format: format)
  }

  /// The business's latest assessment before this one, with the same questionnaire.
  func previous(_ stored: StoredAssessment, _ questionnaire: Questionnaire) throws -> ReportInput.Earlier? {
    guard let at = stored.summary.submittedAt else { return nil }
    let earlier = try storeCall { () throws(StoreError) in
      try store.assessments(AssessmentFilter(taxCode: stored.summary.taxCode, limit: 200))
    }
    .filter { $0.questionnaireID == questionnaire.id && $0.status != .draft && ($0.submittedAt ?? at) < at }
    .max { ($0.submittedAt ?? .distantPast) < ($1.submittedAt ?? .distantPast) }
    guard let summary = earlier, let date = summary.submittedAt else { return nil }
    let scores = try storeCall { () throws(StoreError) in try store.assessment(matching: summary.id.rawValue) }
      .dimensionScores
    return ReportInput.Earlier(
      submittedAt: date, overall: summary.overallScore,
      dimensions: Dictionary(scores.compactMap { s in s.score.map { (s.dimension, $0) } }) { a, _ in a })
  }

  /// The business's sector and size class in the published statistics (all periods, all
  /// submitted assessments): the same disclosure-controlled figures `stats --by sector --by
  /// size` prints, never computed from fewer than the minimum cell.
  func peers(_ stored: StoredAssessment, _ questionnaire: Questionnaire) throws -> ReportInput.Peers? {
    guard let industry = stored.profile.industry, let size = stored.sizeClass else { return nil }
    let minimum = 10
    let table: StatisticsTable
    if let made = peerTables[questionnaire.reference] {
      table = made
    } else {
      let cells = try storeCall { () throws(StoreError) in
        try store.statisticsCells(StatisticsSlot(questionnaireID: questionnaire.id, reviewedOnly: false, period: nil))
      }
      table = StatisticsBuilder.table(
        cells, groupings: [.sector, .size], reference: reference, minCell: minimum,
        levels: questionnaire.levels.count, dimensions: questionnaire.dimensions.map(\.id.rawValue),
        scales: [
          questionnaire.scoring.overall == .count ? Double(questionnaire.questions.filter(\.isScored).count) : 100
        ] + questionnaire.dimensions.map { _ in 100 })
      peerTables[questionnaire.reference] = table
    }
    let keys: [GroupKey] = [
      .value(SectorKey(vsic: industry.vsic, section: industry.section).id), .value(size.rawValue),
    ]
    guard let cell = table.cells.first(where: { $0.keys == keys }), let count = cell.count else {
      return ReportInput.Peers(count: nil, overall: nil, dimensions: [:], minimum: minimum)
    }
    var dimensions: [DimensionID: Double] = [:]
    for (index, dimension) in questionnaire.dimensions.enumerated() {
      if let summary = cell.dimensions?[index] { dimensions[dimension.id] = summary.mean }
    }
    return ReportInput.Peers(count: count, overall: cell.overall?.mean, dimensions: dimensions, minimum: minimum)
  }
}

extension PDFPrinter {
  /// The browser named by --browser, else one found on PATH; exit 2 with what to do when none.
  static func locate(_ named: String?) throws -> PDFPrinter {
    if let named {
      guard FileManager.default.isExecutableFile(atPath: named) else {
        throw CommandFailure("--browser \(named): no such program", status: 2)
      }
      return PDFPrinter(browser: named)
    }
    guard let found = PDFPrinter.onPath(ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin") else {
      throw CommandFailure(
        "a PDF needs a headless Chromium or Chrome and none is on PATH: install one (Debian: apt-get install chromium) or name it with --browser PATH; or make the HTML (--format html) and print it to PDF from any browser",
        status: 2)
    }
    return PDFPrinter(browser: found)
  }
}

struct ReportLint: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "lint",
    abstract: "Check report templates: every variable known, every label in both languages and used.")

  @OptionGroup var templates: TemplatesOption

  func run() throws {
    try reportingFailures {
      let loaded: ReportTemplates
      do {
        loaded = try ReportTemplates.load(folder: try templates.located())
      } catch let problem as ReportProblem {
        // A problem that stops the templates loading is a finding like any other.
        printError(problem.message)
        throw CommandFailure("", status: 1)
      }
      let findings = loaded.lint()
      for finding in findings { FileHandle.standardError.write(Data("\(finding)\n".utf8)) }
      guard findings.isEmpty else {
        throw CommandFailure("\(findings.count) problem(s) in the templates at \(loaded.folder)", status: 1)
      }
      print("\(loaded.folder): templates and labels are valid (\(loaded.labels.entries.count) labels)")
    }
  }
}
