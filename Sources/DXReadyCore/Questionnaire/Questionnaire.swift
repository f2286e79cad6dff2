/// A versioned questionnaire: levels, dimensions and questions, loaded from a `format: 1` file.
///
/// Every result and every stored assessment names the questionnaire by ``id``, ``version``
/// and ``hash``, so that scores are only ever compared with scores from the same text.
public struct Questionnaire: Sendable, Hashable, Encodable {
  /// The version of the file format this was read from.
  public var format: Int
  /// A stable name such as `enterprise-dx`.
  public var id: QuestionnaireID
  /// The author's version, such as `1.0.0`.
  public var version: String
  /// The language every text must be written in; others may be missing.
  public var defaultLanguage: Language
  /// The questionnaire's title, in each language it is written in.
  public var title: LocalizedText
  /// What it is for, when the file says.
  public var description: LocalizedText?
  /// How dimension scores make the overall figure.
  public var scoring: ScoringRules
  /// Maturity levels, lowest first.
  public var levels: [Level]
  /// The areas of maturity, in the order they are shown.
  public var dimensions: [Dimension]
  /// Questions in the order they are asked.
  public var questions: [Question] {
    didSet { questionIndex = Self.index(questions) }
  }
  /// Each question's position, for lookups by id.
  private var questionIndex: [QuestionID: Int] = [:]
  /// `sha256:` and the hex digest of the canonical form; set by the loader.
  public var hash: String = ""

  private enum CodingKeys: String, CodingKey {
    case format, id, version, defaultLanguage = "default_language", title, description, scoring
    case levels, dimensions, questions
  }

  /// A questionnaire; see each property. The loader sets ``hash``.
  public init(
    format: Int = 1, id: QuestionnaireID, version: String, defaultLanguage: Language = .vi,
    title: LocalizedText, description: LocalizedText? = nil, scoring: ScoringRules = ScoringRules(),
    levels: [Level], dimensions: [Dimension], questions: [Question]
  ) {
    self.format = format
    self.id = id
    self.version = version
    self.defaultLanguage = defaultLanguage
    self.title = title
    self.description = description
    self.scoring = scoring
    self.levels = levels
    self.dimensions = dimensions
    self.questions = questions
    self.questionIndex = Self.index(questions)
  }

  private static func index(_ questions: [Question]) -> [QuestionID: Int] {
    Dictionary(questions.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
  }

  /// `id@version`, the form answers files use to name a questionnaire.
  public var reference: String { "\(id)@\(version)" }

  /// The question with this id, if the questionnaire has one.
  public func question(_ id: QuestionID) -> Question? {
    questionIndex[id].map { questions[$0] }
  }

  /// The dimension with this id, if the questionnaire has one.
  public func dimension(_ id: DimensionID) -> Dimension? {
    dimensions.first { $0.id == id }
  }

  /// The questions of one dimension, in asking order.
  public func questions(in dimension: DimensionID) -> [Question] {
    questions.filter { $0.dimension == dimension }
  }

  /// The level a score falls in: the highest level whose threshold it reaches.
  public func level(forScore score: Double) -> Level {
    levels.last { score >= $0.minimum } ?? levels[0]
  }
}

/// How a questionnaire turns dimension scores into an overall figure.
public struct ScoringRules: Sendable, Hashable, Codable {
  /// The overall figure and what the level thresholds are measured in.
  public enum Overall: String, Sendable, Hashable, Codable {
    /// The weighted mean of the dimension scores, 0–100.
    case weightedMean = "weighted_mean"
    /// The sum of the question scores (for yes/no indicators: how many are "yes").
    case count
  }

  /// How the overall figure is made.
  public var overall: Overall
  /// The largest share of a dimension's answers that may be "not applicable" before the
  /// dimension is reported as insufficient data instead of scored.
  public var maxNotApplicableShare: Double

  /// Rules; see each property.
  public init(overall: Overall = .weightedMean, maxNotApplicableShare: Double = 0.5) {
    self.overall = overall
    self.maxNotApplicableShare = maxNotApplicableShare
  }
}

/// One maturity level, such as "Khởi động" (starting up).
public struct Level: Sendable, Hashable, Codable {
  /// The position, from 0 for the lowest level.
  public var index: Int
  /// The level's id, stable across languages.
  public var id: String
  /// Its name, in each language.
  public var name: LocalizedText
  /// What it means, when the file says.
  public var description: LocalizedText?
  /// The smallest overall score at this level, in the unit of ``ScoringRules/overall``.
  public var minimum: Double

  /// A level; see each property.
  public init(
    index: Int, id: String, name: LocalizedText, description: LocalizedText? = nil, minimum: Double
  ) {
    self.index = index
    self.id = id
    self.name = name
    self.description = description
    self.minimum = minimum
  }
}

/// An area of maturity, such as strategy or data, scored 0–100.
public struct Dimension: Sendable, Hashable, Codable {
  /// The dimension's id: questions name their dimension by it.
  public var id: DimensionID
  /// Its title, in each language.
  public var title: LocalizedText
  /// What it covers, when the file says.
  public var description: LocalizedText?
  /// The dimension's weight in the overall weighted mean.
  public var weight: Double

  /// A dimension; see each property.
  public init(
    id: DimensionID, title: LocalizedText, description: LocalizedText? = nil, weight: Double = 1
  ) {
    self.id = id
    self.title = title
    self.description = description
    self.weight = weight
  }
}
