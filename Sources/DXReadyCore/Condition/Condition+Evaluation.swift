/// What a condition reads when it is evaluated.
public protocol ConditionContext {
  func answer(_ question: QuestionID) -> AnswerValue?
  func dimensionScore(_ dimension: DimensionID) -> Double?
  func dimensionLevel(_ dimension: DimensionID) -> Int?
  var overallScore: Double? { get }
  var overallLevel: Int? { get }
}

extension ConditionContext {
  /// No dimension scores, unless the context has them.
  public func dimensionScore(_ dimension: DimensionID) -> Double? { nil }
  /// No dimension levels, unless the context has them.
  public func dimensionLevel(_ dimension: DimensionID) -> Int? { nil }
  /// No overall score, unless the context has one.
  public var overallScore: Double? { nil }
  /// No overall level, unless the context has one.
  public var overallLevel: Int? { nil }
}

extension Condition {
  /// Whether the condition holds.
  ///
  /// A test on something unknown — an unanswered question, "not applicable" in a number
  /// comparison, a dimension without a score — is false, so `not` of it is true; write
  /// `answered(q)` to tell "no answer" apart.
  /// - Parameters:
  ///   - context: the answers and scores the condition is tested on.
  ///   - questionnaire: gives ladder comparisons the order of the options.
  /// - Returns: whether the condition holds.
  public func evaluate(in context: some ConditionContext, questionnaire: Questionnaire) -> Bool {
    switch self {
    case .and(let l, let r):
      return l.evaluate(in: context, questionnaire: questionnaire)
        && r.evaluate(in: context, questionnaire: questionnaire)
    case .or(let l, let r):
      return l.evaluate(in: context, questionnaire: questionnaire)
        || r.evaluate(in: context, questionnaire: questionnaire)
    case .not(let c):
      return !c.evaluate(in: context, questionnaire: questionnaire)
    case .answered(let q):
      return context.answer(q) != nil
    case .has(let q, let option):
      guard case .options(let chosen) = context.answer(q) else { return false }
      return chosen.contains(option)
    case .oneOf(let q, let options):
      guard let chosen = Self.chosenOption(context.answer(q)) else { return false }
      return options.contains(chosen)
    case .compareOption(let q, let op, let option):
      guard let chosen = Self.chosenOption(context.answer(q)) else { return false }
      if !op.isOrdering { return op.holds(chosen.rawValue, option.rawValue) }
      let order = questionnaire.question(q)?.options.map(\.id) ?? []
      guard let lhs = order.firstIndex(of: chosen), let rhs = order.firstIndex(of: option) else {
        return false
      }
      return op.holds(lhs, rhs)
    case .compareNumber(let operand, let op, let value):
      let lhs: Double?
      switch operand {
      case .answer(let q):
        if case .number(let n) = context.answer(q) { lhs = n } else { lhs = nil }
      case .dimensionScore(let d): lhs = context.dimensionScore(d)
      case .dimensionLevel(let d): lhs = context.dimensionLevel(d).map(Double.init)
      case .overallScore: lhs = context.overallScore
      case .overallLevel: lhs = context.overallLevel.map(Double.init)
      }
      guard let lhs else { return false }
      return op.holds(lhs, value)
    }
  }

  private static func chosenOption(_ answer: AnswerValue?) -> OptionID? {
    switch answer {
    case .option(let id): id
    case .notApplicable: OptionID(AnswerValue.notApplicableKeyword)
    case .dontKnow: OptionID(AnswerValue.dontKnowKeyword)
    default: nil
    }
  }
}

/// Answers by question id, as a condition context.
public struct AnswerMap: ConditionContext, Sendable {
  /// The answers, by question id.
  public var answers: [QuestionID: AnswerValue]

  /// A context of these answers.
  public init(_ answers: [QuestionID: AnswerValue]) {
    self.answers = answers
  }

  /// The answer to `question`, if there is one.
  public func answer(_ question: QuestionID) -> AnswerValue? { answers[question] }
}
