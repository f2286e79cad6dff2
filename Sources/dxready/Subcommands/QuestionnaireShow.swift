import ArgumentParser
import DXReadyCore
import DXReadyReports

struct QuestionnaireShow: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "show",
    abstract: "Describe a questionnaire: levels, dimensions and question counts.",
    discussion: "Example:\n  dxready questionnaire show enterprise-dx --lang en"
  )

  @Argument(help: "The questionnaire's id, such as enterprise-dx, or the path of its file.")
  var questionnaire: String

  @OptionGroup var folder: QuestionnaireFolderOption

  @Option(help: "The language of texts: vi or en.")
  var lang: Language = .vi

  func run() throws {
    try reportingFailures {
      let q = try resolveQuestionnaire(questionnaire, folder: folder)
      print(ReferenceViews.questionnaire(q, lang), terminator: "")
    }
  }
}

/// A questionnaire named by id, or by the path of its file.
func resolveQuestionnaire(_ name: String, folder: QuestionnaireFolderOption) throws -> Questionnaire {
  if name.contains("/") || name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
    let entry = try QuestionnaireCatalog.loadFile(name)
    guard let q = entry.outcome.questionnaire else {
      throw CommandFailure(entry.outcome.diagnostics.filter { $0.severity == .error })
    }
    return q
  }
  return try folder.catalog().questionnaire(id: QuestionnaireID(name))
}
