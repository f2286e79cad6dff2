/// A filled-in questionnaire as a file holds it: which questionnaire, about which business,
/// and the answers by question id.
public struct AnswerSheet: Sendable, Hashable {
  /// The questionnaire's id.
  public var questionnaireID: String
  /// The questionnaire's version; answers are only ever scored against that version.
  public var questionnaireVersion: String
  /// A stable id for the assessment, when the file carries one.
  public var assessmentID: String?
  public var profile: BusinessProfile?
  public var answers: [QuestionID: AnswerValue]
  /// Where each answer stands in its file, for messages.
  public var locations: [QuestionID: SourceLocation]

  public init(
    questionnaireID: String, questionnaireVersion: String, assessmentID: String? = nil,
    profile: BusinessProfile? = nil, answers: [QuestionID: AnswerValue],
    locations: [QuestionID: SourceLocation] = [:]
  ) {
    self.questionnaireID = questionnaireID
    self.questionnaireVersion = questionnaireVersion
    self.assessmentID = assessmentID
    self.profile = profile
    self.answers = answers
    self.locations = locations
  }
}
