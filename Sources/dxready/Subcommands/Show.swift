import ArgumentParser
import DXReadyCore
import DXReadyStore
import Foundation

struct Show: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "show",
    abstract: "Show a stored assessment: its business, status, scores and answers.",
    discussion: """
      The assessment is re-scored against the exact questionnaire text it was taken with, which is
      stored with it, so it shows the same figures after the questionnaire file changes. An
      unambiguous prefix of the id is enough.

      Examples:
        dxready show 7d6f3c1e
        dxready show 7d6f3c1e --explain --lang en
        dxready show 7d6f3c1e --format json
      """
  )

  @Argument(help: "The assessment's id, or the start of it.")
  var id: String

  @Option(help: "text or json.")
  var format: OutputFormat = .text

  @Flag(help: "Show each question's answer, score and weight, and the arithmetic of every figure.")
  var explain = false

  @Option(help: "The language of the output: vi or en.")
  var lang: Language = .vi

  @OptionGroup var database: DatabaseOption

  func run() throws {
    try reportingFailures {
      let (_, stored) = try database.assessment(matching: id, readOnly: true)
      let questionnaire = try StoredQuestionnaire.load(stored)
      let result = Scorer.score(stored.answers, questionnaire: questionnaire)
      let summary = stored.summary
      switch format {
      case .json:
        var document = ResultDocument(
          result, questionnaire: questionnaire, language: lang, explain: explain, assessment: summary.id.rawValue,
          profile: stored.profile)
        document.record = ResultDocument.Record(
          status: summary.status.rawValue, createdAt: iso(summary.createdAt), updatedAt: iso(summary.updatedAt),
          submittedAt: summary.submittedAt.map(iso), sizeClass: stored.sizeClass?.rawValue,
          answers: Dictionary(uniqueKeysWithValues: stored.answers.map { ($0.key.rawValue, $0.value) }))
        try printJSON(document)
      case .text:
        print("\(summary.id)  \(summary.status.rawValue)")
        print("\(summary.businessName) (\(summary.taxCode))\(stored.sizeClass.map { ", \($0.name.text(lang))" } ?? "")")
        print("created \(iso(summary.createdAt))\(summary.submittedAt.map { ", submitted \(iso($0))" } ?? "")")
        if summary.status == .draft {
          let shown = Scorer.shownQuestions(questionnaire, answers: stored.answers)
          print("draft: \(stored.answers.count) of \(shown.count) questions answered; scores are provisional")
        }
        print("")
        let text = ResultText(result, questionnaire: questionnaire, language: lang)
        print(text.summary(), terminator: "")
        if explain {
          print("")
          print(text.explanation(), terminator: "")
        }
      }
    }
  }

  func iso(_ date: Date) -> String { DateText.iso(date) }
}

/// The questionnaire an assessment was taken with, from the text stored with it.
enum StoredQuestionnaire {
  static func load(_ stored: StoredAssessment) throws -> Questionnaire {
    let outcome = QuestionnaireLoader.load(
      stored.questionnaireSource, file: "stored questionnaire \(stored.questionnaireHash)")
    guard let questionnaire = outcome.questionnaire, questionnaire.hash == stored.questionnaireHash else {
      throw CommandFailure(
        "assessment \(stored.summary.id): its stored questionnaire no longer loads the same way (\(stored.questionnaireHash)); it was written by another dxready version"
      )
    }
    return questionnaire
  }
}
