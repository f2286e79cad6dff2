import DXReadyCore
import Foundation

/// Scores, levels and the recommended roadmap after submitting.
extension TakeModel {
  static let resultKeys = (
    leave: KeyBinding(
      [.enter, .escape, .interrupt, .character("q")],
      help: Words.localized("key_submitted_and_stored_enter_or_q_to_leave")),
    scroll: KeyBinding(
      [.up, .character("k"), .down, .character("j"), .pageUp, .pageDown, .space, .home],
      help: Words.localized("key_up_down_pgup_pgdn_scroll"))
  )

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
      // What the level means, when the questionnaire says.
      if let level = result.overall.level, questionnaire.levels.indices.contains(level),
        let meaning = questionnaire.levels[level].description
      {
        lines += DisplayWidth.wrap(t(meaning), width: max(20, width - 2))
      }
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

  func renderResults(_ grid: inout Grid) {
    header(&grid, Words.text("results_title", language))
    let lines = resultLines(width: grid.width)
    // Scrolling is offered where there is more than the screen holds.
    let keys = Self.resultKeys
    let bottom = footer(
      &grid, (lines.count > grid.height - 5 ? [keys.leave, keys.scroll] : [keys.leave]).footer(language))
    let room = max(1, bottom - 4)
    let start = max(0, min(scroll, lines.count - room))
    for (offset, line) in lines.dropFirst(start).prefix(room).enumerated() {
      grid.write(line, x: 1, y: 3 + offset, style: offset + start == 0 ? .bold : [])
    }
  }
}
