import Foundation

/// A review made in another dxready database (a consultant's offline laptop) that travels with
/// its assessment in a field bundle: the review as it stands there, and that database's audit
/// entries for the assessment, which made it.
///
/// A receiving database applies it only where nobody has reviewed the assessment there: either
/// never, or only through earlier bundles of the same review (see ``CarriedReviewStep``). Each
/// carried audit entry is appended to the receiving chain with its first actor, time, action and
/// detail, the detail naming where it came from (`"carried": {"from": KEY, "hash": HASH}`).
public struct CarriedReview: Sendable, Hashable {
  /// The assessment reviewed.
  public var assessment: AssessmentID
  /// The review as it stands in the sending database.
  public var review: ReviewRecord
  /// The sending database's audit entries for the assessment, in their order, each with the
  /// hashes it has in that database's chain.
  public var entries: [AuditEntry]

  /// A carried review; see each property.
  public init(assessment: AssessmentID, review: ReviewRecord, entries: [AuditEntry]) {
    self.assessment = assessment
    self.review = review
    self.entries = entries
  }

  private struct Line: Codable {
    var id: String
    var review: ReviewRecord
    var audit: [Entry]
  }

  private struct Entry: Codable {
    var seq: Int64
    var at: String
    var actor: String
    var action: String
    var detail: String
    var previousHash: String
    var hash: String

    enum CodingKeys: String, CodingKey {
      case seq, at, actor, action, detail, previousHash = "previous_hash", hash
    }
  }

  /// One line of a bundle's `reviews.jsonl` (JSON, keys sorted, no line break).
  public func line() throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    let line = Line(
      id: assessment.rawValue, review: review,
      audit: entries.map {
        Entry(
          seq: $0.seq, at: $0.at, actor: $0.actor, action: $0.action, detail: $0.detail,
          previousHash: $0.previousHash, hash: $0.hash)
      })
    return String(decoding: try encoder.encode(line), as: UTF8.self)
  }

  /// Why a line is not a carried review, in words.
  public struct Malformed: Error, Sendable, CustomStringConvertible {
    /// What is wrong, naming the field.
    public var description: String
  }

  /// Reads a line written by ``line()``; the failure says what is wrong in words.
  public static func parse(_ bytes: Data) -> Result<CarriedReview, Malformed> {
    let line: Line
    do {
      line = try JSONDecoder().decode(Line.self, from: bytes)
    } catch DecodingError.keyNotFound(let key, let context) {
      return .failure(
        Malformed(
          description:
            "`\((context.codingPath.map(\.stringValue) + [key.stringValue]).joined(separator: "."))` is missing"))
    } catch DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context),
      DecodingError.dataCorrupted(let context)
    {
      let place = context.codingPath.map(\.stringValue).joined(separator: ".")
      return .failure(
        Malformed(description: place.isEmpty ? "not JSON" : "`\(place)` is not what a review holds there"))
    } catch {
      return .failure(Malformed(description: "not JSON"))
    }
    guard let id = AssessmentID(line.id) else {
      return .failure(Malformed(description: "`id` \(line.id) is not an assessment id (a UUID)"))
    }
    return .success(
      CarriedReview(
        assessment: id, review: line.review,
        entries: line.audit.map {
          AuditEntry(
            seq: $0.seq, assessment: id.rawValue, at: $0.at, actor: $0.actor, action: $0.action, detail: $0.detail,
            previousHash: $0.previousHash, hash: $0.hash)
        }))
  }

  /// What is wrong with the review of an assessment of `questionnaire`: each problem in words,
  /// none when it can be applied. `services` are the ids of the receiving office's service
  /// catalogue.
  public func problems(questionnaire: Questionnaire, services: Set<String>) -> [String] {
    var problems: [String] = []
    if entries.isEmpty {
      problems.append("its review comes without the audit entries that made it")
    }
    var previousSeq: Int64 = .min
    for entry in entries {
      let at = "its review's audit entry \(entry.seq)"
      if entry.seq <= previousSeq { problems.append("\(at) is out of order") }
      previousSeq = entry.seq
      if entry.expectedHash(after: entry.previousHash) != entry.hash {
        problems.append("\(at) does not match its hash (it was changed after it was written)")
      }
      if StoredTime.parse(entry.at) == nil { problems.append("\(at): `at` \(entry.at) is not a time") }
      if entry.actor.isEmpty || entry.action.isEmpty { problems.append("\(at) has no actor or no action") }
      if !Self.isObject(entry.detail) { problems.append("\(at): its detail is not a JSON object") }
    }
    // Each corrected value is one its question accepts, as `dxready review --correct` checks it.
    for correction in review.corrections {
      guard let question = questionnaire.question(correction.question) else {
        problems.append(
          "its review corrects `\(correction.question)`, which is not a question of \(questionnaire.reference)")
        continue
      }
      switch AnswerValidator.normalize(correction.value, for: question) {
      case .success(let normalized) where normalized == correction.value: break
      case .success:
        problems.append("its review's correction of `\(correction.question)` is not written as dxready writes it")
      case .failure(let problem):
        problems.append("its review's correction of `\(correction.question)`: \(problem.message)")
      }
    }
    for note in review.notes {
      if let question = note.question, questionnaire.question(question) == nil {
        problems.append("its review has a note on `\(question)`, which is not a question of \(questionnaire.reference)")
      }
    }
    for decision in review.decisions where !services.contains(decision.service) {
      problems.append("its review decides on `\(decision.service)`, which is not a service of this office's catalogue")
    }
    for (dimension, level) in review.targets.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
      if questionnaire.dimension(dimension) == nil {
        problems.append(
          "its review sets a target for `\(dimension)`, which is not a dimension of \(questionnaire.reference)")
      } else if !questionnaire.levels.indices.contains(level) {
        problems.append(
          "its review's target for `\(dimension)` is level \(level), not one of 0–\(questionnaire.levels.count - 1)")
      }
    }
    for item in review.notes.map({ ($0.by, $0.at) }) + review.corrections.map({ ($0.by, $0.at) })
      + review.decisions.map({ ($0.by, $0.at) })
    where item.0.isEmpty || StoredTime.parse(item.1) == nil {
      problems.append("its review has a note, correction or decision without an author or a time")
      break
    }
    if review.state == .submitted, review.version == 0 {
      problems.append("its review is empty (nothing was reviewed)")
    }
    return problems
  }

  /// The detail of a carried entry as the receiving chain stores it: the sending database's
  /// detail with where it came from added.
  public static func receivedDetail(_ entry: AuditEntry, from key: String) -> String {
    let carried =
      AnswerValue.quoted("carried") + ":" + AuditEntry.detail([("from", .text(key)), ("hash", .text(entry.hash))])
    let trimmed = entry.detail.trimmingCharacters(in: .whitespaces)
    let inner = trimmed.dropFirst().dropLast().trimmingCharacters(in: .whitespaces)
    return inner.isEmpty ? "{\(carried)}" : "{\(inner),\(carried)}"
  }

  static func isObject(_ text: String) -> Bool {
    guard text.hasPrefix("{"), text.hasSuffix("}") else { return false }
    return (try? JSONSerialization.jsonObject(with: Data(text.utf8))) is [String: Any]
  }
}

/// How far a receiving database has applied an assessment's carried review: the sending
/// database's hash of the last entry applied, and the review version that left here.
public struct CarriedMark: Sendable, Hashable {
  /// The sending database's hash of the last carried entry applied here.
  public var lastHash: String
  /// The review version the assessment had here once that entry was applied.
  public var version: Int

  /// A mark; see each property.
  public init(lastHash: String, version: Int) {
    self.lastHash = lastHash
    self.version = version
  }
}

/// What a receiving database does with a carried review, decided the same way by every store.
public enum CarriedReviewStep: Sendable, Hashable {
  /// Nothing new: the review was applied before (or the bundle carries none).
  case unchanged
  /// Apply the review as it stands, appending these entries (those not applied before).
  case apply([AuditEntry])
  /// Refused: the review cannot be applied without losing one side's work; why, in words.
  case conflict(String)

  /// What a receiving database does with a carried review: every store decides with this.
  /// - Parameters:
  ///   - carried: the review the bundle carries.
  ///   - version: the assessment's review version in the receiving database.
  ///   - mark: how far a carried review was applied before, if ever.
  ///   - applied: the sending database's hashes of the entries applied here before (an older
  ///     bundle that arrives late brings none that is new).
  /// - Returns: nothing to do, the entries to append, or the conflict that refuses it.
  public static func plan(
    _ carried: CarriedReview, version: Int, mark: CarriedMark?, applied: Set<String> = []
  ) -> CarriedReviewStep {
    guard carried.entries.last != nil else { return .unchanged }
    let id = carried.assessment
    let new = carried.entries.filter { !applied.contains($0.hash) }
    // Nothing here that is not here already: the same bundle again, or an older one.
    if new.isEmpty { return .unchanged }
    guard let mark else {
      if version == 0 { return .apply(carried.entries) }
      return .conflict(
        "assessment \(id) was reviewed both in this database and where the bundle was made; its review here is kept, and the bundle's must be redone here by hand (dxready review \(id))"
      )
    }
    guard version == mark.version else {
      return .conflict(
        "assessment \(id) was reviewed in this database after its review arrived from a bundle, and reviewed again where the bundle was made; its review here is kept, and the bundle's later changes must be redone here by hand (dxready review \(id))"
      )
    }
    // The new entries must be exactly those after the last one applied.
    guard let index = carried.entries.firstIndex(where: { $0.hash == mark.lastHash }),
      Array(carried.entries[(index + 1)...]) == new
    else {
      return .conflict(
        "the review of assessment \(id) in the bundle does not continue the one that arrived here before (another database's review of it?)"
      )
    }
    return .apply(new)
  }

  /// The sending database's hash that a received audit entry's detail names
  /// (`"carried":{"from":KEY,"hash":HASH}`), if it is one.
  public static func carriedHash(inDetail detail: String) -> String? {
    guard
      let range = detail.range(
        of: #""carried":\{"from":"[^"]*","hash":"([0-9a-f]{64})"\}"#, options: .regularExpression)
    else { return nil }
    return String(detail[range].suffix(66).prefix(64))
  }
}

/// Where a store notes the carried reviews it left out because they conflict, when the
/// importer asked for that (`bundle import --skip-conflicting-reviews`) rather than a refusal.
public final class ReviewConflicts: @unchecked Sendable {
  private let lock = NSLock()
  private var noted: [String] = []

  /// An empty list of conflicts.
  public init() {}

  /// Each conflict's message, in the order they were met.
  public var messages: [String] {
    lock.lock()
    defer { lock.unlock() }
    return noted
  }

  /// Notes one conflict's message.
  public func note(_ message: String) {
    lock.lock()
    noted.append(message)
    lock.unlock()
  }
}

/// A carried review, checked, travelling to the store with its assessment's import.
public struct ArrivingReview: Sendable {
  /// The review and its audit entries, as the bundle carries them.
  public var carried: CarriedReview
  /// The key that signed the bundle (`ed25519:…`).
  public var from: String
  /// The scores of the answers as corrected.
  public var rescored: ScoringResult
  /// Where it came from, for messages (`FILE: reviews.jsonl line N`).
  public var origin: String
  /// Where a conflicting review is noted and left out; `nil` refuses the import instead.
  public var conflicts: ReviewConflicts?

  /// An arriving review; see each property.
  public init(
    carried: CarriedReview, from: String, rescored: ScoringResult, origin: String, conflicts: ReviewConflicts? = nil
  ) {
    self.carried = carried
    self.from = from
    self.rescored = rescored
    self.origin = origin
    self.conflicts = conflicts
  }

  /// What a store applies of this review, as ``CarriedReviewStep/plan(_:version:mark:applied:)``
  /// decides: the entries new here, or `nil` when nothing is (or a conflict was noted in
  /// ``conflicts``). A conflict without a ``conflicts`` log refuses the import.
  /// - Parameters:
  ///   - version: the assessment's review version here.
  ///   - mark: how far a carried review was applied here before.
  ///   - receivedDetails: the details of this assessment's audit entries here (those that
  ///     arrived from bundles name the sending database's hash).
  /// - Returns: the entries to append here, or `nil` when there is nothing to apply.
  /// - Throws: ``StoreError/conflict(_:)`` naming the assessment and both sides' last changes,
  ///   when the review conflicts and there is no ``conflicts`` log to note it in.
  public func entriesToApply(version: Int, mark: CarriedMark?, receivedDetails: [String]) throws(StoreError)
    -> [AuditEntry]?
  {
    let applied = Set(receivedDetails.compactMap(CarriedReviewStep.carriedHash(inDetail:)))
    switch CarriedReviewStep.plan(carried, version: version, mark: mark, applied: applied) {
    case .unchanged: return nil
    case .apply(let entries): return entries
    case .conflict(let why):
      guard let conflicts else { throw .conflict("\(origin): \(why); nothing was imported") }
      conflicts.note("\(origin): \(why)")
      return nil
    }
  }
}
