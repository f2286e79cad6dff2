import DXReadyCore
import Foundation

/// What is typed to carry on with a draft at a kiosk: the tax code and the resume code.
struct CodeEntry: Sendable, Hashable {
  enum Field: Sendable, Hashable { case taxCode, code }
  var taxCode = ""
  var code = ""
  var focus = Field.taxCode
  var error: String?
}

/// `take --kiosk`: the screens a business meets on a shared server (over SSH), where tax codes
/// are public and nothing of another business may be seen. After the notice, a new assessment
/// or a draft carried on with its resume code; the code of a new draft is shown once.
extension TakeModel {
  /// How many wrong resume codes end the session.
  public static let codeAttempts = 3

  static let kioskStartKeys = (
    move: KeyBinding(help: Words.localized("key_up_down_move")) { key in
      [.up, .character("k"), .down, .character("j"), .tab].contains(key) || key.digitIndex(below: 2) != nil
    },
    confirm: KeyBinding([.enter], help: Words.localized("key_enter_confirm")),
    quit: KeyBinding([.interrupt, .escape, .character("q")], help: Words.localized("key_q_quit"))
  )

  static let codeEntryKeys = (
    next: KeyBinding([.tab, .backTab, .up, .down], help: Words.localized("key_tab_next_field")),
    confirm: KeyBinding([.enter], help: Words.localized("key_enter_confirm")),
    back: KeyBinding([.escape], help: Words.localized("key_esc_back_kiosk")),
    quit: KeyBinding([.interrupt], help: Words.localized("key_ctrl_plus_c_quit"))
  )

  static let codeShownKeys = (
    go: KeyBinding(
      [.enter], help: Words.localized("key_enter_written_down_go_on")),
    quit: KeyBinding([.interrupt], help: Words.localized("key_ctrl_plus_c_quit"))
  )

  /// Where the notice leads: the profile, or at a kiosk the choice between a new assessment and
  /// a draft to carry on.
  var afterConsent: Phase { kiosk ? .kioskStart : .profile }

  mutating func handleKioskStart(_ key: Key) -> [TakeEffect] {
    let keys = Self.kioskStartKeys
    if keys.move.matches(key) {
      listCursor = key.digitIndex(below: 2) ?? (listCursor + 1) % 2
      return []
    }
    if keys.quit.matches(key) { return quit() }
    guard keys.confirm.matches(key) else { return [] }
    if listCursor == 0 {
      phase = .profile
    } else {
      phase = .resumeCode
      codeEntry = CodeEntry()
    }
    return []
  }

  mutating func handleCodeEntry(_ key: Key) -> [TakeEffect] {
    let keys = Self.codeEntryKeys
    if keys.quit.matches(key) { return quit() }
    if keys.back.matches(key) {
      phase = .kioskStart
      listCursor = 1
      return []
    }
    if keys.next.matches(key) {
      codeEntry.focus = codeEntry.focus == .taxCode ? .code : .taxCode
      return []
    }
    switch key {
    case .backspace, .delete:
      if codeEntry.focus == .taxCode { _ = codeEntry.taxCode.popLast() } else { _ = codeEntry.code.popLast() }
      return []
    case .character(let character):
      if codeEntry.focus == .taxCode {
        if codeEntry.taxCode.count < 20 { codeEntry.taxCode.append(character) }
      } else if codeEntry.code.count < 20 {
        codeEntry.code.append(character)
      }
      return []
    case .space:
      if codeEntry.focus == .code, codeEntry.code.count < 20 { codeEntry.code.append(" ") }
      return []
    default: break
    }
    guard keys.confirm.matches(key) else { return [] }
    return confirmCodeEntry()
  }

  /// Enter on the code screen: the tax code must be one, then the code must look like one
  /// (neither counts as a wrong code); then the store is asked.
  mutating func confirmCodeEntry() -> [TakeEffect] {
    let taxCode: TaxCode
    do {
      taxCode = try TaxCode(parsing: codeEntry.taxCode.trimmingCharacters(in: .whitespaces))
    } catch {
      codeEntry.focus = .taxCode
      codeEntry.error = Words.text("kiosk_tax_code", language) + " " + error.text.text(language)
      return []
    }
    codeEntry.taxCode = taxCode.value
    if codeEntry.focus == .taxCode && codeEntry.code.isEmpty {
      codeEntry.focus = .code
      codeEntry.error = nil
      return []
    }
    guard let code = ResumeCode.normalized(codeEntry.code) else {
      codeEntry.focus = .code
      codeEntry.error =
        Words.text("kiosk_code_shape", language)
      return []
    }
    codeEntry.error = nil
    return [.openWithCode(taxCode: taxCode.value, code: code)]
  }

  /// The store's answer to a resume code: the drafts it opens (none when it is wrong).
  mutating func codeChecked(_ profile: BusinessProfile?, drafts: [DraftToResume]) -> [TakeEffect] {
    guard !drafts.isEmpty else {
      refusedCodes += 1
      codeEntry.code = ""
      codeEntry.focus = .code
      let left = Self.codeAttempts - refusedCodes
      if left <= 0 {
        lockedOut = true
        return quit()
      }
      codeEntry.error = Words.text("kiosk_wrong_code", count: left, language)
      return []
    }
    // The form takes the draft's own profile, and the tax code stays the one the code opened.
    form = ProfileForm(profile: profile ?? BusinessProfile(), reference: reference, language: language)
    form.confirmTaxCode(codeEntry.taxCode)
    businessFound(nil, drafts: drafts)
    return []
  }

  mutating func handleCodeShown(_ key: Key) -> [TakeEffect] {
    let keys = Self.codeShownKeys
    if keys.quit.matches(key) { return quit() }
    guard keys.go.matches(key) else { return [] }
    shownCode = nil
    startQuestions(at: shown.first?.id)
    return []
  }

  func renderKioskStart(_ grid: inout Grid) {
    header(&grid, Words.text("kiosk_start_title", language))
    var row = 3
    let intro =
      Words.text("kiosk_start_text", language)
    for line in DisplayWidth.wrap(intro, width: grid.width - 4) {
      grid.write(line, x: 2, y: row)
      row += 1
    }
    let items = [
      "1. " + Words.text("kiosk_start_new", language), "2. " + Words.text("kiosk_resume_with_code", language),
    ]
    let keys = Self.kioskStartKeys
    let bottom = footer(&grid, [keys.move, keys.confirm, keys.quit].footer(language))
    list(&grid, items, cursor: listCursor, top: row + 1, bottom: bottom)
  }

  func renderCodeEntry(_ grid: inout Grid) {
    header(&grid, Words.text("kiosk_resume_title", language))
    var row = 3
    let intro =
      Words.text("kiosk_resume_text", language, ["attempts": "\(Self.codeAttempts)"])
    for line in DisplayWidth.wrap(intro, width: grid.width - 4) {
      grid.write(line, x: 2, y: row)
      row += 1
    }
    row += 1
    let labels = [Words.text("kiosk_tax_code_label", language), Words.text("kiosk_resume_code_label", language)]
    let labelWidth = labels.map(DisplayWidth.of).max() ?? 0
    for (index, (label, value)) in zip(labels, [codeEntry.taxCode, codeEntry.code]).enumerated() {
      let focused = (index == 0) == (codeEntry.focus == .taxCode)
      grid.write(label, x: 2, y: row, style: focused ? .bold : [])
      let x = 4 + labelWidth
      grid.write("[" + value + (focused ? "_" : "") + "]", x: x, y: row, style: focused ? .reverse : [])
      row += 2
    }
    let keys = Self.codeEntryKeys
    let bottom = footer(&grid, [keys.next, keys.confirm, keys.back, keys.quit].footer(language))
    if let error = codeEntry.error {
      for line in DisplayWidth.wrap("⚠ " + error, width: grid.width - 4) where row < bottom {
        grid.write(line, x: 2, y: row, style: .bold)
        row += 1
      }
    }
  }

  /// What a kiosk session says as it ends: never a command, which a business at a kiosk cannot
  /// run.
  public var kioskClosingWords: String {
    if result != nil {
      return Words.text("kiosk_thanks", language)
    }
    if draft != nil {
      return Words.text("kiosk_saved_answers", count: answers.count, language)
    }
    if hasEarlierDraft {
      return Words.text("kiosk_nothing_new_stored", language)
    }
    if discardedDrafts > 0 {
      return Words.text("kiosk_old_draft_deleted", language)
    }
    return Words.text("nothing_stored", language)
  }

  /// What is said before the resume code and after it, on screen and in plain mode.
  var codeShownWords: (before: String, after: String) {
    (Words.text("kiosk_code_before", language), Words.text("kiosk_code_after", language))
  }

  func renderCodeShown(_ grid: inout Grid) {
    header(&grid, Words.text("kiosk_your_code", language))
    var row = 3
    let (before, after) = codeShownWords
    for line in DisplayWidth.wrap(before, width: grid.width - 4) {
      grid.write(line, x: 2, y: row)
      row += 1
    }
    row += 1
    grid.write(shownCode ?? "", x: 6, y: row, style: [.bold, .reverse])
    row += 2
    let keys = Self.codeShownKeys
    let bottom = footer(&grid, [keys.go, keys.quit].footer(language))
    for line in DisplayWidth.wrap(after, width: grid.width - 4) where row < bottom - 1 {
      grid.write(line, x: 2, y: row)
      row += 1
    }
  }
}
