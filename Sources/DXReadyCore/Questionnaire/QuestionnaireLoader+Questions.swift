extension QuestionnaireLoader.Builder {
  static let questionKeys = [
    "id", "dimension", "type", "prompt", "help", "options", "weight", "required", "not_applicable",
    "dont_know", "show_if", "unit", "min", "max", "integer", "scores",
  ]

  mutating func questionList(_ top: YAMLMapping, _ root: YAMLNode, dimensions: [(Dimension, YAMLNode)]) -> [Question] {
    guard let node = reader.value(top, "questions", in: "the questionnaire", at: root, required: true),
      let items = reader.sequence(node, "`questions`")
    else { return [] }
    if items.isEmpty { reader.error(node, "a questionnaire needs at least one question") }
    let dimensionIDs = Set(dimensions.map(\.0.id))
    var questions: [Question] = []
    var conditions: [(index: Int, node: YAMLNode)] = []
    for item in items {
      guard let map = reader.mapping(item, "a question") else { continue }
      reader.rejectUnknownKeys(map, allowed: Self.questionKeys, in: "a question")
      let id = identifier(map, "id", in: "a question", at: item) ?? ""
      let what = "question `\(id)`"
      if questions.contains(where: { $0.id.rawValue == id }) {
        reader.error(map["id"], "duplicate question id `\(id)`")
      }
      var dimension = DimensionID("")
      if let dimNode = reader.value(map, "dimension", in: what, at: item, required: true),
        let word = reader.string(dimNode, "`dimension`")
      {
        dimension = DimensionID(word)
        if !dimensionIDs.contains(dimension) {
          let known = dimensions.map { "`\($0.0.id)`" }.joined(separator: ", ")
          reader.error(dimNode, "\(what) names unknown dimension `\(word)`; the dimensions are \(known)")
        }
      }
      var kind = Question.Kind.single
      var kindKnown = true
      if let typeNode = reader.value(map, "type", in: what, at: item, required: true),
        let word = reader.string(typeNode, "`type`")
      {
        if let known = Question.Kind(rawValue: word) {
          kind = known
        } else {
          let all = Question.Kind.allCases.map { "`\($0.rawValue)`" }.joined(separator: ", ")
          reader.error(typeNode, "unknown question type `\(word)`; use one of \(all)")
          kindKnown = false
        }
      }
      let prompt = text(map, "prompt", in: what, at: item, required: true)
      let help = text(map, "help", in: what, at: item, required: false)
      var question = Question(
        id: QuestionID(id), dimension: dimension, kind: kind, prompt: prompt ?? LocalizedText([:]), help: help)
      question.weight = positiveWeight(map["weight"], in: what)
      if kind == .text, map["weight"] != nil {
        reader.warning(map["weight"], "free-text questions are never scored, so `weight` has no effect")
      }
      question.required = flag(map, "required", default: true)
      question.offersNotApplicable = flag(map, "not_applicable", default: false)
      question.offersDontKnow = flag(map, "dont_know", default: false)
      // Without a known type, what options or a number spec should be cannot be said: the
      // unknown type is the one problem reported for them.
      if kindKnown {
        question.options = options(map, item, question: question)
        question.number = numberSpec(map, item, question: question)
      }
      if let condition = map["show_if"] { conditions.append((questions.count, condition)) }
      questions.append(question)
    }
    // Conditions are checked once every question is known, so "comes later" can be told
    // apart from "unknown".
    for (index, node) in conditions {
      questions[index].showIf = condition(node, scope: .showIf(of: index, in: questions))
    }
    return questions
  }

  mutating func flag(_ map: YAMLMapping, _ key: String, default value: Bool) -> Bool {
    guard let node = map[key] else { return value }
    return reader.bool(node, "`\(key)`") ?? value
  }

  mutating func options(_ map: YAMLMapping, _ item: YAMLNode, question: Question) -> [AnswerOption] {
    let what = "question `\(question.id)`"
    let optionsNode = map["options"]
    switch question.kind {
    case .yesNo:
      if optionsNode != nil {
        reader.error(
          optionsNode, "yes/no questions have the fixed options `yes` (scores 1) and `no` (scores 0); remove `options`")
      }
      return Question.yesNoOptions
    case .number, .text:
      if optionsNode != nil {
        reader.error(optionsNode, "\(question.kind.phrase.dropFirst(2)) questions take no `options`")
      }
      return []
    case .single, .multiple, .ladder:
      break
    }
    guard let optionsNode else {
      reader.error(item, "\(what) is \(question.kind.phrase) but has no `options`")
      return []
    }
    guard let items = reader.sequence(optionsNode, "`options`") else { return [] }
    if items.count < 2 { reader.error(optionsNode, "\(what) needs at least two options") }
    var options: [AnswerOption] = []
    for item in items {
      guard let map = reader.mapping(item, "an option") else { continue }
      reader.rejectUnknownKeys(map, allowed: ["id", "label", "score", "exclusive"], in: "an option")
      let id = identifier(map, "id", in: "an option of \(what)", at: item) ?? ""
      if [AnswerValue.notApplicableKeyword, AnswerValue.dontKnowKeyword].contains(id) {
        reader.error(
          map["id"],
          "`\(id)` is reserved; offer it with `\(id == AnswerValue.dontKnowKeyword ? "dont_know" : "not_applicable"): true` on the question"
        )
      }
      if options.contains(where: { $0.id.rawValue == id }) {
        reader.error(map["id"], "\(what) has option `\(id)` twice")
      }
      let label = text(map, "label", in: "option `\(id)` of \(what)", at: item, required: true)
      var score = 0.0
      if let scoreNode = reader.value(map, "score", in: "option `\(id)` of \(what)", at: item, required: true),
        let value = reader.double(scoreNode, "`score`")
      {
        score = value
        if !(0...1).contains(value) {
          reader.error(scoreNode, "option scores run from 0 to 1, not \(formatNumber(value))")
        }
      }
      let exclusive = flag(map, "exclusive", default: false)
      if exclusive, question.kind != .multiple {
        reader.error(map["exclusive"], "`exclusive` only applies to multiple-choice options")
      }
      options.append(
        AnswerOption(id: OptionID(id), label: label ?? LocalizedText([:]), score: score, exclusive: exclusive))
    }
    checkOptionScores(options, question: question, at: optionsNode)
    return options
  }

  mutating func checkOptionScores(_ options: [AnswerOption], question: Question, at node: YAMLNode) {
    guard !options.isEmpty else { return }
    let what = "question `\(question.id)`"
    switch question.kind {
    case .ladder:
      for (lower, higher) in zip(options, options.dropFirst()) where higher.score < lower.score {
        reader.warning(
          node, "ladder \(what) goes down from `\(lower.id)` to `\(higher.id)`; list its steps lowest first")
      }
      fallthrough
    case .single:
      if let best = options.map(\.score).max(), best < 1 {
        reader.warning(
          node, "the best option of \(what) scores \(formatNumber(best)), so its dimension can never reach 100")
      }
    case .multiple:
      let total = options.filter { !$0.exclusive }.map(\.score).reduce(0, +)
      if total < 1 {
        reader.warning(node, "all options of \(what) together score \(formatNumber(total)), so it can never score 1")
      }
    default:
      break
    }
  }

  mutating func numberSpec(_ map: YAMLMapping, _ item: YAMLNode, question: Question) -> NumberSpec? {
    let numberKeys = ["unit", "min", "max", "integer", "scores"]
    guard question.kind == .number else {
      for key in numberKeys where map[key] != nil {
        reader.error(map[key], "`\(key)` only applies to number questions")
      }
      return nil
    }
    var spec = NumberSpec()
    spec.unit = text(map, "unit", in: "question `\(question.id)`", at: item, required: false)
    if let node = map["min"] { spec.minimum = reader.double(node, "`min`") }
    if let node = map["max"] { spec.maximum = reader.double(node, "`max`") }
    if let low = spec.minimum, let high = spec.maximum, low > high {
      reader.error(map["max"], "`max` \(formatNumber(high)) is below `min` \(formatNumber(low))")
    }
    spec.integer = flag(map, "integer", default: false)
    if let node = map["scores"], let items = reader.sequence(node, "`scores`") {
      for band in items {
        guard let bandMap = reader.mapping(band, "a score band (`{from: 10, score: 0.5}`)") else { continue }
        reader.rejectUnknownKeys(bandMap, allowed: ["from", "score"], in: "a score band")
        guard let fromNode = reader.value(bandMap, "from", in: "a score band", at: band, required: true),
          let from = reader.double(fromNode, "`from`"),
          let scoreNode = reader.value(bandMap, "score", in: "a score band", at: band, required: true),
          let score = reader.double(scoreNode, "`score`")
        else { continue }
        if !(0...1).contains(score) { reader.error(scoreNode, "band scores run from 0 to 1") }
        if let previous = spec.bands.last, from <= previous.from {
          reader.error(fromNode, "score bands must be listed lowest `from` first")
        }
        spec.bands.append(ScoreBand(from: from, score: score))
      }
    }
    return spec
  }

  /// Parses a condition and reports its problems at their place in the file.
  mutating func condition(_ node: YAMLNode, scope: ConditionScope, key: String = "show_if") -> Condition? {
    guard let text = reader.string(node, "`\(key)`") else { return nil }
    switch ConditionParser.parse(text, in: scope) {
    case .success(let condition):
      return condition
    case .failure(let problem):
      var location = reader.location(node)
      // A plain or quoted scalar on one line: point at the very token.
      if !text.contains("\n") {
        let quote = node.scalar?.style == .plain ? 0 : 1
        location = location.advanced(by: problem.offset + quote)
      }
      reader.report(Diagnostic(.error, at: location, "in `\(key)`: \(problem.message)"))
      return nil
    }
  }
}
