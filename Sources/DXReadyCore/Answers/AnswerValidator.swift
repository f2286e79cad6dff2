/// Checks answers against the questionnaire they were given for, and puts them in the form
/// scoring expects.
public enum AnswerValidator {
  /// What checking gave.
  public struct Outcome: Sendable {
    /// The answers that passed, by question id; hidden questions carry none.
    public var answers: [QuestionID: AnswerValue]
    /// Every problem, located.
    public var diagnostics: [Diagnostic]
  }

  /// Checks every answer and reports every problem.
  /// - Parameters:
  ///   - sheet: the answers, with their locations for messages.
  ///   - questionnaire: the questionnaire they must answer.
  ///   - file: the answers file, for problems without a line of their own.
  ///   - requireComplete: whether an unanswered required question is an error (a submission)
  ///     or fine (a draft).
  /// - Returns: the answers that passed, in the form scoring expects, and every problem,
  ///   located and sorted by place.
  public static func validate(
    _ sheet: AnswerSheet, against questionnaire: Questionnaire, file: String, requireComplete: Bool = true
  ) -> Outcome {
    let top = SourceLocation(file: file, line: 1, column: 1)
    var diagnostics: [Diagnostic] = []
    if sheet.questionnaireID != questionnaire.id || sheet.questionnaireVersion != questionnaire.version {
      let given = "\(sheet.questionnaireID)@\(sheet.questionnaireVersion)"
      diagnostics.append(
        Diagnostic(
          .error, at: sheet.location(of: "questionnaire", file: file),
          "the answers are for `\(given)` but the questionnaire is `\(questionnaire.reference)`; answers are only scored against the version they were given for"
        ))
      return Outcome(answers: [:], diagnostics: diagnostics)
    }
    // Answers to questions the questionnaire does not have are looked for only when fewer
    // answers than the sheet holds were met below (one look-up per answer saved per file).
    var met = 0
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
      met += 1
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
    if met < sheet.answers.count {
      // First, as they were written before the rest when looked for first.
      let unknown = sheet.answers.keys.filter { questionnaire.question($0) == nil }.map { id in
        Diagnostic(.error, at: sheet.locations[id] ?? top, "`\(id)` is not a question of \(questionnaire.reference)")
      }
      diagnostics = unknown + diagnostics
    }
    if requireComplete, !missing.isEmpty {
      let list = missing.map { "`\($0)`" }.joined(separator: ", ")
      diagnostics.append(
        Diagnostic(.error, at: top, "required questions are not answered: \(list)"))
    }
    return Outcome(answers: accepted, diagnostics: diagnostics.sortedByLocation())
  }

  /// Why one answer does not fit its question.
  ///
  /// ``message`` is for files and scripts (it names option ids, as written in answers files);
  /// ``text(_:for:)`` is for a person answering on screen (option labels, their language).
  public struct Problem: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong with the answer, with what is needed to say it in words.
    public enum Reason: Sendable, Hashable {
      case notOffered(AnswerValue)
      case chooseOne
      case unknownOption(OptionID)
      case giveList
      case listedTwice
      case exclusive(OptionID)
      case chooseAtLeastOne
      case giveNumber
      case notWhole(Double)
      case below(Double, minimum: Double)
      case above(Double, maximum: Double)
      case giveText
    }

    /// What is wrong.
    public var reason: Reason
    /// The message for an answers file or a script.
    public var message: String

    /// A problem; see each property.
    public init(_ reason: Reason, message: String) {
      self.reason = reason
      self.message = message
    }

    /// The message for a file or a script.
    public var description: String { message }

    /// The problem in `language`, naming options by their labels.
    public func text(_ language: Language, for question: Question) -> String {
      func label(_ id: OptionID) -> String {
        "“" + (question.option(id)?.label.text(language) ?? id.rawValue) + "”"
      }
      func number(_ value: Double) -> String { NumberText.plain(value, language) }
      switch reason {
      case .notOffered(let answer):
        let what = answer == .notApplicable ? Phrase.notApplicable : Phrase.dontKnow
        return Words.text("answer_not_offered", language, ["answer": "\(what.text(language))"])
      case .chooseOne, .giveList: return Words.text("answer_choose_one", language)
      case .unknownOption: return Words.text("answer_not_an_option", language)
      case .listedTwice: return Words.text("answer_chosen_twice", language)
      case .exclusive(let id):
        return Words.text("answer_exclusive", language, ["option": "\(label(id))"])
      case .chooseAtLeastOne:
        return Words.text("answer_tick_one", language)
      case .giveNumber: return Words.text("answer_type_number", language)
      case .notWhole(let value):
        return Words.text("answer_whole_number", language, ["value": "\(number(value))"])
      case .below(let value, let minimum):
        return Words.text(
          "answer_below_minimum", language, ["value": "\(number(value))", "minimum": "\(number(minimum))"])
      case .above(let value, let maximum):
        return Words.text(
          "answer_above_maximum", language, ["value": "\(number(value))", "maximum": "\(number(maximum))"])
      case .giveText: return Words.text("answer_type_text", language)
      }
    }
  }

  /// One answer in the form its question takes, or why it does not fit.
  public static func normalize(_ answer: AnswerValue, for question: Question) -> Result<AnswerValue, Problem> {
    switch answer {
    case .notApplicable:
      return question.offersNotApplicable
        ? .success(answer)
        : .failure(Problem(.notOffered(answer), message: "this question does not offer `not_applicable`"))
    case .dontKnow:
      return question.offersDontKnow
        ? .success(answer) : .failure(Problem(.notOffered(answer), message: "this question does not offer `dont_know`"))
    default:
      break
    }
    switch question.kind {
    case .single, .ladder, .yesNo:
      guard case .option(let id) = answer else {
        return .failure(Problem(.chooseOne, message: "choose one option: \(question.optionList)"))
      }
      guard question.option(id) != nil else {
        return .failure(
          Problem(.unknownOption(id), message: "`\(id)` is not an option; choose one of \(question.optionList)"))
      }
      return .success(answer)
    case .multiple:
      let ids: [OptionID]
      switch answer {
      case .options(let list): ids = list
      case .option(let id): ids = [id]
      default:
        return .failure(Problem(.giveList, message: "give a list of options, such as `[\(question.options[0].id)]`"))
      }
      if let unknown = ids.first(where: { question.option($0) == nil }) {
        return .failure(
          Problem(.unknownOption(unknown), message: "`\(unknown)` is not an option; choose from \(question.optionList)")
        )
      }
      if Set(ids).count != ids.count { return .failure(Problem(.listedTwice, message: "an option is listed twice")) }
      if let exclusive = ids.first(where: { question.option($0)?.exclusive == true }), ids.count > 1 {
        return .failure(Problem(.exclusive(exclusive), message: "`\(exclusive)` cannot be combined with other options"))
      }
      if ids.isEmpty, question.required {
        return .failure(
          Problem(.chooseAtLeastOne, message: "choose at least one option (there is one for \"none\" where it applies)")
        )
      }
      return .success(.options(ids))
    case .number:
      let value: Double
      switch answer {
      case .number(let n): value = n
      case .option(let word) where Double(word.rawValue) != nil: value = Double(word.rawValue)!
      default: return .failure(Problem(.giveNumber, message: "give a number"))
      }
      let spec = question.number ?? NumberSpec()
      if spec.integer, value != value.rounded() {
        return .failure(Problem(.notWhole(value), message: "give a whole number, not \(formatNumber(value))"))
      }
      if let low = spec.minimum, value < low {
        return .failure(
          Problem(
            .below(value, minimum: low),
            message: "\(formatNumber(value)) is below the smallest allowed value \(formatNumber(low))"))
      }
      if let high = spec.maximum, value > high {
        return .failure(
          Problem(
            .above(value, maximum: high),
            message: "\(formatNumber(value)) is above the largest allowed value \(formatNumber(high))"))
      }
      return .success(.number(value))
    case .text:
      switch answer {
      case .text: return .success(answer)
      case .option(let word): return .success(.text(word.rawValue))
      case .number(let n): return .success(.text(formatNumber(n)))
      default: return .failure(Problem(.giveText, message: "give a text"))
      }
    }
  }
}
