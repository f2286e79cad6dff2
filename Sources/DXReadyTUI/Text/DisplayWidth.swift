/// How many terminal columns text takes, by visible character rather than by code point.
///
/// A Vietnamese letter is one column whether it is written precomposed (`ệ`, NFC) or as a base
/// letter with combining marks (`e` + U+0323 + U+0302, NFD); Swift's `Character` is already one
/// visible character, so only its first scalar decides its width.
public enum DisplayWidth {
  /// The columns one visible character takes: 0 for control characters and lone combining
  /// marks, 2 for wide East Asian characters, else 1.
  public static func of(_ character: Character) -> Int {
    guard let scalar = character.unicodeScalars.first else { return 0 }
    let value = scalar.value
    if value < 0x20 || (0x7F..<0xA0).contains(value) { return 0 }
    if scalar.properties.generalCategory == .nonspacingMark || scalar.properties.generalCategory == .enclosingMark {
      return 0
    }
    if isWide(value) { return 2 }
    return 1
  }

  /// The columns a string takes.
  public static func of(_ text: some StringProtocol) -> Int {
    text.reduce(0) { $0 + of($1) }
  }

  static func isWide(_ value: UInt32) -> Bool {
    switch value {
    case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
      0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1F300...0x1F64F,
      0x1F900...0x1F9FF, 0x20000...0x3FFFD:
      return true
    default:
      return false
    }
  }

  /// `text` in lines of at most `width` columns, broken at spaces; a word longer than a line is
  /// broken where it must be. Line breaks in `text` are kept.
  public static func wrap(_ text: String, width: Int) -> [String] {
    guard width > 0 else { return [] }
    var lines: [String] = []
    for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
      var line = ""
      var lineWidth = 0
      for word in paragraph.split(separator: " ", omittingEmptySubsequences: true) {
        var rest = Substring(word)
        var wordWidth = of(rest)
        if lineWidth > 0, lineWidth + 1 + wordWidth <= width {
          line += " " + rest
          lineWidth += 1 + wordWidth
          continue
        }
        if lineWidth > 0 {
          lines.append(line)
          (line, lineWidth) = ("", 0)
        }
        // A word wider than a whole line: cut it into pieces that fit.
        while wordWidth > width {
          var piece = ""
          var pieceWidth = 0
          while let next = rest.first, pieceWidth + of(next) <= width {
            piece.append(next)
            pieceWidth += of(next)
            rest = rest.dropFirst()
          }
          if piece.isEmpty {  // a character wider than the line
            piece.append(rest.removeFirst())
          }
          lines.append(piece)
          wordWidth = of(rest)
        }
        (line, lineWidth) = (String(rest), wordWidth)
      }
      lines.append(line)
    }
    return lines
  }

  /// One line wrapped under its own indent: continuation lines start below the text, after
  /// the leading spaces and a list number (`  3. `) or a dash (`  - `), so that a wrapped item
  /// still reads as one.
  public static func wrapIndented(_ line: String, width: Int) -> [String] {
    let spaces = line.prefix { $0 == " " }.count
    var hang = spaces
    let body = line.dropFirst(spaces)
    if let marker = body.firstMatch(of: #/^(\d+\. |- |• )/#) {
      hang += marker.output.0.count
    } else if spaces > 0 {
      // A plain indented line: its continuation goes two further in, so it is not read as
      // the next line of the same level.
      hang += 2
    }
    guard hang < width / 2 else { return wrap(line, width: width) }
    let lead = String(repeating: " ", count: hang)
    let head = String(line.prefix(spaces))
    let first = wrap(String(line.dropFirst(spaces)), width: width - spaces)
    guard first.count > 1 else { return [line] }
    // The first line as long as it can be; the rest under the hanging indent.
    let firstLine = first[0]
    let rest = String(line.dropFirst(spaces).dropFirst(firstLine.count)).drop { $0 == " " }
    return [head + firstLine] + wrap(String(rest), width: width - hang).map { lead + $0 }
  }

  /// `text` cut to at most `width` columns, with `…` when it was cut.
  public static func truncate(_ text: String, width: Int) -> String {
    guard of(text) > width else { return text }
    guard width > 0 else { return "" }
    var result = ""
    var used = 0
    for character in text {
      let w = of(character)
      if used + w > width - 1 { break }
      result.append(character)
      used += w
    }
    return result + "…"
  }
}
