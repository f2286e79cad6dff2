import Foundation

/// Turns answers into scores. The rules, in `Questionnaires/README.md` under "Methodology":
///
/// - each shown question scores 0–1; "don't know" scores 0; "not applicable" and unanswered
///   questions are left out; hidden questions do not count;
/// - a dimension scores `100 × Σ(weight × score) / Σ weight` over the questions that count,
///   rounded to one decimal; it has insufficient data when none count or when more than the
///   questionnaire's share of its answers are "not applicable";
/// - the overall score is the weighted mean of the unrounded dimension scores, or, for a
///   `count` questionnaire, the sum of the question scores; it is only given when every
///   dimension is scored;
/// - a level is the highest whose threshold the rounded score reaches.
public enum Scorer {
  /// Changes whenever the rules above change, so old results can be told apart.
  public static let methodVersion = "dxready-scoring/1"

  /// Which questions are shown, given the answers: each `show_if` reads only earlier answers.
  public static func shownQuestions(
    _ questionnaire: Questionnaire, answers: [QuestionID: AnswerValue]
  ) -> [Question] {
    let hidden = hiddenQuestions(questionnaire, answers: answers)
    return questionnaire.questions.filter { !hidden.contains($0.id) }
  }

  /// The questions whose `show_if` is false, given the answers. Usually few, so a set of them is
  /// cheaper to build than a list of the shown ones.
  public static func hiddenQuestions(
    _ questionnaire: Questionnaire, answers: [QuestionID: AnswerValue]
  ) -> Set<QuestionID> {
    var hidden: Set<QuestionID> = []
    for index in questionnaire.questions.indices {
      guard let condition = questionnaire.questions[index].showIf else { continue }
      // A condition reads only earlier questions, whose visibility is already known.
      if !condition.evaluate(in: VisibleAnswers(answers: answers, hidden: hidden), questionnaire: questionnaire) {
        hidden.insert(questionnaire.questions[index].id)
      }
    }
    return hidden
  }

  /// The score, 0–1, of one answer, or `nil` when it does not count.
  public static func score(_ answer: AnswerValue, for question: Question) -> Double? {
    guard question.isScored else { return nil }
    switch answer {
    case .notApplicable: return nil
    case .dontKnow: return 0
    case .option(let id): return question.option(id)?.score
    case .options(let ids):
      let sum = ids.compactMap { question.option($0)?.score }.reduce(0, +)
      return min(1, sum)
    case .number(let value): return question.number?.score(value)
    case .text: return nil
    }
  }

  /// Scores validated answers; answers to hidden questions are ignored.
  public static func score(_ answers: [QuestionID: AnswerValue], questionnaire: Questionnaire) -> ScoringResult {
    let hidden = hiddenQuestions(questionnaire, answers: answers)
    var dimensions: [DimensionScore] = []
    for dimension in questionnaire.dimensions {
      dimensions.append(scoreDimension(dimension, hidden: hidden, answers, questionnaire))
    }
    let overall = overallScore(dimensions, questionnaire)
    if questionnaire.scoring.overall == .count {
      // Dimension levels sit at the same share of the maximum as the count thresholds.
      let maximum = overall.maximum
      for index in dimensions.indices {
        if let score = dimensions[index].score {
          dimensions[index].level = questionnaire.level(forScore: rounded(score / 100 * maximum, places: 2)).index
        }
      }
    }
    let weakest = dimensions.filter { $0.score != nil }.min { ($0.score ?? 0) < ($1.score ?? 0) }
    return ScoringResult(
      questionnaire: QuestionnaireReference(
        id: questionnaire.id, version: questionnaire.version, hash: questionnaire.hash),
      scoringMethod: methodVersion, overall: overall, dimensions: dimensions, weakestDimension: weakest?.id)
  }

  static func scoreDimension(
    _ dimension: Dimension, hidden: Set<QuestionID>, _ answers: [QuestionID: AnswerValue],
    _ questionnaire: Questionnaire
  ) -> DimensionScore {
    var tally = Tally()
    for index in questionnaire.questions.indices where questionnaire.questions[index].dimension == dimension.id {
      // Passed straight from the array: no copy of the question.
      tally.add(questionnaire.questions[index], hidden: hidden, answers: answers)
    }
    let (parts, weighted, weights) = (tally.parts, tally.weighted, tally.weights)
    let (scoredShown, notApplicable, dontKnow, unanswered) = (
      tally.scoredShown, tally.notApplicable, tally.dontKnow, tally.unanswered
    )
    let counted = scoredShown - notApplicable - unanswered
    let answered = scoredShown - unanswered
    let tooManyNA =
      answered > 0 && Double(notApplicable) / Double(answered) > questionnaire.scoring.maxNotApplicableShare
    var result = DimensionScore(
      id: dimension.id, weight: dimension.weight, status: .insufficientData, coverage: 0, shown: scoredShown,
      notApplicable: notApplicable, dontKnow: dontKnow, unanswered: unanswered, questions: parts)
    result.coverage = scoredShown == 0 ? 0 : rounded(Double(counted) / Double(scoredShown), places: 4)
    guard counted > 0, weights > 0, !tooManyNA else { return result }
    let exact = 100 * weighted / weights
    result.status = .scored
    result.exactScore = exact
    result.score = rounded(exact, places: 1)
    result.level = questionnaire.level(forScore: result.score ?? 0).index
    return result
  }

  static func overallScore(_ dimensions: [DimensionScore], _ questionnaire: Questionnaire) -> OverallScore {
    let complete = dimensions.allSatisfy { $0.status == .scored }
    switch questionnaire.scoring.overall {
    case .weightedMean:
      var overall = OverallScore(method: .weightedMean, status: .insufficientData, maximum: 100)
      guard complete else { return overall }
      let total = dimensions.map(\.weight).reduce(0, +)
      let sum = dimensions.map { $0.weight * ($0.exactScore ?? 0) }.reduce(0, +)
      let score = rounded(sum / total, places: 1)
      overall.status = .scored
      overall.score = score
      overall.level = questionnaire.level(forScore: score).index
      return overall
    case .count:
      let counted = dimensions.flatMap(\.questions).filter { $0.status == .scored }
      let possible = questionnaire.questions.filter(\.isScored).count
      var overall = OverallScore(method: .count, status: .insufficientData, maximum: Double(possible))
      guard complete else { return overall }
      let score = rounded(counted.compactMap(\.score).reduce(0, +), places: 2)
      overall.status = .scored
      overall.score = score
      overall.level = questionnaire.level(forScore: score).index
      return overall
    }
  }

  static func rounded(_ value: Double, places: Int) -> Double {
    let factor = pow(10, Double(places))
    return (value * factor).rounded() / factor
  }
}

/// Answers as conditions see them: those of hidden questions do not exist.
struct VisibleAnswers: ConditionContext {
  var answers: [QuestionID: AnswerValue]
  var hidden: Set<QuestionID>

  func answer(_ question: QuestionID) -> AnswerValue? {
    hidden.contains(question) ? nil : answers[question]
  }
}

/// The running sums of one dimension's questions.
private struct Tally {
  var parts: [QuestionScore] = []
  var weighted = 0.0
  var weights = 0.0
  var scoredShown = 0
  var notApplicable = 0
  var dontKnow = 0
  var unanswered = 0

  mutating func add(_ question: Question, hidden: Set<QuestionID>, answers: [QuestionID: AnswerValue]) {
    guard hidden.isEmpty || !hidden.contains(question.id) else { return }
    let answer = answers[question.id]
    guard question.isScored else {
      parts.append(QuestionScore(id: question.id, answer: answer, status: .notScored, weight: 0))
      return
    }
    scoredShown += 1
    guard let answer else {
      unanswered += 1
      parts.append(QuestionScore(id: question.id, answer: nil, status: .unanswered, weight: question.weight))
      return
    }
    if answer == .dontKnow { dontKnow += 1 }
    guard let score = Scorer.score(answer, for: question) else {
      notApplicable += 1
      parts.append(QuestionScore(id: question.id, answer: answer, status: .notApplicable, weight: question.weight))
      return
    }
    weighted += question.weight * score
    weights += question.weight
    parts.append(QuestionScore(id: question.id, answer: answer, status: .scored, score: score, weight: question.weight))
  }
}
