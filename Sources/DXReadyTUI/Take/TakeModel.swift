import DXReadyCore
import Foundation

/// What the questionnaire asks the world outside it to do. The driver does each one in order,
/// against the store, and tells the model what came of it.
public enum TakeEffect: Sendable, Hashable {
  /// Find the business and its unfinished drafts (answer with ``TakeModel/businessFound(_:drafts:)``).
  case lookUpBusiness(taxCode: String)
  /// Store the business and start a draft of the questionnaire.
  case startDraft(AssessmentID, BusinessProfile, SizeClass?)
  /// Store a changed profile of the draft's business (its tax code stays).
  case updateProfile(BusinessProfile, SizeClass?)
  /// At a kiosk: store the business if it is new, and start a draft with exactly this profile,
  /// which only this resume code (and the tax code) opens again.
  case startKioskDraft(AssessmentID, BusinessProfile, SizeClass?, resumeCode: String)
  /// At a kiosk: store a changed profile on the draft only.
  case updateDraftProfile(BusinessProfile, SizeClass?, AssessmentID)
  /// At a kiosk: find the drafts of the business that the resume code opens (answer with
  /// ``TakeEvent/codeChecked(_:_:)``).
  case openWithCode(taxCode: String, code: String)
  /// Remove an unfinished draft the user chose to start over from.
  case deleteDraft(AssessmentID)
  case saveAnswer(QuestionID, AnswerValue, AssessmentID)
  case removeAnswer(QuestionID, AssessmentID)
  /// Remember the question on screen, to carry on there next time.
  case savePosition(QuestionID, AssessmentID)
  /// Score and store the finished draft.
  case submit(AssessmentID, ScoringResult)
  /// Leave; every answer is already stored.
  case quit
  /// Do again what failed to be stored, and what came after it (after a store failure).
  case retry
}

/// Everything that can happen to `take`, through one entry point (``TakeModel/update(_:)``):
/// a key, an intent (what a key or a line of plain mode means), or the store's reply.
public enum TakeEvent: Sendable, Hashable {
  case key(Key)
  case intent(TakeIntent)
  /// The reply to ``TakeEffect/lookUpBusiness(taxCode:)``: the stored profile and the drafts.
  case businessFound(BusinessProfile?, [DraftToResume])
  /// The reply to ``TakeEffect/openWithCode(taxCode:code:)``: the drafts the code opens (none
  /// when it is wrong) and their profile.
  case codeChecked(BusinessProfile?, [DraftToResume])
  /// A store operation failed: what is stored stays stored; the user may try again or leave.
  case storeFailed(String)
  /// What had failed is stored now (after ``TakeEffect/retry``): back to the screen it was on.
  case storeRecovered
}

/// What the user means, whatever the input: keys on screen and lines in plain mode both turn
/// into these.
public enum TakeIntent: Sendable, Hashable {
  /// Highlight item `n` (0-based) of the list on screen: a language, a draft, a choice, a
  /// question of the review, an item of an open picker.
  case choose(Int)
  /// Exactly these choices (0-based) ticked, in a multiple-choice question.
  case tick(Set<Int>)
  /// The typed field on screen (a profile field or a question's field) holds this text.
  case setText(String)
  /// A list field of the profile takes the item with this id (`nil` clears it).
  case setListField(ProfileForm.Field, String?)
  /// Enter: take what is highlighted or typed, and go on.
  case confirm
  /// Leave the profile field on screen as it is and go to the next one.
  case skip
  /// Go back one step.
  case back
  /// Leave; everything given is stored.
  case quit
}

/// An unfinished draft of a business, as `take` offers to resume it.
public struct DraftToResume: Sendable, Hashable {
  public var id: AssessmentID
  public var updatedAt: Date
  public var answers: [QuestionID: AnswerValue]
  /// The question it was on when it was left.
  public var position: QuestionID?

  public init(id: AssessmentID, updatedAt: Date, answers: [QuestionID: AnswerValue], position: QuestionID? = nil) {
    self.id = id
    self.updatedAt = updatedAt
    self.answers = answers
    self.position = position
  }
}

/// The whole of `dxready take` as a value: the language, the business profile, the questions
/// dimension by dimension (with `show_if` applied as answers change), the review, the results.
/// `handle(key)` changes the state and returns what must be stored; `render` draws it. Nothing
/// here touches a terminal or a database.
public struct TakeModel: Sendable {
  public enum Phase: Sendable, Hashable {
    case language
    /// What the questionnaire is, how long it takes, and that every answer is kept.
    case intro
    /// The personal-data notice, agreed to before anything is asked or stored.
    case consent
    /// At a kiosk: a new assessment, or a draft carried on with its resume code.
    case kioskStart
    /// At a kiosk: the tax code and the resume code of a draft to carry on.
    case resumeCode
    /// At a kiosk: the resume code of the draft just started, shown once.
    case codeShown
    case profile
    case resume
    case questions
    case review
    case results
    /// A store operation failed: the reason is shown, and only leaving is possible.
    case failed
    case finished
  }

  public let questionnaire: Questionnaire
  public let reference: ReferenceData
  /// The service catalogue, for the recommendations on the results screen.
  public let catalog: ServiceCatalog?
  /// The personal-data notice shown before the profile; `take` always has one.
  public let notice: PrivacyNotice?
  /// The consent given on the notice screen, stored with the draft.
  public internal(set) var consent: ConsentRecord?
  /// The clock consent is timed by (fixed in tests).
  var clock: @Sendable () -> Date = { Date() }
  public internal(set) var language: Language
  public internal(set) var phase: Phase
  public internal(set) var form: ProfileForm
  public internal(set) var answers: [QuestionID: AnswerValue] = [:]
  public internal(set) var draft: AssessmentID?
  public internal(set) var result: ScoringResult?
  /// The question on screen, in the questions phase.
  public internal(set) var screen: QuestionScreen?
  var drafts: [DraftToResume] = []
  var listCursor = 0
  /// Whether a question opened from the review goes back to it when answered.
  var returnToReview = false
  var message: String?
  var scroll = 0
  /// Whether the review is asking to confirm the submission.
  var confirmingSubmit = false
  /// The question to go back to when the profile was opened from the questions.
  var returnTo: QuestionID?
  /// Why storing failed, once it has (the `failed` phase).
  public internal(set) var failure: String?
  /// The phase a store failure interrupted, to go back to once what failed is stored.
  var interrupted: Phase?
  /// The time zone dates are shown in: the province's, whatever the server's (over SSH, a
  /// server often runs on UTC).
  public var timeZone = TimeZone(identifier: "Asia/Ho_Chi_Minh") ?? TimeZone.current
  /// How many unfinished drafts this session deleted (Start over).
  public internal(set) var discardedDrafts = 0
  /// A fixed id for a new draft, for tests; a random one otherwise.
  var nextDraftID: @Sendable () -> AssessmentID = { AssessmentID.random() }
  /// Whether this is `take --kiosk`: a shared server where any tax code may be typed, so that
  /// nothing stored of a business is shown or changed without the draft's resume code.
  public let kiosk: Bool
  /// The tax code and resume code being typed (kiosk).
  var codeEntry = CodeEntry()
  /// How many wrong resume codes were typed in this session (kiosk).
  public internal(set) var refusedCodes = 0
  /// Whether the session ended after ``codeAttempts`` wrong resume codes.
  public internal(set) var lockedOut = false
  /// The resume code of the draft just started, until its screen is left (kiosk).
  var shownCode: String?
  /// A fixed resume code for tests; a random one otherwise.
  var nextResumeCode: @Sendable () -> String = { ResumeCode.generate() }

  public init(
    questionnaire: Questionnaire, reference: ReferenceData, catalog: ServiceCatalog?, language: Language?,
    profile: BusinessProfile = BusinessProfile(), notice: PrivacyNotice? = nil, kiosk: Bool = false
  ) {
    self.kiosk = kiosk
    self.notice = notice
    self.questionnaire = questionnaire
    self.reference = reference
    self.catalog = catalog
    self.language = language ?? .vi
    phase = language == nil ? .language : .intro
    form = ProfileForm(profile: profile, reference: reference, language: language ?? .vi)
  }

  /// Whether the business has an unfinished draft that this session did not carry on with
  /// (left at the offer to resume): it is still stored.
  public var hasEarlierDraft: Bool { draft == nil && !drafts.isEmpty }

  /// The questions shown, given the answers so far.
  public var shown: [Question] { Scorer.shownQuestions(questionnaire, answers: answers) }

  // MARK: Events

  /// The one entry point: keys, intents and the store's replies change the state here, and
  /// what must be stored comes back as effects.
  public mutating func update(_ event: TakeEvent) -> [TakeEffect] {
    switch event {
    case .key(let key): return handle(key)
    case .intent(let intent): return apply(intent)
    case .businessFound(let profile, let drafts):
      businessFound(profile, drafts: drafts)
      return []
    case .codeChecked(let profile, let drafts):
      return codeChecked(profile, drafts: drafts)
    case .storeFailed(let reason):
      failure = reason
      if phase != .failed { interrupted = phase }
      phase = .failed
      message = nil
      return []
    case .storeRecovered:
      guard phase == .failed, let back = interrupted else { return [] }
      phase = back
      interrupted = nil
      failure = nil
      // Said where the screen shows its messages: a question's own line, or the footer.
      let saved = Words.text("saved", language)
      if phase == .questions, screen != nil { screen?.notice = saved } else { message = saved }
      return []
    }
  }

  /// An intent, carried out as the keys that mean it on the screen in front of the user, so
  /// that a line of plain mode and a key on screen go through the same checks.
  mutating func apply(_ intent: TakeIntent) -> [TakeEffect] {
    switch intent {
    case .confirm: return handle(.enter)
    case .skip: return phase == .profile ? handle(.down) : []
    case .back: return handle(.escape)
    case .quit: return handle(.interrupt)
    case .choose(let index):
      switch phase {
      case .language, .resume, .review, .kioskStart: listCursor = index
      case .questions: screen?.cursor = index
      case .profile: form.picker?.cursor = index
      default: break
      }
      return []
    case .tick(let indices):
      screen?.ticked = indices
      screen?.error = nil
      return []
    case .setText(let text):
      switch phase {
      case .questions:
        screen?.cursor = 0
        screen?.field = text
        screen?.caret = text.count
        screen?.error = nil
      case .profile: form.setText(text)
      case .resumeCode:
        if codeEntry.focus == .taxCode { codeEntry.taxCode = text } else { codeEntry.code = text }
      default: break
      }
      return []
    case .setListField(let field, let id):
      form.setListField(field, id)
      return []
    }
  }

  public mutating func handle(_ key: Key) -> [TakeEffect] {
    if case .resize = key { return [] }
    let before = phase == .questions ? screen?.question.id : nil
    var effects = dispatch(key)
    // Wherever the user moves, the draft remembers it, so that leaving loses the place too.
    if phase == .questions, let now = screen?.question.id, now != before, let draft {
      effects.insert(.savePosition(now, draft), at: effects.firstIndex(of: .quit) ?? effects.endIndex)
    }
    return effects
  }

  mutating func dispatch(_ key: Key) -> [TakeEffect] {
    switch phase {
    case .language: return handleLanguage(key)
    case .intro: return handleIntro(key)
    case .consent: return handleConsent(key)
    case .kioskStart: return handleKioskStart(key)
    case .resumeCode: return handleCodeEntry(key)
    case .codeShown: return handleCodeShown(key)
    case .profile: return handleProfile(key)
    case .resume: return handleResume(key)
    case .questions: return handleQuestion(key)
    case .review: return handleReview(key)
    case .results, .finished:
      return handleResults(key)
    case .failed:
      if canRetry, Self.retryAfterFailure.matches(key) { return [.retry] }
      return Self.leaveAfterFailure.matches(key) ? quit() : []
    }
  }

  mutating func handleProfile(_ key: Key) -> [TakeEffect] {
    switch form.handle(key) {
    case .stay: return []
    case .quit: return quit()
    // At a kiosk, a tax code finds nothing: anyone may type anyone's.
    case .taxCodeConfirmed(let code): return kiosk ? [] : [.lookUpBusiness(taxCode: code)]
    case .done(let profile, let sizeClass) where draft != nil:
      // The profile of a draft under way was changed: store it and carry on where it was.
      let back = returnTo.flatMap { id in shown.contains { $0.id == id } ? id : nil } ?? shown.first?.id
      returnTo = nil
      startQuestions(at: back)
      if kiosk, let draft { return [.updateDraftProfile(profile, sizeClass, draft)] }
      return [.updateProfile(profile, sizeClass)]
    case .done(let profile, let sizeClass):
      let id = nextDraftID()
      draft = id
      answers = [:]
      if kiosk {
        // The code is shown once, before the first question.
        let code = nextResumeCode()
        shownCode = code
        phase = .codeShown
        return [.startKioskDraft(id, profile, sizeClass, resumeCode: code)]
      }
      startQuestions(at: shown.first?.id)
      return [.startDraft(id, profile, sizeClass)]
    }
  }

  mutating func startQuestions(at id: QuestionID?) {
    phase = .questions
    guard let id else {
      phase = .review
      return
    }
    open(id)
  }

  /// Puts a question on screen, with its current answer.
  mutating func open(_ id: QuestionID, notice: String? = nil) {
    let list = shown
    guard let position = list.firstIndex(where: { $0.id == id }) else { return }
    let question = list[position]
    var screen = QuestionScreen(
      question: question,
      dimensionTitle: questionnaire.dimension(question.dimension)?.title.text(language) ?? "",
      number: position + 1, total: list.count, language: language, current: answers[id])
    screen.notice = notice
    self.screen = screen
  }

  mutating func handleQuestion(_ key: Key) -> [TakeEffect] {
    guard var screen else { return [] }
    let outcome = screen.handle(key)
    self.screen = screen
    let list = shown
    let position = list.firstIndex { $0.id == screen.question.id } ?? 0
    switch outcome {
    case .stay: return []
    case .quit: return quit()
    case .back:
      if returnToReview { return toReview(at: screen.question.id) }
      if position > 0 {
        open(list[position - 1].id)
      } else {
        // Back from the first question: the profile, to change it without starting over.
        returnTo = screen.question.id
        form.taxCodeLocked = true
        form.focus = .name
        phase = .profile
      }
      return []
    case .previousDimension, .nextDimension:
      let dimensions = questionnaire.dimensions.map(\.id)
      let here = dimensions.firstIndex(of: screen.question.dimension) ?? 0
      let step = outcome == .nextDimension ? 1 : -1
      var index = here + step
      while dimensions.indices.contains(index) {
        if let first = list.first(where: { $0.dimension == dimensions[index] }) {
          open(first.id)
          return []
        }
        index += step
      }
      if outcome == .nextDimension { return toReview(at: nil) }
      if let first = list.first { open(first.id) }
      return []
    case .cleared:
      var effects: [TakeEffect] = []
      if answers[screen.question.id] != nil, let draft {
        answers[screen.question.id] = nil
        effects.append(.removeAnswer(screen.question.id, draft))
      }
      return effects + advance(from: screen.question.id, notice: nil)
    case .answered(let given):
      let answer: AnswerValue
      switch AnswerValidator.normalize(given, for: screen.question) {
      case .success(let normalized): answer = normalized
      case .failure(let problem):
        self.screen?.error = problem.text(language, for: screen.question)
        return []
      }
      guard let draft else { return [] }
      var effects: [TakeEffect] = [.saveAnswer(screen.question.id, answer, draft)]
      answers[screen.question.id] = answer
      // Questions the new answer hides lose their answers, and the user is told.
      let visible = Set(shown.map(\.id))
      let dropped = questionnaire.questions.filter { answers[$0.id] != nil && !visible.contains($0.id) }
      for question in dropped {
        answers[question.id] = nil
        effects.append(.removeAnswer(question.id, draft))
      }
      let notice =
        dropped.isEmpty
        ? nil
        : Words.text("take_answers_dropped", language, ["count": "\(dropped.count)"])
      return effects + advance(from: screen.question.id, notice: notice)
    }
  }

  /// The next question after `id`, or the review after the last (or when it came from there).
  mutating func advance(from id: QuestionID, notice: String?) -> [TakeEffect] {
    let list = shown
    if !returnToReview, let position = list.firstIndex(where: { $0.id == id }), position + 1 < list.count {
      open(list[position + 1].id, notice: notice)
      return []
    }
    message = notice
    return toReview(at: id)
  }

  mutating func toReview(at id: QuestionID?) -> [TakeEffect] {
    returnToReview = false
    phase = .review
    let list = shown
    listCursor = id.flatMap { id in list.firstIndex { $0.id == id } } ?? list.count
    return []
  }

  mutating func quit() -> [TakeEffect] {
    phase = .finished
    return [.quit]
  }

}
