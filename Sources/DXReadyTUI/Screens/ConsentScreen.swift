import DXReadyCore
import Foundation

/// The personal-data notice, agreed to before anything is asked or stored.
extension TakeModel {
  static let consentKeys = (
    agree: KeyBinding(
      [.enter], help: Words.localized("key_enter_agree_and_go_on")),
    scroll: KeyBinding(
      [.down, .character("j"), .pageDown, .up, .character("k"), .pageUp],
      help: Words.localized("key_up_down_scroll")),
    quit: KeyBinding(
      [.interrupt, .escape, .character("q")],
      help: Words.localized("key_q_leave_nothing_is_stored"))
  )

  /// Enter agrees (and the time is kept for the draft); leaving here stores nothing.
  mutating func handleConsent(_ key: Key) -> [TakeEffect] {
    let keys = Self.consentKeys
    if keys.agree.matches(key) {
      if let notice { consent = .onScreen(notice, at: clock()) }
      phase = afterConsent
    } else if keys.scroll.matches(key) {
      let step = key == .pageDown || key == .pageUp ? 10 : 1
      let down = key == .down || key == .character("j") || key == .pageDown
      scroll = max(0, scroll + (down ? step : -step))
    } else if keys.quit.matches(key) {
      return quit()
    }
    return []
  }

  /// The personal-data notice, each part under its heading; ↑↓ scroll when it does not fit.
  func renderConsent(_ grid: inout Grid) {
    guard let notice else { return }
    header(&grid, notice.title.text(language))
    var lines: [(text: String, bold: Bool)] = []
    for part in PrivacyNotice.Part.allCases {
      let heading = part.heading.text(language) + ": "
      let text = notice.parts[part]?.text(language) ?? ""
      for (index, line) in DisplayWidth.wrap(heading + text, width: grid.width - 4).enumerated() {
        lines.append((line, index == 0))
      }
    }
    let keys = Self.consentKeys
    let bottom = footer(&grid, [keys.agree, keys.scroll, keys.quit].footer(language))
    let room = max(1, bottom - 4)
    let start = min(scroll, max(0, lines.count - room))
    var row = 3
    for line in lines.dropFirst(start).prefix(room) {
      if line.bold, let colon = line.text.range(of: ": ") {
        // The heading in bold, the text after it plain.
        let end = grid.write(String(line.text[..<colon.upperBound]), x: 2, y: row, style: .bold)
        grid.write(String(line.text[colon.upperBound...]), x: end, y: row)
      } else {
        grid.write(line.text, x: 2, y: row)
      }
      row += 1
    }
    if lines.count > room {
      grid.write(Words.text("consent_more", language), x: 2, y: bottom - 1, style: .dim)
    }
  }
}
