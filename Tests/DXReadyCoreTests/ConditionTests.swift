import Testing

@testable import DXReadyCore

@Suite("Condition language")
struct ConditionTests {
  static let questions: [Question] = [
    Question(
      id: "channels", dimension: "d", kind: .multiple, prompt: LocalizedText(vi: "", en: ""),
      options: [
        AnswerOption(id: "web", label: LocalizedText(vi: "", en: ""), score: 0.5),
        AnswerOption(id: "shop", label: LocalizedText(vi: "", en: ""), score: 0.5),
      ]),
    Question(
      id: "plan", dimension: "d", kind: .ladder, prompt: LocalizedText(vi: "", en: ""),
      options: ["none", "ideas", "written"].enumerated().map {
        AnswerOption(id: OptionID($1), label: LocalizedText(vi: "", en: ""), score: Double($0) / 2)
      }, offersDontKnow: true),
    Question(
      id: "online", dimension: "d", kind: .yesNo, prompt: LocalizedText(vi: "", en: ""), options: Question.yesNoOptions),
    Question(id: "staff", dimension: "d", kind: .number, prompt: LocalizedText(vi: "", en: ""), number: NumberSpec()),
    Question(id: "notes", dimension: "d", kind: .text, prompt: LocalizedText(vi: "", en: "")),
    Question(
      id: "current", dimension: "d", kind: .yesNo, prompt: LocalizedText(vi: "", en: ""), options: Question.yesNoOptions
    ),
    Question(
      id: "later", dimension: "d", kind: .yesNo, prompt: LocalizedText(vi: "", en: ""), options: Question.yesNoOptions),
  ]
  static let scope = ConditionScope.showIf(of: 5, in: questions)
  static let scoresScope = ConditionScope(
    questions: Dictionary(uniqueKeysWithValues: questions.map { ($0.id, $0) }), dimensions: ["d"], allowsScores: true)

  @Test(
    "valid conditions parse to their canonical form",
    arguments: [
      ("online = yes", "online = yes"),
      ("online == no", "online = no"),
      ("channels has web", "channels has web"),
      ("plan >= ideas", "plan >= ideas"),
      ("plan = dont_know", "plan = dont_know"),
      ("plan in (ideas, written)", "plan in (ideas, written)"),
      ("staff > 9.5", "staff > 9.5"),
      ("staff >= -1", "staff >= -1"),
      ("answered(notes)", "answered(notes)"),
      ("not answered(staff)", "not answered(staff)"),
      ("online = yes and staff > 10 or channels has shop", "((online = yes and staff > 10) or channels has shop)"),
      ("online = yes and (staff > 10 or channels has shop)", "(online = yes and (staff > 10 or channels has shop))"),
      ("not (online = yes or plan = 'none')", "not (online = yes or plan = none)"),
    ])
  func valid(text: String, canonical: String) throws {
    let condition = try ConditionParser.parse(text, in: Self.scope).get()
    #expect(condition.description == canonical)
  }

  @Test(
    "invalid conditions name the problem and where it is",
    arguments: [
      ("online = maybe", 9, "`online` has no option `maybe`; its options are `yes`, `no`"),
      ("plan > 2", 7, "`plan` is a ladder question; compare it with one of its options"),
      ("staff = many", 8, "`staff` is a number question; compare it with a number"),
      ("online > yes", 7, "`>` needs an order, but `online` is a yes/no question"),
      ("channels = web", 9, "test it with `channels has web`".replacingOccurrences(of: "web", with: "OPTION")),
      ("online has yes", 7, "`has` is for multiple-choice questions"),
      ("notes = x", 6, "can only test `answered(notes)`"),
      ("ghost = yes", 0, "unknown question `ghost`"),
      ("later = yes", 0, "question `later` comes later"),
      ("current = yes", 0, "a question cannot depend on its own answer"),
      ("score(d) < 50", 0, "only known after scoring"),
      ("online = yes and", 16, "expected a question id"),
      ("(online = yes", 13, "expected `)`"),
      ("online = yes extra", 13, "expected `and`, `or` or the end"),
      ("online ! yes", 7, "`!` must be followed by `=`"),
      ("plan = 'ideas", 7, "never closed"),
      ("plan = not_applicable", 7, "`plan` has no option `not_applicable`"),
    ])
  func invalid(text: String, offset: Int, fragment: String) {
    switch ConditionParser.parse(text, in: Self.scope) {
    case .success(let condition):
      Issue.record("parsed as \(condition)")
    case .failure(let problem):
      #expect(problem.message.contains(fragment), "\(problem.message)")
      #expect(problem.offset == offset, "\(problem.message)")
    }
  }

  @Test("scores and levels where they are known (recommendation rules)")
  func scores() throws {
    let condition = try ConditionParser.parse("score(d) < 50 and level(overall) <= 2", in: Self.scoresScope).get()
    #expect(condition.description == "(score(d) < 50 and level(overall) <= 2)")
    let bad = ConditionParser.parse("score(nowhere) < 1", in: Self.scoresScope)
    #expect((try? bad.get()) == nil)
  }

  struct Context: ConditionContext {
    var answers: [QuestionID: AnswerValue]
    func answer(_ question: QuestionID) -> AnswerValue? { answers[question] }
  }

  @Test(
    "evaluation, including unknowns, which are false",
    arguments: [
      ("online = yes", true), ("online != yes", false), ("channels has shop", true), ("channels has web", false),
      ("plan >= ideas", true), ("plan > ideas", false), ("plan in (none, ideas)", true),
      ("staff >= 12", true), ("staff < 12", false), ("answered(notes)", false), ("not answered(notes)", true),
      ("online = yes and not channels has web", true),
    ])
  func evaluate(text: String, expected: Bool) throws {
    let questionnaire = Questionnaire(
      id: "t", version: "1", title: LocalizedText(vi: "", en: ""),
      levels: [Level(index: 0, id: "l", name: LocalizedText(vi: "", en: ""), minimum: 0)],
      dimensions: [Dimension(id: "d", title: LocalizedText(vi: "", en: ""))], questions: Self.questions)
    let condition = try ConditionParser.parse(text, in: Self.scope).get()
    let context = Context(answers: [
      "online": .option("yes"), "channels": .options(["shop"]), "plan": .option("ideas"), "staff": .number(12),
    ])
    #expect(condition.evaluate(in: context, questionnaire: questionnaire) == expected)
    // With no answers at all, every test on an answer is false.
    let empty = Context(answers: [:])
    if !text.hasPrefix("not") {
      #expect(condition.evaluate(in: empty, questionnaire: questionnaire) == false)
    }
  }
}
