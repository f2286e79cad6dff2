import ArgumentParser
import DXReadyCore

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
      print("\(q.title.text(lang)) (\(q.reference))")
      print("hash: \(q.hash)")
      if let description = q.description { print(description.text(lang)) }
      print("")
      let unit = q.scoring.overall == .count ? "count" : "score"
      print("Levels (by overall \(unit)):")
      for level in q.levels {
        print("  \(level.index)  ≥ \(level.minimum.formatted.padding(5))  \(level.name.text(lang))")
      }
      print("")
      print("Dimensions (weight, questions):")
      let idWidth = q.dimensions.map(\.id.rawValue.count).max() ?? 0
      for dimension in q.dimensions {
        let questions = q.questions(in: dimension.id)
        let conditional = questions.filter { $0.showIf != nil }.count
        let count = "\(questions.count)" + (conditional > 0 ? " (\(conditional) conditional)" : "")
        print(
          "  \(dimension.id.rawValue.padding(idWidth))  \(dimension.weight.formatted.padding(6))"
            + "\(count.padding(19))\(dimension.title.text(lang))")
      }
      print("")
      let byKind = Dictionary(grouping: q.questions, by: \.kind)
      let kinds = Question.Kind.allCases.compactMap { kind in byKind[kind].map { "\($0.count) \(kind.rawValue)" } }
      print("\(q.questions.count) questions: \(kinds.joined(separator: ", "))")
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
  return try folder.catalog().questionnaire(id: name)
}

extension String {
  /// The text followed by spaces up to `width` characters.
  func padding(_ width: Int) -> String {
    self + String(repeating: " ", count: max(0, width - count))
  }
}

extension Double {
  /// Without `.0` on whole numbers.
  var formatted: String {
    self == rounded() && abs(self) < 1e15 ? String(Int(self)) : String(self)
  }
}
