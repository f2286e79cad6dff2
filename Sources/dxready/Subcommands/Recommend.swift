import ArgumentParser
import DXReadyCore
import DXReadyTUI
import Foundation

struct Recommend: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "recommend",
    abstract: "A phased roadmap of consulting services that close an assessment's gaps.",
    discussion: helpText(
      """
      Give a stored assessment's id, or an answers file. Each dimension aims one level above its
      current level unless --target says otherwise. The priority rule and the catalogue format are
      in Questionnaires/README.md.

      Examples:
        dxready recommend --answers Questionnaires/examples/enterprise-dx-retail.yaml
        dxready recommend 7d6f3c1e --lang en --target data=3 --per-phase 3
        dxready recommend --answers answers.json --format json
      """)
  )

  @Argument(help: "A stored assessment's id, or the start of it.")
  var id: String?

  @Option(help: ArgumentHelp("An answers file instead of a stored assessment.", valueName: "file"))
  var answers: String?

  @Option(help: "text or json.")
  var format: OutputFormat = .text

  @Option(
    name: .customLong("target"),
    help: ArgumentHelp(
      "A target level for a dimension, such as data=3; repeat for several.", valueName: "dimension=level"))
  var targets: [String] = []

  @Option(help: "At most this many services in each phase.")
  var perPhase = 4

  @Option(help: "The language of the output: vi or en.")
  var lang: Language = .vi

  @Flag(help: "Show service ids and each rule as written in the catalogue (for consultants).")
  var rules = false

  @OptionGroup var folder: QuestionnaireFolderOption
  @OptionGroup var database: DatabaseOption

  func validate() throws {
    guard (id == nil) != (answers == nil) else {
      throw ValidationError("give either an assessment id or --answers FILE")
    }
    guard perPhase > 0 else { throw ValidationError("--per-phase must be at least 1") }
  }

  func run() throws {
    try reportingFailures {
      let catalogFolder = try folder.catalog()
      let services = try catalogFolder.serviceCatalog()
      let questionnaire: Questionnaire
      let given: [QuestionID: AnswerValue]
      var assessment: String?
      var review: ReviewRecord?
      if let answers {
        let loaded = AnswerSheetLoader.load(try readTextFile(answers), file: answers)
        guard let sheet = loaded.sheet else { throw CommandFailure(loaded.diagnostics) }
        questionnaire = try catalogFolder.questionnaire(for: sheet, file: answers)
        let validated = AnswerValidator.validate(sheet, against: questionnaire, file: answers)
        if validated.diagnostics.hasErrors { throw CommandFailure(validated.diagnostics) }
        given = validated.answers
        assessment = sheet.assessmentID
      } else {
        let (store, stored) = try database.assessment(matching: id ?? "", readOnly: true)
        questionnaire = try StoredQuestionnaire.load(stored)
        assessment = stored.summary.id.rawValue
        // A reviewed assessment: the consultant's roadmap — the answers as corrected, the
        // services rejected left out and the added ones in, the targets set (--target still wins).
        review =
          stored.summary.status == .draft
          ? nil : try storeCall { () throws(StoreError) in try store.review(stored.summary.id) }
        given = review?.correctedAnswers(stored.answers) ?? stored.answers
      }
      var targets = review?.targets ?? [:]
      targets.merge(try parseTargets(questionnaire)) { $1 }
      let options = Recommender.Options(
        targets: targets, perPhase: perPhase,
        excluded: Set(review?.decisions.filter { $0.kind == .rejected }.map(\.service) ?? []),
        added: review?.decisions.filter { $0.kind == .added }.map(\.service) ?? [])
      let result = Scorer.score(given, questionnaire: questionnaire)
      let roadmap = Recommender.roadmap(
        result, answers: given, questionnaire: questionnaire, catalog: services, options: options)
      switch format {
      case .json:
        try printJSON(RoadmapDocument(roadmap, catalog: services, language: lang, assessment: assessment))
      case .text:
        // A business reads names, questions and answers; `--rules` adds the ids and the rules.
        var text = RoadmapText(
          roadmap, questionnaire: questionnaire, catalog: services, language: lang, showsIDs: rules
        ).render()
        if let review, review.version > 0 {
          text =
            Words.text(
              "recommend_as_reviewed", lang,
              [
                "state": review.state.name.text(lang), "corrections": String(review.corrections.count),
                "decisions": String(review.decisions.count), "id": String(assessment?.prefix(8) ?? ""),
              ]) + "\n\n" + text
        }
        // On a terminal, long lines wrap at word boundaries under their own indent (never in
        // the middle of a syllable); piped output keeps its lines whole.
        guard let width = terminalWidth() else {
          print(text, terminator: "")
          return
        }
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
          let line = String(line)
          print(
            DisplayWidth.of(line) < width
              ? line : DisplayWidth.wrapIndented(line, width: width - 1).joined(separator: "\n"))
        }
      }
    }
  }

  /// `dimension=level` pairs, checked against the questionnaire.
  func parseTargets(_ questionnaire: Questionnaire) throws -> [DimensionID: Int] {
    var result: [DimensionID: Int] = [:]
    let top = questionnaire.levels.count - 1
    for pair in targets {
      let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
      guard parts.count == 2, let level = Int(parts[1]) else {
        throw CommandFailure("--target \(pair): write DIMENSION=LEVEL, such as data=3")
      }
      let dimension = DimensionID(parts[0])
      guard questionnaire.dimension(dimension) != nil else {
        let known = questionnaire.dimensions.map(\.id.rawValue).joined(separator: ", ")
        throw CommandFailure("--target \(pair): \(questionnaire.id) has no dimension `\(parts[0])`; known: \(known)")
      }
      guard (0...top).contains(level) else {
        throw CommandFailure("--target \(pair): levels run from 0 to \(top)")
      }
      result[dimension] = level
    }
    return result
  }
}
