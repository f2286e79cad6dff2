import ArgumentParser
import DXReadyCore
import Foundation

/// `--questionnaires DIR`, shared by every command that reads questionnaires.
struct QuestionnaireFolderOption: ParsableArguments {
  @Option(
    name: .customLong("questionnaires"),
    help: ArgumentHelp(
      "The folder of questionnaire files (default: $DXREADY_QUESTIONNAIRES, else ./Questionnaires, else the data installed beside dxready).",
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

/// A help text written as paragraphs in the source: the lines of a paragraph are joined, so
/// that the argument parser wraps them once, to the terminal's width; a paragraph whose lines
/// are indented (examples) keeps its lines.
func helpText(_ text: String) -> String {
  text.components(separatedBy: "\n\n").map { paragraph in
    let lines = paragraph.split(separator: "\n", omittingEmptySubsequences: false)
    if lines.contains(where: { $0.hasPrefix("  ") }) || lines.first?.hasSuffix(":") == true {
      return paragraph
    }
    return lines.map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
  }.joined(separator: "\n\n")
}
