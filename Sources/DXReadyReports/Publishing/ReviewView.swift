import DXReadyCore
import Foundation

/// One assessment's review as a consultant reads it: the state, the scores as answered and as
/// corrected, every correction beside the original, the notes, and the roadmap the consultant
/// owns (the engine's proposal re-planned around the decisions and targets).
public struct ReviewView {
  var stored: StoredAssessment
  var questionnaire: Questionnaire
  var review: ReviewRecord
  var catalog: ServiceCatalog
  var language: Language

  public init(
    stored: StoredAssessment, questionnaire: Questionnaire, review: ReviewRecord, catalog: ServiceCatalog,
    language: Language
  ) {
    self.stored = stored
    self.questionnaire = questionnaire
    self.review = review
    self.catalog = catalog
    self.language = language
  }

  var original: ScoringResult { Scorer.score(stored.answers, questionnaire: questionnaire) }
  var corrected: ScoringResult {
    Scorer.score(review.correctedAnswers(stored.answers), questionnaire: questionnaire)
  }

  /// The consultant's roadmap: rejected services out, added ones in, targets as set.
  var roadmap: Roadmap {
    let options = Recommender.Options(
      targets: review.targets,
      excluded: Set(review.decisions.filter { $0.kind == .rejected }.map(\.service)),
      added: review.decisions.filter { $0.kind == .added }.map(\.service))
    return Recommender.roadmap(
      corrected, answers: review.correctedAnswers(stored.answers), questionnaire: questionnaire, catalog: catalog,
      options: options)
  }

  func answerText(_ answer: AnswerValue?, _ id: QuestionID) -> String {
    guard let answer else { return "—" }
    let question = questionnaire.question(id)
    switch answer {
    case .option(let option): return question?.option(option)?.label.text(language) ?? option.rawValue
    case .options(let options):
      return options.map { question?.option($0)?.label.text(language) ?? $0.rawValue }.joined(separator: "; ")
    case .notApplicable: return Phrase.notApplicable.text(language)
    case .dontKnow: return Phrase.dontKnow.text(language)
    default: return answer.description
    }
  }

  func score(_ result: ScoringResult) -> String {
    guard let value = result.overall.score else { return "–" }
    let figure =
      result.overall.method == .count
      ? NumberText.plain(value, language) : NumberText.fixed(value, decimals: 1, language)
    let level = result.overall.level.map { questionnaire.levels[$0].name.text(language) } ?? "–"
    return "\(figure) (\(level))"
  }

  public func text() -> String {
    let summary = stored.summary
    var lines: [String] = []
    lines.append(
      "\(summary.id)  \(review.state.name.text(language)) · \(Words.text("review_version", language)) \(review.version)"
        + (review.reviewer.map { " " + Words.text("review_text_reviewer", language, ["reviewer": "\($0)"]) } ?? ""))
    if let change = review.lastStateChange, let reason = change.reason {
      lines.append(
        Words.text("review_reason", language) + " " + "\(reason) — \(change.by), \(change.at)")
    }
    lines.append("\(summary.businessName) (\(TaxCode.masked(summary.taxCode))) · \(questionnaire.reference)")
    let before = score(original)
    let after = score(corrected)
    lines.append(
      Words.text("review_overall", language) + " "
        + (review.corrections.isEmpty
          ? before : "\(before) → \(after) \(Words.text("review_text_as_corrected", language))"))
    lines.append("")
    lines.append(Words.text("review_text_corrections", language))
    if review.corrections.isEmpty { lines.append("  " + Words.text("review_text_none", language)) }
    for correction in review.corrections {
      lines.append(
        "  \(correction.question): \(answerText(stored.answers[correction.question], correction.question)) → \(answerText(correction.value, correction.question))"
      )
      lines.append(
        "    \(Words.text("review_text_reason", language)): \(correction.reason) — \(correction.by), \(correction.at)")
    }
    lines.append(Words.text("review_text_notes", language))
    if review.notes.isEmpty { lines.append("  " + Words.text("review_text_none", language)) }
    for note in review.notes {
      let on =
        note.question.map { " " + Words.text("review_text_on_question", language, ["question": "\($0)"]) } ?? ""
      lines.append("  \(note.at) \(note.by)\(on): \(note.text)")
    }
    lines.append(Words.text("review_text_decisions", language))
    if review.decisions.isEmpty && review.targets.isEmpty {
      lines.append("  " + Words.text("review_text_none", language))
    }
    for decision in review.decisions {
      let name = catalog.service(decision.service)?.name.text(language) ?? decision.service
      let kind: String =
        switch decision.kind {
        case .accepted: Words.text("review_text_accepted", language)
        case .rejected: Words.text("review_text_rejected", language)
        case .added: Words.text("roadmap_added", language)
        }
      lines.append(
        "  \(kind): \(name) [\(decision.service)]" + (decision.reason.map { " — \($0)" } ?? "")
          + " — \(decision.by), \(decision.at)")
    }
    for (dimension, level) in review.targets.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
      let title = questionnaire.dimension(dimension)?.title.text(language) ?? dimension.rawValue
      lines.append("  \(Words.text("review_text_target", language)): \(title) → \(level)")
    }
    lines.append("")
    lines.append(Words.text("review_text_consultant_roadmap", language))
    let text = RoadmapText(roadmap, questionnaire: questionnaire, catalog: catalog, language: language, showsIDs: true)
      .render()
    return lines.joined(separator: "\n") + "\n" + text
  }

  struct Document: Encodable {
    var schema = "dxready.review/1"
    var assessment: String
    var state: String
    var version: Int
    var reviewer: String?
    var stateReason: String?
    var stateChangedBy: String?
    var stateChangedAt: String?
    var overallAsAnswered: Double?
    var overallAsCorrected: Double?
    var levelAsAnswered: Int?
    var levelAsCorrected: Int?
    var corrections: [Correction]
    var notes: [ReviewNote]
    var decisions: [ServiceDecision]
    var targets: [String: Int]
    var roadmap: RoadmapDocument

    enum CodingKeys: String, CodingKey {
      case schema, assessment, state, version, reviewer
      case stateReason = "state_reason", stateChangedBy = "state_changed_by", stateChangedAt = "state_changed_at"
      case overallAsAnswered = "overall_as_answered", overallAsCorrected = "overall_as_corrected"
      case levelAsAnswered = "level_as_answered", levelAsCorrected = "level_as_corrected"
      case corrections, notes, decisions, targets, roadmap
    }
  }

  public func json() throws -> String {
    let document = Document(
      assessment: stored.summary.id.rawValue, state: review.state.rawValue, version: review.version,
      reviewer: review.reviewer, stateReason: review.lastStateChange?.reason,
      stateChangedBy: review.lastStateChange?.by, stateChangedAt: review.lastStateChange?.at,
      overallAsAnswered: original.overall.score, overallAsCorrected: corrected.overall.score,
      levelAsAnswered: original.overall.level, levelAsCorrected: corrected.overall.level,
      corrections: review.corrections, notes: review.notes, decisions: review.decisions,
      targets: Dictionary(uniqueKeysWithValues: review.targets.map { ($0.key.rawValue, $0.value) }),
      roadmap: RoadmapDocument(roadmap, catalog: catalog, language: language, assessment: stored.summary.id.rawValue))
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(document), as: UTF8.self)
  }
}
