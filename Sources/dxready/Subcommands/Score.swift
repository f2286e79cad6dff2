import ArgumentParser
import DXReadyCore
import Foundation

struct Score: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "score",
    abstract: "Score an answers file, without any database.",
    discussion: helpText(
      """
      The answers file (YAML or JSON) names its questionnaire as `questionnaire: ID@VERSION`;
      the matching file is found in the questionnaire folder unless --questionnaire says which.
      Bad answers are all listed, each as FILE:LINE:COLUMN: error: MESSAGE, and exit with status 2.

      Examples:
        dxready score --answers Questionnaires/examples/enterprise-dx-retail.yaml
        dxready score --answers answers.json --format json --lang en
        dxready score --answers answers.yaml --explain
      """)
  )

  @Option(help: ArgumentHelp("The answers file to score.", valueName: "file"))
  var answers: String

  @Option(help: ArgumentHelp("The questionnaire: an id, or the path of its file.", valueName: "id|path"))
  var questionnaire: String?

  @OptionGroup var folder: QuestionnaireFolderOption

  @Option(help: "text or json.")
  var format: OutputFormat = .text

  @Flag(help: "Show each question's answer, score and weight, and the arithmetic of every figure.")
  var explain = false

  @Option(help: "The language of the output: vi or en.")
  var lang: Language = .vi

  func run() throws {
    try reportingFailures {
      let loaded = AnswerSheetLoader.load(try readTextFile(answers), file: answers)
      guard let sheet = loaded.sheet else { throw CommandFailure(loaded.diagnostics) }
      // The folder is read once, for the questionnaire and for the profile's reference lists.
      let catalog = Result { try folder.catalog() }
      let q: Questionnaire
      if let questionnaire {
        do {
          q = try resolveQuestionnaire(questionnaire, folder: folder)
        } catch let failure as CommandFailure {
          throw CommandFailure("--questionnaire \(questionnaire): \(failure.message)")
        }
      } else {
        q = try catalog.get().questionnaire(for: sheet, file: answers)
      }
      let validated = AnswerValidator.validate(sheet, against: q, file: answers)
      var problems = validated.diagnostics.filter { $0.severity == .error }.map(\.description)
      // A profile given is checked as `import` checks it, so that score and import agree.
      if let profile = sheet.profile {
        if let reference = try? catalog.get().referenceData() {
          let report = ProfileChecker.check(profile, reference: reference)
          problems += report.problems.filter { $0.severity == .error }.map { $0.located(in: sheet, file: answers) }
        } else {
          printError("\(answers): note: the profile was not checked (no reference lists found; see --questionnaires)")
        }
      }
      if !problems.isEmpty { throw CommandFailure(CommandFailure.capped(problems)) }
      let result = Scorer.score(validated.answers, questionnaire: q)
      switch format {
      case .json:
        let document = ResultDocument(
          result, questionnaire: q, language: lang, explain: explain, assessment: sheet.assessmentID,
          profile: sheet.profile)
        try printJSON(document)
      case .text:
        let text = ResultText(result, questionnaire: q, language: lang)
        print(text.summary(profile: sheet.profile), terminator: "")
        if explain {
          print("")
          print(text.explanation(), terminator: "")
        }
      }
    }
  }
}
