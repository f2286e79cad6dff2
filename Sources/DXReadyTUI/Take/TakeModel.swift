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
}

/// Everything that can happen to `take`, through one entry point (``TakeModel/update(_:)``):
/// a key, an intent (what a key or a line of plain mode means), or the store's reply.
public enum TakeEvent: Sendable, Hashable {
  case key(Key)
  case intent(TakeIntent)
  /// The reply to ``TakeEffect/lookUpBusiness(taxCode:)``: the stored profile and the drafts.
  case businessFound(BusinessProfile?, [DraftToResume])
  /// A store operation failed: what is stored stays stored, and nothing more can be saved.
  case storeFailed(String)
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
  public private(set) var consent: ConsentRecord?
  /// The clock consent is timed by (fixed in tests).
  var clock: @Sendable () -> Date = { Date() }
  public private(set) var language: Language
  public private(set) var phase: Phase
  public private(set) var form: ProfileForm
  public private(set) var answers: [QuestionID: AnswerValue] = [:]
  public private(set) var draft: AssessmentID?
  public private(set) var result: ScoringResult?
  /// The question on screen, in the questions phase.
  public private(set) var screen: QuestionScreen?
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
  public private(set) var failure: String?
  /// The time zone dates are shown in (fixed in tests).
  public var timeZone = TimeZone.current
  /// A fixed id for a new draft, for tests; a random one otherwise.
  var nextDraftID: @Sendable () -> AssessmentID = { AssessmentID.random() }

  public init(
    questionnaire: Questionnaire, reference: ReferenceData, catalog: ServiceCatalog?, language: Language?,
    profile: BusinessProfile = BusinessProfile(), notice: PrivacyNotice? = nil
  ) {
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
    case .storeFailed(let reason):
      failure = reason
      phase = .failed
      message = nil
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
      case .language, .resume, .review: listCursor = index
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
    case .profile: return handleProfile(key)
    case .resume: return handleResume(key)
    case .questions: return handleQuestion(key)
    case .review: return handleReview(key)
    case .results, .finished:
      return handleResults(key)
    case .failed:
      return Self.leaveAfterFailure.matches(key) ? quit() : []
    }
  }

  mutating func handleLanguage(_ key: Key) -> [TakeEffect] {
    let keys = Self.languageKeys
    if keys.move.matches(key) {
      listCursor = key == .home ? 0 : key.digitIndex(below: 2) ?? 1 - listCursor
    } else if keys.confirm.matches(key) {
      language = listCursor == 0 ? .vi : .en
      form.language = language
      phase = .intro
      listCursor = 0
    } else if keys.quit.matches(key) {
      return quit()
    }
    return []
  }

  mutating func handleIntro(_ key: Key) -> [TakeEffect] {
    let keys = Self.introKeys
    if keys.start.matches(key) {
      phase = notice == nil ? .profile : .consent
      scroll = 0
    } else if keys.quit.matches(key) {
      return quit()
    }
    return []
  }

  /// Enter agrees (and the time is kept for the draft); leaving here stores nothing.
  mutating func handleConsent(_ key: Key) -> [TakeEffect] {
    let keys = Self.consentKeys
    if keys.agree.matches(key) {
      if let notice { consent = .onScreen(notice, at: clock()) }
      phase = .profile
    } else if keys.scroll.matches(key) {
      let step = key == .pageDown || key == .pageUp ? 10 : 1
      let down = key == .down || key == .character("j") || key == .pageDown
      scroll = max(0, scroll + (down ? step : -step))
    } else if keys.quit.matches(key) {
      return quit()
    }
    return []
  }

  mutating func handleProfile(_ key: Key) -> [TakeEffect] {
    switch form.handle(key) {
    case .stay: return []
    case .quit: return quit()
    case .taxCodeConfirmed(let code): return [.lookUpBusiness(taxCode: code)]
    case .done(let profile, let sizeClass) where draft != nil:
      // The profile of a draft under way was changed: store it and carry on where it was.
      let back = returnTo.flatMap { id in shown.contains { $0.id == id } ? id : nil } ?? shown.first?.id
      returnTo = nil
      startQuestions(at: back)
      return [.updateProfile(profile, sizeClass)]
    case .done(let profile, let sizeClass):
      let id = nextDraftID()
      draft = id
      answers = [:]
      startQuestions(at: shown.first?.id)
      return [.startDraft(id, profile, sizeClass)]
    }
  }

  /// What the store knows of the business whose tax code was just entered: its profile (to
  /// fill in what the form does not have yet) and its unfinished drafts of this questionnaire.
  mutating func businessFound(_ profile: BusinessProfile?, drafts: [DraftToResume]) {
    if let profile { form.fill(from: profile) }
    self.drafts = drafts.sorted { $0.updatedAt > $1.updatedAt }
    if !self.drafts.isEmpty {
      phase = .resume
      listCursor = 0
    }
  }

  mutating func handleResume(_ key: Key) -> [TakeEffect] {
    let count = drafts.count + 1
    let keys = Self.resumeKeys(count: count)
    if keys.move.matches(key) {
      switch key {
      case .up, .character("k"): listCursor = (listCursor + count - 1) % count
      case .home: listCursor = 0
      default: listCursor = key.digitIndex(below: count) ?? (listCursor + 1) % count
      }
      return []
    }
    if keys.quit.matches(key) { return quit() }
    guard keys.confirm.matches(key) else { return [] }
    if listCursor < drafts.count {
      // Resume where the draft was left, else at the first question still to answer.
      let chosen = drafts[listCursor]
      draft = chosen.id
      answers = chosen.answers
      let list = shown
      let open =
        chosen.position.flatMap { position in list.first { $0.id == position } }
        ?? list.first { answers[$0.id] == nil }
      if let open {
        startQuestions(at: open.id)
      } else {
        phase = .review
        listCursor = shown.count
      }
      return []
    }
    // Start over: the old drafts go, the form goes on.
    let old = drafts.map(\.id)
    drafts = []
    phase = .profile
    return old.map(TakeEffect.deleteDraft)
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
        : (language == .vi
          ? "Đã bỏ \(dropped.count) câu trả lời vì câu hỏi không còn áp dụng với câu trả lời vừa chọn."
          : "\(dropped.count) answer(s) removed: their questions no longer apply after this answer.")
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

  /// Shown questions that must be answered and are not.
  public var missing: [Question] { shown.filter { $0.required && answers[$0.id] == nil } }

  mutating func handleReview(_ key: Key) -> [TakeEffect] {
    let list = shown
    let count = list.count + 1
    if confirmingSubmit {
      confirmingSubmit = false
      message = nil
      let keys = Self.submitKeys
      if keys.submit.matches(key) { return submitDraft() }
      if keys.quit.matches(key) { return quit() }
      // Esc, or any other key, goes back to the review.
      return []
    }
    let keys = Self.reviewKeys
    if keys.move.matches(key) {
      switch key {
      case .up, .character("k"): listCursor = (listCursor + count - 1) % count
      case .down, .character("j"): listCursor = (listCursor + 1) % count
      case .pageUp: listCursor = max(0, listCursor - 10)
      case .pageDown: listCursor = min(count - 1, listCursor + 10)
      case .home: listCursor = 0
      default: listCursor = count - 1
      }
      return []
    }
    if keys.back.matches(key) {
      if let last = list.last { open(last.id) }
      phase = .questions
      return []
    }
    if keys.quit.matches(key) { return quit() }
    guard keys.open.matches(key) else { return [] }
    switch key {
    case .enter where listCursor < list.count:
      message = nil
      returnToReview = true
      phase = .questions
      open(list[listCursor].id)
    case .enter:
      let missing = missing
      if let first = missing.first {
        message =
          language == .vi
          ? "Còn \(missing.count) câu bắt buộc chưa trả lời; con trỏ đang ở câu đầu tiên."
          : "\(missing.count) required question(s) still unanswered; the cursor is on the first."
        listCursor = list.firstIndex { $0.id == first.id } ?? 0
        return []
      }
      confirmingSubmit = true
      message =
        language == .vi
        ? "Gửi bài đánh giá? Sau khi gửi, câu trả lời không sửa được nữa. Enter: gửi · Esc: quay lại."
        : "Submit the assessment? Answers cannot be changed once it is sent. Enter: submit · Esc: go back."
    default: break
    }
    return []
  }

  mutating func submitDraft() -> [TakeEffect] {
    guard let draft else { return [] }
    let result = Scorer.score(answers, questionnaire: questionnaire)
    self.result = result
    phase = .results
    scroll = 0
    message = nil
    return [.submit(draft, result)]
  }

  mutating func handleResults(_ key: Key) -> [TakeEffect] {
    let keys = Self.resultKeys
    if keys.leave.matches(key) { return quit() }
    guard keys.scroll.matches(key) else { return [] }
    switch key {
    case .up, .character("k"): scroll = max(0, scroll - 1)
    case .down, .character("j"): scroll += 1
    case .pageUp: scroll = max(0, scroll - 10)
    case .home: scroll = 0
    default: scroll += 10
    }
    return []
  }

  mutating func quit() -> [TakeEffect] {
    phase = .finished
    return [.quit]
  }

  // MARK: Text for the results

  /// The results as lines: overall score and level, a bar per dimension with its level, the
  /// weakest dimension, then the recommended services.
  public func resultLines(width: Int) -> [String] {
    guard let result else { return [] }
    func t(_ text: LocalizedText) -> String { text.text(language) }
    func levelName(_ index: Int?) -> String {
      guard let index, questionnaire.levels.indices.contains(index) else { return "–" }
      return "\(index) · \(t(questionnaire.levels[index].name))"
    }
    func fixed(_ value: Double) -> String { NumberText.fixed(value, decimals: 1, language) }
    var lines: [String] = []
    let count = result.overall.method == .count
    if let score = result.overall.score {
      let figure =
        count
        ? "\(NumberText.plain(score, language)) / \(NumberText.plain(result.overall.maximum, language))"
        : "\(fixed(score)) / 100"
      lines.append("\(t(Phrase.overall)): \(figure) — \(t(Phrase.level)) \(levelName(result.overall.level))")
    } else {
      lines.append(t(Phrase.overallInsufficient))
    }
    lines.append("")
    // One line per dimension where it fits: name, bar, score, level; otherwise the name on a
    // line of its own and the rest indented below it, so that no column is lost or cut.
    let room = width - 2
    let titles = result.dimensions.map { d in questionnaire.dimension(d.id).map { t($0.title) } ?? d.id.rawValue }
    let titleWidth = titles.map { DisplayWidth.of($0) }.max() ?? 10
    let levelWidth =
      result.dimensions.map { DisplayWidth.of("\(t(Phrase.level)) \(levelName($0.level))") }.max() ?? 10
    let fixedWidth = 2 + 1 + 5 + 2 + levelWidth
    let oneLine = titleWidth + fixedWidth + 10 <= room
    let barWidth = max(10, min(40, room - fixedWidth - (oneLine ? titleWidth : 2)))
    for (dimension, title) in zip(result.dimensions, titles) {
      let padded = title + String(repeating: " ", count: max(0, titleWidth - DisplayWidth.of(title)))
      let rest: String
      if let score = dimension.score {
        // Dimension scores are 0–100 whatever the overall method.
        let share = min(1, max(0, score / 100))
        let filled = Int((share * Double(barWidth)).rounded())
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: max(0, barWidth - filled))
        let figure = fixed(score)
        let pad = String(repeating: " ", count: max(0, 5 - figure.count))
        rest = "\(bar) \(pad)\(figure)  \(t(Phrase.level)) \(levelName(dimension.level))"
      } else {
        rest = "\(String(repeating: "·", count: barWidth))     –  \(t(Phrase.insufficientData))"
      }
      if oneLine {
        lines.append("\(padded)  \(rest)")
      } else {
        lines.append(title)
        lines.append("  " + rest)
      }
    }
    if let weakest = result.weakestDimension, let d = result.dimension(weakest), let score = d.score {
      lines.append("")
      let title = questionnaire.dimension(weakest).map { t($0.title) } ?? weakest.rawValue
      lines.append("\(t(Phrase.weakest)): \(title) (\(fixed(score)))")
    }
    if let catalog {
      let roadmap = Recommender.roadmap(result, answers: answers, questionnaire: questionnaire, catalog: catalog)
      lines.append("")
      lines += RoadmapText(
        roadmap, questionnaire: questionnaire, catalog: catalog, language: language, showsIDs: false
      ).render()
        .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }
    // Long lines wrap at word boundaries under their own indent; others keep their alignment.
    return lines.flatMap { line in
      DisplayWidth.of(line) <= room ? [line] : DisplayWidth.wrapIndented(line, width: room)
    }
  }
}
