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

  /// Below the smallest size, a screen asking to enlarge the window, saying what is saved and
  /// how to leave; `nil` when it is large enough. Keys other than leaving wait until it is.
  public static func tooSmall(width: Int, height: Int, language: Language, saved: Bool = false) -> Grid? {
    guard width < minimumSize.width || height < minimumSize.height else { return nil }
    var grid = Grid(width: width, height: height)
    let vi = language == .vi
    var message =
      vi
      ? "Cửa sổ quá nhỏ: hãy mở rộng tới ít nhất 80×24 (hiện \(width)×\(height))."
      : "The window is too small: enlarge it to at least 80×24 (now \(width)×\(height))."
    if saved { message += vi ? " Các câu trả lời đã được lưu." : " Your answers are saved." }
    message +=
      vi
      ? "\nCtrl+C hoặc q: thoát. Trên màn hình nhỏ, dùng “dxready take --plain” để trả lời từng dòng."
      : "\nCtrl+C or q: leave. On a small screen, “dxready take --plain” asks line by line."
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
  /// Where typing goes in the field, in characters from its start.
  public var caret = 0
  /// The stored answer, marked `(•)` among the choices so that it is never confused with the
  /// highlighted one.
  public var saved: AnswerValue?
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
    saved = current
    guard let current else { return }
    switch current {
    case .number(let value):
      field = NumberText.plain(value, language).replacingOccurrences(of: language == .vi ? "." : ",", with: "")
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
    // In a list of choices they start with a capital, as the options do.
    func choice(_ phrase: LocalizedText) -> String {
      let text = phrase.text(language)
      return text.prefix(1).uppercased() + text.dropFirst()
    }
    if question.offersNotApplicable { result.append((choice(Phrase.notApplicable), .notApplicable)) }
    if question.offersDontKnow { result.append((choice(Phrase.dontKnow), .dontKnow)) }
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
    case .character("?") where question.help != nil: showingHelp.toggle()
    case .character("q"): return .quit
    case .left: return .back
    case .space where question.kind == .multiple:
      if ticked.contains(cursor) { ticked.remove(cursor) } else { ticked.insert(cursor) }
      error = nil
    // A digit selects (and in a multiple choice ticks); only Enter gives the answer, so the Enter
    // that follows a digit confirms that choice and never answers the next question.
    case .character(let c) where c.wholeNumberValue.map { (1...count).contains($0) } ?? false:
      cursor = c.wholeNumberValue! - 1
      error = nil
      if question.kind == .multiple {
        if ticked.contains(cursor) { ticked.remove(cursor) } else { ticked.insert(cursor) }
      }
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
    caret = min(max(0, caret), field.count)
    let inField = cursor == 0
    switch key {
    case .up: cursor = (cursor + count - 1) % count
    case .down, .tab: cursor = (cursor + 1) % count
    case .home where inField: caret = 0
    case .end where inField: caret = field.count
    case .home: cursor = 0
    case .end: cursor = count - 1
    case .left where inField && caret > 0: caret -= 1
    case .right where inField: caret = min(field.count, caret + 1)
    case .left: return .back
    case .character(let c) where inField:
      field.insert(c, at: field.index(field.startIndex, offsetBy: caret))
      caret += 1
      error = nil
    case .space where inField:
      field.insert(" ", at: field.index(field.startIndex, offsetBy: caret))
      caret += 1
    case .backspace where inField && caret > 0:
      field.remove(at: field.index(field.startIndex, offsetBy: caret - 1))
      caret -= 1
      error = nil
    case .delete where inField && caret < field.count:
      field.remove(at: field.index(field.startIndex, offsetBy: caret))
      error = nil
    case .character("?") where question.help != nil: showingHelp.toggle()
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
      guard let value = Self.number(text, language) else {
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

  /// A typed number: digits with a decimal comma or point; in Vietnamese a dot between groups of
  /// three digits groups thousands (100.000), as does a comma in English (100,000).
  static func number(_ text: String, _ language: Language) -> Double? {
    var digits = text.replacingOccurrences(of: " ", with: "")
    let grouped =
      language == .vi
      ? digits.wholeMatch(of: #/-?\d{1,3}(\.\d{3})+(,\d+)?/#) != nil
      : digits.wholeMatch(of: #/-?\d{1,3}(,\d{3})+(\.\d+)?/#) != nil
    if grouped { digits = digits.replacingOccurrences(of: language == .vi ? "." : ",", with: "") }
    digits = digits.replacingOccurrences(of: ",", with: ".")
    guard digits.wholeMatch(of: #/-?\d+(\.\d+)?/#) != nil else { return nil }
    return Double(digits)
  }

  /// The keys that apply, for the footer.
  var keys: String {
    let vi = language == .vi
    var parts: [String] = []
    if typed {
      parts.append(vi ? "gõ câu trả lời · ←→ con trỏ" : "type the answer · ←→ cursor")
      parts.append(vi ? "Enter xác nhận và tiếp" : "Enter confirm and go on")
      if !choices.isEmpty { parts.append(vi ? "↑↓ dòng" : "↑↓ line") }
    } else if question.kind == .multiple {
      parts.append(vi ? "↑↓ chọn · Space/số đánh dấu" : "↑↓ move · Space/digit tick")
      parts.append(vi ? "Enter xác nhận và tiếp" : "Enter confirm and go on")
    } else {
      parts.append(vi ? "↑↓/số chọn" : "↑↓/digit select")
      parts.append(vi ? "Enter xác nhận và tiếp" : "Enter confirm and go on")
    }
    parts.append(
      number == 1
        ? (vi ? "Esc về hồ sơ" : "Esc profile")
        : (vi ? "Esc lùi" : "Esc back"))
    parts.append(vi ? "PgUp/PgDn trụ cột" : "PgUp/PgDn dimension")
    if question.help != nil, !typed || cursor > 0 { parts.append(vi ? "? trợ giúp" : "? help") }
    parts.append(
      typed ? (vi ? "Ctrl+C lưu và thoát" : "Ctrl+C save and quit") : (vi ? "q lưu và thoát" : "q save and quit"))
    return parts.joined(separator: " · ")
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
    // A typed question's help is always shown: `?` is text there.
    if showingHelp || typed, let help = question.help {
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
          hint.append((language == .vi ? "từ " : "from ") + NumberText.plain(minimum, language))
        }
        if let maximum = spec.maximum {
          hint.append((language == .vi ? "đến " : "to ") + NumberText.plain(maximum, language))
        }
        if let unit = spec.unit { hint.append(unit.text(language)) }
        if spec.integer { hint.append(language == .vi ? "số nguyên" : "whole number") }
        if !hint.isEmpty {
          let text = DisplayWidth.truncate("(" + hint.joined(separator: ", ") + ")", width: width - 4)
          grid.write(text, x: 2, y: row, style: .dim)
          row += 1
        }
      }
      row = renderField(&grid, row: row, width: width)
      row += 1
    }
    let bottom = grid.footer(keys, message: error ?? notice)
    let offset = typed ? 1 : 0
    for (index, choice) in choices.enumerated() where row < bottom {
      let selected = index + offset == cursor
      let mark: String
      if question.kind == .multiple && choice.answer.isOption {
        mark = ticked.contains(index) ? "[x] " : "[ ] "
      } else {
        // The stored answer is marked, whatever is highlighted.
        mark = saved == choice.answer ? "(•) " : "( ) "
      }
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

  /// The typed field from `row`: one line for a number, up to four wrapped lines for a text,
  /// with the caret where typing goes. Returns the row after it.
  func renderField(_ grid: inout Grid, row: Int, width: Int) -> Int {
    let focused = cursor == 0
    let room = width - 8
    let caretMark: Character = "▏"
    var text = field
    if focused { text.insert(caretMark, at: text.index(text.startIndex, offsetBy: min(caret, text.count))) }
    var lines: [String]
    if question.kind == .text {
      lines = DisplayWidth.wrap(text, width: room)
      let caretLine = lines.firstIndex { $0.contains(caretMark) } ?? lines.count - 1
      let first = max(0, min(caretLine - 3, lines.count - 4))
      lines = Array(lines.dropFirst(first).prefix(4))
    } else {
      // One line, scrolled so that the caret stays in view.
      var shown = text
      let caretOffset = shown.firstIndex(of: caretMark).map { shown.distance(from: shown.startIndex, to: $0) }
      while DisplayWidth.of(shown) > room {
        if let caretOffset, caretOffset < shown.count / 2 { shown.removeLast() } else { shown.removeFirst() }
      }
      lines = [shown]
    }
    var y = row
    for (index, line) in lines.enumerated() {
      if index == 0 { grid.write(focused ? "›" : " ", x: 1, y: y) }
      let padding = String(repeating: " ", count: max(0, room - DisplayWidth.of(line)))
      grid.write("[" + line + padding + "]", x: 3, y: y, style: focused ? .reverse : [])
      y += 1
    }
    return y
  }
}

extension AnswerValue {
  /// Whether this is one option of the question (rather than "not applicable" or "don't know").
  var isOption: Bool {
    if case .option = self { return true }
    return false
  }
}
