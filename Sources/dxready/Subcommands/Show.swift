import ArgumentParser
import DXReadyCore
import DXReadyReports
import DXReadyStore
import Foundation

struct Show: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "show",
    abstract: "Show a stored assessment: its business, status, scores and answers.",
    discussion: helpText(
      """
      The assessment is re-scored against the exact questionnaire text it was taken with, which is
      stored with it, so it shows the same figures after the questionnaire file changes. An
      unambiguous prefix of the id is enough.

      Examples:
        dxready show 7d6f3c1e
        dxready show 7d6f3c1e --explain --lang en
        dxready show 7d6f3c1e --format json
      """)
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
  @OptionGroup var folder: QuestionnaireFolderOption

  func run() throws {
    try reportingFailures {
      let (store, stored) = try database.assessment(matching: id, readOnly: true)
      let review =
        stored.summary.status == .draft
        ? nil : try storeCall { () throws(StoreError) in try store.review(stored.summary.id) }
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
          answers: Dictionary(uniqueKeysWithValues: stored.answers.map { ($0.key.rawValue, $0.value) }),
          consent: stored.consent, review: review)
        try printJSON(document)
      case .text:
        let reference = try? folder.catalog(services: false, hashes: false).referenceData()
        let view = AssessmentView(
          stored: stored, questionnaire: questionnaire, review: review, reference: reference, language: lang)
        print(view.text(explain: explain), terminator: "")
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
