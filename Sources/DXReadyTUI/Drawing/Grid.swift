import DXReadyCore

/// A screen's worth of cells, drawn by screens and copied to a terminal; tests compare it as text.
public struct Grid: Sendable, Hashable {
  /// How a cell is drawn.
  public struct Style: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let bold = Style(rawValue: 1)
    public static let reverse = Style(rawValue: 2)
    public static let dim = Style(rawValue: 4)
  }

  /// One column: a visible character, or the second half of a wide one (`nil`).
  public struct Cell: Sendable, Hashable {
    public var character: Character?
    public var style: Style
  }

  public let width: Int
  public let height: Int
  public private(set) var cells: [Cell]
  /// How many writes lost text: past the right edge, or on a row outside the grid. Screens of
  /// 80×24 and more are laid out so that this stays 0 (the tests check).
  public private(set) var clipped = 0

  public init(width: Int, height: Int) {
    self.width = max(0, width)
    self.height = max(0, height)
    cells = Array(repeating: Cell(character: " ", style: []), count: self.width * self.height)
  }

  /// Writes `text` from column `x` of row `y`, clipped at the right edge; a wide character that
  /// would not fit whole is left out. Returns the column after the text.
  @discardableResult
  public mutating func write(_ text: String, x: Int, y: Int, style: Style = []) -> Int {
    guard (0..<height).contains(y) else {
      if !text.isEmpty { clipped += 1 }
      return x
    }
    var column = x
    for character in text {
      let w = DisplayWidth.of(character)
      guard w > 0 else { continue }
      guard column >= 0, column + w <= width else {
        clipped += 1
        break
      }
      cells[y * width + column] = Cell(character: character, style: style)
      // The columns a wide character covers after its first hold nothing of their own.
      for extra in 1..<w { cells[y * width + column + extra] = Cell(character: nil, style: style) }
      column += w
    }
    return column
  }

  /// The rows as text, trailing spaces removed: the form golden files hold.
  public var lines: [String] {
    (0..<height).map { row in
      var line = ""
      for cell in cells[(row * width)..<((row + 1) * width)] {
        if let character = cell.character { line.append(character) }
      }
      while line.last == " " { line.removeLast() }
      return line
    }
  }
}

extension Grid {
  /// Draws the key help at the bottom (wrapped onto two lines at " · " when it does not fit)
  /// and, above it, a message if there is one. Returns the first row they take: content stops
  /// above it.
  @discardableResult
  public mutating func footer(_ keys: String, message: String? = nil) -> Int {
    var lines: [String] = []
    var line = ""
    for part in keys.components(separatedBy: " · ") {
      let candidate = line.isEmpty ? part : line + " · " + part
      if DisplayWidth.of(candidate) > width, !line.isEmpty {
        lines.append(line)
        line = part
      } else {
        line = candidate
      }
    }
    if !line.isEmpty { lines.append(line) }
    lines = Array(lines.prefix(2)).map { DisplayWidth.truncate($0, width: width) }
    var top = height - lines.count
    let blank = String(repeating: " ", count: width)
    for (offset, text) in lines.enumerated() {
      write(blank, x: 0, y: top + offset)
      write(text, x: 0, y: top + offset, style: .dim)
    }
    if let message {
      let wrapped = DisplayWidth.wrap(message, width: max(1, width - 2)).prefix(2)
      top -= wrapped.count + 1
      for row in top..<(top + wrapped.count + 1) { write(blank, x: 0, y: row) }
      for (offset, text) in wrapped.enumerated() { write(text, x: 1, y: top + 1 + offset, style: .bold) }
    }
    return top
  }
}
