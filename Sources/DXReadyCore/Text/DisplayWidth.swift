/// How many terminal columns text takes, as the terminal library counts them.
///
/// ncurses places each code point by the C library's `wcwidth`, so a visible character takes
/// the sum of its code points' widths: a Vietnamese letter is one column whether precomposed
/// (`ệ`, NFC) or a base letter with combining marks (`e` + U+0323 + U+0302, NFD), and an emoji
/// is two. The widths are glibc's, in `DisplayWidth+Tables.swift` (made by
/// `Tools/wcwidth-tables.c`); a test compares every code point with `wcwidth` itself.
public enum DisplayWidth {
  /// The columns one visible character takes: the sum of its code points' widths.
  public static func of(_ character: Character) -> Int {
    var total = 0
    for scalar in character.unicodeScalars { total += of(scalar) }
    return total
  }

  /// The columns one code point takes: 0 for control characters, combining marks and format
  /// characters, 2 for wide ones (East Asian wide and full-width, emoji), else 1.
  public static func of(_ scalar: Unicode.Scalar) -> Int {
    let value = scalar.value
    if value < 0x300 { return value < 0x20 || (0x7F..<0xA0).contains(value) ? 0 : 1 }
    if contains(zeroWidth, value) { return 0 }
    if contains(doubleWidth, value) { return 2 }
    return 1
  }

  /// Whether `value` lies in one of the sorted, disjoint `ranges`.
  static func contains(_ ranges: [ClosedRange<UInt32>], _ value: UInt32) -> Bool {
    var low = 0
    var high = ranges.count
    while low < high {
      let middle = (low + high) / 2
      if ranges[middle].upperBound < value {
        low = middle + 1
      } else {
        high = middle
      }
    }
    return low < ranges.count && ranges[low].contains(value)
  }

  /// The columns a string takes.
  public static func of(_ text: some StringProtocol) -> Int {
    text.reduce(0) { $0 + of($1) }
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
