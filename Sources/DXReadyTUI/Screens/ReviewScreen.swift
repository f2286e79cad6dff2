import DXReadyCore
import Foundation

/// Every shown question with its answer; submitting, confirmed with a second Enter.
extension TakeModel {
  static let reviewKeys = (
    move: KeyBinding(
      [.up, .character("k"), .down, .character("j"), .pageUp, .pageDown, .home, .end],
      help: Words.localized("key_up_down_move")),
    open: KeyBinding([.enter], help: Words.localized("key_enter_change_submit")),
    // Not a key: what the marker in the list means, where the footer explains the screen.
    legend: KeyBinding(
      help: Words.localized("key_bang_required_unanswered"), where: { _ in false }),
    back: KeyBinding([.escape, .left], help: Words.localized("key_esc_last_question")),
    quit: KeyBinding([.interrupt, .character("q")], help: Words.localized("key_q_save_and_quit"))
  )

  /// While the review asks to confirm the submission: any other key goes back.
  static let submitKeys = (
    submit: KeyBinding(
      [.enter, .character("y"), .character("c")], help: Words.localized("key_enter_submit")),
    back: KeyBinding([.escape], help: Words.localized("key_esc_go_back")),
    quit: KeyBinding([.interrupt, .character("q")], help: Words.localized("key_q_save_and_quit"))
  )

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
          Words.text("submit_required_missing", language, ["count": "\(missing.count)"])
        listCursor = list.firstIndex { $0.id == first.id } ?? 0
        return []
      }
      confirmingSubmit = true
      message =
        Words.text("submit_confirm", language)
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

  /// An answer as a short text: the option's label, the number, the text.
  func answerText(_ answer: AnswerValue?, _ question: Question) -> String {
    guard let answer else { return "—" }
    switch answer {
    case .option(let id): return question.option(id)?.label.text(language) ?? id.rawValue
    case .options(let ids):
      return ids.isEmpty
        ? Words.text("submit_none_ticked", language)
        : ids.map { question.option($0)?.label.text(language) ?? $0.rawValue }.joined(separator: "; ")
    case .number, .text: return answer.description
    case .notApplicable, .dontKnow:
      // As the choice reads on the question's screen.
      let text = (answer == .notApplicable ? Phrase.notApplicable : Phrase.dontKnow).text(language)
      return text.prefix(1).uppercased() + text.dropFirst()
    }
  }

  func renderReview(_ grid: inout Grid) {
    let list = shown
    let answered = list.filter { answers[$0.id] != nil }.count
    header(
      &grid, Words.text("submit_title", language, ["answered": "\(answered)", "total": "\(list.count)"]))
    var items: [String] = []
    for (index, question) in list.enumerated() {
      let marker = answers[question.id] == nil ? (question.required ? "!" : "·") : "✓"
      let prompt = DisplayWidth.truncate(question.prompt.text(language), width: (grid.width - 12) / 2)
      let padded = prompt + String(repeating: " ", count: max(0, (grid.width - 12) / 2 - DisplayWidth.of(prompt)))
      items.append("\(marker) \(index + 1). \(padded) \(answerText(answers[question.id], question))")
    }
    items.append(Words.text("submit_row", language))
    let review = Self.reviewKeys
    let submit = Self.submitKeys
    let bottom = footer(
      &grid,
      (confirmingSubmit
        ? [submit.submit, submit.back, submit.quit]
        : [review.move, review.open, review.legend, review.back, review.quit]).footer(language))
    // The highlighted question in full (the list cuts long prompts and answers), above the keys.
    var detail: [String] = []
    if listCursor < list.count {
      let question = list[listCursor]
      detail =
        DisplayWidth.wrap("\(listCursor + 1). \(question.prompt.text(language))", width: grid.width - 4)
        + DisplayWidth.wrap(
          Words.text("submit_answer", language) + " " + answerText(answers[question.id], question),
          width: grid.width - 4)
    }
    let room = bottom - 3
    let shownDetail = room - detail.count - 1 >= min(items.count, 6) ? detail : []
    let listBottom = bottom - (shownDetail.isEmpty ? 0 : shownDetail.count + 1)
    for (offset, line) in shownDetail.enumerated() {
      grid.write(line, x: 2, y: listBottom + 1 + offset, style: .dim)
    }
    self.list(&grid, items, cursor: listCursor, top: 3, bottom: listBottom)
  }
}
