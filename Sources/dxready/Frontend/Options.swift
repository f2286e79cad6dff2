import ArgumentParser
import DXReadyCore
import Foundation

/// `--questionnaires DIR`, shared by every command that reads questionnaires.
struct QuestionnaireFolderOption: ParsableArguments {
  @Option(
    name: .customLong("questionnaires"),
    help: ArgumentHelp(
      "The folder of questionnaire files.",
      discussion: "Default: $DXREADY_QUESTIONNAIRES, else ./Questionnaires, else the data installed beside dxready.",
      valueName: "dir"))
  var folder: String?

  /// The folder's questionnaires (with their hashes unless `hashes` is false; see
  /// ``QuestionnaireLoader/load(_:file:hashing:)``), reference lists and, unless `services` is
  /// false, the service catalogue.
  func catalog(services: Bool = true, hashes: Bool = true) throws -> QuestionnaireCatalog {
    try QuestionnaireCatalog.load(
      folder: try QuestionnaireCatalog.locateFolder(folder), services: services, hashes: hashes)
  }
}

extension Language: ExpressibleByArgument {}

/// `text` or `json`.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
  case text
  case json
}

/// Prints `value` as the documented JSON of dxready's commands: indented, keys sorted.
func printJSON(_ value: some Encodable) throws {
  let encoder = JSONEncoder()
  encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
  print(String(decoding: try encoder.encode(value), as: UTF8.self))
}
