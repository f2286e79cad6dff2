/// Checks answers against the questionnaire they were given for, and puts them in the form
/// scoring expects.
public enum AnswerValidator {
  public struct Outcome: Sendable {
    /// The answers that passed, by question id; hidden questions carry none.
    public var answers: [QuestionID: AnswerValue]
    public var diagnostics: [Diagnostic]
  }

  /// Checks every answer and reports every problem.
  /// - Parameters:
  ///   - sheet: the answers, with their locations for messages.
  ///   - questionnaire: the questionnaire they must answer.
  ///   - file: the answers file, for problems without a line of their own.
  ///   - requireComplete: whether an unanswered required question is an error (a submission)
  ///     or fine (a draft).
  public static func validate(
    _ sheet: AnswerSheet, against questionnaire: Questionnaire, file: String, requireComplete: Bool = true
  ) -> Outcome {
    let top = SourceLocation(file: file, line: 1, column: 1)
    var diagnostics: [Diagnostic] = []
    if sheet.questionnaireID != questionnaire.id || sheet.questionnaireVersion != questionnaire.version {
      let given = "\(sheet.questionnaireID)@\(sheet.questionnaireVersion)"
      diagnostics.append(
        Diagnostic(
          .error, at: top,
          "the answers are for `\(given)` but the questionnaire is `\(questionnaire.reference)`; answers are only scored against the version they were given for"
        ))
      return Outcome(answers: [:], diagnostics: diagnostics)
    }
    for (id, _) in sheet.answers where questionnaire.question(id) == nil {
      diagnostics.append(
        Diagnostic(
          .error, at: sheet.locations[id] ?? top,
          "`\(id)` is not a question of \(questionnaire.reference)"))
    }
    var accepted: [QuestionID: AnswerValue] = [:]
    accepted.reserveCapacity(sheet.answers.count)
    var missing: [QuestionID] = []
    // By index, so that no question is copied: this runs for every file of a bulk import.
    for index in questionnaire.questions.indices {
      let id = questionnaire.questions[index].id
      let visible =
        questionnaire.questions[index].showIf?.evaluate(in: AnswerMap(accepted), questionnaire: questionnaire) ?? true
      guard let given = sheet.answers[id] else {
        if visible, questionnaire.questions[index].required { missing.append(id) }
        continue
      }
      guard visible else {
        let question = questionnaire.questions[index]
        diagnostics.append(
          Diagnostic(
            .error, at: sheet.locations[id] ?? top,
            "`\(question.id)` is not asked because its condition `\(question.showIf.map(String.init(describing:)) ?? "")` is false; remove its answer"
          ))
        continue
      }
      // Passed straight from the array: no copy of the question.
      switch normalize(given, for: questionnaire.questions[index]) {
      case .success(let answer): accepted[id] = answer
      case .failure(let problem):
        diagnostics.append(
          Diagnostic(.error, at: sheet.locations[id] ?? top, "answer to `\(id)`: \(problem.message)"))
      }
    }
    if requireComplete, !missing.isEmpty {
      let list = missing.map { "`\($0)`" }.joined(separator: ", ")
      diagnostics.append(
        Diagnostic(.error, at: top, "required questions are not answered: \(list)"))
    }
    return Outcome(answers: accepted, diagnostics: diagnostics.sortedByLocation())
  }

  /// Why one answer does not fit its question.
  public struct Problem: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
  }

  /// One answer in the form its question takes, or why it does not fit.
  public static func normalize(_ answer: AnswerValue, for question: Question) -> Result<AnswerValue, Problem> {
    switch answer {
    case .notApplicable:
      return question.offersNotApplicable
        ? .success(answer) : .failure(Problem(message: "this question does not offer `not_applicable`"))
    case .dontKnow:
      return question.offersDontKnow
        ? .success(answer) : .failure(Problem(message: "this question does not offer `dont_know`"))
    default:
      break
    }
    switch question.kind {
    case .single, .ladder, .yesNo:
      guard case .option(let id) = answer else {
        return .failure(Problem(message: "choose one option: \(question.optionList)"))
      }
      guard question.option(id) != nil else {
        return .failure(Problem(message: "`\(id)` is not an option; choose one of \(question.optionList)"))
      }
      return .success(answer)
    case .multiple:
      let ids: [OptionID]
      switch answer {
      case .options(let list): ids = list
      case .option(let id): ids = [id]
      default: return .failure(Problem(message: "give a list of options, such as `[\(question.options[0].id)]`"))
      }
      if let unknown = ids.first(where: { question.option($0) == nil }) {
        return .failure(Problem(message: "`\(unknown)` is not an option; choose from \(question.optionList)"))
      }
      if Set(ids).count != ids.count { return .failure(Problem(message: "an option is listed twice")) }
      if let exclusive = ids.first(where: { question.option($0)?.exclusive == true }), ids.count > 1 {
        return .failure(Problem(message: "`\(exclusive)` cannot be combined with other options"))
      }
      if ids.isEmpty, question.required {
        return .failure(Problem(message: "choose at least one option (there is one for \"none\" where it applies)"))
      }
      return .success(.options(ids))
    case .number:
      let value: Double
      switch answer {
      case .number(let n): value = n
      case .option(let word) where Double(word.rawValue) != nil: value = Double(word.rawValue)!
      default: return .failure(Problem(message: "give a number"))
      }
      let spec = question.number ?? NumberSpec()
      if spec.integer, value != value.rounded() {
        return .failure(Problem(message: "give a whole number, not \(formatNumber(value))"))
      }
      if let low = spec.minimum, value < low {
        return .failure(
          Problem(message: "\(formatNumber(value)) is below the smallest allowed value \(formatNumber(low))"))
      }
      if let high = spec.maximum, value > high {
        return .failure(
          Problem(message: "\(formatNumber(value)) is above the largest allowed value \(formatNumber(high))"))
      }
      return .success(.number(value))
    case .text:
      switch answer {
      case .text: return .success(answer)
      case .option(let word): return .success(.text(word.rawValue))
      case .number(let n): return .success(.text(formatNumber(n)))
      default: return .failure(Problem(message: "give a text"))
      }
    }
  }
}
