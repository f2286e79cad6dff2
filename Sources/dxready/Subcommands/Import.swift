import ArgumentParser
import DXReadyCore
import Foundation

struct Import: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "import",
    abstract: "Store answers files as submitted assessments.",
    discussion: helpText(
      """
      Each file is read as `dxready score` reads it and must carry a profile with at least `name` and
      `tax_code`, and the business's consent to the personal-data notice (`consent: {notice: VERSION,
      given_at: TIME}`) unless --consent-recorded-elsewhere says it was collected outside dxready. A batch is all or nothing: if any file has a problem, nothing is imported and every
      problem is listed. Importing the same content again adds nothing; a file whose `assessment:` id
      is already stored with other content is refused. A folder imports every .yaml, .yml and .json
      file in it.

      Examples:
        dxready import Questionnaires/examples/enterprise-dx-retail.yaml
        dxready import --database field.sqlite answers/
        dxready import --consent-recorded-elsewhere paper-forms/
      """)
  )

  @Argument(help: "Answers files, or folders of them.")
  var files: [String]

  @OptionGroup var folder: QuestionnaireFolderOption
  @OptionGroup var database: DatabaseOption

  @Flag(name: .customLong("quiet"), help: "Do not print profile warnings.")
  var quiet = false

  @Flag(
    help:
      "State that the businesses' consent to the personal-data notice was collected outside dxready (on paper, say); recorded as such for files without a `consent:` record."
  )
  var consentRecordedElsewhere = false

  @Flag(help: "Check every file as for an import, but store nothing.")
  var check = false

  func run() throws {
    try reportingFailures { try importFiles() }
  }

  func importFiles() throws {
    let paths = try expand(files)
    var configured = try AnswersFileReader(catalog: try folder.catalog())
    configured.consentRecordedElsewhere = consentRecordedElsewhere
    let reader = configured
    // One background checker per core but one: the caller's thread, which writes to the
    // database, checks files too whenever it would otherwise wait.
    let cores = ProcessInfo.processInfo.activeProcessorCount
    let checked = CheckedQueue(count: paths.count, workers: max(1, cores - 1)) { reader.submitted(paths[$0]) }
    if check {
      var items = 0
      let problems = try collect(checked, from: 0) { _ in items += 1 }
      if !problems.isEmpty { throw CommandFailure(report(problems, files: paths.count)) }
      print("\(items) file(s) checked: all can be imported (nothing was stored)")
      return
    }
    let store = try database.open()
    // The writer stores each checked file as soon as it is ready; at the first bad file it
    // stops storing, gathers every remaining problem, and the transaction is rolled back.
    var index = 0
    let outcome: (added: Int, unchanged: Int, reviews: Int)
    do {
      outcome = try store.importSubmitted { () throws(StoreError) -> ImportedAssessment? in
        guard index < checked.count else { return nil }
        defer { index += 1 }
        switch checked.take(index) {
        case .success(let (item, warnings)):
          if !quiet { for warning in warnings { printError(warning) } }
          return item
        case .failure(let failure):
          let rest = (try? collect(checked, from: index + 1) { _ in }) ?? []
          throw StoreError.rejected(report(failure.lines + rest, files: paths.count))
        }
      }
    } catch {
      store.discardIfNew()
      throw CommandFailure(error)
    }
    print("imported \(outcome.added) assessment(s); \(outcome.unchanged) already stored; database \(store.location)")
  }

  /// Takes every result from `start` on, handing good ones to `body`; returns all problems.
  func collect(
    _ checked: CheckedQueue<Result<(ImportedAssessment, warnings: [String]), AnswersFileReader.Problems>>,
    from start: Int, _ body: (ImportedAssessment) -> Void
  ) throws -> [String] {
    var problems: [String] = []
    for index in start..<checked.count {
      switch checked.take(index) {
      case .success(let (item, warnings)):
        if !quiet { for warning in warnings { printError(warning) } }
        body(item)
      case .failure(let failure):
        problems += failure.lines
      }
    }
    return problems
  }

  func report(_ problems: [String], files: Int) -> String {
    CommandFailure.capped(problems) + "\nnothing was imported: \(problems.count) problem(s) in \(files) file(s)"
  }

  /// Files as given, and the answers files inside given folders, in name order.
  func expand(_ arguments: [String]) throws -> PathList {
    var paths = PathList()
    for argument in arguments {
      var isDirectory: ObjCBool = false
      guard FileManager.default.fileExists(atPath: argument, isDirectory: &isDirectory) else {
        throw CommandFailure("\(argument): no such file")
      }
      guard isDirectory.boolValue else {
        if argument.lowercased().hasSuffix(".zip") {
          throw CommandFailure(
            "\(argument): a field bundle, not an answers file; import it with `dxready bundle import \(argument)`")
        }
        paths.append(argument)
        continue
      }
      guard paths.appendFiles(in: argument, endingWith: [".yaml", ".yml", ".json"]) else {
        throw CommandFailure("\(argument): cannot list the folder")
      }
    }
    if paths.isEmpty { throw CommandFailure("no answers files to import") }
    return paths
  }
}
