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
    /// The lines of `reviews.jsonl`, when the bundle carries reviews.
    public var reviews: Int?
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

/// One assessment in a bundle: a line of `assessments.jsonl` (see ``AssessmentRecord``).
public typealias BundleRecord = AssessmentRecord
