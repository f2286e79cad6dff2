/// A public key whose signed bundles a database accepts (`dxready keys trust`), until it is
/// revoked (`dxready keys revoke`): then its bundles are refused, whenever they were made.
public struct TrustedKey: Sendable, Hashable, Codable {
  /// `ed25519:` and 16 hexadecimal digits of the key's SHA-256.
  public var id: String
  /// The key's 32 bytes, in base 64.
  public var publicKey: String
  /// What people call it (a laptop's name).
  public var name: String
  /// When it was trusted, and revoked, in the stored UTC form.
  public var addedAt: String
  public var revokedAt: String?

  enum CodingKeys: String, CodingKey {
    case id, publicKey = "public_key", name, addedAt = "added_at", revokedAt = "revoked_at"
  }

  public init(id: String, publicKey: String, name: String, addedAt: String, revokedAt: String? = nil) {
    self.id = id
    self.publicKey = publicKey
    self.name = name
    self.addedAt = addedAt
    self.revokedAt = revokedAt
  }
}

/// A bundle made from a database (`dxready bundle create`), remembered so that the next one can
/// carry only what came after it (`--since-last`).
public struct BundleMade: Sendable, Hashable {
  public var madeAt: String
  /// The latest submission time among the assessments it carried.
  public var submittedTo: String
  public var assessments: Int
  public var file: String

  public init(madeAt: String, submittedTo: String, assessments: Int, file: String) {
    self.madeAt = madeAt
    self.submittedTo = submittedTo
    self.assessments = assessments
    self.file = file
  }
}
