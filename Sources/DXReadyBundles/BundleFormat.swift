import DXReadyCore
import Foundation

/// Why a bundle or a key was refused: what is wrong, in words that say what to do.
public enum BundleError: Error, Sendable, Hashable, CustomStringConvertible {
  /// A key or bundle file that cannot be read or written.
  case file(String, String)
  /// A bundle refused: the file, and why.
  case refused(String, String)

  public var description: String {
    switch self {
    case .file(let path, let why), .refused(let path, let why): "\(path): \(why)"
    }
  }
}

/// What a bundle holds and how to check it, signed as a whole (`manifest.json`, signed in
/// `manifest.sig`): the format, who made it and when, how many assessments and questionnaires
/// it carries, and every other entry's size and SHA-256.
public struct BundleManifest: Codable, Sendable, Hashable {
  /// `dxready.bundle/1`.
  public static let currentFormat = "dxready.bundle/1"

  /// The entry holding a questionnaire's text: `questionnaires/HEX.yaml` for the hash
  /// `sha256:HEX` (no colon in a file name, for any system that unpacks it).
  static func entryName(forQuestionnaire hash: String) -> String {
    "questionnaires/\(hash.hasPrefix("sha256:") ? String(hash.dropFirst(7)) : hash).yaml"
  }

  /// The questionnaire hash an entry name gives, when it names one.
  static func questionnaireHash(ofEntry name: String) -> String? {
    guard name.hasPrefix("questionnaires/"), name.hasSuffix(".yaml") else { return nil }
    let hex = name.dropFirst("questionnaires/".count).dropLast(".yaml".count)
    guard hex.count == 64, hex.allSatisfy({ $0.isHexDigit && !$0.isUppercase }) else { return nil }
    return "sha256:" + hex
  }

  public struct Signer: Codable, Sendable, Hashable {
    /// The public key's id (`ed25519:…`), its 32 bytes in base 64, and its name.
    public var keyID: String
    public var publicKey: String
    public var name: String

    enum CodingKeys: String, CodingKey {
      case keyID = "key_id", publicKey = "public_key", name
    }

    public init(keyID: String, publicKey: String, name: String) {
      self.keyID = keyID
      self.publicKey = publicKey
      self.name = name
    }
  }

  public struct Counts: Codable, Sendable, Hashable {
    public var assessments: Int
    public var questionnaires: Int
  }

  public struct Entry: Codable, Sendable, Hashable {
    public var path: String
    public var bytes: Int64
    public var sha256: String

    public init(path: String, bytes: Int64, sha256: String) {
      self.path = path
      self.bytes = bytes
      self.sha256 = sha256
    }
  }

  public var format: String
  public var createdAt: String
  /// The dxready that made it.
  public var createdWith: String
  public var signer: Signer
  public var counts: Counts
  /// The earliest and latest submission times of the assessments it carries.
  public var submittedFrom: String?
  public var submittedTo: String?
  public var entries: [Entry]

  enum CodingKeys: String, CodingKey {
    case format, createdAt = "created_at", createdWith = "created_with", signer, counts
    case submittedFrom = "submitted_from", submittedTo = "submitted_to", entries
  }
}

/// One assessment in a bundle (a line of `assessments.jsonl`): everything that defines it —
/// its id, questionnaire (by id, version and the hash of the text the bundle carries), the
/// business profile, the answers, the consent, when it was made and submitted — and its scores,
/// which the receiving side works out again from the answers and compares.
public struct BundleRecord: Codable, Sendable, Hashable {
  public var id: String
  public var questionnaire: String
  public var questionnaireHash: String
  public var createdAt: String?
  public var submittedAt: String
  public var profile: BusinessProfile
  public var sizeClass: String?
  public var answers: [String: AnswerValue]
  public var consent: ConsentRecord?
  public var overallScore: Double?
  public var overallLevel: Int?

  enum CodingKeys: String, CodingKey {
    case id, questionnaire, questionnaireHash = "questionnaire_hash", createdAt = "created_at"
    case submittedAt = "submitted_at", profile, sizeClass = "size_class", answers, consent
    case overallScore = "overall_score", overallLevel = "overall_level"
  }

  /// A stored assessment's line of JSON, from its stored texts as they are (keys in a fixed
  /// order, nothing decoded: a bundle may carry a hundred thousand). Its scores are left out
  /// when a review changed it since it was submitted: the bundle carries the answers as the
  /// business gave them, and the scores are worked out again from them where it lands.
  public static func line(_ stored: ExportedAssessment) -> String {
    var fields: [String] = [
      "\"id\":\(AnswerValue.quoted(stored.id))",
      "\"questionnaire\":\(AnswerValue.quoted("\(stored.questionnaireID)@\(stored.questionnaireVersion)"))",
      "\"questionnaire_hash\":\(AnswerValue.quoted(stored.questionnaireHash))",
      "\"created_at\":\(AnswerValue.quoted(stored.createdAt))",
      "\"submitted_at\":\(AnswerValue.quoted(stored.submittedAt))",
      "\"profile\":\(stored.profileJSON)",
    ]
    if let sizeClass = stored.sizeClass { fields.append("\"size_class\":\(AnswerValue.quoted(sizeClass))") }
    let answerFields = stored.answers.map { "\(AnswerValue.quoted($0.question)):\($0.json)" }
    fields.append("\"answers\":{\(answerFields.joined(separator: ","))}")
    let consent = stored.consent
    let (overallScore, overallLevel) = stored.reviewed ? (nil, nil) : (stored.overallScore, stored.overallLevel)
    if let consent {
      var parts: [String] = []
      if let notice = consent.notice { parts.append("\"notice\":\(AnswerValue.quoted(notice))") }
      if let given = consent.givenAt { parts.append("\"given_at\":\(AnswerValue.quoted(given))") }
      parts.append("\"method\":\"\(consent.method.rawValue)\"")
      fields.append("\"consent\":{\(parts.joined(separator: ","))}")
    }
    if let overallScore { fields.append("\"overall_score\":\(AnswerValue.number(overallScore).jsonText)") }
    if let overallLevel { fields.append("\"overall_level\":\(overallLevel)") }
    return "{" + fields.joined(separator: ",") + "}"
  }
}
