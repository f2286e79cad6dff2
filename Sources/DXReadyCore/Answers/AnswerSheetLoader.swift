/// Reads an answers file (YAML, or JSON, which YAML includes):
///
/// ```yaml
/// questionnaire: enterprise-dx@1.0.0
/// profile: {name: Công ty ABC, tax_code: "5700100256", employees: 25}
/// answers:
///   cx_channels: [website, social]
///   st_plan: written
///   in_cloud_backup: not_applicable
///   op_staff_count: 25
///   cu_notes: {text: "Free text goes here"}
/// ```
public enum AnswerSheetLoader {
  /// What reading a file gave.
  public struct Outcome: Sendable {
    /// The sheet, when the file could be read.
    public var sheet: AnswerSheet?
    /// Every problem, located.
    public var diagnostics: [Diagnostic]
  }

  /// Reads the file's structure; ``AnswerValidator`` then checks it against its questionnaire.
  public static func load(_ text: String, file: String) -> Outcome {
    var reader = YAMLReader(file: file)
    guard let root = reader.parse(text), let top = reader.mapping(root, "an answers file") else {
      return Outcome(sheet: nil, diagnostics: reader.diagnostics)
    }
    reader.rejectUnknownKeys(
      top, allowed: ["questionnaire", "assessment", "submitted", "consent", "profile", "answers"],
      in: "an answers file")
    var id = ""
    var version = ""
    if let node = reader.value(top, "questionnaire", in: "the answers file", at: root, required: true),
      let reference = reader.string(node, "`questionnaire`")
    {
      let parts = reference.split(separator: "@", maxSplits: 1).map(String.init)
      if parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty {
        (id, version) = (parts[0], parts[1])
      } else {
        reader.error(node, "`questionnaire` must name an id and a version, such as `enterprise-dx@1.0.0`")
      }
    }
    var fieldLocations: [String: SourceLocation] = [:]
    var submittedAt: String?
    if let node = top["submitted"], let text = reader.string(node, "`submitted`") {
      submittedAt = SubmissionTime.utc(text)
      if submittedAt == nil {
        reader.error(
          node,
          "`submitted: \(text)` is not a date and time: write it as 2026-04-01T03:00:00+07:00 (with its offset from UTC, or Z), or a date such as 2026-04-01 (midnight in Vietnam)"
        )
      }
    }
    var consent: ConsentRecord?
    if let node = top["consent"], let map = reader.mapping(node, "`consent` (`{notice: VERSION, given_at: TIME}`)") {
      reader.rejectUnknownKeys(map, allowed: ["notice", "given_at"], in: "`consent`")
      let notice = reader.value(map, "notice", in: "`consent`", at: node, required: true).flatMap {
        reader.string($0, "`consent.notice`")
      }
      let givenNode = reader.value(map, "given_at", in: "`consent`", at: node, required: true)
      let given = givenNode.flatMap { reader.string($0, "`consent.given_at`") }
      let givenAt = given.flatMap(SubmissionTime.utc)
      if let given, givenAt == nil {
        reader.error(
          givenNode,
          "`consent.given_at: \(given)` is not a date and time: write it as 2026-04-01T09:30:00+07:00 (with its offset from UTC, or Z), or a date such as 2026-04-01"
        )
      }
      if let notice, let givenAt { consent = ConsentRecord(notice: notice, givenAt: givenAt, method: .file) }
    }
    for key in ["questionnaire", "assessment", "submitted", "consent", "profile"] {
      if let node = top[key] { fieldLocations[key] = reader.location(node) }
    }
    let assessment = top["assessment"].flatMap { reader.string($0, "`assessment`") }
    if let assessment, AssessmentID(assessment) == nil, let node = top["assessment"] {
      reader.error(node, "`assessment: \(assessment)` is not a UUID (such as 7d6f3c1e-2b4a-4c8e-9f10-3a5b6c7d8e90)")
    }
    let profile = top["profile"].flatMap { profileNode -> BusinessProfile? in
      ProfileReader.read(profileNode, reader: &reader, locations: &fieldLocations)
    }
    var answers: [QuestionID: AnswerValue] = [:]
    var locations: [QuestionID: SourceLocation] = [:]
    if let node = reader.value(top, "answers", in: "the answers file", at: root, required: true),
      let map = reader.mapping(node, "`answers`")
    {
      answers.reserveCapacity(map.count)
      locations.reserveCapacity(map.count)
      for (key, value) in map {
        let question = QuestionID(key.scalar?.string ?? "")
        guard let answer = answerValue(value, question: question, reader: &reader) else { continue }
        answers[question] = answer
        locations[question] = reader.location(key)
      }
    }
    let diagnostics = reader.diagnostics.sortedByLocation()
    guard !diagnostics.hasErrors else { return Outcome(sheet: nil, diagnostics: diagnostics) }
    var sheet = AnswerSheet(
      questionnaireID: QuestionnaireID(id), questionnaireVersion: version, assessmentID: assessment, profile: profile,
      answers: answers, locations: locations)
    sheet.fieldLocations = fieldLocations
    sheet.submittedAt = submittedAt
    sheet.consent = consent
    return Outcome(sheet: sheet, diagnostics: diagnostics)
  }

  /// Reads one answer written as in an answers file (`yes`, `[web, shop]`, `12`, `{text: …}`),
  /// as given on a command line.
  public static func parseAnswer(_ text: String, question: QuestionID) -> Result<AnswerValue, Diagnostic> {
    var reader = YAMLReader(file: "<\(question)>")
    guard let node = reader.parse(text) else {
      return .failure(reader.diagnostics.first ?? Diagnostic(.error, at: reader.start, "empty answer"))
    }
    guard let value = answerValue(node, question: question, reader: &reader) else {
      return .failure(reader.diagnostics.first ?? Diagnostic(.error, at: reader.start, "unreadable answer"))
    }
    return .success(value)
  }

  static func answerValue(_ node: YAMLNode, question: QuestionID, reader: inout YAMLReader) -> AnswerValue? {
    switch node {
    case .sequence(let items, _):
      var ids: [OptionID] = []
      for item in items {
        guard let word = item.scalar?.string else {
          reader.error(item, "answer to `\(question)`: a list of choices holds option ids only")
          return nil
        }
        ids.append(OptionID(word))
      }
      return .options(ids)
    case .mapping(let map):
      if map.count == 1, let text = map["text"]?.scalar?.string { return .text(text) }
      reader.error(node, "answer to `\(question)`: write free text as `{text: \"…\"}`")
      return nil
    case .scalar(let scalar):
      if Plain.isNull(node) {
        reader.error(node, "answer to `\(question)` is empty; remove the line to leave it unanswered")
        return nil
      }
      if let number = Plain.number(node) {
        return .number(number)
      }
      switch scalar.string {
      case AnswerValue.notApplicableKeyword: return .notApplicable
      case AnswerValue.dontKnowKeyword: return .dontKnow
      default:
        // `true` and `false` answer yes/no questions as naturally as `yes` and `no`.
        if scalar.style == .plain, ["true", "false"].contains(scalar.string.lowercased()) {
          return .option(OptionID(scalar.string.lowercased() == "true" ? "yes" : "no"))
        }
        return .option(OptionID(scalar.string))
      }
    }
  }
}
