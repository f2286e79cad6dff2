import DXReadyCore
import Foundation

/// What the questionnaire is and how long it takes.
extension TakeModel {
  static let introKeys = (
    start: KeyBinding([.enter, .space], help: LocalizedText(vi: "Enter bắt đầu", en: "Enter start")),
    quit: KeyBinding([.interrupt, .escape, .character("q")], help: LocalizedText(vi: "q thoát", en: "q quit"))
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
    let vi = language == .vi
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
      self.notice == nil ? "" : (Words.text("intro_notice_step", language) + " ")
    paragraphs.append(
      Words.text("intro_text", language, ["notice": "\(notice)"])
    )
    let stored: String =
      switch (vi, kiosk) {
      case (true, false):
        "Mỗi câu trả lời được lưu ngay khi nhập. Có thể thoát bất cứ lúc nào (q hoặc Ctrl+C) và tiếp tục sau với cùng mã số thuế."
      case (false, false):
        "Every answer is stored as soon as it is given. You can leave at any time (q or Ctrl+C) and carry on later with the same tax code."
      case (true, true):
        "Mỗi câu trả lời được lưu ngay khi nhập. Có thể thoát bất cứ lúc nào (Ctrl+C) và tiếp tục sau bằng mã số thuế cùng mã tiếp tục được cấp khi bắt đầu."
      case (false, true):
        "Every answer is stored as soon as it is given. You can leave at any time (Ctrl+C) and carry on later with the tax code and the resume code given when you start."
      }
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
