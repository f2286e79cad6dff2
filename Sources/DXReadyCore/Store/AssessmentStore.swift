/// Where businesses and assessments are kept: the embedded SQLite database today, a shared
/// PostgreSQL server later. Every implementation passes the same test suite.
///
/// Writes are durable when they return: an answer saved is never lost, whatever happens next.
public protocol AssessmentStore: Sendable {
  /// Stores a questionnaire's text once per hash.
  func saveQuestionnaire(_ questionnaire: Questionnaire, source: String) throws(StoreError)

  /// Adds the business, or updates it when its tax code is known.
  func saveBusiness(_ profile: BusinessProfile, sizeClass: SizeClass?) throws(StoreError)

  /// Starts a draft assessment of a stored business with a stored questionnaire, with the
  /// business's consent to the personal-data notice (commands never pass `nil`).
  func createDraft(_ id: AssessmentID, taxCode: String, questionnaire: Questionnaire, consent: ConsentRecord?)
    throws(StoreError)

  /// Starts a draft at a kiosk (`take --kiosk`), where anyone may type any tax code: the draft
  /// keeps exactly the profile given — nothing stored of the business is read into it or changed
  /// by it (the business is added when it is new) — and only its resume code opens it again.
  /// - Parameters:
  ///   - id: the new draft's id.
  ///   - profile: the business as typed at the kiosk.
  ///   - sizeClass: its size class, when the profile gives one.
  ///   - questionnaire: the questionnaire the draft is taken with.
  ///   - consent: the business's consent to the personal-data notice.
  ///   - resumeCode: the code as it is shown (``ResumeCode/generate()``); only its salted
  ///     digest is stored (``ResumeCode/digest(_:)``).
  /// - Throws: ``StoreError`` when the draft cannot be stored; nothing is then stored.
  func startKioskDraft(
    _ id: AssessmentID, profile: BusinessProfile, sizeClass: SizeClass?, questionnaire: Questionnaire,
    consent: ConsentRecord?, resumeCode: String
  ) throws(StoreError)

  /// Changes the profile of one draft only (a kiosk draft's), exactly as given; the business
  /// and its other assessments are left as they are.
  func saveDraftProfile(_ profile: BusinessProfile, sizeClass: SizeClass?, draft: AssessmentID) throws(StoreError)

  /// The drafts started at a kiosk for the business with this tax code that the typed resume
  /// code opens: none when the code is wrong.
  func drafts(openedBy code: String, taxCode: String) throws(StoreError) -> [AssessmentID]

  /// Saves one answer of a draft in its own transaction, replacing an earlier answer.
  func saveAnswer(_ answer: AnswerValue, question: QuestionID, assessment: AssessmentID) throws(StoreError)

  /// Remembers the question a draft is on, so that it can be carried on exactly there.
  func savePosition(_ question: QuestionID, assessment: AssessmentID) throws(StoreError)

  /// Removes one answer of a draft (when it becomes hidden, or is cleared).
  func removeAnswer(question: QuestionID, assessment: AssessmentID) throws(StoreError)

  /// Marks a draft submitted and stores its scores.
  func submit(_ assessment: AssessmentID, result: ScoringResult) throws(StoreError)

  /// Imports submitted assessments in one transaction, all or nothing. Content already stored
  /// under the same id is skipped; the same id with other content is refused.
  ///
  /// - Parameter next: gives the assessments one by one, `nil` after the last, so that they can
  ///   be read and checked while earlier ones are written. If it throws, nothing is stored.
  ///   An assessment may bring a review made elsewhere (``ImportedAssessment/review``): it is
  ///   applied after the assessments are written, in the same transaction, as
  ///   ``CarriedReviewStep/plan(_:version:mark:)`` decides; a conflict refuses the whole import.
  /// - Returns: how many were added, how many were already there, and how many carried reviews
  ///   were applied.
  /// - Throws: ``StoreError``: what `next` threw, an id stored with other content
  ///   (``StoreError/conflict(_:)``), or a database failure; nothing is then stored.
  func importSubmitted(_ next: () throws(StoreError) -> ImportedAssessment?) throws(StoreError) -> (
    added: Int, unchanged: Int, reviews: Int
  )

  /// Assessments, most recent first.
  func assessments(_ filter: AssessmentFilter) throws(StoreError) -> [AssessmentSummary]

  /// The assessment whose id is or starts with `prefix`.
  func assessment(matching prefix: String) throws(StoreError) -> StoredAssessment

  /// Deletes an assessment and its answers and scores; the audit log keeps its entries and
  /// records the deletion (of a submitted assessment; a draft left by its own business is not
  /// audited).
  func deleteAssessment(_ id: AssessmentID, by actor: String) throws(StoreError)

  /// The review of a submitted assessment: state, corrections, notes, decisions, targets.
  func review(_ id: AssessmentID) throws(StoreError) -> ReviewRecord

  /// A consultant's actions on a submitted assessment, in one transaction, each recorded in
  /// the audit log; the maintained statistics follow in the same transaction.
  /// - Parameters:
  ///   - id: the submitted assessment acted on.
  ///   - actions: what the consultant does, in order.
  ///   - actor: who acts, as the audit log names them.
  ///   - version: the review version the actions are based on; when someone else changed the
  ///     assessment since, nothing is stored and the error says who changed what.
  ///   - rescored: the scores of the answers as corrected, when a correction changes them.
  /// - Returns: the review as it stands after the actions.
  /// - Throws: ``StoreError/conflict(_:)`` when the assessment changed since `version` or an
  ///   action does not fit its state, ``StoreError/notFound(_:)`` for an unknown assessment,
  ///   or a database failure; nothing is then stored.
  func applyReview(
    _ id: AssessmentID, actions: [ReviewAction], by actor: String, basedOn version: Int?, rescored: ScoringResult?
  ) throws(StoreError) -> ReviewRecord

  /// The submitted assessments in these review states (all states when empty), newest first;
  /// the first `limit` of them when a limit is given.
  func reviewQueue(states: Set<ReviewState>, limit: Int?) throws(StoreError) -> [ReviewQueueRow]

  /// The audit log of one assessment, or of all, in the order it was written.
  func auditLog(_ assessment: AssessmentID?) throws(StoreError) -> [AuditEntry]

  /// The public keys whose bundles this database accepts, revoked ones included, in the order
  /// they were trusted.
  func trustedKeys() throws(StoreError) -> [TrustedKey]

  /// Trusts a key. The same key again changes nothing; a revoked key stays revoked (a conflict).
  func trustKey(_ key: TrustedKey) throws(StoreError)

  /// Revokes the key with this id, or with this name when exactly one has it; returns it.
  func revokeKey(_ idOrName: String, at time: String) throws(StoreError) -> TrustedKey

  /// Visits the submitted assessments in these states — submitted at or after `from`, and
  /// stored after `storedAfter` (``ExportedAssessment/stored``) or reviewed at or after
  /// `changedSince` (an audit entry's time), when given — in the order they were stored, each as
  /// a bundle carries it. Rejected assessments are visited too (their review, which a bundle
  /// carries, keeps them out of the statistics where it lands).
  func exportSubmitted(
    statuses: [AssessmentStatus], from: String?, storedAfter: Int64?, changedSince: String?,
    _ visit: (ExportedAssessment) throws -> Void
  ) throws

  /// The text of the questionnaire with this hash, as stored with its assessments.
  func questionnaireSource(hash: String) throws(StoreError) -> String?

  /// The bundles made from this database, oldest first.
  func bundlesMade() throws(StoreError) -> [BundleMade]

  /// Remembers a bundle made from this database.
  func recordBundleMade(_ bundle: BundleMade) throws(StoreError)

  /// The maintained statistics cells of a slot (see ``MaintainedStatistics``): the figures of
  /// the latest assessment of each business in the slot, counted as assessments were stored, each in its stored form (``CellAggregate/encoded()``).
  /// Fails when a stored cell is damaged.
  func statisticsCells(_ slot: StatisticsSlot) throws(StoreError) -> StoredCells
}

/// What went wrong in a store, with the context a user needs to act.
public enum StoreError: Error, Sendable, Hashable, CustomStringConvertible {
  /// The file exists but is not a dxready database; it was not modified.
  case notADatabase(path: String, reason: String)
  /// A newer dxready wrote this database; it was not modified.
  case newerSchema(path: String)
  /// The database cannot be written.
  case readOnly(path: String, reason: String)
  /// There is no database at the path, and the command only reads (it creates none).
  case missingDatabase(path: String)
  /// Nothing stored matches: the message names what was looked for.
  case notFound(String)
  /// An id prefix matches several assessments: the prefix and the ids it matches.
  case ambiguous(prefix: String, matches: [String])
  /// What was asked contradicts what is stored.
  case conflict(String)
  /// The database or its file failed.
  case failure(String)
  /// The input was refused before anything was stored; the message lists every problem.
  case rejected(String)

  /// The message a user sees: what happened, to which file or assessment, and what to do.
  public var description: String {
    switch self {
    case .notADatabase(let path, let reason):
      "\(path): not a dxready database (\(reason)); it was left untouched. Name another file with --database"
    case .newerSchema(let path):
      "\(path): written by a newer dxready; upgrade dxready to use it (it was left untouched)"
    case .readOnly(let path, let reason):
      "\(path): cannot be written (\(reason)); check its permissions or name another file with --database"
    case .missingDatabase(let path):
      "\(path): no database here — nothing has been stored at this path yet; check the path (--database, DXREADY_DATABASE), or store assessments first (dxready take, dxready import)"
    case .notFound(let what):
      "\(what) not found"
    case .ambiguous(let prefix, let matches):
      "`\(prefix)` matches \(matches.count) assessments (\(matches.prefix(5).joined(separator: ", "))); give more of the id"
    case .conflict(let message):
      message
    case .failure(let message), .rejected(let message):
      message
    }
  }
}

extension AssessmentStore {
  /// Imports an array of submitted assessments, all or nothing.
  public func importSubmitted(_ items: [ImportedAssessment]) throws(StoreError) -> (
    added: Int, unchanged: Int, reviews: Int
  ) {
    var iterator = items.makeIterator()
    return try importSubmitted { () throws(StoreError) in iterator.next() }
  }
}
