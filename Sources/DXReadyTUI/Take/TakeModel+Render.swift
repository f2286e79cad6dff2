import DXReadyCore
import Foundation

extension TakeModel {
  /// The screen for the current state, at any size (below 80×24, a message to enlarge it).
  public func render(width: Int, height: Int) -> Grid {
    if let small = QuestionScreen.tooSmall(
      width: width, height: height, language: language, saved: !answers.isEmpty || result != nil)
    {
      return small
    }
    var grid = Grid(width: width, height: height)
    switch phase {
    case .language: renderLanguage(&grid)
    case .intro: renderIntro(&grid)
    case .consent: renderConsent(&grid)
    case .profile:
      header(&grid, Words.text("take_profile_title", language))
      let bottom = grid.footer(form.keys, message: message)
      form.render(into: &grid, top: 3, bottom: bottom)
    case .resume: renderResume(&grid)
    case .kioskStart: renderKioskStart(&grid)
    case .resumeCode: renderCodeEntry(&grid)
    case .codeShown: renderCodeShown(&grid)
    case .questions:
      if let screen { grid = screen.render(width: width, height: height) }
    case .review: renderReview(&grid)
    case .results, .finished: renderResults(&grid)
    case .failed: renderFailure(&grid)
    }
    return grid
  }

  /// The screen's title, and the questionnaire's on the right where both fit whole (the intro
  /// screen names it in full); neither is ever cut.
  func header(_ grid: inout Grid, _ title: String) {
    let name = questionnaire.title.text(language)
    let end = grid.write(DisplayWidth.truncate(title, width: grid.width), x: 0, y: 0, style: .bold)
    if end + 3 + DisplayWidth.of(name) <= grid.width {
      grid.write(name, x: grid.width - DisplayWidth.of(name), y: 0, style: .dim)
    }
    grid.write(String(repeating: "─", count: grid.width), x: 0, y: 1)
  }

  @discardableResult
  func footer(_ grid: inout Grid, _ keys: String) -> Int {
    grid.footer(keys, message: message)
  }

  func list(_ grid: inout Grid, _ items: [String], cursor: Int, top: Int, bottom: Int) {
    let room = max(1, bottom - top)
    let start = max(0, min(cursor - room / 2, items.count - room))
    for (index, item) in items.enumerated().dropFirst(start).prefix(room) {
      let selected = index == cursor
      grid.write(
        DisplayWidth.truncate((selected ? "› " : "  ") + item, width: grid.width - 2), x: 1, y: top + index - start,
        style: selected ? .reverse : [])
    }
  }

}
