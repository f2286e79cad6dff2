import Foundation

/// A submitted assessment as one line of JSON — a line of a field bundle's `assessments.jsonl`:
/// everything that defines it —
/// its id, questionnaire (by id, version and the hash of the text the bundle carries), the
/// business profile, the answers, the consent, when it was made and submitted — and its scores,
/// which the receiving side works out again from the answers and compares.
public struct AssessmentRecord: Sendable, Hashable {
  /// The assessment's id (a UUID).
  public var id: String
  /// The questionnaire as `id@version`.
  public var questionnaire: String
  /// The hash of the questionnaire's text the bundle carries.
  public var questionnaireHash: String
  /// When it was started, in the stored UTC form, when the line says.
  public var createdAt: String?
  /// When it was submitted, in the stored UTC form.
  public var submittedAt: String
  /// The business as described when it was made.
  public var profile: BusinessProfile
  /// Its size class as the sending database stored it, when it has one.
  public var sizeClass: String?
  /// The answers, by question id.
  public var answers: [String: AnswerValue]
  /// The business's consent as recorded, if it was.
  public var consent: ConsentRecord?
  /// The overall score as the sending database stored it.
  public var overallScore: Double?
  /// The maturity level as the sending database stored it.
  public var overallLevel: Int?

  /// A stored assessment's line of JSON, from its stored texts as they are (keys in a fixed
  /// order, nothing decoded: a bundle may carry a hundred thousand). Its scores are left out
  /// when a review changed it since it was submitted: the bundle carries the answers as the
  /// business gave them, and the scores are worked out again from them where it lands.
  public static func line(_ stored: ExportedAssessment) -> String {
    var object = JSONObjectWriter()
    object.string("id", stored.id)
    object.string("questionnaire", "\(stored.questionnaireID)@\(stored.questionnaireVersion)")
    object.string("questionnaire_hash", stored.questionnaireHash)
    object.string("created_at", stored.createdAt)
    object.string("submitted_at", stored.submittedAt)
    object.json("profile", stored.profileJSON)
    object.string("size_class", stored.sizeClass)
    var answers = JSONObjectWriter()
    for answer in stored.answers { answers.json(answer.question, answer.json) }
    object.json("answers", answers.text)
    if let consent = stored.consent {
      var parts = JSONObjectWriter()
      parts.string("notice", consent.notice)
      parts.string("given_at", consent.givenAt)
      parts.string("method", consent.method.rawValue)
      object.json("consent", parts.text)
    }
    if !stored.reviewed {
      object.json("overall_score", stored.overallScore.map { AnswerValue.number($0).jsonText })
      object.number("overall_level", stored.overallLevel)
    }
    return object.text
  }
}

extension AssessmentRecord {
  /// Reads a line that ``line(_:)`` wrote, with the project's own JSON reader (several times
  /// faster than `JSONDecoder` on a hundred thousand lines); the problem, in words, otherwise.
  public static func parse(_ line: String) -> Result<AssessmentRecord, RecordProblem> {
    parse(bytes: Array(line.utf8))
  }

  /// Reads a line given as its UTF-8 bytes.
  public static func parse(bytes: [UInt8]) -> Result<AssessmentRecord, RecordProblem> {
    let root: YAMLNode?
    do throws(YAMLParser.Failure) {
      root = try JSONTreeParser.parse(bytes: bytes)
    } catch {
      return .failure(RecordProblem("not JSON (\(error.message))"))
    }
    guard let top = root?.mapping else { return .failure(RecordProblem("not a JSON object")) }
    func text(_ node: YAMLNode?, _ field: String, required: Bool = true) throws(RecordProblem) -> String? {
      guard let node else {
        if required { throw RecordProblem("`\(field)` is missing") }
        return nil
      }
      guard let scalar = node.scalar, scalar.style == .quoted else {
        if !required, node.scalar?.string == "null" { return nil }
        throw RecordProblem("`\(field)` is not a text")
      }
      return scalar.string
    }
    func number(_ node: YAMLNode?, _ field: String) throws(RecordProblem) -> Double? {
      guard let node, node.scalar?.string != "null" else { return nil }
      guard let scalar = node.scalar, scalar.style == .plain, let value = Double(scalar.string) else {
        throw RecordProblem("`\(field)` is not a number")
      }
      return value
    }
    func integer(_ node: YAMLNode?, _ field: String) throws(RecordProblem) -> Int? {
      guard let value = try number(node, field) else { return nil }
      guard let whole = Int(exactly: value) else { throw RecordProblem("`\(field)` is not a whole number") }
      return whole
    }
    do throws(RecordProblem) {
      guard let profileNode = top["profile"]?.mapping else { throw RecordProblem("`profile` is missing") }
      var profile = BusinessProfile()
      profile.name = try text(profileNode["name"], "profile.name", required: false)
      profile.taxCode = try text(profileNode["tax_code"], "profile.tax_code", required: false)
      profile.locality = try text(profileNode["locality"], "profile.locality", required: false)
      if let form = try text(profileNode["legal_form"], "profile.legal_form", required: false) {
        guard let legal = LegalForm(rawValue: form) else {
          throw RecordProblem("`profile.legal_form` \(form) is unknown")
        }
        profile.legalForm = legal
      }
      if let industry = profileNode["industry"]?.mapping {
        guard let vsic = try integer(industry["vsic"], "profile.industry.vsic"),
          let section = try text(industry["section"], "profile.industry.section")
        else { throw RecordProblem("`profile.industry` needs `vsic` and `section`") }
        profile.industry = Industry(
          vsic: vsic, section: section, code: try text(industry["code"], "profile.industry.code", required: false))
      }
      profile.employees = try integer(profileNode["employees"], "profile.employees")
      profile.revenueBillionVND = try number(profileNode["revenue_billion_vnd"], "profile.revenue_billion_vnd")
      profile.capitalBillionVND = try number(profileNode["capital_billion_vnd"], "profile.capital_billion_vnd")

      guard let answerNodes = top["answers"]?.mapping else { throw RecordProblem("`answers` is missing") }
      var answers: [String: AnswerValue] = [:]
      answers.reserveCapacity(answerNodes.count)
      for (key, value) in answerNodes {
        guard let question = key.scalar?.string else { throw RecordProblem("`answers` has a key that is not a text") }
        let answer: AnswerValue
        if let scalar = value.scalar {
          if scalar.style == .quoted {
            switch scalar.string {
            case AnswerValue.notApplicableKeyword: answer = .notApplicable
            case AnswerValue.dontKnowKeyword: answer = .dontKnow
            default: answer = .option(OptionID(scalar.string))
            }
          } else if let value = Double(scalar.string) {
            answer = .number(value)
          } else {
            throw RecordProblem("the answer to \(question) is not an answer")
          }
        } else if let items = value.sequence {
          var ids: [OptionID] = []
          for item in items {
            guard let id = item.scalar, id.style == .quoted else {
              throw RecordProblem("the answer to \(question) is not a list of option ids")
            }
            ids.append(OptionID(id.string))
          }
          answer = .options(ids)
        } else if let wrapped = value.mapping, wrapped.count == 1,
          let typed = try text(wrapped["text"], "answers.\(question).text")
        {
          answer = .text(typed)
        } else {
          throw RecordProblem("the answer to \(question) is not an answer")
        }
        answers[question] = answer
      }
      var consent: ConsentRecord?
      if let node = top["consent"]?.mapping {
        guard let method = ConsentRecord.Method(rawValue: try text(node["method"], "consent.method") ?? "") else {
          throw RecordProblem("`consent.method` is unknown")
        }
        consent = ConsentRecord(
          notice: try text(node["notice"], "consent.notice", required: false),
          givenAt: try text(node["given_at"], "consent.given_at", required: false), method: method)
      }
      return .success(
        AssessmentRecord(
          id: try text(top["id"], "id") ?? "", questionnaire: try text(top["questionnaire"], "questionnaire") ?? "",
          questionnaireHash: try text(top["questionnaire_hash"], "questionnaire_hash") ?? "",
          createdAt: try text(top["created_at"], "created_at", required: false),
          submittedAt: try text(top["submitted_at"], "submitted_at") ?? "", profile: profile,
          sizeClass: try text(top["size_class"], "size_class", required: false), answers: answers, consent: consent,
          overallScore: try number(top["overall_score"], "overall_score"),
          overallLevel: try integer(top["overall_level"], "overall_level")))
    } catch {
      return .failure(error)
    }
  }
}

/// Why a line is not an assessment record.
public struct RecordProblem: Error, Sendable, Hashable, CustomStringConvertible {
  /// What is wrong with the line, naming the field.
  public var description: String

  init(_ description: String) { self.description = description }
}
