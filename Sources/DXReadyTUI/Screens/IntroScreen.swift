import DXReadyCore
import Foundation

/// What the questionnaire is and how long it takes.
extension TakeModel {
  static let introKeys = (
    start: KeyBinding([.enter, .space], help: Words.localized("key_enter_start")),
    quit: KeyBinding([.interrupt, .escape, .character("q")], help: Words.localized("key_q_quit"))
  )

  mutating func handleIntro(_ key: Key) -> [TakeEffect] {
    let keys = Self.introKeys
    if keys.start.matches(key) {
      phase = notice == nil ? afterConsent : .consent
      scroll = 0
    } else if keys.quit.matches(key) {
      return quit()
    }
    return []
  }

  func renderIntro(_ grid: inout Grid) {
    header(&grid, Words.text("intro_title", language))
    var row = 3
    for line in DisplayWidth.wrap(questionnaire.title.text(language), width: grid.width - 4) {
      grid.write(line, x: 2, y: row, style: .bold)
      row += 1
    }
    row += 1
    var paragraphs: [String] = []
    if let description = questionnaire.description?.text(language), !description.isEmpty {
      paragraphs.append(description)
    }
    let notice =
      self.notice == nil ? "" : Words.text("intro_notice_step", language) + " "
    paragraphs.append(
      Words.text("intro_text", language, ["notice": "\(notice)"])
    )
    let stored = kiosk ? Words.text("intro_stored_kiosk", language) : Words.text("intro_stored", language)
    paragraphs.append(stored)
    let bottom = footer(&grid, [Self.introKeys.start, Self.introKeys.quit].footer(language))
    for paragraph in paragraphs {
      for line in DisplayWidth.wrap(paragraph, width: grid.width - 4) where row < bottom - 1 {
        grid.write(line, x: 2, y: row)
        row += 1
      }
      row += 1
    }
  }
}
