import DXReadyCore
import Foundation

/// What a kiosk session records, for the server's administrator: the account is shared, so the
/// log is what tells one business's visit from another's, and an attempt to guess a code.
public enum KioskEvent: Sendable, Hashable {
  case draftStarted(AssessmentID, taxCode: String)
  case codeAccepted(taxCode: String, [AssessmentID])
  /// A wrong resume code: the `attempt`-th of this session.
  case codeRefused(taxCode: String, attempt: Int)
  /// The session ended after too many wrong codes.
  case lockedOut(taxCode: String)
  case submitted(AssessmentID)
}

/// Runs `take`: carries out what the model asks of the store and tells the model what came of
/// it — the store's replies and failures are events like keys (``TakeModel/update(_:)``).
public struct TakeSession {
  public let store: any AssessmentStore
  /// The questionnaire's file, stored once so the assessment can always be shown again.
  public let questionnaireSource: String
  public var model: TakeModel
  /// What failed to be stored, and what came after it: done again on ``TakeEffect/retry``.
  var unfinished: [TakeEffect] = []
  /// Where a kiosk session's events go (`take --kiosk --log FILE`): drafts started, resume
  /// codes refused and accepted, sessions ended by wrong codes.
  public var log: @Sendable (KioskEvent) -> Void = { _ in }

  public init(store: any AssessmentStore, questionnaireSource: String, model: TakeModel) {
    self.store = store
    self.questionnaireSource = questionnaireSource
    self.model = model
  }

  /// Sends an event to the model and carries out what it asks.
  public mutating func send(_ event: TakeEvent) {
    perform(model.update(event))
  }

  /// Does what the model asked, in order, telling the model what the store found. When the
  /// store fails, the rest is not done (it builds on what failed) and the model is told why.
  public mutating func perform(_ effects: [TakeEffect]) {
    for (index, effect) in effects.enumerated() {
      do {
        switch effect {
        case .retry:
          // Back to the screen the failure interrupted, then the steps again; a second failure
          // comes back to the failure screen.
          let again = unfinished
          unfinished = []
          perform(model.update(.storeRecovered))
          perform(again)
        case .lookUpBusiness(let taxCode):
          let (profile, drafts) = try lookUp(taxCode)
          perform(model.update(.businessFound(profile, drafts)))
        case .startDraft(let id, let profile, let sizeClass):
          try store.saveQuestionnaire(model.questionnaire, source: questionnaireSource)
          try store.saveBusiness(profile, sizeClass: sizeClass)
          try store.createDraft(
            id, taxCode: profile.taxCode ?? "", questionnaire: model.questionnaire, consent: model.consent)
        case .updateProfile(let profile, let sizeClass): try store.saveBusiness(profile, sizeClass: sizeClass)
        case .startKioskDraft(let id, let profile, let sizeClass, let code):
          try store.saveQuestionnaire(model.questionnaire, source: questionnaireSource)
          try store.startKioskDraft(
            id, profile: profile, sizeClass: sizeClass, questionnaire: model.questionnaire, consent: model.consent,
            resumeCode: code)
          log(.draftStarted(id, taxCode: profile.taxCode ?? ""))
        case .updateDraftProfile(let profile, let sizeClass, let id):
          try store.saveDraftProfile(profile, sizeClass: sizeClass, draft: id)
        case .openWithCode(let taxCode, let code):
          let (profile, drafts) = try open(taxCode: taxCode, code: code)
          log(
            drafts.isEmpty
              ? .codeRefused(taxCode: taxCode, attempt: model.refusedCodes + 1)
              : .codeAccepted(taxCode: taxCode, drafts.map(\.id)))
          perform(model.update(.codeChecked(profile, drafts)))
          if model.lockedOut { log(.lockedOut(taxCode: taxCode)) }
        case .deleteDraft(let id): try store.deleteAssessment(id, by: "dxready take")
        case .saveAnswer(let question, let answer, let id):
          try store.saveAnswer(answer, question: question, assessment: id)
        case .removeAnswer(let question, let id): try store.removeAnswer(question: question, assessment: id)
        case .savePosition(let question, let id): try store.savePosition(question, assessment: id)
        case .submit(let id, let result):
          try store.submit(id, result: result)
          if model.kiosk { log(.submitted(id)) }
        case .quit: break
        }
      } catch {
        unfinished = Array(effects[index...])
        perform(model.update(.storeFailed("\(error)")))
        return
      }
    }
  }

  /// The drafts of this questionnaire (same version) that a resume code opens, and their
  /// profile (kiosk).
  func open(taxCode: String, code: String) throws(StoreError) -> (BusinessProfile?, [DraftToResume]) {
    var profile: BusinessProfile?
    var drafts: [DraftToResume] = []
    for id in try store.drafts(openedBy: code, taxCode: taxCode) {
      let stored = try store.assessment(matching: id.rawValue)
      guard stored.questionnaireHash == model.questionnaire.hash else { continue }
      profile = profile ?? stored.profile
      drafts.append(
        DraftToResume(
          id: id, updatedAt: stored.summary.updatedAt, answers: stored.answers, position: stored.position))
    }
    return (profile, drafts)
  }

  /// The business's last stored profile, and its drafts of this questionnaire (same version).
  func lookUp(_ taxCode: String) throws(StoreError) -> (BusinessProfile?, [DraftToResume]) {
    let all = try store.assessments(AssessmentFilter(taxCode: taxCode, limit: 20))
    let profile = try all.first.map { summary throws(StoreError) in
      try store.assessment(matching: summary.id.rawValue).profile
    }
    var drafts: [DraftToResume] = []
    for summary in all
    where summary.status == .draft && summary.questionnaireID == model.questionnaire.id
      && summary.questionnaireVersion == model.questionnaire.version
    {
      let stored = try store.assessment(matching: summary.id.rawValue)
      guard stored.questionnaireHash == model.questionnaire.hash else { continue }
      drafts.append(
        DraftToResume(id: summary.id, updatedAt: summary.updatedAt, answers: stored.answers, position: stored.position))
    }
    return (profile, drafts)
  }

  /// The interactive questionnaire on a terminal, until it is finished or left.
  public mutating func run(on terminal: some Terminal) {
    while model.phase != .finished {
      let size = terminal.size
      terminal.use(model.language)
      // Keys already waiting (a paste) are handled first, and the screen drawn once after them.
      if !terminal.hasPendingInput { terminal.draw(model.render(width: size.width, height: size.height)) }
      guard let key = terminal.nextKey() else {
        // Input ended (the terminal closed): everything given is stored.
        send(.key(.interrupt))
        return
      }
      // On a screen too small to show the questionnaire, keys cannot be seen doing anything:
      // only leaving (as the screen says) and resizing count.
      let now = terminal.size
      if now.width < QuestionScreen.minimumSize.width || now.height < QuestionScreen.minimumSize.height {
        switch key {
        case .interrupt, .character("q"), .character("Q"): send(.key(.interrupt))
        default: break
        }
        continue
      }
      send(.key(key))
    }
  }
}
