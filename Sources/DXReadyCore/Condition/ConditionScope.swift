/// What a condition may refer to where it is written, so that it is checked when it is loaded
/// rather than when it is first evaluated.
public struct ConditionScope: Sendable {
  /// Questions the condition may read.
  public var questions: [QuestionID: Question]
  /// Questions that exist but may not be read here, with the reason, such as "comes later".
  public var unavailable: [QuestionID: String]
  /// Dimensions whose scores and levels may be read; empty where scores are not known yet.
  public var dimensions: Set<DimensionID>
  /// Whether `score(…)` and `level(…)` are allowed.
  public var allowsScores: Bool

  /// A scope; see each property.
  public init(
    questions: [QuestionID: Question], unavailable: [QuestionID: String] = [:],
    dimensions: Set<DimensionID> = [], allowsScores: Bool = false
  ) {
    self.questions = questions
    self.unavailable = unavailable
    self.dimensions = dimensions
    self.allowsScores = allowsScores
  }

  /// The scope of the `show_if` of the question at `index`: only the questions before it.
  public static func showIf(of index: Int, in questions: [Question]) -> ConditionScope {
    var earlier: [QuestionID: Question] = [:]
    var later: [QuestionID: String] = [:]
    for (position, question) in questions.enumerated() {
      if position < index {
        earlier[question.id] = question
      } else if position == index {
        later[question.id] = "a question cannot depend on its own answer"
      } else {
        later[question.id] =
          "question `\(question.id)` comes later; a condition may only read earlier answers"
      }
    }
    return ConditionScope(questions: earlier, unavailable: later)
  }
}

/// A problem in a condition's text, at a scalar offset from its start.
public struct ConditionProblem: Sendable, Hashable, Error {
  /// Where in the condition's text, in Unicode scalars from its start.
  public var offset: Int
  /// What is wrong.
  public var message: String

  /// A problem; see each property.
  public init(offset: Int, message: String) {
    self.offset = offset
    self.message = message
  }
}
