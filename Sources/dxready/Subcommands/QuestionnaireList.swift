import ArgumentParser
import DXReadyCore

struct QuestionnaireList: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "list",
    abstract: "List the questionnaires in the questionnaire folder.",
    discussion: "Example:\n  dxready questionnaire list --lang en"
  )

  @OptionGroup var folder: QuestionnaireFolderOption

  @Option(help: "The language of titles: vi or en.")
  var lang: Language = .vi

  func run() throws {
    try reportingFailures {
      let catalog = try folder.catalog()
      for entry in catalog.entries {
        guard let q = entry.outcome.questionnaire else {
          print("\(entry.path): has errors; run `dxready questionnaire lint \(entry.path)`")
          continue
        }
        print("\(q.reference)\t\(q.questions.count) questions\t\(q.title.text(lang))")
      }
    }
  }
}
