import ArgumentParser
import DXReadyCore
import Foundation

struct Import: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "import",
    abstract: "Store answers files as submitted assessments.",
    discussion: """
      Each file is read as `dxready score` reads it and must carry a profile with at least `name` and
      `tax_code`. A batch is all or nothing: if any file has a problem, nothing is imported and every
      problem is listed. Importing the same content again adds nothing; a file whose `assessment:` id
      is already stored with other content is refused. A folder imports every .yaml, .yml and .json
      file in it.

      Examples:
        dxready import Questionnaires/examples/enterprise-dx-retail.yaml
        dxready import --database field.sqlite answers/
      """
  )

  @Argument(help: "Answers files, or folders of them.")
  var files: [String]

  @OptionGroup var folder: QuestionnaireFolderOption
  @OptionGroup var database: DatabaseOption

  @Flag(name: .customLong("quiet"), help: "Do not print profile warnings.")
  var quiet = false

  @Flag(help: "Check every file as for an import, but store nothing.")
  var check = false

  func run() throws {
    try reportingFailures {
      let paths = try expand(files)
      let reader = try AnswersFileReader(catalog: try folder.catalog())
      var items: [ImportedAssessment] = []
      var problems: [String] = []
      var warnings: [String] = []
      for outcome in paths.concurrentMap({ reader.submitted($0) }) {
        switch outcome {
        case .success(let (item, itemWarnings)):
          items.append(item)
          warnings += itemWarnings
        case .failure(let failure):
          problems += failure.lines
        }
      }
      if !problems.isEmpty {
        throw CommandFailure(
          (problems + ["nothing was imported: \(problems.count) problem(s) in \(paths.count) file(s)"])
            .joined(separator: "\n"))
      }
      if !quiet { for warning in warnings { printError(warning) } }
      if check {
        print("\(items.count) file(s) checked: all can be imported (nothing was stored)")
        return
      }
      let store = try database.open()
      let outcome = try storeCall { () throws(StoreError) in try store.importSubmitted(items) }
      print("imported \(outcome.added) assessment(s); \(outcome.unchanged) already stored; database \(store.path)")
    }
  }

  /// Files as given, and the answers files inside given folders, in name order.
  func expand(_ arguments: [String]) throws -> [String] {
    var paths: [String] = []
    for argument in arguments {
      var isDirectory: ObjCBool = false
      guard FileManager.default.fileExists(atPath: argument, isDirectory: &isDirectory) else {
        throw CommandFailure("\(argument): no such file")
      }
      guard isDirectory.boolValue else {
        paths.append(argument)
        continue
      }
      guard let names = try? FileManager.default.contentsOfDirectory(atPath: argument) else {
        throw CommandFailure("\(argument): cannot list the folder")
      }
      paths += names.filter { [".yaml", ".yml", ".json"].contains(where: $0.hasSuffix) }.sorted()
        .map { (argument as NSString).appendingPathComponent($0) }
    }
    if paths.isEmpty { throw CommandFailure("no answers files to import") }
    return paths
  }
}
