import ArgumentParser
import DXReadyCore

/// `--questionnaires DIR`, shared by every command that reads questionnaires.
struct QuestionnaireFolderOption: ParsableArguments {
  @Option(
    name: .customLong("questionnaires"),
    help: ArgumentHelp(
      "The folder of questionnaire files.",
      discussion: "Default: $DXREADY_QUESTIONNAIRES, else ./Questionnaires, else the data installed beside dxready.",
      valueName: "dir"))
  var folder: String?

  func catalog() throws -> QuestionnaireCatalog {
    try QuestionnaireCatalog.load(folder: try QuestionnaireCatalog.locateFolder(folder))
  }
}

extension Language: ExpressibleByArgument {}

/// `text` or `json`.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
  case text
  case json
}
