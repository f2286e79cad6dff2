import DXReadyCore
import Foundation

/// The review's screens: each with its key bindings (its footer is made from them), its key
/// handling and its drawing.
extension ReviewModel {
  static let queueKeys = (
    move: KeyBinding(
      [.up, .down, .pageUp, .pageDown, .home, .end], help: Words.localized("key_up_down_move")),
    search: KeyBinding(help: Words.localized("key_type_to_search")) { key in
      if case .character = key { return true }
      return key == .space || key == .backspace
    },
    filter: KeyBinding([.tab], help: Words.localized("key_tab_state")),
    open: KeyBinding([.enter], help: Words.localized("key_enter_open")),
    clear: KeyBinding([.escape], help: Words.localized("key_esc_clear")),
    quit: KeyBinding([.interrupt], help: Words.localized("key_ctrl_plus_c_quit"))
  )

  static let assessmentKeys = (
    move: KeyBinding(
      [.up, .down, .pageUp, .pageDown, .home, .end], help: Words.localized("key_up_down_question")),
    correct: KeyBinding([.character("c")], help: Words.localized("key_c_correct")),
    note: KeyBinding([.character("n")], help: Words.localized("key_n_m_note_all_answer")),
    // Its help is the note's: n for the assessment, m for the highlighted answer.
    answerNote: KeyBinding([.character("m")], help: nil),
    reviewed: KeyBinding([.character("r")], help: Words.localized("key_r_reviewed")),
    followUp: KeyBinding([.character("f")], help: Words.localized("key_f_follow_up")),
    reject: KeyBinding([.character("x")], help: Words.localized("key_x_reject_assessment")),
    reopen: KeyBinding([.character("o")], help: Words.localized("key_o_reopen")),
    roadmap: KeyBinding([.character("p")], help: Words.localized("key_p_roadmap")),
    history: KeyBinding([.character("h")], help: Words.localized("key_h_scores")),
    back: KeyBinding([.escape], help: Words.localized("key_esc_queue")),
    quit: KeyBinding([.interrupt, .character("q")], help: Words.localized("key_q_quit"))
  )

  static let roadmapKeys = (
    move: KeyBinding([.up, .down, .home, .end], help: Words.localized("key_up_down_service")),
    accept: KeyBinding([.character("a")], help: Words.localized("key_a_accept")),
    reject: KeyBinding([.character("x")], help: Words.localized("key_x_reject_service")),
    add: KeyBinding([.character("+")], help: Words.localized("key_plus_add_a_service")),
    back: KeyBinding([.escape], help: Words.localized("key_esc_assessment")),
    quit: KeyBinding([.interrupt, .character("q")], help: Words.localized("key_q_quit"))
  )

  static let addingKeys = (
    move: KeyBinding([.up, .down, .home, .end], help: Words.localized("key_up_down_move")),
    add: KeyBinding([.enter], help: Words.localized("key_enter_add")),
    back: KeyBinding([.escape], help: Words.localized("key_esc_roadmap")),
    quit: KeyBinding([.interrupt], help: Words.localized("key_ctrl_plus_c_quit"))
  )

  /// The consultant's roadmap for the open assessment: the engine's proposal for the answers as
  /// corrected, re-planned around the decisions and targets.
  var roadmap: Roadmap? {
    guard let detail, let catalog else { return nil }
    let review = detail.review
    let answers = review.correctedAnswers(detail.stored.answers)
    let options = Recommender.Options(
      targets: review.targets, excluded: Set(review.decisions.filter { $0.kind == .rejected }.map(\.service)),
      added: review.decisions.filter { $0.kind == .added }.map(\.service))
    return Recommender.roadmap(
      Scorer.score(answers, questionnaire: detail.questionnaire), answers: answers,
      questionnaire: detail.questionnaire, catalog: catalog, options: options)
  }

  /// The roadmap's services in order (phase by phase, then the deferred), and those left out.
  var roadmapEntries: [(service: String, phase: Int?)] {
    guard let roadmap, let detail else { return [] }
    var entries: [(String, Int?)] = []
    for (index, phase) in roadmap.phases.enumerated() { entries += phase.map { ($0.service, index) } }
    entries += roadmap.deferred.map { ($0.service, nil) }
    let rejected = detail.review.decisions.filter { $0.kind == .rejected }.map(\.service)
    entries += rejected.filter { id in !entries.contains { $0.0 == id } }.map { ($0, nil) }
    return entries
  }

  /// Services of the catalogue not in the roadmap, to add.
  var addable: [Service] {
    let present = Set(roadmapEntries.map(\.service))
    return (catalog?.services ?? []).filter { !present.contains($0.id) }
  }

  mutating func handleRoadmap(_ key: Key) -> [ReviewEffect] {
    guard let detail else { return [] }
    let keys = Self.roadmapKeys
    let entries = roadmapEntries
    if keys.quit.matches(key) { return quit() }
    if keys.back.matches(key) {
      phase = .assessment
      return []
    }
    if keys.move.matches(key) {
      switch key {
      case .up: serviceCursor = max(0, serviceCursor - 1)
      case .down: serviceCursor = min(max(0, entries.count - 1), serviceCursor + 1)
      case .home: serviceCursor = 0
      default: serviceCursor = max(0, entries.count - 1)
      }
      return []
    }
    message = nil
    guard detail.review.state.isOpen else {
      message =
        Words.text("review_closed_reopen", language)
      return []
    }
    if keys.add.matches(key) {
      serviceCursor = 0
      phase = .adding
      return []
    }
    guard entries.indices.contains(serviceCursor) else { return [] }
    let service = entries[serviceCursor].service
    if keys.accept.matches(key) {
      let next = apply([.accept(service)])
      phase = .roadmap
      return next
    }
    if keys.reject.matches(key) {
      text = ""
      phase = .typing(.serviceRejection(service))
    }
    return []
  }

  mutating func handleAdding(_ key: Key) -> [ReviewEffect] {
    let keys = Self.addingKeys
    let services = addable
    if keys.quit.matches(key) { return quit() }
    if keys.back.matches(key) {
      serviceCursor = 0
      phase = .roadmap
      return []
    }
    if keys.move.matches(key) {
      switch key {
      case .up: serviceCursor = max(0, serviceCursor - 1)
      case .down: serviceCursor = min(max(0, services.count - 1), serviceCursor + 1)
      case .home: serviceCursor = 0
      default: serviceCursor = max(0, services.count - 1)
      }
      return []
    }
    guard keys.add.matches(key), services.indices.contains(serviceCursor) else { return [] }
    let next = apply([.add(services[serviceCursor].id)])
    serviceCursor = 0
    phase = .roadmap
    return next
  }

  static let historyKeys = (
    move: KeyBinding([.up, .down, .home, .end], help: Words.localized("key_up_down_dimension")),
    raise: KeyBinding(
      [.character("+"), .right], help: Words.localized("key_plus_minus_target")),
    // Its help is the raise's.
    lower: KeyBinding([.character("-"), .left], help: nil),
    back: KeyBinding([.escape, .enter], help: Words.localized("key_esc_assessment")),
    quit: KeyBinding([.interrupt, .character("q")], help: Words.localized("key_q_quit"))
  )

  /// The target level of a dimension as the engine plans it: the consultant's, else one above the
  /// current level; never below the current level nor above the top.
  func target(_ dimension: DimensionID, _ corrected: ScoringResult) -> Int? {
    guard let detail, let current = corrected.dimension(dimension)?.level else { return nil }
    let top = detail.questionnaire.levels.count - 1
    return max(current, min(top, detail.review.targets[dimension] ?? current + 1))
  }

  /// Moves among the dimensions, and raises or lowers the highlighted one's target level.
  mutating func handleScores(_ key: Key) -> [ReviewEffect] {
    guard let detail else { return [] }
    let keys = Self.historyKeys
    let dimensions = detail.questionnaire.dimensions
    if keys.quit.matches(key) { return quit() }
    if keys.back.matches(key) {
      phase = .assessment
      return []
    }
    if keys.move.matches(key) {
      switch key {
      case .up: dimensionCursor = max(0, dimensionCursor - 1)
      case .down: dimensionCursor = min(dimensions.count - 1, dimensionCursor + 1)
      case .home: dimensionCursor = 0
      default: dimensionCursor = dimensions.count - 1
      }
      return []
    }
    guard keys.raise.matches(key) || keys.lower.matches(key), dimensions.indices.contains(dimensionCursor) else {
      return []
    }
    guard detail.review.state.isOpen else {
      message =
        Words.text("review_closed_reopen", language)
      return []
    }
    let corrected = Scorer.score(
      detail.review.correctedAnswers(detail.stored.answers), questionnaire: detail.questionnaire)
    let dimension = dimensions[dimensionCursor].id
    guard let now = target(dimension, corrected), let current = corrected.dimension(dimension)?.level else {
      message = Words.text("review_dimension_too_few_answers", language)
      return []
    }
    let top = detail.questionnaire.levels.count - 1
    let raising = keys.raise.matches(key)
    let next = min(top, max(current, now + (raising ? 1 : -1)))
    guard next != now else {
      message =
        raising
        ? Words.text("review_target_at_top", language)
        : Words.text("review_target_below_current", language)
      return []
    }
    let effects = apply([.target(dimension, next)])
    phase = .history
    return effects
  }

  static let typingKeys = (
    save: KeyBinding([.enter], help: Words.localized("key_enter_save")),
    cancel: KeyBinding([.escape], help: Words.localized("key_esc_cancel")),
    quit: KeyBinding([.interrupt], help: Words.localized("key_ctrl_plus_c_quit"))
  )

  static let leaveKeys = KeyBinding(
    [.enter, .escape, .interrupt, .character("q")],
    help: Words.localized("key_enter_or_q_to_leave"))

  // MARK: Keys

  mutating func handleQueue(_ key: Key) -> [ReviewEffect] {
    let keys = Self.queueKeys
    let count = matchingIndices.count
    if keys.quit.matches(key) { return quit() }
    if keys.move.matches(key) {
      switch key {
      case .up: cursor = max(0, cursor - 1)
      case .down: cursor = min(max(0, count - 1), cursor + 1)
      case .pageUp: cursor = max(0, cursor - 10)
      case .pageDown: cursor = min(max(0, count - 1), cursor + 10)
      case .home: cursor = 0
      default: cursor = max(0, count - 1)
      }
    } else if keys.search.matches(key) {
      switch key {
      case .character(let c): search.append(c)
      case .space: search.append(" ")
      default: if !search.isEmpty { search.removeLast() }
      }
      cursor = 0
    } else if keys.filter.matches(key) {
      filter = (filter + 1) % Self.filters.count
      cursor = 0
    } else if keys.clear.matches(key) {
      search = ""
      cursor = 0
    } else if keys.open.matches(key) {
      let shown = matchingIndices
      guard shown.indices.contains(cursor) else { return [] }
      message = nil
      return [.open(rows[shown[cursor]].id)]
    }
    return []
  }

  mutating func handleAssessment(_ key: Key) -> [ReviewEffect] {
    guard let detail else { return [] }
    let keys = Self.assessmentKeys
    let questions = shownQuestions
    let state = detail.review.state
    if keys.quit.matches(key) { return quit() }
    if keys.back.matches(key) {
      phase = .queue
      message = nil
      return [.loadQueue(limit: nil)]
    }
    if keys.move.matches(key) {
      let count = questions.count
      switch key {
      case .up: answerCursor = max(0, answerCursor - 1)
      case .down: answerCursor = min(max(0, count - 1), answerCursor + 1)
      case .pageUp: answerCursor = max(0, answerCursor - 10)
      case .pageDown: answerCursor = min(max(0, count - 1), answerCursor + 10)
      case .home: answerCursor = 0
      default: answerCursor = max(0, count - 1)
      }
      return []
    }
    message = nil
    if keys.note.matches(key) {
      text = ""
      phase = .typing(.note)
      return []
    }
    if keys.answerNote.matches(key), questions.indices.contains(answerCursor) {
      text = ""
      phase = .typing(.answerNote(questions[answerCursor].id))
      return []
    }
    if keys.history.matches(key) {
      phase = .history
      return []
    }
    if keys.roadmap.matches(key), catalog != nil {
      serviceCursor = 0
      phase = .roadmap
      return []
    }
    if keys.reopen.matches(key), !state.isOpen {
      return apply([.setState(.inReview, reason: nil)])
    }
    guard state.isOpen else {
      if keys.correct.matches(key) || keys.reviewed.matches(key) || keys.followUp.matches(key)
        || keys.reject.matches(key)
      {
        message =
          Words.text("review_state_reopen", language, ["state": "\(state.name.text(language))"])
      }
      return []
    }
    if keys.correct.matches(key), questions.indices.contains(answerCursor) {
      let question = questions[answerCursor]
      let answers = detail.review.correctedAnswers(detail.stored.answers)
      let title = detail.questionnaire.dimension(question.dimension)?.title.text(language) ?? ""
      screen = QuestionScreen(
        question: question, dimensionTitle: title, number: answerCursor + 1, total: questions.count,
        language: language, current: answers[question.id])
      screen?.correcting = true
      phase = .correcting
      return []
    }
    if keys.reviewed.matches(key) { return apply([.setState(.reviewed, reason: nil)]) }
    if keys.followUp.matches(key), state != .needsFollowUp {
      return apply([.setState(.needsFollowUp, reason: nil)])
    }
    if keys.reject.matches(key) {
      text = ""
      phase = .typing(.rejectionReason)
    }
    return []
  }

  mutating func handleCorrecting(_ key: Key) -> [ReviewEffect] {
    guard var screen else { return [] }
    let outcome = screen.handle(key)
    self.screen = screen
    switch outcome {
    case .answered(let given):
      switch AnswerValidator.normalize(given, for: screen.question) {
      case .success(let answer):
        let standing = detail.map { $0.review.correctedAnswers($0.stored.answers)[screen.question.id] } ?? nil
        guard answer != standing else {
          let error =
            Words.text("review_same_answer", language)
          self.screen?.error = error
          return []
        }
        text = ""
        phase = .typing(.correctionReason(screen.question.id, answer))
      case .failure(let problem):
        self.screen?.error = problem.text(language, for: screen.question)
      }
    case .back, .quit, .cleared: phase = .assessment
    default: break
    }
    return []
  }

  mutating func handleTyping(_ key: Key, _ prompt: Prompt) -> [ReviewEffect] {
    let keys = Self.typingKeys
    if keys.quit.matches(key) { return quit() }
    if keys.cancel.matches(key) {
      if case .serviceRejection = prompt { phase = .roadmap } else { phase = .assessment }
      return []
    }
    switch key {
    case .character(let c): text.append(c)
    case .space: text.append(" ")
    case .backspace: if !text.isEmpty { text.removeLast() }
    default: break
    }
    guard keys.save.matches(key) else { return [] }
    let written = text.trimmingCharacters(in: .whitespaces)
    guard !written.isEmpty else {
      message = Words.text("review_reason_needed", language)
      return []
    }
    switch prompt {
    case .note: return apply([.note(nil, written)])
    case .answerNote(let question): return apply([.note(question, written)])
    case .rejectionReason: return apply([.setState(.rejected, reason: written)])
    case .serviceRejection(let service):
      let next = apply([.reject(service, reason: written)])
      phase = .roadmap
      return next
    case .correctionReason(let question, let answer):
      return apply([.correct(question, answer, reason: written)])
    }
  }

  /// The actions as an effect, based on the version on screen; a correction is scored here.
  mutating func apply(_ actions: [ReviewAction]) -> [ReviewEffect] {
    guard let detail else { return [] }
    var rescored: ScoringResult?
    if case .correct(let question, let answer, _)? = actions.first {
      var answers = detail.review.correctedAnswers(detail.stored.answers)
      answers[question] = answer
      rescored = Scorer.score(answers, questionnaire: detail.questionnaire)
    }
    phase = .assessment
    return [.apply(detail.stored.summary.id, actions, version: detail.review.version, rescored: rescored)]
  }

  // MARK: Drawing

  public func render(width: Int, height: Int) -> Grid {
    if let small = QuestionScreen.tooSmall(width: width, height: height, language: language, saved: false) {
      return small
    }
    if phase == .correcting, let screen { return screen.render(width: width, height: height) }
    var grid = Grid(width: width, height: height)
    switch phase {
    case .queue: renderQueue(&grid)
    case .assessment: renderAssessment(&grid)
    case .typing(let prompt): renderTyping(&grid, prompt)
    case .roadmap: renderRoadmap(&grid)
    case .history: renderHistory(&grid)
    case .adding: renderAdding(&grid)
    case .failed, .finished:
      header(&grid, Words.text("could_not_save", language), right: "")
      let bottom = grid.footer([Self.leaveKeys].footer(language))
      var row = 3
      for line in DisplayWidth.wrap(failure ?? "", width: width - 4) where row < bottom - 1 {
        grid.write(line, x: 2, y: row)
        row += 1
      }
    case .correcting: break
    }
    return grid
  }

  func header(_ grid: inout Grid, _ title: String, right: String) {
    let end = grid.write(
      DisplayWidth.truncate(title, width: grid.width - DisplayWidth.of(right) - 2), x: 0, y: 0, style: .bold)
    if !right.isEmpty, end + 2 + DisplayWidth.of(right) <= grid.width {
      grid.write(right, x: grid.width - DisplayWidth.of(right), y: 0, style: .dim)
    }
    grid.write(String(repeating: "─", count: grid.width), x: 0, y: 1)
  }

  func score(_ value: Double?, count: Bool) -> String {
    guard let value else { return "–" }
    return count ? NumberText.plain(value, language) : NumberText.fixed(value, decimals: 1, language)
  }

  func date(_ stored: String) -> String {
    // Stored UTC; shown as the day in Vietnam.
    guard let at = ISO8601DateFormatter.stored.date(from: stored) else { return String(stored.prefix(10)) }
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(secondsFromGMT: Period.provinceOffsetHours * 3600)
    formatter.dateFormat = Words.text("date_format", language)
    return formatter.string(from: at)
  }

  func renderQueue(_ grid: inout Grid) {
    let indices = matchingIndices
    // Only the rows on screen are made.
    let shownCount = indices.count
    header(
      &grid, Words.text("queue_title", language),
      right: loading ? Words.text("loading", language) : Words.text("queue_shown", language, ["count": "\(shownCount)"])
    )
    let states = Self.filters[filter]
    let stateNames =
      states.count == ReviewState.allCases.count
      ? Words.text("queue_all_states", language)
      : ReviewState.allCases.filter(states.contains).map { $0.name.text(language) }.joined(separator: " + ")
    let searchLine = Words.text("queue_search", language) + " " + search + "▏"
    let end = grid.write(searchLine, x: 1, y: 2, style: .bold)
    grid.write(
      DisplayWidth.truncate(
        "   " + Words.text("queue_states", language) + " " + stateNames, width: grid.width - end - 1), x: end,
      y: 2, style: .dim)
    let keys = Self.queueKeys
    let bottom = grid.footer(
      [keys.move, keys.search, keys.filter, keys.open, keys.clear, keys.quit].footer(language), message: message)
    if rows.isEmpty {
      grid.write(
        loading ? Words.text("loading_sentence", language) : Words.text("queue_empty", language), x: 2, y: 4,
        style: .dim)
      return
    }
    if indices.isEmpty {
      grid.write(Words.text("queue_nothing_matches", language), x: 2, y: 4, style: .dim)
      return
    }
    // The highlighted row in full under the list: business, place, weakest dimension, who.
    let detailLines = indices.indices.contains(cursor) ? describe(rows[indices[cursor]], width: grid.width - 4) : []
    let listBottom = bottom - detailLines.count - 1
    // Two lines a row: date, level, score, state and business; then place, weakest dimension
    // and who has it in review.
    let room = max(1, (listBottom - 4) / 2)
    let start = max(0, min(cursor - room / 2, shownCount - room))
    for (index, position) in indices.enumerated().dropFirst(start).prefix(room) {
      let row = rows[position]
      let selected = index == cursor
      let level = row.overallLevel.map { Words.text("level_short", language) + String($0) } ?? "–"
      let line =
        "\(selected ? "›" : " ") \(date(row.submittedAt))  \(level) \(score(row.overallScore, count: questionnaires[row.questionnaireID]?.scoring.overall == .count).leftPadded(5))  \(row.state.name.text(language).padded(16))  \(row.businessName)"
      let y = 4 + 2 * (index - start)
      grid.write(DisplayWidth.truncate(line, width: grid.width - 1), x: 1, y: y, style: selected ? .reverse : [])
      grid.write(
        DisplayWidth.truncate("  " + facts(row).joined(separator: " · "), width: grid.width - 1), x: 1, y: y + 1,
        style: selected ? .reverse : .dim)
    }
    for (offset, line) in detailLines.enumerated() { grid.write(line, x: 2, y: listBottom + offset, style: .dim) }
  }

  /// A queue row's place, weakest dimension and reviewer, in words.
  func facts(_ row: ReviewQueueRow) -> [String] {
    let place =
      row.locality.flatMap { reference.localities.unit($0)?.name } ?? Words.text("queue_no_locality", language)
    var facts = [place]
    if let id = row.weakestDimension {
      let weakest = questionnaires[row.questionnaireID]?.dimension(DimensionID(id))?.title.text(language) ?? id
      facts.append(Words.text("queue_weakest", language, ["weakest": "\(weakest)"]))
    }
    if let reviewer = row.reviewer { facts.append(Words.text("queue_reviewer", language, ["reviewer": "\(reviewer)"])) }
    return facts
  }

  /// The highlighted row in full: business and tax code, then its facts.
  func describe(_ row: ReviewQueueRow, width: Int) -> [String] {
    let text = (["\(row.businessName) (\(row.taxCode))"] + facts(row)).joined(separator: " · ")
    return Array(DisplayWidth.wrap(text, width: width).prefix(3))
  }

  func answerText(_ answer: AnswerValue?, _ question: Question) -> String {
    guard let answer else { return "—" }
    switch answer {
    case .option(let id): return question.option(id)?.label.text(language) ?? id.rawValue
    case .options(let ids):
      return ids.isEmpty
        ? "—" : ids.map { question.option($0)?.label.text(language) ?? $0.rawValue }.joined(separator: "; ")
    case .notApplicable: return Phrase.notApplicable.text(language)
    case .dontKnow: return Phrase.dontKnow.text(language)
    default: return answer.description
    }
  }

  func renderAssessment(_ grid: inout Grid) {
    guard let detail else { return }
    let review = detail.review
    let q = detail.questionnaire
    let count = q.scoring.overall == .count
    let answered = Scorer.score(detail.stored.answers, questionnaire: q)
    let corrected = Scorer.score(review.correctedAnswers(detail.stored.answers), questionnaire: q)
    header(
      &grid, detail.stored.summary.businessName,
      right:
        "\(Words.text("level_short", language))\(corrected.overall.level.map(String.init) ?? "–") \(score(corrected.overall.score, count: count))"
    )
    var lines: [String] = []
    // The profile: where, what, how large, what kind of business.
    let profile = detail.stored.profile
    var facts: [String] = [TaxCode.masked(detail.stored.summary.taxCode)]
    if let place = profile.locality.flatMap({ reference.localities.unit($0)?.name }) { facts.append(place) }
    if let industry = profile.industry {
      let name = reference.vsic.section(version: industry.vsic, id: industry.section)?.name.text(language)
      facts.append("\(industry.section)\(name.map { " \($0)" } ?? "")")
    }
    if let size = detail.stored.sizeClass { facts.append(size.name.text(language)) }
    if let form = profile.legalForm { facts.append(form.name.text(language)) }
    lines.append(facts.joined(separator: " · "))
    lines.append(
      "\(review.state.name.text(language)) · \(Words.text("review_version", language)) \(review.version)"
        + (review.reviewer.map { " · \($0)" } ?? "") + " · \(q.reference)")
    // Why it is in this state (a rejection's reason, say), as the audit log records it.
    if let change = review.lastStateChange, let reason = change.reason {
      lines.append(Words.text("review_reason", language) + " " + "\(reason) — \(change.by), \(date(change.at))")
    }
    let before = score(answered.overall.score, count: count)
    let after = score(corrected.overall.score, count: count)
    lines.append(
      Words.text("review_overall", language) + " "
        + (review.corrections.isEmpty ? before : "\(before) → \(after) \(Words.text("review_as_corrected", language))"))
    if detail.history.count > 1 {
      lines.append(
        Words.text("review_history", language) + " "
          + detail.history.map { "\(date($0.date)) \(score($0.score, count: count))" }.joined(separator: " → "))
    }
    lines.append(
      Words.text(
        "review_counts", language,
        [
          "corrections": "\(review.corrections.count)", "notes": "\(review.notes.count)",
          "decisions": "\(review.decisions.count)",
        ])
    )
    for (offset, line) in lines.enumerated() {
      grid.write(
        DisplayWidth.truncate(line, width: grid.width - 2), x: 1, y: 2 + offset, style: offset == 1 ? .bold : [])
    }
    let keys = Self.assessmentKeys
    let roadmap = [keys.history] + (catalog == nil ? [] : [keys.roadmap])
    let bindings =
      review.state.isOpen
      ? [keys.move, keys.correct, keys.note] + roadmap + [
        keys.reviewed, keys.followUp, keys.reject, keys.back, keys.quit,
      ]
      : [keys.move, keys.note] + roadmap + [keys.reopen, keys.back, keys.quit]
    let bottom = grid.footer(bindings.footer(language), message: message)
    let questions = shownQuestions
    let corrections = Dictionary(review.corrections.map { ($0.question, $0) }) { a, _ in a }
    // The highlighted question in full, with both versions of a corrected answer.
    var full: [String] = []
    if questions.indices.contains(answerCursor) {
      let question = questions[answerCursor]
      full += DisplayWidth.wrap("\(answerCursor + 1). \(question.prompt.text(language))", width: grid.width - 4)
      let part = corrected.dimensions.flatMap(\.questions).first { $0.id == question.id }
      let points =
        part?.score.map {
          " " + Words.text("review_dimension_score", language) + " " + NumberText.fixed($0, decimals: 2, language)
        } ?? ""
      if let correction = corrections[question.id] {
        full += DisplayWidth.wrap(
          "\(Words.text("review_answer", language)): \(answerText(detail.stored.answers[question.id], question)) → \(answerText(correction.value, question)) (\(correction.reason))\(points)",
          width: grid.width - 4)
      } else {
        full += DisplayWidth.wrap(
          "\(Words.text("review_answer", language)): \(answerText(detail.stored.answers[question.id], question))\(points)",
          width: grid.width - 4)
      }
    }
    let top = 3 + lines.count
    let listBottom = bottom - full.count - 1
    let room = max(1, listBottom - top)
    let start = max(0, min(answerCursor - room / 2, questions.count - room))
    let answers = review.correctedAnswers(detail.stored.answers)
    for (index, question) in questions.enumerated().dropFirst(start).prefix(room) {
      let selected = index == answerCursor
      let mark = corrections[question.id] != nil ? "✎" : (answers[question.id] == nil ? "·" : " ")
      let prompt = DisplayWidth.truncate(question.prompt.text(language), width: (grid.width - 14) / 2)
      let padded = prompt + String(repeating: " ", count: max(0, (grid.width - 14) / 2 - DisplayWidth.of(prompt)))
      let line =
        "\(selected ? "›" : " ") \(mark) \(String(index + 1).leftPadded(2)). \(padded) \(answerText(answers[question.id], question))"
      grid.write(
        DisplayWidth.truncate(line, width: grid.width - 1), x: 1, y: top + index - start,
        style: selected ? .reverse : [])
    }
    for (offset, line) in full.enumerated() { grid.write(line, x: 2, y: listBottom + offset, style: .dim) }
  }

  func renderRoadmap(_ grid: inout Grid) {
    guard let detail else { return }
    header(&grid, Words.text("roadmap_title", language) + " " + detail.stored.summary.businessName, right: "")
    let keys = Self.roadmapKeys
    let bottom = grid.footer(
      [keys.move, keys.accept, keys.reject, keys.add, keys.back, keys.quit].footer(language), message: message)
    let decisions = Dictionary(detail.review.decisions.map { ($0.service, $0) }) { a, _ in a }
    let entries = roadmapEntries
    if entries.isEmpty {
      grid.write(Words.text("roadmap_empty", language), x: 2, y: 3, style: .dim)
      return
    }
    // Under the list, the highlighted service: what it is, why the engine proposes it (the
    // dimensions it raises and the answers that led to it), and the consultant's reason.
    var full: [String] = []
    if entries.indices.contains(serviceCursor), let catalog, let roadmap,
      let service = catalog.service(entries[serviceCursor].service)
    {
      full += DisplayWidth.wrap(service.description.text(language), width: grid.width - 4).prefix(2)
      if let item = (roadmap.phases.joined() + roadmap.deferred).first(where: { $0.service == service.id }) {
        let text = RoadmapText(
          roadmap, questionnaire: detail.questionnaire, catalog: catalog, language: language, showsIDs: false)
        // Whole reasons only, as many as six lines hold; the rest counted.
        let reasons = text.reasons(of: item, compact: true).map {
          DisplayWidth.wrapIndented("• " + $0, width: grid.width - 4)
        }
        var used = 0
        for (index, reason) in reasons.enumerated() {
          let left = reasons.count - index
          guard used + reason.count <= (left > 1 ? 5 : 6) else {
            full.append(
              Words.text(
                "roadmap_more_reasons", language,
                ["count": "\(left)", "id": "\(detail.stored.summary.id.rawValue.prefix(8))"]))
            break
          }
          full += reason
          used += reason.count
        }
      }
      if let decision = decisions[service.id], let reason = decision.reason {
        full += DisplayWidth.wrap(
          Words.text("roadmap_left_out_because", language) + " " + reason, width: grid.width - 4
        ).prefix(1)
      }
    }
    let listBottom = bottom - full.count - 1
    let room = max(1, listBottom - 3)
    let start = max(0, min(serviceCursor - room / 2, entries.count - room))
    for (index, entry) in entries.enumerated().dropFirst(start).prefix(room) {
      let selected = index == serviceCursor
      let name = catalog?.service(entry.service)?.name.text(language) ?? entry.service
      let decision: String =
        switch decisions[entry.service]?.kind {
        case .accepted?: Words.text("roadmap_kept", language)
        case .rejected?: Words.text("roadmap_left_out", language)
        case .added?: Words.text("roadmap_added", language)
        case nil: ""
        }
      let when =
        entry.phase.map { Words.text("roadmap_phase_short", language, ["number": String($0 + 1)]) }
        ?? Words.text("roadmap_later", language)
      let line = "\(selected ? "›" : " ") \(when.padded(5)) \(decision.padded(9)) \(name)"
      grid.write(
        DisplayWidth.truncate(line, width: grid.width - 1), x: 1, y: 3 + index - start, style: selected ? .reverse : [])
    }
    for (offset, line) in full.enumerated() { grid.write(line, x: 2, y: listBottom + offset, style: .dim) }
  }

  /// The business's assessments side by side: each dimension's score in each (the latest
  /// when there are many), and the change from the first shown to the last.
  func renderHistory(_ grid: inout Grid) {
    guard let detail else { return }
    header(&grid, Words.text("scores_title", language) + " " + detail.stored.summary.businessName, right: "")
    let keys = Self.historyKeys
    grid.footer([keys.move, keys.raise, keys.back, keys.quit].footer(language), message: message)
    // The assessment's own column holds its scores as corrected, with levels.
    let corrected = Scorer.score(
      detail.review.correctedAnswers(detail.stored.answers), questionnaire: detail.questionnaire)
    var history = detail.history.filter {
      $0.date != (detail.stored.summary.submittedAt.map { ConsentRecord.utcText($0) } ?? "")
    }
    history.append(
      ReviewDetail.Past(
        date: detail.stored.summary.submittedAt.map { ConsentRecord.utcText($0) } ?? "", score: corrected.overall.score,
        dimensions: Dictionary(corrected.dimensions.compactMap { d in d.score.map { (d.id, $0) } }) { a, _ in a }))
    // Columns of 11 for each assessment, 9 for the change, 6 for the level; the rest for names.
    let past = Array(history.suffix(max(1, (grid.width - 2 - 27 - 20) / 11)))
    let titleWidth = max(12, grid.width - 2 - 11 * past.count - 27)
    var head = "".padded(titleWidth)
    for entry in past { head += date(entry.date).leftPadded(11) }
    head += Words.text("scores_change", language).leftPadded(9) + "  " + Words.text("scores_level_target", language)
    grid.write(DisplayWidth.truncate(head, width: grid.width - 2), x: 1, y: 3, style: .bold)
    let count = detail.questionnaire.scoring.overall == .count
    var rows: [(title: String, values: [Double?], level: Int?)] = [
      (Words.text("scores_overall", language), past.map(\.score), corrected.overall.level)
    ]
    for dimension in detail.questionnaire.dimensions {
      rows.append(
        (
          dimension.title.text(language), past.map { $0.dimensions[dimension.id] },
          corrected.dimension(dimension.id)?.level
        ))
    }
    // A name too long for its column wraps onto the lines below; the figures stay on its first.
    var y = 4
    for (index, row) in rows.enumerated() {
      let title = DisplayWidth.wrap(row.title, width: titleWidth)
      var line = (title.first ?? "").padded(titleWidth)
      for value in row.values { line += score(value, count: count && index == 0).leftPadded(11) }
      if row.values.count > 1, let first = row.values.first ?? nil, let last = row.values.last ?? nil {
        let change = last - first
        line += ((change >= 0 ? "+" : "") + NumberText.fixed(change, decimals: 1, language)).leftPadded(9)
      } else {
        line += "".padded(9)
      }
      if let level = row.level {
        line += (Words.text("level_short", language) + String(level)).leftPadded(6)
        if index > 0, let goal = target(detail.questionnaire.dimensions[index - 1].id, corrected) {
          let set = detail.review.targets[detail.questionnaire.dimensions[index - 1].id] != nil
          line += " → " + Words.text("level_short", language) + String(goal) + (set ? " ✎" : "")
        }
      }
      let selected = index - 1 == dimensionCursor
      let style: Grid.Style = index == 0 ? .bold : selected ? .reverse : []
      grid.write(DisplayWidth.truncate((selected ? "›" : " ") + line, width: grid.width - 1), x: 0, y: y, style: style)
      for more in title.dropFirst() {
        y += 1
        grid.write(" " + more.padded(titleWidth), x: 0, y: y, style: style)
      }
      y += 1
    }
  }

  func renderAdding(_ grid: inout Grid) {
    header(&grid, Words.text("roadmap_add_title", language), right: "")
    let keys = Self.addingKeys
    let bottom = grid.footer([keys.move, keys.add, keys.back, keys.quit].footer(language), message: message)
    let services = addable
    let room = max(1, bottom - 4)
    let start = max(0, min(serviceCursor - room / 2, services.count - room))
    for (index, service) in services.enumerated().dropFirst(start).prefix(room) {
      let selected = index == serviceCursor
      grid.write(
        DisplayWidth.truncate("\(selected ? "›" : " ") \(service.name.text(language))", width: grid.width - 2), x: 1,
        y: 3 + index - start, style: selected ? .reverse : [])
    }
  }

  func renderTyping(_ grid: inout Grid, _ prompt: Prompt) {
    guard let detail else { return }
    header(&grid, detail.stored.summary.businessName, right: "")
    let title: String
    switch prompt {
    case .note: title = Words.text("note_on_assessment", language)
    case .answerNote(let question):
      let prompt = detail.questionnaire.question(question)?.prompt.text(language) ?? question.rawValue
      title = Words.text("note_on_answer", language) + " " + prompt
    case .rejectionReason: title = Words.text("reason_rejection", language)
    case .serviceRejection(let service):
      let name = catalog?.service(service)?.name.text(language) ?? service
      title = Words.text("reason_left_out", language) + " " + name
    case .correctionReason(let id, let answer):
      let question = detail.questionnaire.question(id)
      let before = question.map { answerText(detail.review.correctedAnswers(detail.stored.answers)[id], $0) } ?? ""
      let after = question.map { answerText(answer, $0) } ?? answer.description
      title = Words.text("reason_correction", language, ["question": "\(id)"]) + " " + "\(before) → \(after)"
    }
    var row = 3
    for line in DisplayWidth.wrap(title, width: grid.width - 4) {
      grid.write(line, x: 2, y: row, style: .bold)
      row += 1
    }
    row += 1
    for line in DisplayWidth.wrap(text + "▏", width: grid.width - 4).suffix(4) {
      grid.write(line, x: 2, y: row, style: .reverse)
      row += 1
    }
    let keys = Self.typingKeys
    grid.footer([keys.save, keys.cancel, keys.quit].footer(language), message: message)
  }
}

extension String {
  /// Right-aligned in `width` columns.
  func leftPadded(_ width: Int) -> String {
    String(repeating: " ", count: max(0, width - DisplayWidth.of(self))) + self
  }

  /// Left-aligned in `width` columns.
  func padded(_ width: Int) -> String {
    self + String(repeating: " ", count: max(0, width - DisplayWidth.of(self)))
  }
}

extension ISO8601DateFormatter {
  /// Reads the stored UTC form, `2026-11-30T03:00:00.000Z`.
  static var stored: ISO8601DateFormatter {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    return formatter
  }
}
