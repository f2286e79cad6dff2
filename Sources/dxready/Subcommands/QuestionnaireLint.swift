import ArgumentParser
import DXReadyCore
import Foundation

struct QuestionnaireLint: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "lint",
    abstract: "Check questionnaire files and report every problem.",
    discussion: helpText(
      """
      Each problem is printed as FILE:LINE:COLUMN: error|warning: MESSAGE.
      Exits 0 when there are no errors (warnings allowed), 1 when there are errors.

      Examples:
        dxready questionnaire lint
        dxready questionnaire lint Questionnaires/enterprise-dx.yaml
      """)
  )

  @Argument(
    help:
      "Files to check. Default: every questionnaire in the questionnaire folder and the lists in its reference/ folder."
  )
  var files: [String] = []

  @OptionGroup var folder: QuestionnaireFolderOption

  func run() throws {
    try reportingFailures {
      var diagnostics: [Diagnostic]
      let count: Int
      if files.isEmpty {
        let catalog = try folder.catalog()
        diagnostics = catalog.diagnostics
        count =
          catalog.entries.count + catalog.references.count + (catalog.services == nil ? 0 : 1)
          + (catalog.notice == nil ? 0 : 1)
      } else {
        // Files in a `reference` folder are reference lists, `services.yaml` is the service
        // catalogue (checked against the folder's questionnaires); the rest are questionnaires.
        var questionnaireFiles: [QuestionnaireCatalog.Entry] = []
        diagnostics = try files.flatMap { path in
          if FilePath.folder(of: path).hasSuffix("reference") {
            return try QuestionnaireCatalog.loadReference(path).outcome.diagnostics
          }
          if (path as NSString).lastPathComponent == "privacy-notice.yaml" {
            return try QuestionnaireCatalog.loadNotice(path).outcome.diagnostics
          }
          if (path as NSString).lastPathComponent == "services.yaml" {
            let questionnaires = try folder.catalog().questionnaires
            return try QuestionnaireCatalog.loadServices(path, questionnaires: questionnaires).outcome.diagnostics
          }
          let entry = try QuestionnaireCatalog.loadFile(path)
          questionnaireFiles.append(entry)
          return entry.outcome.diagnostics
        }
        // The files named are checked against each other too (one id@version, file names).
        var given = QuestionnaireCatalog(folder: ".", entries: questionnaireFiles)
        given.checkAcrossFiles()
        diagnostics += given.crossFileDiagnostics
        count = files.count
      }
      for diagnostic in diagnostics { print(diagnostic) }
      let errors = diagnostics.filter { $0.severity == .error }.count
      let warnings = diagnostics.count - errors
      printError("\(count) file(s) checked: \(errors) error(s), \(warnings) warning(s)")
      if errors > 0 { throw CommandFailure("", status: 1) }
    }
  }
}
