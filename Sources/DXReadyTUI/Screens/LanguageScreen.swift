import DXReadyCore
import Foundation

/// The first screen: the language of the session, asked in both.
extension TakeModel {
  /// The language screen speaks both languages at once.
  static let languageKeys = (
    move: KeyBinding(help: KeyBinding.both("↑↓ chọn · select")) { key in
      [.up, .down, .character("j"), .character("k"), .tab, .home].contains(key) || key.digitIndex(below: 2) != nil
    },
    confirm: KeyBinding([.enter], help: KeyBinding.both("Enter tiếp · next")),
    quit: KeyBinding([.interrupt, .escape, .character("q")], help: KeyBinding.both("Ctrl+C thoát · quit"))
  )

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

  func renderLanguage(_ grid: inout Grid) {
    header(&grid, "Ngôn ngữ · Language")
    grid.write(questionnaire.title.text(.vi), x: 2, y: 3, style: .bold)
    grid.write(questionnaire.title.text(.en), x: 2, y: 4, style: .dim)
    let keys = Self.languageKeys
    footer(&grid, [keys.move, keys.confirm, keys.quit].footer(language))
    list(&grid, ["1. Tiếng Việt", "2. English"], cursor: listCursor, top: 6, bottom: 8)
  }
}
