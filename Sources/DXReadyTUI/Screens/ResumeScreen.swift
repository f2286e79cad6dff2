import DXReadyCore
import Foundation

/// The offer to carry on with an unfinished draft of the business, or to start over.
extension TakeModel {
  /// The offer to resume a draft: `count` items, the drafts and "start over".
  static func resumeKeys(count: Int) -> (move: KeyBinding, confirm: KeyBinding, quit: KeyBinding) {
    (
      move: KeyBinding(help: Words.localized("key_up_down_move")) { key in
        [.up, .character("k"), .down, .character("j"), .tab, .home].contains(key) || key.digitIndex(below: count) != nil
      },
      confirm: KeyBinding([.enter], help: Words.localized("key_enter_confirm")),
      quit: KeyBinding([.interrupt, .character("q")], help: Words.localized("key_q_quit"))
    )
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
    discardedDrafts += old.count
    drafts = []
    phase = .profile
    return old.map(TakeEffect.deleteDraft)
  }

  func renderResume(_ grid: inout Grid) {
    header(&grid, Words.text("resume_title", language))
    let name = form.value(.name)
    let intro =
      Words.text("resume_text", language, ["name": "\(name)"])
    var row = 3
    for line in DisplayWidth.wrap(intro, width: grid.width - 4) {
      grid.write(line, x: 2, y: row)
      row += 1
    }
    let formatter = DateFormatter()
    formatter.dateFormat = "yyyy-MM-dd HH:mm"
    formatter.timeZone = timeZone
    var items = drafts.enumerated().map { index, draft in
      let answered = draft.answers.count
      return Words.text(
        "resume_carry_on_draft", language,
        ["number": "\(index + 1)", "saved_at": "\(formatter.string(from: draft.updatedAt))", "answered": "\(answered)"])
    }
    items.append(
      Words.text("start_over_option", language, ["number": "\(drafts.count + 1)"]))
    let keys = Self.resumeKeys(count: drafts.count + 1)
    let bottom = footer(&grid, [keys.move, keys.confirm, keys.quit].footer(language))
    list(&grid, items, cursor: listCursor, top: row + 1, bottom: bottom)
  }
}
