import Crypto
import Foundation

/// Where a submitted assessment is in a consultant's review.
///
/// `submitted` → `in-review` → `reviewed`, with `needs-follow-up` (the consultant waits on the
/// business) and `rejected` (a test entry, a duplicate, not a real business; a reason is
/// required). A reviewed or rejected assessment can be opened again (`in-review`). Rejected
/// assessments leave the statistics.
public enum ReviewState: String, Sendable, Hashable, Codable, CaseIterable {
  case submitted
  case inReview = "in-review"
  case reviewed
  case needsFollowUp = "needs-follow-up"
  case rejected

  /// The states this one may move to.
  public var next: [ReviewState] {
    switch self {
    case .submitted: [.inReview, .reviewed, .needsFollowUp, .rejected]
    case .inReview: [.reviewed, .needsFollowUp, .rejected]
    case .needsFollowUp: [.inReview, .reviewed, .rejected]
    case .reviewed, .rejected: [.inReview]
    }
  }

  /// Whether answers can be corrected and the roadmap decided on in this state (a reviewed or
  /// rejected assessment is opened again first).
  public var isOpen: Bool { self == .submitted || self == .inReview || self == .needsFollowUp }

  /// The state's name as a person reads it, in both languages.
  public var name: LocalizedText {
    switch self {
    case .submitted: Words.localized("state_submitted")
    case .inReview: Words.localized("state_in_review")
    case .reviewed: Words.localized("state_reviewed")
    case .needsFollowUp: Words.localized("state_needs_follow_up")
    case .rejected: Words.localized("state_rejected")
    }
  }
}

/// A consultant's correction of one answer: the original stays, and scores, levels and the
/// roadmap are computed with the corrected value.
public struct Correction: Sendable, Hashable, Codable {
  /// The question whose answer is corrected.
  public var question: QuestionID
  /// The answer as corrected.
  public var value: AnswerValue
  /// Why, as the consultant wrote it (required).
  public var reason: String
  /// The consultant who corrected it.
  public var by: String
  /// Stored UTC form, `2026-11-30T03:00:00.000Z`.
  public var at: String

  /// A correction; see each property.
  public init(question: QuestionID, value: AnswerValue, reason: String, by: String, at: String) {
    self.question = question
    self.value = value
    self.reason = reason
    self.by = by
    self.at = at
  }
}

/// A note on an assessment, or on one of its answers. Notes are never changed or removed.
public struct ReviewNote: Sendable, Hashable, Codable {
  /// The question the note is about; `nil` for a note on the whole assessment.
  public var question: QuestionID?
  /// The note as written.
  public var text: String
  /// Who wrote it.
  public var by: String
  /// When, in the stored UTC form.
  public var at: String

  /// A note; see each property.
  public init(question: QuestionID?, text: String, by: String, at: String) {
    self.question = question
    self.text = text
    self.by = by
    self.at = at
  }
}

/// The consultant's decision on a service of the roadmap.
public struct ServiceDecision: Sendable, Hashable, Codable {
  /// What the consultant decided on the service.
  public enum Kind: String, Sendable, Hashable, Codable {
    /// A recommended service the consultant keeps.
    case accepted
    /// A recommended service the consultant leaves out, with a reason.
    case rejected
    /// A service of the catalogue the engine did not recommend, added by the consultant.
    case added
  }

  /// The service's id in the catalogue.
  public var service: String
  /// Kept, left out or added.
  public var kind: Kind
  /// Why (required when a recommended service is left out).
  public var reason: String?
  /// Who decided.
  public var by: String
  /// When, in the stored UTC form.
  public var at: String

  /// A decision; see each property.
  public init(service: String, kind: Kind, reason: String?, by: String, at: String) {
    self.service = service
    self.kind = kind
    self.reason = reason
    self.by = by
    self.at = at
  }
}

/// Everything a review has added to an assessment.
public struct ReviewRecord: Sendable, Hashable, Codable {
  /// Where the assessment is in its review.
  public var state: ReviewState
  /// Who has it in review (the last to act on it).
  public var reviewer: String?
  /// Counts the changes: a change based on an older version is refused.
  public var version: Int
  /// The consultant's corrections of answers, in the order made (a later one for the same
  /// question replaces the earlier).
  public var corrections: [Correction]
  /// The notes, in the order written.
  public var notes: [ReviewNote]
  /// The decisions on the roadmap's services, by service.
  public var decisions: [ServiceDecision]
  /// Target levels the consultant set, by dimension.
  public var targets: [DimensionID: Int]
  /// The last move of the state, from the audit log: who, when and why (a rejection's reason).
  /// Not carried in bundles as such: the audit entries that made it travel instead.
  public var lastStateChange: StateChange?

  /// A move of the review's state as the audit log records it.
  public struct StateChange: Sendable, Hashable {
    /// Who moved it.
    public var by: String
    /// When, in the stored UTC form.
    public var at: String
    /// Why, when a reason was given (a rejection always has one).
    public var reason: String?

    /// A move; see each property.
    public init(by: String, at: String, reason: String?) {
      self.by = by
      self.at = at
      self.reason = reason
    }

    /// The change an audit entry of action `state` records, from its detail (a JSON object).
    public static func from(actor: String, at: String, detail: String) -> StateChange {
      let object = (try? JSONSerialization.jsonObject(with: Data(detail.utf8))) as? [String: Any]
      return StateChange(by: actor, at: at, reason: object?["reason"] as? String)
    }
  }

  /// A review record; see each property.
  public init(
    state: ReviewState, reviewer: String? = nil, version: Int = 0, corrections: [Correction] = [],
    notes: [ReviewNote] = [], decisions: [ServiceDecision] = [], targets: [DimensionID: Int] = [:]
  ) {
    self.state = state
    self.reviewer = reviewer
    self.version = version
    self.corrections = corrections
    self.notes = notes
    self.decisions = decisions
    self.targets = targets
  }

  enum CodingKeys: String, CodingKey {
    case state, reviewer, version, corrections, notes, decisions, targets
  }

  /// A record from JSON, its targets an object keyed by dimension id.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    state = try container.decode(ReviewState.self, forKey: .state)
    reviewer = try container.decodeIfPresent(String.self, forKey: .reviewer)
    version = try container.decode(Int.self, forKey: .version)
    corrections = try container.decode([Correction].self, forKey: .corrections)
    notes = try container.decode([ReviewNote].self, forKey: .notes)
    decisions = try container.decode([ServiceDecision].self, forKey: .decisions)
    let byName = try container.decode([String: Int].self, forKey: .targets)
    targets = Dictionary(uniqueKeysWithValues: byName.map { (DimensionID($0.key), $0.value) })
  }

  /// Targets as an object keyed by dimension id.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(state, forKey: .state)
    try container.encodeIfPresent(reviewer, forKey: .reviewer)
    try container.encode(version, forKey: .version)
    try container.encode(corrections, forKey: .corrections)
    try container.encode(notes, forKey: .notes)
    try container.encode(decisions, forKey: .decisions)
    try container.encode(
      Dictionary(uniqueKeysWithValues: targets.map { ($0.key.rawValue, $0.value) }), forKey: .targets)
  }

  /// The answers as corrected: the original answers with each correction in place.
  public func correctedAnswers(_ original: [QuestionID: AnswerValue]) -> [QuestionID: AnswerValue] {
    var answers = original
    for correction in corrections { answers[correction.question] = correction.value }
    return answers
  }
}

/// One change a consultant makes, as a script or the review screen asks for it.
public enum ReviewAction: Sendable, Hashable {
  case note(QuestionID?, String)
  case correct(QuestionID, AnswerValue, reason: String)
  case setState(ReviewState, reason: String?)
  case accept(String)
  case reject(String, reason: String)
  case add(String)
  case target(DimensionID, Int)
}

/// One entry of the audit log: who did what to which assessment, when, with what before and
/// after, and the chain of hashes that shows the log untouched.
public struct AuditEntry: Sendable, Hashable, Codable {
  /// The entry's place in the whole log (the store's sequence).
  public var seq: Int64
  /// The id of the assessment it is about.
  public var assessment: String
  /// When, in the stored UTC form.
  public var at: String
  /// Who acted, as they were named (`--actor`, or the account).
  public var actor: String
  /// What was done: `state`, `note`, `correct`, `service`, `target` or `delete`.
  public var action: String
  /// Before, after and reason, as compact JSON.
  public var detail: String
  /// The hash of the entry before it in the log (`""` for the first).
  public var previousHash: String
  /// This entry's hash, chained to the one before (``hash(previous:assessment:at:actor:action:detail:)``).
  public var hash: String

  /// An entry as stored; see each property.
  public init(
    seq: Int64, assessment: String, at: String, actor: String, action: String, detail: String, previousHash: String,
    hash: String
  ) {
    self.seq = seq
    self.assessment = assessment
    self.at = at
    self.actor = actor
    self.action = action
    self.detail = detail
    self.previousHash = previousHash
    self.hash = hash
  }

  /// The hash of an entry's content chained to the previous entry's hash: SHA-256 over the
  /// previous hash and each field on a line of its own.
  public static func hash(
    previous: String, assessment: String, at: String, actor: String, action: String, detail: String
  ) -> String {
    var text = ""
    for part in [previous, assessment, at, actor, action, detail] {
      text += part.replacingOccurrences(of: "\n", with: "\\n") + "\n"
    }
    return hexadecimal(SHA256.hash(data: Data(text.utf8)))
  }

  /// The hash this entry should have after `previous`.
  public func expectedHash(after previous: String) -> String {
    Self.hash(previous: previous, assessment: assessment, at: at, actor: actor, action: action, detail: detail)
  }

  /// The first entry of `log` (in order) that was changed, removed or inserted by hand, and
  /// what is wrong with it; `nil` when the chain is whole.
  public static func firstBreak(in log: [AuditEntry]) -> (entry: AuditEntry, problem: String)? {
    var previous = ""
    for entry in log {
      if entry.previousHash != previous {
        return (
          entry,
          "it does not follow the entry before it (an entry before it was removed, or it was inserted)"
        )
      }
      if entry.expectedHash(after: previous) != entry.hash {
        return (entry, "its content does not match its hash (it was changed)")
      }
      previous = entry.hash
    }
    return nil
  }
}

extension AuditEntry {
  /// A detail object as compact JSON: each value already JSON (an answer's `jsonText`) or a
  /// string to quote; `nil` values are left out.
  public static func detail(_ fields: [(String, Value?)]) -> String {
    var object = JSONObjectWriter()
    for (key, value) in fields {
      switch value {
      case .text(let text): object.string(key, text)
      case .json(let json): object.json(key, json)
      case nil: break
      }
    }
    return object.text
  }

  /// A value of a detail field.
  public enum Value: Sendable {
    case text(String)
    case json(String)
  }
}

/// One row of the review queue: enough to choose an assessment, no answers.
public struct ReviewQueueRow: Sendable, Hashable, Codable {
  /// The assessment's id.
  public var id: AssessmentID
  /// Its business's tax code.
  public var taxCode: String
  /// Its business's name.
  public var businessName: String
  /// The questionnaire it was taken with.
  public var questionnaireID: QuestionnaireID
  /// The business's commune-level unit.
  public var locality: String?
  /// The VSIC edition of its sector.
  public var vsicVersion: Int?
  /// The VSIC section.
  public var section: String?
  /// Its size class, when it has one.
  public var sizeClass: SizeClass?
  /// Stored UTC form.
  public var submittedAt: String
  /// The overall score.
  public var overallScore: Double?
  /// The maturity level.
  public var overallLevel: Int?
  /// The dimension with the lowest score, where the roadmap starts.
  public var weakestDimension: String?
  /// Where it is in its review.
  public var state: ReviewState
  /// Who has it in review, if anyone.
  public var reviewer: String?

  /// A queue row; see each property.
  public init(
    id: AssessmentID, taxCode: String, businessName: String, questionnaireID: QuestionnaireID, locality: String?,
    vsicVersion: Int?, section: String?, sizeClass: SizeClass?, submittedAt: String, overallScore: Double?,
    overallLevel: Int?, weakestDimension: String?, state: ReviewState, reviewer: String?
  ) {
    self.id = id
    self.taxCode = taxCode
    self.businessName = businessName
    self.questionnaireID = questionnaireID
    self.locality = locality
    self.vsicVersion = vsicVersion
    self.section = section
    self.sizeClass = sizeClass
    self.submittedAt = submittedAt
    self.overallScore = overallScore
    self.overallLevel = overallLevel
    self.weakestDimension = weakestDimension
    self.state = state
    self.reviewer = reviewer
  }
}
