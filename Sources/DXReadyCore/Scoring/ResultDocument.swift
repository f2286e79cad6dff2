/// The documented JSON form of a scored assessment (`dxready score --format json`), schema
/// `dxready.result/1`. Fields are only ever added within a schema version.
public struct ResultDocument: Sendable, Encodable {
  /// The document's schema name and version.
  public static let schema = "dxready.result/1"

  /// The questionnaire the answers were scored against.
  public struct QuestionnaireInfo: Sendable, Encodable {
    var id: QuestionnaireID
    var version: String
    var hash: String
    var title: String
  }

  /// A level as the document names it.
  public struct LevelInfo: Sendable, Encodable {
    var index: Int
    var id: String
    var name: String
  }

  /// The overall figure as the document gives it.
  public struct Overall: Sendable, Encodable {
    var method: ScoringRules.Overall
    var status: ScoreStatus
    var score: Double?
    var maximum: Double
    var level: Int?
    var levelInfo: LevelInfo?

    enum CodingKeys: String, CodingKey {
      case method, status, score, maximum, level, levelInfo = "level_detail"
    }
  }

  /// One dimension's figure as the document gives it.
  public struct DimensionEntry: Sendable, Encodable {
    var id: String
    var title: String
    var weight: Double
    var status: ScoreStatus
    var score: Double?
    var level: Int?
    var levelInfo: LevelInfo?
    var coverage: Double
    var shown: Int
    var notApplicable: Int
    var dontKnow: Int
    var unanswered: Int
    var questions: [QuestionScore]?

    enum CodingKeys: String, CodingKey {
      case id, title, weight, status, score, level, levelInfo = "level_detail", coverage, shown
      case notApplicable = "not_applicable", dontKnow = "dont_know", unanswered, questions
    }
  }

  /// What a store adds: the assessment's state, times and answers (`dxready show`).
  public struct Record: Sendable, Encodable {
    var status: String
    var createdAt: String
    var updatedAt: String
    var submittedAt: String?
    var sizeClass: String?
    var answers: [String: AnswerValue]
    /// The consent to the personal-data notice stored with the assessment.
    var consent: ConsentRecord?
    /// The consultant's review, once there is one (corrections keep the original answers above).
    var review: ReviewRecord?

    /// A stored assessment's part; see each property. A review is kept only once it has changed something.
    public init(
      status: String, createdAt: String, updatedAt: String, submittedAt: String?, sizeClass: String?,
      answers: [String: AnswerValue], consent: ConsentRecord? = nil, review: ReviewRecord? = nil
    ) {
      self.review = review.flatMap { $0.version > 0 ? $0 : nil }
      self.consent = consent
      self.status = status
      self.createdAt = createdAt
      self.updatedAt = updatedAt
      self.submittedAt = submittedAt
      self.sizeClass = sizeClass
      self.answers = answers
    }

    enum CodingKeys: String, CodingKey {
      case status, createdAt = "created_at", updatedAt = "updated_at", submittedAt = "submitted_at"
      case sizeClass = "size_class", answers, consent, review
    }
  }

  var schema = ResultDocument.schema
  var questionnaire: QuestionnaireInfo
  var scoringMethod: String
  var language: Language
  var assessment: String?
  var profile: BusinessProfile?
  var overall: Overall
  var dimensions: [DimensionEntry]
  var weakestDimension: String?
  /// Set by `dxready show`.
  public var record: Record?

  enum CodingKeys: String, CodingKey {
    case schema, questionnaire, scoringMethod = "scoring_method", language, assessment, profile
    case overall, dimensions, weakestDimension = "weakest_dimension", record
  }

  /// The document for `result`, with names in `language`; `explain` adds every question's part.
  public init(
    _ result: ScoringResult, questionnaire: Questionnaire, language: Language, explain: Bool,
    assessment: String? = nil, profile: BusinessProfile? = nil
  ) {
    func level(_ index: Int?) -> LevelInfo? {
      guard let index, questionnaire.levels.indices.contains(index) else { return nil }
      let level = questionnaire.levels[index]
      return LevelInfo(index: index, id: level.id, name: level.name.text(language))
    }
    self.questionnaire = QuestionnaireInfo(
      id: result.questionnaire.id, version: result.questionnaire.version, hash: result.questionnaire.hash,
      title: questionnaire.title.text(language))
    self.scoringMethod = result.scoringMethod
    self.language = language
    self.assessment = assessment
    // Outputs never carry a personal identification number in full.
    self.profile = profile?.masked
    self.overall = Overall(
      method: result.overall.method, status: result.overall.status, score: result.overall.score,
      maximum: result.overall.maximum, level: result.overall.level, levelInfo: level(result.overall.level))
    self.dimensions = result.dimensions.map { d in
      DimensionEntry(
        id: d.id.rawValue, title: questionnaire.dimension(d.id)?.title.text(language) ?? d.id.rawValue,
        weight: d.weight, status: d.status, score: d.score, level: d.level, levelInfo: level(d.level),
        coverage: d.coverage, shown: d.shown, notApplicable: d.notApplicable, dontKnow: d.dontKnow,
        unanswered: d.unanswered, questions: explain ? d.questions : nil)
    }
    self.weakestDimension = result.weakestDimension?.rawValue
  }
}
