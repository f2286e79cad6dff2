/// Parses condition text and checks it against a ``ConditionScope`` in one pass.
///
/// Grammar, loosest binding first:
///
/// ```
/// condition := conjunct ("or" conjunct)*
/// conjunct  := unary ("and" unary)*
/// unary     := "not" unary | "(" condition ")" | test
/// test      := "answered" "(" question ")"
///            | ("score" | "level") "(" dimension | "overall" ")" comparison number
///            | question "has" option
///            | question "in" "(" option ("," option)* ")"
///            | question comparison (option | number)
/// ```
public struct ConditionParser {
  private let tokens: [ConditionLexer.Token]
  private let scope: ConditionScope
  private var position = 0

  /// Parses `text`, or returns the first problem with its offset in `text`.
  public static func parse(_ text: String, in scope: ConditionScope) -> Result<
    Condition, ConditionProblem
  > {
    switch ConditionLexer.tokens(text) {
    case .failure(let problem):
      return .failure(problem)
    case .success(let tokens):
      var parser = ConditionParser(tokens: tokens, scope: scope)
      do {
        let condition = try parser.disjunction()
        guard case .end = parser.current.kind else {
          throw parser.problem("expected `and`, `or` or the end of the condition")
        }
        return .success(condition)
      } catch let problem as ConditionProblem {
        return .failure(problem)
      } catch {
        return .failure(ConditionProblem(offset: 0, message: "\(error)"))
      }
    }
  }

  private init(tokens: [ConditionLexer.Token], scope: ConditionScope) {
    self.tokens = tokens
    self.scope = scope
  }

  private var current: ConditionLexer.Token { tokens[position] }

  private func problem(_ message: String, at offset: Int? = nil) -> ConditionProblem {
    ConditionProblem(offset: offset ?? current.offset, message: message)
  }

  private mutating func advance() { if position < tokens.count - 1 { position += 1 } }

  private mutating func accept(word: String) -> Bool {
    if case .word(word) = current.kind {
      advance()
      return true
    }
    return false
  }

  private mutating func expect(_ kind: ConditionLexer.Kind, _ what: String) throws {
    guard current.kind == kind else { throw problem("expected \(what)") }
    advance()
  }

  private mutating func disjunction() throws -> Condition {
    var result = try conjunction()
    while accept(word: "or") { result = .or(result, try conjunction()) }
    return result
  }

  private mutating func conjunction() throws -> Condition {
    var result = try unary()
    while accept(word: "and") { result = .and(result, try unary()) }
    return result
  }

  private mutating func unary() throws -> Condition {
    if accept(word: "not") { return .not(try unary()) }
    if current.kind == .open {
      advance()
      let inner = try disjunction()
      try expect(.close, "`)`")
      return inner
    }
    return try test()
  }

  private mutating func test() throws -> Condition {
    guard case .word(let word) = current.kind else {
      throw problem("expected a question id, `answered(…)`, `score(…)`, `level(…)`, `not` or `(`")
    }
    let start = current.offset
    advance()
    if current.kind == .open, ["answered", "score", "level"].contains(word) {
      return try function(word, at: start)
    }
    let question = try resolveQuestion(word, at: start)
    if accept(word: "has") { return try hasTest(question) }
    if accept(word: "in") { return try inTest(question) }
    guard case .comparison(let op) = current.kind else {
      throw problem("expected `=`, `!=`, `<`, `<=`, `>`, `>=`, `has` or `in` after `\(word)`")
    }
    advance()
    return try comparison(question, op)
  }

  private mutating func function(_ name: String, at start: Int) throws -> Condition {
    advance()  // (
    guard case .word(let argument) = current.kind else {
      throw problem("expected an id inside `\(name)(…)`")
    }
    let argumentOffset = current.offset
    advance()
    try expect(.close, "`)`")
    if name == "answered" {
      let question = try resolveQuestion(argument, at: argumentOffset)
      return .answered(question.id)
    }
    guard scope.allowsScores else {
      throw problem(
        "`\(name)(…)` is only known after scoring; a question's `show_if` may only read earlier answers",
        at: start)
    }
    let operand: NumericOperand
    if argument == "overall" {
      operand = name == "score" ? .overallScore : .overallLevel
    } else {
      let dimension = DimensionID(argument)
      guard scope.dimensions.contains(dimension) else {
        throw problem("unknown dimension `\(argument)`", at: argumentOffset)
      }
      operand = name == "score" ? .dimensionScore(dimension) : .dimensionLevel(dimension)
    }
    guard case .comparison(let op) = current.kind else {
      throw problem("expected a comparison such as `< 50` after `\(name)(\(argument))`")
    }
    advance()
    guard case .number(let value) = current.kind else {
      throw problem("`\(name)(\(argument))` is a number; compare it with a number")
    }
    advance()
    return .compareNumber(operand, op, value)
  }

  private mutating func hasTest(_ question: Question) throws -> Condition {
    guard question.kind == .multiple else {
      throw problem(
        "`has` is for multiple-choice questions; `\(question.id)` is \(question.kind.phrase), use `=`",
        at: tokens[position - 1].offset)
    }
    return .has(question.id, try option(of: question))
  }

  private mutating func inTest(_ question: Question) throws -> Condition {
    guard question.kind.hasOptions, question.kind != .multiple else {
      throw problem(
        "`in` is for single-choice, ladder and yes/no questions; `\(question.id)` is \(question.kind.phrase)",
        at: tokens[position - 1].offset)
    }
    try expect(.open, "`(` and a list of options after `in`")
    var options = [try option(of: question)]
    while current.kind == .comma {
      advance()
      options.append(try option(of: question))
    }
    try expect(.close, "`,` or `)` in the list of options")
    return .oneOf(question.id, options)
  }

  private mutating func comparison(_ question: Question, _ op: Comparison) throws -> Condition {
    let opOffset = tokens[position - 1].offset
    switch question.kind {
    case .text:
      throw problem(
        "`\(question.id)` is a free-text question; a condition can only test `answered(\(question.id))`",
        at: opOffset)
    case .number:
      guard case .number(let value) = current.kind else {
        throw problem("`\(question.id)` is a number question; compare it with a number")
      }
      advance()
      return .compareNumber(.answer(question.id), op, value)
    case .multiple:
      throw problem(
        "`\(question.id)` is a multiple-choice question; test it with `\(question.id) has OPTION`",
        at: opOffset)
    case .single, .yesNo, .ladder:
      if case .number = current.kind {
        throw problem(
          "`\(question.id)` is \(question.kind.phrase); compare it with one of its options (\(question.optionList)), not a number"
        )
      }
      if op.isOrdering, question.kind != .ladder {
        throw problem(
          "`\(op.rawValue)` needs an order, but `\(question.id)` is \(question.kind.phrase); use `=`, `!=` or `in`",
          at: opOffset)
      }
      return .compareOption(question.id, op, try option(of: question, allowSpecial: !op.isOrdering))
    }
  }

  private mutating func option(of question: Question, allowSpecial: Bool = true) throws -> OptionID {
    let offset = current.offset
    let name: String
    switch current.kind {
    case .word(let word): name = word
    case .string(let text): name = text
    default: throw problem("expected an option of `\(question.id)` (\(question.optionList))")
    }
    advance()
    let id = OptionID(name)
    if question.option(id) != nil { return id }
    if allowSpecial, name == AnswerValue.notApplicableKeyword, question.offersNotApplicable { return id }
    if allowSpecial, name == AnswerValue.dontKnowKeyword, question.offersDontKnow { return id }
    throw problem(
      "`\(question.id)` has no option `\(name)`; its options are \(question.optionList)", at: offset)
  }

  private func resolveQuestion(_ word: String, at offset: Int) throws -> Question {
    let id = QuestionID(word)
    if let question = scope.questions[id] { return question }
    if let reason = scope.unavailable[id] { throw problem(reason, at: offset) }
    if ["and", "or", "not", "has", "in"].contains(word) {
      throw problem("`\(word)` cannot stand here; expected a question id", at: offset)
    }
    throw problem("unknown question `\(word)`", at: offset)
  }
}

extension Question.Kind {
  /// "a yes/no question", for messages.
  var phrase: String {
    switch self {
    case .single: "a single-choice question"
    case .multiple: "a multiple-choice question"
    case .ladder: "a ladder question"
    case .yesNo: "a yes/no question"
    case .number: "a number question"
    case .text: "a free-text question"
    }
  }
}

extension Question {
  /// "`a`, `b`, `c`", for messages.
  var optionList: String {
    options.map { "`\($0.id)`" }.joined(separator: ", ")
  }
}
