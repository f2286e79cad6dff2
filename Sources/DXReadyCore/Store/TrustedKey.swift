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
  /// When it was revoked, if it was (in the stored UTC form).
  public var revokedAt: String?

  enum CodingKeys: String, CodingKey {
    case id, publicKey = "public_key", name, addedAt = "added_at", revokedAt = "revoked_at"
  }

  /// A trusted key; see each property.
  public init(id: String, publicKey: String, name: String, addedAt: String, revokedAt: String? = nil) {
    self.id = id
    self.publicKey = publicKey
    self.name = name
    self.addedAt = addedAt
    self.revokedAt = revokedAt
  }
}

extension TrustedKey {
  /// The key `idOrName` names among `keys` (those with that id or that name): by id, or by a
  /// name only one key has. Both stores decide alike.
  public static func chosen(_ idOrName: String, among keys: [TrustedKey]) throws(StoreError) -> TrustedKey {
    if let key = keys.first(where: { $0.id == idOrName }) ?? (keys.count == 1 ? keys.first : nil) { return key }
    throw keys.isEmpty
      ? StoreError.conflict("no trusted key has the id or name \(idOrName) (dxready keys list shows them)")
      : StoreError.conflict(
        "\(keys.count) keys are named \(idOrName) (\(keys.map(\.id).joined(separator: ", "))); give the key's id")
  }

  /// Why this stored key cannot be trusted again, when it was revoked.
  public var revokedForGood: StoreError? {
    revokedAt.map {
      .conflict(
        "key \(id) (\(name)) was revoked at \($0) and stays revoked; the laptop needs a new key (dxready keys init)")
    }
  }
}

/// A bundle made from a database (`dxready bundle create`), remembered so that the next one can
/// carry only what came after it (`--since-last`).
public struct BundleMade: Sendable, Hashable {
  /// When it was made, in the stored UTC form.
  public var madeAt: String
  /// The latest submission time among the assessments it carried.
  public var submittedTo: String
  /// The last assessment it carried, in the order they were stored: the next bundle made with
  /// `--since-last` carries those stored after it, whenever they were submitted.
  public var lastStored: Int64
  /// How many assessments it carried.
  public var assessments: Int
  /// The file it was written to, as given.
  public var file: String

  /// A bundle made; see each property.
  public init(madeAt: String, submittedTo: String, lastStored: Int64, assessments: Int, file: String) {
    self.madeAt = madeAt
    self.submittedTo = submittedTo
    self.lastStored = lastStored
    self.assessments = assessments
    self.file = file
  }
}

/// A submitted assessment as a bundle carries it, read in bulk (``AssessmentStore/exportSubmitted(statuses:from:after:_:)``):
/// the stored texts as they are — the profile's and each answer's JSON — so that a hundred
/// thousand are written without decoding one.
public struct ExportedAssessment: Sendable, Hashable {
  /// Its place in the order assessments were stored.
  public var stored: Int64
  /// The assessment's id.
  public var id: String
  /// The questionnaire it was taken with.
  public var questionnaireID: QuestionnaireID
  /// That questionnaire's version.
  public var questionnaireVersion: String
  /// The hash of the questionnaire's text (its file travels in the bundle by this hash).
  public var questionnaireHash: String
  /// Stored UTC times.
  public var createdAt: String
  /// When it was submitted (the stored UTC form).
  public var submittedAt: String
  /// ``BusinessProfile/jsonText`` as stored.
  public var profileJSON: String
  /// Its size class as stored, when it has one.
  public var sizeClass: String?
  /// The business's consent as recorded, if it was.
  public var consent: ConsentRecord?
  /// The overall score as stored.
  public var overallScore: Double?
  /// The maturity level as stored.
  public var overallLevel: Int?
  /// Whether a consultant's review changed the assessment since it was submitted (its stored
  /// scores may then be those of corrected answers).
  public var reviewed: Bool
  /// Each answer's ``AnswerValue/jsonText``, by question id.
  public var answers: [(question: String, json: String)]

  /// An assessment as read for a bundle; see each property.
  public init(
    stored: Int64, id: String, questionnaireID: QuestionnaireID, questionnaireVersion: String,
    questionnaireHash: String,
    createdAt: String,
    submittedAt: String, profileJSON: String, sizeClass: String?, consent: ConsentRecord?, overallScore: Double?,
    overallLevel: Int?, reviewed: Bool, answers: [(question: String, json: String)]
  ) {
    self.stored = stored
    self.id = id
    self.questionnaireID = questionnaireID
    self.questionnaireVersion = questionnaireVersion
    self.questionnaireHash = questionnaireHash
    self.createdAt = createdAt
    self.submittedAt = submittedAt
    self.profileJSON = profileJSON
    self.sizeClass = sizeClass
    self.consent = consent
    self.overallScore = overallScore
    self.overallLevel = overallLevel
    self.reviewed = reviewed
    self.answers = answers
  }

  /// The same id, submission time, profile and answers.
  public static func == (lhs: ExportedAssessment, rhs: ExportedAssessment) -> Bool {
    lhs.id == rhs.id && lhs.submittedAt == rhs.submittedAt && lhs.profileJSON == rhs.profileJSON
      && lhs.answers.map(\.question) == rhs.answers.map(\.question)
      && lhs.answers.map(\.json) == rhs.answers.map(\.json)
  }

  /// Hashes its id.
  public func hash(into hasher: inout Hasher) { hasher.combine(id) }
}
