/// A filled-in questionnaire as a file holds it: which questionnaire, about which business,
/// and the answers by question id.
public struct AnswerSheet: Sendable, Hashable {
  /// The questionnaire's id.
  public var questionnaireID: QuestionnaireID
  /// The questionnaire's version; answers are only ever scored against that version.
  public var questionnaireVersion: String
  /// A stable id for the assessment, when the file carries one.
  public var assessmentID: String?
  /// When the assessment was made, when the file says (`submitted:`), in the stored UTC form
  /// (`2026-03-31T20:00:00.000Z`).
  public var submittedAt: String?
  /// The business's consent to the personal-data notice, when the file records it
  /// (`consent: {notice: VERSION, given_at: TIME}`).
  public var consent: ConsentRecord?
  /// The business as the file describes it, if the file has a `profile`.
  public var profile: BusinessProfile?
  /// The answers, by question id.
  public var answers: [QuestionID: AnswerValue]
  /// Where each answer stands in its file, for messages.
  public var locations: [QuestionID: SourceLocation]
  /// Where the other fields stand: `questionnaire`, `assessment`, `profile` and each profile
  /// field by its path (`profile.tax_code`, `profile.industry.section`).
  public var fieldLocations: [String: SourceLocation] = [:]

  /// Where a field stands, else where its enclosing field does, else the file's first line.
  /// - Parameters:
  ///   - field: a path such as `profile.industry.section`.
  ///   - file: the file, for a sheet read without locations.
  /// - Returns: the file, line and column messages point at.
  public func location(of field: String, file: String) -> SourceLocation {
    var path = field
    while !path.isEmpty {
      if let location = fieldLocations[path] { return location }
      guard let dot = path.lastIndex(of: ".") else { break }
      path = String(path[..<dot])
    }
    return SourceLocation(file: file, line: 1, column: 1)
  }

  /// A sheet; see each property.
  public init(
    questionnaireID: QuestionnaireID, questionnaireVersion: String, assessmentID: String? = nil,
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
