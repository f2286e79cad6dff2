import Crypto
import Foundation

extension AnswerValue {
  /// The answer as compact JSON, the same text `Codable` gives, written directly because stores
  /// write hundreds of thousands of answers at a time.
  public var jsonText: String {
    switch self {
    case .option(let id): Self.quoted(id.rawValue)
    case .options(let ids): "[" + ids.map { Self.quoted($0.rawValue) }.joined(separator: ",") + "]"
    case .number(let value): value.isFinite ? formatNumber(value) : "null"
    case .text(let text): "{\"text\":" + Self.quoted(text) + "}"
    case .notApplicable: Self.quoted(Self.notApplicableKeyword)
    case .dontKnow: Self.quoted(Self.dontKnowKeyword)
    }
  }

  /// Reads what ``jsonText`` wrote.
  public init?(jsonText: String) {
    guard let value = try? JSONDecoder().decode(AnswerValue.self, from: Data(jsonText.utf8)) else { return nil }
    self = value
  }

  /// `text` as a JSON string (``JSONQuote/quoted(_:)``).
  public static func quoted(_ text: String) -> String { JSONQuote.quoted(text) }
}

extension ImportedAssessment {
  /// The SHA-256 of what defines an imported assessment: the questionnaire's hash, the profile
  /// and the answers, one line each in a fixed order.
  static func digest(
    questionnaireHash: String, profile: BusinessProfile, encodedAnswers: [(question: QuestionID, json: String)],
    submittedAt: String? = nil
  ) -> SHA256.Digest {
    var text: [UInt8] = []
    text.reserveCapacity(4096)
    func line(_ part: String) {
      text.append(contentsOf: part.utf8)
      text.append(10)
    }
    line(questionnaireHash)
    let industry = profile.industry.map { "\($0.vsic)/\($0.section)/\($0.code ?? "")" }
    let fields: [String?] = [
      profile.name, profile.taxCode, profile.locality, industry, profile.employees.map(String.init),
      profile.revenueBillionVND.map(formatNumber), profile.capitalBillionVND.map(formatNumber),
    ]
    for field in fields { line(field.map(AnswerValue.quoted) ?? "null") }
    for (question, json) in encodedAnswers {
      text.append(contentsOf: question.rawValue.utf8)
      text.append(61)  // =
      line(json)
    }
    // Only when given, so that digests of files without them stay as they were.
    if let legalForm = profile.legalForm { line("legal_form=" + legalForm.rawValue) }
    if let submittedAt { line("submitted=" + submittedAt) }
    return SHA256.hash(data: text)
  }

  /// Answers as stored together: one compact JSON object of question ids and each answer's
  /// ``AnswerValue/jsonText``, in the order given (`{"q1":"yes","q2":["a","b"]}`).
  public static func answerSet(_ encodedAnswers: [(question: QuestionID, json: String)]) -> String {
    var object = JSONObjectWriter()
    for answer in encodedAnswers { object.json(answer.question.rawValue, answer.json) }
    return object.text
  }

  /// A name-based UUID (version 5 layout) from a digest's first 16 bytes.
  static func derivedID(fromDigest digest: SHA256.Digest) -> AssessmentID {
    var bytes = Array(digest.prefix(16))
    bytes[6] = (bytes[6] & 0x0F) | 0x50
    bytes[8] = (bytes[8] & 0x3F) | 0x80
    let uuid = UUID(
      uuid: (
        bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7], bytes[8], bytes[9],
        bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]
      ))
    return AssessmentID(uuid: uuid)
  }
}

/// Bytes as lower-case hexadecimal, without a formatter per byte.
public func hexadecimal(_ bytes: some Sequence<UInt8>) -> String {
  let digits = Array("0123456789abcdef".utf8)
  var result: [UInt8] = []
  for byte in bytes {
    result.append(digits[Int(byte >> 4)])
    result.append(digits[Int(byte & 0x0F)])
  }
  return String(decoding: result, as: UTF8.self)
}
