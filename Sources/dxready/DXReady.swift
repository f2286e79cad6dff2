import ArgumentParser
import Foundation

@main
struct DXReady: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "dxready",
    abstract: "Digital-maturity self-assessment for businesses, with scores that explain themselves.",
    discussion: helpText(
      """
      Examples:
        dxready questionnaire list
        dxready score --answers Questionnaires/examples/enterprise-dx-retail.yaml --explain
      """),
    version: "0.1.0",
    subcommands: [
      QuestionnaireCommand.self, Take.self, Score.self, Import.self, List.self, Show.self, Delete.self, Draft.self,
      Stats.self,
      Export.self,
      Recommend.self, Review.self, Report.self, Audit.self, Backup.self, Reference.self, Db.self, Publish.self,
      Keys.self, BundleCommand.self,
    ]
  )

  /// Runs the command line. One rule for exit statuses: 0 done; 1 the work failed or found
  /// errors (lint errors, a database failure, `take` ending before a submission); 2 the input
  /// is wrong — a file, an answer, or the command line itself (an unknown option, a value not
  /// offered), where the argument parser's own status would be 64.
  static func main() {
    do {
      var command = try parseAsRoot()
      try command.run()
    } catch {
      let code = exitCode(for: error)
      guard code == .validationFailure else { exit(withError: error) }
      printError(fullMessage(for: error))
      exit(withError: ExitCode(CommandFailure.badInput))
    }
  }
}
