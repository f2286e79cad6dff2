import ArgumentParser

struct QuestionnaireCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "questionnaire",
    abstract: "Check, list and describe questionnaire files.",
    discussion: helpText(
      """
      Examples:
        dxready questionnaire lint
        dxready questionnaire show enterprise-dx --lang en
      """),
    subcommands: [QuestionnaireLint.self, QuestionnaireList.self, QuestionnaireShow.self]
  )
}
