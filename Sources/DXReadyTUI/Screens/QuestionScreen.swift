import DXReadyCore
import Foundation

/// One question on screen: its place in the questionnaire, the wrapped prompt, the choices and
/// the keys that apply. A value: `handle` gives the next state, `render` the grid.
public struct QuestionScreen: Sendable {
  /// What a key did.
  public enum Outcome: Sendable, Hashable {
    case stay
    case answered(AnswerValue)
    /// An optional number or text question left empty: no answer.
    case cleared
    case back
    case previousDimension
    case nextDimension
    case quit
  }

  /// The smallest terminal the questionnaire is laid out for.
  public static let minimumSize = (width: 80, height: 24)

  /// Below the smallest size, a screen asking to enlarge the window; `nil` when it is large enough.
  public static func tooSmall(width: Int, height: Int, language: Language) -> Grid? {
    guard width < minimumSize.width || height < minimumSize.height else { return nil }
    var grid = Grid(width: width, height: height)
    let message =
      language == .vi
      ? "Cửa sổ quá nhỏ: hãy mở rộng tới ít nhất 80×24 (hiện \(width)×\(height)). Các câu trả lời đã được lưu."
      : "The window is too small: enlarge it to at least 80×24 (now \(width)×\(height)). Your answers are saved."
    for (row, line) in DisplayWidth.wrap(message, width: max(1, width)).prefix(height).enumerated() {
      grid.write(line, x: 0, y: row)
    }
    return grid
  }

  public var question: Question
  public var dimensionTitle: String
  /// 1-based position and the number of questions shown.
  public var number: Int
  public var total: Int
  public var language: Language
  /// The highlighted choice.
  public var cursor = 0
  /// Ticked choices of a multiple-choice question.
  public var ticked: Set<Int> = []
  public var showingHelp = false
  /// What is typed in a number or text question's field.
  public var field = ""
  /// Why the last answer was not taken, shown under the choices.
  public var error: String?
  /// A message about what the last answer changed (such as answers dropped), shown once.
  public var notice: String?

  public init(
    question: Question, dimensionTitle: String, number: Int, total: Int, language: Language,
    current: AnswerValue? = nil
  ) {
    self.question = question
    self.dimensionTitle = dimensionTitle
    self.number = number
    self.total = total
    self.language = language
    guard let current else { return }
    switch current {
    case .number: field = current.description
    case .text(let text): field = text
    case .options(let ids):
      ticked = Set(ids.compactMap { id in choices.firstIndex { $0.answer == .option(id) } })
      cursor = ticked.min() ?? 0
    default:
      if let index = choices.firstIndex(where: { $0.answer == current }) {
        cursor = question.kind.hasOptions ? index : index + 1
      }
    }
  }

  /// Whether the question is answered by typing (a number or a text) rather than by choosing.
  public var typed: Bool { !question.kind.hasOptions }

  /// The choices on screen: the options, then "not applicable" and "don't know" where offered.
  /// A typed question has only the last two, below its field (the field is cursor 0).
  public var choices: [(label: String, answer: AnswerValue)] {
    var result = question.options.map { ($0.label.text(language), AnswerValue.option($0.id)) }
    if question.offersNotApplicable { result.append((Phrase.notApplicable.text(language), .notApplicable)) }
    if question.offersDontKnow { result.append((Phrase.dontKnow.text(language), .dontKnow)) }
    return result
  }

  public mutating func handle(_ key: Key) -> Outcome {
    notice = nil
    switch key {
    case .interrupt: return .quit
    case .pageUp: return .previousDimension
    case .pageDown: return .nextDimension
    case .escape: return .back
    default: break
    }
    return typed ? handleTyped(key) : handleChoice(key)
  }

  mutating func handleChoice(_ key: Key) -> Outcome {
    let count = choices.count
    switch key {
    case .up, .character("k"): cursor = (cursor + count - 1) % max(1, count)
    case .down, .character("j"): cursor = (cursor + 1) % max(1, count)
    case .home: cursor = 0
    case .end: cursor = max(0, count - 1)
    case .character("?"): showingHelp.toggle()
    case .character("q"): return .quit
    case .left: return .back
    case .space where question.kind == .multiple:
      if ticked.contains(cursor) { ticked.remove(cursor) } else { ticked.insert(cursor) }
    case .character(let c) where c.wholeNumberValue.map { (1...count).contains($0) } ?? false:
      cursor = c.wholeNumberValue! - 1
      if question.kind != .multiple { return .answered(choices[cursor].answer) }
      if ticked.contains(cursor) { ticked.remove(cursor) } else { ticked.insert(cursor) }
    case .enter:
      guard count > 0 else { return .stay }
      guard question.kind == .multiple else { return .answered(choices[cursor].answer) }
      // On "not applicable" or "don't know", Enter gives that answer alone; otherwise the
      // ticked options.
      guard case .option = choices[cursor].answer else { return .answered(choices[cursor].answer) }
      let chosen = ticked.sorted().compactMap { index -> OptionID? in
        if case .option(let id) = choices[index].answer { return id }
        return nil
      }
      return .answered(.options(chosen))
    default: break
    }
    return .stay
  }

  mutating func handleTyped(_ key: Key) -> Outcome {
    let count = choices.count + 1
    switch key {
    case .up: cursor = (cursor + count - 1) % count
    case .down, .tab: cursor = (cursor + 1) % count
    case .home: cursor = 0
    case .end: cursor = count - 1
    case .left where cursor > 0 || field.isEmpty: return .back
    case .character(let c) where cursor == 0:
      field.append(c)
      error = nil
    case .space where cursor == 0: field.append(" ")
    case .backspace where cursor == 0:
      if !field.isEmpty { field.removeLast() }
    case .character("?"): showingHelp.toggle()
    case .character("q"): return .quit
    case .enter where cursor > 0: return .answered(choices[cursor - 1].answer)
    case .enter:
      let text = field.trimmingCharacters(in: .whitespaces)
      if text.isEmpty {
        guard question.required else { return .cleared }
        error = language == .vi ? "Câu này cần một câu trả lời." : "This question needs an answer."
        return .stay
      }
      guard question.kind == .number else { return .answered(.text(text)) }
      guard let value = Double(text.replacingOccurrences(of: ",", with: ".")) else {
        error =
          language == .vi
          ? "“\(text)” không phải là một số; hãy nhập chữ số, ví dụ 12 hoặc 3,5."
          : "“\(text)” is not a number; type digits, such as 12 or 3.5."
        return .stay
      }
      return .answered(.number(value))
    default: break
    }
    return .stay
  }

  public func render(width: Int, height: Int) -> Grid {
    if let small = Self.tooSmall(width: width, height: height, language: language) { return small }
    var grid = Grid(width: width, height: height)
    let position = language == .vi ? "Câu \(number)/\(total)" : "Question \(number) of \(total)"
    let title = DisplayWidth.truncate(dimensionTitle, width: width - DisplayWidth.of(position) - 3)
    grid.write(title, x: 0, y: 0, style: .bold)
    grid.write(position, x: width - DisplayWidth.of(position), y: 0)
    let filled = total == 0 ? 0 : (width * number) / total
    grid.write(String(repeating: "━", count: filled) + String(repeating: "─", count: width - filled), x: 0, y: 1)
    var row = 3
    for line in DisplayWidth.wrap(question.prompt.text(language), width: width - 2) {
      grid.write(line, x: 1, y: row, style: .bold)
      row += 1
    }
    row += 1
    if showingHelp, let help = question.help {
      for line in DisplayWidth.wrap(help.text(language), width: width - 4) {
        grid.write(line, x: 2, y: row, style: .dim)
        row += 1
      }
      row += 1
    }
    if typed {
      if let spec = question.number {
        var hint: [String] = []
        if let minimum = spec.minimum {
          hint.append((language == .vi ? "từ " : "from ") + AnswerValue.number(minimum).description)
        }
        if let maximum = spec.maximum {
          hint.append((language == .vi ? "đến " : "to ") + AnswerValue.number(maximum).description)
        }
        if let unit = spec.unit { hint.append(unit.text(language)) }
        if spec.integer { hint.append(language == .vi ? "số nguyên" : "whole number") }
        if !hint.isEmpty {
          let text = DisplayWidth.truncate("(" + hint.joined(separator: ", ") + ")", width: width - 4)
          grid.write(text, x: 2, y: row, style: .dim)
          row += 1
        }
      }
      let focused = cursor == 0
      let room = width - 8
      var shown = field
      while DisplayWidth.of(shown) > room - 1 { shown.removeFirst() }
      grid.write(focused ? "›" : " ", x: 1, y: row)
      let padding = String(repeating: " ", count: max(0, room - DisplayWidth.of(shown) - 1))
      let end = grid.write("[" + shown, x: 3, y: row, style: focused ? .reverse : [])
      grid.write((focused ? "▏" : " ") + padding + "]", x: end, y: row, style: focused ? .reverse : [])
      row += 2
    }
    let keys: String
    switch (typed, question.kind == .multiple, language) {
    case (true, _, .vi):
      keys = "gõ câu trả lời · Enter tiếp · ↑↓ dòng · Esc lùi · PgUp/PgDn trụ cột · Ctrl+C lưu và thoát"
    case (true, _, .en):
      keys = "type the answer · Enter next · ↑↓ line · Esc back · PgUp/PgDn dimension · Ctrl+C save and quit"
    case (false, true, .vi):
      keys = "↑↓ chọn · Space đánh dấu · Enter tiếp · Esc lùi · PgUp/PgDn trụ cột · ? trợ giúp · q lưu và thoát"
    case (false, true, .en):
      keys = "↑↓ move · Space tick · Enter next · Esc back · PgUp/PgDn dimension · ? help · q save and quit"
    case (false, false, .vi):
      keys = "↑↓ chọn · 1–9 chọn nhanh · Enter tiếp · Esc lùi · PgUp/PgDn trụ cột · ? trợ giúp · q lưu và thoát"
    case (false, false, .en):
      keys = "↑↓ move · digit picks · Enter next · Esc back · PgUp/PgDn dimension · ? help · q save and quit"
    }
    let bottom = grid.footer(keys, message: error ?? notice)
    let offset = typed ? 1 : 0
    for (index, choice) in choices.enumerated() where row < bottom {
      let selected = index + offset == cursor
      let mark =
        question.kind == .multiple && choice.answer.isOption ? (ticked.contains(index) ? "[x] " : "[ ] ") : ""
      let prefix = "\(selected ? "›" : " ") \(index + 1). \(mark)"
      let lines = DisplayWidth.wrap(choice.label, width: width - DisplayWidth.of(prefix) - 2)
      for (line, text) in lines.enumerated() where row < bottom {
        let lead = line == 0 ? prefix : String(repeating: " ", count: DisplayWidth.of(prefix))
        grid.write(lead + text, x: 1, y: row, style: selected ? .reverse : [])
        row += 1
      }
    }
    return grid
  }
}

extension AnswerValue {
  /// Whether this is one option of the question (rather than "not applicable" or "don't know").
  var isOption: Bool {
    if case .option = self { return true }
    return false
  }
}
