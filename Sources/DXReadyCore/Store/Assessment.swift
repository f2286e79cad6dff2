import Crypto
import Foundation

/// An assessment's id: a UUID in lower case.
public struct AssessmentID: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
  /// The UUID in lower case, as stored and shown.
  public var rawValue: String

  /// An id from text that is a UUID.
  public init?(_ text: String) {
    guard let uuid = UUID(uuidString: text) else { return nil }
    rawValue = uuid.uuidString.lowercased()
  }

  /// A new random id.
  public static func random() -> AssessmentID { AssessmentID(uuid: UUID()) }

  /// An id as a store wrote it (a lower-case UUID), taken without parsing it again: for
  /// stores reading many thousands of rows.
  public init(stored rawValue: String) { self.rawValue = rawValue }

  /// The id of a UUID.
  public init(uuid: UUID) { rawValue = uuid.uuidString.lowercased() }

  /// The id as stored and shown.
  public var description: String { rawValue }

  /// Ids in the order of their text.
  public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

  /// An id from JSON text that must be a UUID.
  public init(from decoder: any Decoder) throws {
    let text = try String(from: decoder)
    guard let id = AssessmentID(text) else {
      throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a UUID: \(text)"))
    }
    self = id
  }

  /// The id as JSON text.
  public func encode(to encoder: any Encoder) throws {
    try rawValue.encode(to: encoder)
  }
}

/// Where an assessment is in its life.
public enum AssessmentStatus: String, Sendable, Hashable, Codable, CaseIterable {
  /// Being answered; every answer is saved as it is given.
  case draft
  /// Complete and scored; the scores are stored.
  case submitted
  /// Checked by a consultant.
  case reviewed
}

/// One row of `dxready list`: enough to choose an assessment, no answers.
public struct AssessmentSummary: Sendable, Hashable, Codable {
  /// The assessment's id.
  public var id: AssessmentID
  /// Its business's tax code.
  public var taxCode: String
  /// Its business's name.
  public var businessName: String
  /// The questionnaire it is taken with.
  public var questionnaireID: QuestionnaireID
  /// That questionnaire's version.
  public var questionnaireVersion: String
  /// Draft, submitted or reviewed.
  public var status: AssessmentStatus
  /// When it was started (or made, for an imported one).
  public var createdAt: Date
  /// When it last changed.
  public var updatedAt: Date
  /// When it was submitted; `nil` for a draft.
  public var submittedAt: Date?
  /// The overall score, once submitted and scored.
  public var overallScore: Double?
  /// The maturity level, once submitted and scored.
  public var overallLevel: Int?
  /// Where a submitted assessment is in review (`submitted` until a consultant acts on it,
  /// `rejected` once turned away); `nil` for a draft.
  public var reviewState: ReviewState?

  /// A row of the list; see each property. A draft has no review state.
  public init(
    id: AssessmentID, taxCode: String, businessName: String, questionnaireID: QuestionnaireID,
    questionnaireVersion: String, status: AssessmentStatus, createdAt: Date, updatedAt: Date,
    submittedAt: Date? = nil, overallScore: Double? = nil, overallLevel: Int? = nil, reviewState: ReviewState? = nil
  ) {
    self.reviewState = status == .draft ? nil : reviewState
    self.id = id
    self.taxCode = taxCode
    self.businessName = businessName
    self.questionnaireID = questionnaireID
    self.questionnaireVersion = questionnaireVersion
    self.status = status
    self.createdAt = createdAt
    self.updatedAt = updatedAt
    self.submittedAt = submittedAt
    self.overallScore = overallScore
    self.overallLevel = overallLevel
  }
}

/// An assessment as stored: its business, the exact questionnaire text, answers and scores.
public struct StoredAssessment: Sendable, Hashable {
  /// What `list` shows of it.
  public var summary: AssessmentSummary
  /// The business as it was described when the assessment was made.
  public var profile: BusinessProfile
  /// Its size class then, when it had one.
  public var sizeClass: SizeClass?
  /// The hash of the questionnaire's text it was taken with (``Questionnaire/hash``).
  public var questionnaireHash: String
  /// The questionnaire file as it was when the assessment was taken, so it can always be
  /// shown and re-scored after the file on disk changes.
  public var questionnaireSource: String
  /// The answers given, by question.
  public var answers: [QuestionID: AnswerValue]
  /// The dimension scores stored at submission; empty for a draft.
  public var dimensionScores: [StoredDimensionScore]
  /// The question a draft was on when it was last left, for carrying on exactly there.
  public var position: QuestionID?
  /// The business's consent to the personal-data notice; `nil` for assessments stored before
  /// consent was recorded (schema v8).
  public var consent: ConsentRecord?

  /// An assessment as read from a store; see each property.
  public init(
    summary: AssessmentSummary, profile: BusinessProfile, sizeClass: SizeClass?, questionnaireHash: String,
    questionnaireSource: String, answers: [QuestionID: AnswerValue], dimensionScores: [StoredDimensionScore],
    position: QuestionID? = nil, consent: ConsentRecord? = nil
  ) {
    self.consent = consent
    self.position = position
    self.summary = summary
    self.profile = profile
    self.sizeClass = sizeClass
    self.questionnaireHash = questionnaireHash
    self.questionnaireSource = questionnaireSource
    self.answers = answers
    self.dimensionScores = dimensionScores
  }
}

/// One dimension's stored score.
public struct StoredDimensionScore: Sendable, Hashable, Codable {
  /// The dimension.
  public var dimension: DimensionID
  /// Scored, or too few answers that count to be scored (reported, not guessed).
  public var status: ScoreStatus
  /// Its score, when scored.
  public var score: Double?
  /// Its maturity level, when scored.
  public var level: Int?
  /// The share of its shown, scored questions whose answers counted (0–1).
  public var coverage: Double

  /// A stored score; see each property.
  public init(dimension: DimensionID, status: ScoreStatus, score: Double?, level: Int?, coverage: Double) {
    self.dimension = dimension
    self.status = status
    self.score = score
    self.level = level
    self.coverage = coverage
  }
}

/// A submitted assessment to import, already validated and scored.
public struct ImportedAssessment: Sendable, Hashable {
  /// The id the file gives, or one derived from the content.
  public var id: AssessmentID
  /// The business as the file describes it, its tax code normalised.
  public var profile: BusinessProfile
  /// Its size class, when it has one.
  public var sizeClass: SizeClass?
  /// The questionnaire the answers were given for.
  public var questionnaire: Questionnaire
  /// That questionnaire's file as it is, stored with the assessment.
  public var questionnaireSource: String
  /// The validated answers, by question; set once, as the stored forms below are made from them.
  public private(set) var answers: [QuestionID: AnswerValue]
  /// The answers' scores.
  public var result: ScoringResult
  /// A digest of what defines the assessment (questionnaire hash, profile, answers), so that
  /// importing the same content again adds nothing and the same id with other content is refused.
  public var contentDigest: String
  /// Each answer as stored (``AnswerValue/jsonText``), in questionnaire order, written once
  /// here rather than by the single database writer.
  public private(set) var encodedAnswers: [(question: QuestionID, json: String)]
  /// The answers as one JSON object, in questionnaire order (``answerSet(_:)``): the form a store
  /// keeps an assessment's answers in, made here rather than by the single database writer.
  public private(set) var encodedAnswerSet: String
  /// The profile as stored (``BusinessProfile/jsonText``).
  public var encodedProfile: String
  /// Where it came from, for messages.
  public var origin: String
  /// When the assessment was made (stored UTC form, `2026-04-01T03:00:00.000Z`), when the file
  /// says; the import time otherwise.
  public var submittedAt: String?
  /// The consent the file records, or that the importer stated was recorded elsewhere. Not part
  /// of the content digest: how consent was recorded does not change the assessment.
  public var consent: ConsentRecord?
  /// A review made in the database the assessment comes from (a field bundle's), applied with it.
  public var review: ArrivingReview?

  /// An assessment ready to store, with the forms the store writes (each answer's JSON, the
  /// profile's JSON, the content digest) made here, on the thread that checked it.
  /// - Parameters:
  ///   - id: the id the file gives; without one, an id derived from the content, so that the
  ///     same content always gets the same id.
  ///   - profile: the business as the file describes it, its tax code normalised.
  ///   - sizeClass: the business's size class under Decree 80/2021, when it has one.
  ///   - questionnaire: the questionnaire the answers were given for.
  ///   - questionnaireSource: that questionnaire's file as it is, stored with the assessment.
  ///   - answers: the validated answers, by question.
  ///   - result: the answers' scores.
  ///   - origin: where it came from (a file, a bundle's line), for messages.
  ///   - submittedAt: when the assessment was made, in the stored UTC form, if the file says.
  public init(
    id: AssessmentID?, profile: BusinessProfile, sizeClass: SizeClass?, questionnaire: Questionnaire,
    questionnaireSource: String, answers: [QuestionID: AnswerValue], result: ScoringResult, origin: String,
    submittedAt: String? = nil
  ) {
    var encoded: [(question: QuestionID, json: String)] = []
    encoded.reserveCapacity(answers.count)
    for index in questionnaire.questions.indices {
      let question = questionnaire.questions[index].id
      if let answer = answers[question] { encoded.append((question, answer.jsonText)) }
    }
    let digest = Self.digest(
      questionnaireHash: questionnaire.hash, profile: profile, encodedAnswers: encoded, submittedAt: submittedAt)
    self.submittedAt = submittedAt
    self.id = id ?? Self.derivedID(fromDigest: digest)
    self.profile = profile
    self.sizeClass = sizeClass
    self.questionnaire = questionnaire
    self.questionnaireSource = questionnaireSource
    self.answers = answers
    self.result = result
    self.contentDigest = "sha256:" + hexadecimal(digest)
    self.encodedAnswers = encoded
    self.encodedAnswerSet = Self.answerSet(encoded)
    self.encodedProfile = profile.jsonText
    self.origin = origin
  }

  /// The same id, content and origin: the derived forms follow from them.
  public static func == (lhs: Self, rhs: Self) -> Bool {
    lhs.id == rhs.id && lhs.contentDigest == rhs.contentDigest && lhs.origin == rhs.origin
  }

  /// Hashes the id and content digest.
  public func hash(into hasher: inout Hasher) {
    hasher.combine(id)
    hasher.combine(contentDigest)
  }
}

/// What `list` shows.
public struct AssessmentFilter: Sendable, Hashable {
  /// Only assessments in this state, when given.
  public var status: AssessmentStatus?
  /// Only submitted assessments in this review state (`rejected`, `in-review`, …).
  public var reviewState: ReviewState?
  /// Only the assessments of the business with this tax code, when given.
  public var taxCode: String?
  /// At most this many rows.
  public var limit: Int
  /// The rows to skip first, for the next page.
  public var offset: Int

  /// A filter; see each property.
  public init(
    status: AssessmentStatus? = nil, reviewState: ReviewState? = nil, taxCode: String? = nil, limit: Int = 50,
    offset: Int = 0
  ) {
    self.status = status
    self.reviewState = reviewState
    self.taxCode = taxCode
    self.limit = limit
    self.offset = offset
  }
}
