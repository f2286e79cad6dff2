import ArgumentParser

struct QuestionnaireCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "questionnaire",
    abstract: "Check, list and describe questionnaire files.",
    subcommands: [QuestionnaireLint.self, QuestionnaireList.self, QuestionnaireShow.self]
  )
}
