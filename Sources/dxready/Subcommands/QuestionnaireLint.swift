import ArgumentParser
import DXReadyCore

struct QuestionnaireLint: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "lint",
    abstract: "Check questionnaire files and report every problem.",
    discussion: """
      Each problem is printed as FILE:LINE:COLUMN: error|warning: MESSAGE.
      Exits 0 when there are no errors (warnings allowed), 1 when there are errors.

      Examples:
        dxready questionnaire lint
        dxready questionnaire lint Questionnaires/enterprise-dx.yaml
      """
  )

  @Argument(help: "Questionnaire files to check. Default: every questionnaire in the questionnaire folder.")
  var files: [String] = []

  @OptionGroup var folder: QuestionnaireFolderOption

  func run() throws {
    try reportingFailures {
      let entries =
        files.isEmpty
        ? try folder.catalog().entries
        : try files.map(QuestionnaireCatalog.loadFile)
      let diagnostics = entries.flatMap(\.outcome.diagnostics)
      for diagnostic in diagnostics { print(diagnostic) }
      let errors = diagnostics.filter { $0.severity == .error }.count
      let warnings = diagnostics.count - errors
      printError("\(entries.count) file(s) checked: \(errors) error(s), \(warnings) warning(s)")
      if errors > 0 { throw CommandFailure("", status: 1) }
    }
  }
}
