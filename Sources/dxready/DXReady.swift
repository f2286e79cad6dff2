import ArgumentParser

@main
struct DXReady: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "dxready",
    abstract: "Digital-maturity self-assessment for businesses, with scores that explain themselves.",
    discussion: """
      Examples:
        dxready questionnaire list
        dxready score --answers Questionnaires/examples/enterprise-dx-retail.yaml --explain
      """,
    version: "0.1.0",
    subcommands: [
      QuestionnaireCommand.self, Take.self, Score.self, Import.self, List.self, Show.self, Delete.self, Draft.self,
      Stats.self,
      Export.self,
      Recommend.self, Backup.self, Reference.self,
    ]
  )
}
