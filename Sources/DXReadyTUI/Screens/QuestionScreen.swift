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
  /// The most characters a typed answer takes.
  static let maximumLength = 400

  /// Below the smallest size, a screen asking to enlarge the window, saying what is saved and
  /// how to leave; `nil` when it is large enough. Keys other than leaving wait until it is.
  public static func tooSmall(width: Int, height: Int, language: Language, saved: Bool = false) -> Grid? {
    guard width < minimumSize.width || height < minimumSize.height else { return nil }
    var grid = Grid(width: width, height: height)
    var message =
      Words.text("window_too_small", language, ["width": "\(width)", "height": "\(height)"])
    if saved { message += " " + Words.text("window_answers_saved", language) }
    message +=
      "\n" + Words.text("window_how_to_leave", language)
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
  /// A consultant correcting a submitted answer (in the review screens): Enter stores the
  /// correction, Esc or q cancels; there is no next question or dimension to go to.
  public var correcting = false

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
      field = NumberText.plain(value, language).replacingOccurrences(of: NumberText.groupingMark(language), with: "")
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

  /// The keys of this question's screen, each with its help (the footer is made from them).
  struct KeyMap {
    /// Typing in the field: letters, Space, ←/→, Home/End, Backspace, Delete.
    var typing: KeyBinding
    /// Moving among the choices (and, in a multiple choice, ticking them).
    var select: KeyBinding
    var confirm: KeyBinding
    /// Moving between the field and the choices below it, in a typed question that has some.
    var lines: KeyBinding?
    var back: KeyBinding
    var dimension: KeyBinding
    var help: KeyBinding?
    var quit: KeyBinding

    /// In footer order.
    var all: [KeyBinding] {
      [typing, select, confirm] + [lines].compactMap { $0 } + [back, dimension] + [help].compactMap { $0 } + [quit]
    }
  }

  var keyMap: KeyMap {
    let moves: [Key] = [.up, .down, .character("k"), .character("j"), .home, .end]
    let count = choices.count
    let ticking = question.kind == .multiple
    return KeyMap(
      typing: KeyBinding(
        help: typed ? Words.localized("key_type_the_answer_left_right_cursor") : nil,
        where: { [typed] key in
          guard typed else { return false }
          switch key {
          case .character, .space, .backspace, .delete, .left, .right, .home, .end: return true
          default: return false
          }
        }),
      select: KeyBinding(
        help: typed
          ? nil
          : ticking
            ? Words.localized("key_up_down_move_space_digit_tick")
            : Words.localized("key_up_down_digit_select"),
        where: { key in
          !typed && (moves.contains(key) || key.digitIndex(below: count) != nil || (ticking && key == .space))
        }),
      confirm: KeyBinding(
        [.enter],
        help: correcting
          ? Words.localized("key_enter_correct_to_this_answer")
          : Words.localized("key_enter_confirm_and_go_on")),
      lines: typed
        ? KeyBinding(
          [.up, .down, .tab, .home, .end], help: count == 0 ? nil : Words.localized("key_up_down_line"))
        : nil,
      back: KeyBinding(
        [.escape, .left],
        help: correcting
          ? Words.localized("key_esc_cancel")
          : number == 1
            ? Words.localized("key_esc_profile") : Words.localized("key_esc_back")),
      dimension: correcting
        ? KeyBinding([], help: nil)
        : KeyBinding(
          [.pageUp, .pageDown], help: Words.localized("key_pgup_pgdn_dimension")),
      help: question.help == nil
        ? nil
        : KeyBinding(
          [.character("?")],
          help: !typed || cursor > 0 ? Words.localized("key_question_mark_help") : nil),
      quit: KeyBinding(
        [.interrupt, .character("q")],
        help: correcting
          ? nil
          : typed
            ? Words.localized("key_ctrl_plus_c_save_and_quit")
            : Words.localized("key_q_save_and_quit")))
  }

  public mutating func handle(_ key: Key) -> Outcome {
    notice = nil
    let keys = keyMap
    if key == .interrupt { return .quit }
    if keys.dimension.matches(key) { return key == .pageUp ? .previousDimension : .nextDimension }
    if key == .escape { return .back }
    return typed ? handleTyped(key, keys) : handleChoice(key, keys)
  }

  mutating func handleChoice(_ key: Key, _ keys: KeyMap) -> Outcome {
    let count = choices.count
    if keys.select.matches(key) {
      switch key {
      case .up, .character("k"): cursor = (cursor + count - 1) % max(1, count)
      case .down, .character("j"): cursor = (cursor + 1) % max(1, count)
      case .home: cursor = 0
      case .end: cursor = max(0, count - 1)
      case .space:
        if ticked.contains(cursor) { ticked.remove(cursor) } else { ticked.insert(cursor) }
        error = nil
      default:
        // A digit selects (and in a multiple choice ticks); only Enter gives the answer, so the
        // Enter that follows a digit confirms that choice and never answers the next question.
        guard let index = key.digitIndex(below: count) else { break }
        cursor = index
        error = nil
        if question.kind == .multiple {
          if ticked.contains(cursor) { ticked.remove(cursor) } else { ticked.insert(cursor) }
        }
      }
      return .stay
    }
    if let help = keys.help, help.matches(key) {
      showingHelp.toggle()
      return .stay
    }
    if keys.quit.matches(key) { return .quit }
    if keys.back.matches(key) { return .back }
    if keys.confirm.matches(key) {
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
    }
    return .stay
  }

  mutating func handleTyped(_ key: Key, _ keys: KeyMap) -> Outcome {
    let count = choices.count + 1
    caret = min(max(0, caret), field.count)
    let inField = cursor == 0
    // In the field, editing keys edit; elsewhere they move between lines or go back.
    if inField, keys.typing.matches(key) {
      switch key {
      case .home: caret = 0
      case .end: caret = field.count
      case .left where caret > 0: caret -= 1
      case .left: return .back
      case .right: caret = min(field.count, caret + 1)
      // A typed answer holds at most ``maximumLength`` characters (four lines on screen and
      // then some): a long paste would otherwise cost a redraw of an ever longer text per key.
      case .character(let c) where field.count < Self.maximumLength:
        field.insert(c, at: field.index(field.startIndex, offsetBy: caret))
        caret += 1
        error = nil
      case .space where field.count < Self.maximumLength:
        field.insert(" ", at: field.index(field.startIndex, offsetBy: caret))
        caret += 1
      case .backspace where caret > 0:
        field.remove(at: field.index(field.startIndex, offsetBy: caret - 1))
        caret -= 1
        error = nil
      case .delete where caret < field.count:
        field.remove(at: field.index(field.startIndex, offsetBy: caret))
        error = nil
      default: break
      }
      return .stay
    }
    if let lines = keys.lines, lines.matches(key) {
      switch key {
      case .up: cursor = (cursor + count - 1) % count
      case .home: cursor = 0
      case .end: cursor = count - 1
      default: cursor = (cursor + 1) % count
      }
      return .stay
    }
    if keys.back.matches(key) { return .back }
    if let help = keys.help, help.matches(key) {
      showingHelp.toggle()
      return .stay
    }
    if keys.quit.matches(key) { return .quit }
    guard keys.confirm.matches(key) else { return .stay }
    if cursor > 0 { return .answered(choices[cursor - 1].answer) }
    let text = field.trimmingCharacters(in: .whitespaces)
    if text.isEmpty {
      guard question.required else { return .cleared }
      error = Words.text("question_needs_answer", language)
      return .stay
    }
    guard question.kind == .number else { return .answered(.text(text)) }
    guard let value = Self.number(text, language) else {
      // The text is cut so that the reason always shows; a whole-number question gets a
      // whole-number example.
      let shown = DisplayWidth.truncate(text, width: 24)
      let whole = question.number?.integer == true
      error =
        whole
        ? Words.text("question_not_a_whole_number", language, ["text": shown])
        : Words.text("question_not_a_number", language, ["text": shown])
      return .stay
    }
    return .answered(.number(value))
  }

  /// A typed number: digits with a decimal comma or point; in Vietnamese a dot between groups of
  /// three digits groups thousands (100.000), as does a comma in English (100,000).
  static func number(_ text: String, _ language: Language) -> Double? {
    var digits = text.replacingOccurrences(of: " ", with: "")
    let grouped =
      language == .vi
      ? digits.wholeMatch(of: #/-?\d{1,3}(\.\d{3})+(,\d+)?/#) != nil
      : digits.wholeMatch(of: #/-?\d{1,3}(,\d{3})+(\.\d+)?/#) != nil
    if grouped { digits = digits.replacingOccurrences(of: NumberText.groupingMark(language), with: "") }
    digits = digits.replacingOccurrences(of: ",", with: ".")
    guard digits.wholeMatch(of: #/-?\d+(\.\d+)?/#) != nil else { return nil }
    return Double(digits)
  }

  /// The keys that apply, for the footer: the help of this screen's bindings.
  var keys: String { keyMap.all.footer(language) }

  public func render(width: Int, height: Int) -> Grid {
    if let small = Self.tooSmall(width: width, height: height, language: language) { return small }
    var grid = Grid(width: width, height: height)
    let position = Words.text("question_number", language, ["number": "\(number)", "total": "\(total)"])
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
          hint.append(Words.text("question_range_from", language) + " " + NumberText.plain(minimum, language))
        }
        if let maximum = spec.maximum {
          hint.append(Words.text("question_range_to", language) + " " + NumberText.plain(maximum, language))
        }
        if let unit = spec.unit { hint.append(unit.text(language)) }
        if spec.integer { hint.append(Words.text("question_whole_number", language)) }
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
