import DXReadyCore

/// One question on screen: its place in the questionnaire, the wrapped prompt, the choices and
/// the keys that apply. A value: `handle` gives the next state, `render` the grid.
public struct QuestionScreen: Sendable {
  /// What a key did.
  public enum Outcome: Sendable, Hashable {
    case stay
    case answered(AnswerValue)
    case back
    case quit
  }

  /// The smallest terminal the questionnaire is laid out for.
  public static let minimumSize = (width: 80, height: 24)

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

  public init(question: Question, dimensionTitle: String, number: Int, total: Int, language: Language) {
    self.question = question
    self.dimensionTitle = dimensionTitle
    self.number = number
    self.total = total
    self.language = language
  }

  /// The choices on screen: the options, then "not applicable" and "don't know" where offered.
  public var choices: [(label: String, answer: AnswerValue)] {
    var result = question.options.map { ($0.label.text(language), AnswerValue.option($0.id)) }
    if question.offersNotApplicable { result.append((Phrase.notApplicable.text(language), .notApplicable)) }
    if question.offersDontKnow { result.append((Phrase.dontKnow.text(language), .dontKnow)) }
    return result
  }

  public mutating func handle(_ key: Key) -> Outcome {
    let count = choices.count
    switch key {
    case .up, .character("k"): cursor = (cursor + count - 1) % max(1, count)
    case .down, .character("j"): cursor = (cursor + 1) % max(1, count)
    case .character("?"): showingHelp.toggle()
    case .character("q"): return .quit
    case .escape, .left: return .back
    case .space where question.kind == .multiple:
      if ticked.contains(cursor) { ticked.remove(cursor) } else { ticked.insert(cursor) }
    case .character(let c) where c.wholeNumberValue.map { (1...count).contains($0) } ?? false:
      cursor = c.wholeNumberValue! - 1
      if question.kind != .multiple { return .answered(choices[cursor].answer) }
      if ticked.contains(cursor) { ticked.remove(cursor) } else { ticked.insert(cursor) }
    case .enter:
      guard count > 0 else { return .stay }
      guard question.kind == .multiple else { return .answered(choices[cursor].answer) }
      let chosen = ticked.sorted().compactMap { index -> OptionID? in
        if case .option(let id) = choices[index].answer { return id }
        return nil
      }
      return .answered(.options(chosen))
    default: break
    }
    return .stay
  }

  public func render(width: Int, height: Int) -> Grid {
    var grid = Grid(width: width, height: height)
    guard width >= Self.minimumSize.width, height >= Self.minimumSize.height else {
      let message =
        language == .vi
        ? "Cửa sổ quá nhỏ: hãy mở rộng tới ít nhất 80×24 (hiện \(width)×\(height))."
        : "The window is too small: enlarge it to at least 80×24 (now \(width)×\(height))."
      for (row, line) in DisplayWidth.wrap(message, width: max(1, width)).prefix(height).enumerated() {
        grid.write(line, x: 0, y: row)
      }
      return grid
    }
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
    for (index, choice) in choices.enumerated() where row < height - 2 {
      let selected = index == cursor
      let mark = question.kind == .multiple ? (ticked.contains(index) ? "[x] " : "[ ] ") : ""
      let prefix = "\(selected ? "›" : " ") \(index + 1). \(mark)"
      let lines = DisplayWidth.wrap(choice.label, width: width - DisplayWidth.of(prefix) - 2)
      for (offset, line) in lines.enumerated() where row < height - 2 {
        let lead = offset == 0 ? prefix : String(repeating: " ", count: DisplayWidth.of(prefix))
        grid.write(lead + line, x: 1, y: row, style: selected ? .reverse : [])
        row += 1
      }
    }
    let keys =
      question.kind == .multiple
      ? (language == .vi
        ? "↑↓ chọn · Space đánh dấu · Enter tiếp · Esc lùi · ? trợ giúp · q lưu và thoát"
        : "↑↓ move · Space tick · Enter next · Esc back · ? help · q save and quit")
      : (language == .vi
        ? "↑↓ chọn · 1–9 chọn nhanh · Enter tiếp · Esc lùi · ? trợ giúp · q lưu và thoát"
        : "↑↓ move · digit picks · Enter next · Esc back · ? help · q save and quit")
    grid.write(DisplayWidth.truncate(keys, width: width), x: 0, y: height - 1, style: .dim)
    return grid
  }
}
