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

  static func quoted(_ text: String) -> String {
    var result = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": result += "\\\""
      case "\\": result += "\\\\"
      case "\n": result += "\\n"
      case "\r": result += "\\r"
      case "\t": result += "\\t"
      case _ where scalar.value < 0x20: result += String(format: "\\u%04x", scalar.value)
      default: result.unicodeScalars.append(scalar)
      }
    }
    return result + "\""
  }
}

extension ImportedAssessment {
  /// `sha256:` and the digest of what defines an imported assessment: the questionnaire's hash,
  /// the profile and the answers. Two files with the same content give the same digest.
  public static func digest(
    questionnaireHash: String, profile: BusinessProfile, answers: [QuestionID: AnswerValue]
  ) -> String {
    // One line per field, in a fixed order: cheaper than a JSON encoder, and as unambiguous.
    var text = questionnaireHash + "\n"
    let industry = profile.industry.map { "\($0.vsic)/\($0.section)/\($0.code ?? "")" }
    let fields: [String?] = [
      profile.name, profile.taxCode, profile.locality, industry, profile.employees.map(String.init),
      profile.revenueBillionVND.map(formatNumber), profile.capitalBillionVND.map(formatNumber),
    ]
    for field in fields { text += (field.map(AnswerValue.quoted) ?? "null") + "\n" }
    for (question, answer) in answers.sorted(by: { $0.key < $1.key }) {
      text += question.rawValue + "=" + answer.jsonText + "\n"
    }
    return "sha256:" + SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
  }

  /// A stable id derived from a digest, for files that carry no assessment id: the same content
  /// always gets the same id, so importing it twice adds nothing.
  public static func derivedID(fromDigest digest: String) -> AssessmentID {
    let hex = Array(digest.dropFirst("sha256:".count).prefix(32))
    var bytes = stride(from: 0, to: 32, by: 2).map { UInt8(String(hex[$0..<$0 + 2]), radix: 16) ?? 0 }
    bytes[6] = (bytes[6] & 0x0F) | 0x50  // version 5 style: name-based
    bytes[8] = (bytes[8] & 0x3F) | 0x80  // RFC 4122 variant
    let uuid = UUID(
      uuid: (
        bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7], bytes[8], bytes[9],
        bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]
      ))
    return AssessmentID(uuid: uuid)
  }
}
