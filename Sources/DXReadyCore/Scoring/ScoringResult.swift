/// The scores of one set of answers, with everything needed to explain them.
public struct ScoringResult: Sendable, Hashable, Codable {
  /// Which questionnaire text the answers were scored against.
  public var questionnaire: QuestionnaireReference
  /// The version of the scoring rules, ``Scorer/methodVersion``.
  public var scoringMethod: String
  /// The overall figure and level.
  public var overall: OverallScore
  /// One entry per dimension, in questionnaire order.
  public var dimensions: [DimensionScore]
  /// The lowest-scoring dimension (the first of equals), when any is scored.
  public var weakestDimension: DimensionID?

  /// The score of the dimension with this id, if the questionnaire has one.
  public func dimension(_ id: DimensionID) -> DimensionScore? {
    dimensions.first { $0.id == id }
  }
}

/// `id`, `version` and `hash` of a questionnaire.
public struct QuestionnaireReference: Sendable, Hashable, Codable {
  /// The questionnaire's id.
  public var id: QuestionnaireID
  /// Its version.
  public var version: String
  /// The hash of its text (``Questionnaire/hash``).
  public var hash: String

  /// A reference; see each property.
  public init(id: QuestionnaireID, version: String, hash: String) {
    self.id = id
    self.version = version
    self.hash = hash
  }
}

/// Whether a figure could be computed.
public enum ScoreStatus: String, Sendable, Hashable, Codable {
  case scored
  /// Too many "not applicable" answers, or none that count: reported, not guessed.
  case insufficientData = "insufficient_data"
}

/// The overall figure.
public struct OverallScore: Sendable, Hashable, Codable {
  /// How the overall figure is made: a weighted mean of the dimensions, or a count of points.
  public var method: ScoringRules.Overall
  /// Whether it could be computed.
  public var status: ScoreStatus
  /// 0–100 for a weighted mean; the number of points for a count. `nil` when not scored.
  public var score: Double?
  /// The largest possible score: 100, or the number of questions that count.
  public var maximum: Double
  /// The level index, from 0.
  public var level: Int?
}

/// One dimension's figure and how it was reached.
public struct DimensionScore: Sendable, Hashable, Codable {
  /// The dimension.
  public var id: DimensionID
  /// Its weight in the overall mean.
  public var weight: Double
  /// Whether it could be scored.
  public var status: ScoreStatus
  /// 0–100, rounded to one decimal; `nil` when there is not enough data.
  public var score: Double?
  /// The unrounded score, which the overall mean uses.
  public var exactScore: Double?
  /// Its maturity level, from 0, when scored.
  public var level: Int?
  /// The share of shown, scored questions whose answer counts in the score (not N/A, not missing).
  public var coverage: Double
  /// Shown questions that are scored.
  public var shown: Int
  /// Of those, answered "not applicable".
  public var notApplicable: Int
  /// Of those, answered "don't know" (they score 0).
  public var dontKnow: Int
  /// Of those, not answered.
  public var unanswered: Int
  /// Every shown question of the dimension with its part in the score.
  public var questions: [QuestionScore]
}

/// One question's part in its dimension's score.
public struct QuestionScore: Sendable, Hashable, Codable {
  /// How a question takes part in the score.
  public enum Status: String, Sendable, Hashable, Codable {
    /// Counts in the score.
    case scored
    case notApplicable = "not_applicable"
    case unanswered
    /// Free text, or a number without score bands.
    case notScored = "not_scored"
  }

  /// The question.
  public var id: QuestionID
  /// Its answer, if any.
  public var answer: AnswerValue?
  /// How it takes part.
  public var status: Status
  /// 0–1 when the answer counts.
  public var score: Double?
  /// Its weight within the dimension.
  public var weight: Double
}
