/// Reads the plain shape of YAML that answers files have — block mappings of `key: value`
/// lines, values on one line (plain, quoted, or flow `{…}`/`[…]`), comments — into the same
/// ``YAMLNode`` tree, with the same marks, as libyaml's events give; with it an import of YAML
/// files costs what one of JSON files does (22.4 and 22.2 billion instructions for 20,000).
///
/// Anything outside that shape (block lists, multi-line values, anchors, tags, escapes other
/// than `\"`, `\\`, `\/`, `\n` and `\t`, tabs, control characters, a key given twice…) is
/// not read here: ``parse(_:)`` returns `nil` and the caller reads the text with
/// ``YAMLParser``, which also says what is wrong with a text that is not valid. So this parser
/// never reports a problem of its own; that libyaml accepts whatever it reads, and reads it
/// the same, is checked by a test on 30,000 mutated files.
struct PlainYAMLParser {
  private struct NotPlain: Error {}

  private let bytes: [UInt8]
  private var position = 0
  private var line = 1
  /// Where the current line starts.
  private var lineStart = 0
  /// How many mappings and lists are open: deeper texts are left to libyaml, so that no
  /// recursion here can run out of stack.
  private var depth = 0
  private static let deepest = 64

  /// The document, or `nil` when the text is not of the plain shape (or is empty).
  static func parse(_ text: String) -> YAMLNode? {
    var parser = PlainYAMLParser(bytes: Array(text.utf8))
    guard parser.printable() else { return nil }
    return try? parser.document()
  }

  private init(bytes: [UInt8]) {
    self.bytes = bytes
  }

  // MARK: Characters

  /// Whether every character is one libyaml accepts anywhere: no tab, no carriage return, no
  /// control character (C1 ones and U+0085 included), no line or paragraph separator, no
  /// byte-order mark, no U+FFFE or U+FFFF.
  private func printable() -> Bool {
    var index = 0
    let count = bytes.count
    while index < count {
      let byte = bytes[index]
      if byte >= 0x20 && byte < 0x7F || byte == 0x0A {
        index += 1
        continue
      }
      guard byte >= 0xC2 else { return false }
      // A scalar of two to four bytes (the text is valid UTF-8): refuse C1 controls but
      // U+0085, and U+FEFF, U+FFFE, U+FFFF.
      if byte == 0xC2 {
        if bytes[index + 1] < 0xA0 { return false }
        index += 2
      } else if byte < 0xE0 {
        index += 2
      } else if byte < 0xF0 {
        // U+2028 and U+2029 break lines for libyaml.
        if byte == 0xE2 && bytes[index + 1] == 0x80 && bytes[index + 2] & 0xFE == 0xA8 { return false }
        if byte == 0xEF {
          let second = bytes[index + 1]
          let third = bytes[index + 2]
          if second == 0xBB && third == 0xBF { return false }
          if second == 0xBF && third >= 0xBE { return false }
        }
        index += 3
      } else {
        index += 4
      }
    }
    return true
  }

  private var current: UInt8? { position < bytes.count ? bytes[position] : nil }

  private func byte(at offset: Int) -> UInt8? {
    position + offset < bytes.count ? bytes[position + offset] : nil
  }

  /// The mark of `offset`, on the current line: columns count characters, as libyaml's do.
  private func mark(at offset: Int) -> YAMLMark {
    var column = 1
    var index = lineStart
    while index < offset {
      if bytes[index] & 0xC0 != 0x80 { column += 1 }
      index += 1
    }
    return YAMLMark(line: line, column: column)
  }

  private static func isKeyByte(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
      UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"):
      true
    case UInt8(ascii: "-"), UInt8(ascii: "."): true
    default: false
    }
  }

  private static func isFlowIndicator(_ byte: UInt8) -> Bool {
    byte == UInt8(ascii: ",") || byte == UInt8(ascii: "[") || byte == UInt8(ascii: "]")
      || byte == UInt8(ascii: "{") || byte == UInt8(ascii: "}")
  }

  private mutating func skipSpaces() {
    while current == UInt8(ascii: " ") { position += 1 }
  }

  // MARK: Lines

  /// Moves to the start of the next line that holds more than spaces and a comment; `nil` at
  /// the end of the text, else that line's indentation.
  private mutating func nextContentLine() -> Int? {
    while position < bytes.count {
      lineStart = position
      skipSpaces()
      guard let byte = current else { return nil }
      if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "#") {
        while let rest = current, rest != UInt8(ascii: "\n") { position += 1 }
        if current != nil {
          position += 1
          line += 1
        }
        continue
      }
      return position - lineStart
    }
    return nil
  }

  /// After a value: spaces, perhaps a comment after at least one space, then the end of the
  /// line (passed) or of the text.
  private mutating func endOfLine() throws(NotPlain) {
    let before = position
    skipSpaces()
    if current == UInt8(ascii: "#") {
      guard position > before else { throw NotPlain() }
      while let rest = current, rest != UInt8(ascii: "\n") { position += 1 }
    }
    guard let byte = current else { return }
    guard byte == UInt8(ascii: "\n") else { throw NotPlain() }
    position += 1
    line += 1
    lineStart = position
  }

  // MARK: Block structure

  private mutating func document() throws(NotPlain) -> YAMLNode {
    guard let indent = nextContentLine(), indent == 0 else { throw NotPlain() }
    let (root, next) = try blockMapping(indent: 0)
    guard next == nil else { throw NotPlain() }
    return root
  }

  /// A block mapping whose keys start at `indent`, the current position at its first key.
  /// Returns with the indentation of the line it stopped at (the position at that line's
  /// first character), `nil` at the end of the text.
  private mutating func blockMapping(indent: Int) throws(NotPlain) -> (YAMLNode, next: Int?) {
    try enter()
    defer { depth -= 1 }
    var pairs: [(key: YAMLNode, value: YAMLNode)] = []
    var names = SeenKeys()
    let start = mark(at: position)
    while true {
      let key = try plainKey()
      // A key given twice is libyaml's path to report.
      guard let name = key.scalar?.string, names.insert(name) else { throw NotPlain() }
      guard current == UInt8(ascii: ":") else { throw NotPlain() }
      position += 1
      let following: Int?
      if current == nil || current == UInt8(ascii: "\n") || current == UInt8(ascii: " ") && followedByComment() {
        // The value is a block mapping on the lines below, indented more.
        try endOfLine()
        guard let deeper = nextContentLine(), deeper > indent else { throw NotPlain() }
        let (value, after) = try blockMapping(indent: deeper)
        pairs.append((key, value))
        following = after
      } else {
        guard current == UInt8(ascii: " ") else { throw NotPlain() }
        skipSpaces()
        pairs.append((key, try flowOrScalar(inFlow: false)))
        try endOfLine()
        following = nextContentLine()
      }
      guard let following, following >= indent else {
        return (.mapping(YAMLMapping(pairs: pairs, mark: start)), following)
      }
      guard following == indent else { throw NotPlain() }
    }
  }

  private mutating func enter() throws(NotPlain) {
    depth += 1
    guard depth <= Self.deepest else { throw NotPlain() }
  }

  /// Whether only spaces and then a comment follow.
  private func followedByComment() -> Bool {
    var index = position
    while index < bytes.count && bytes[index] == UInt8(ascii: " ") { index += 1 }
    return index < bytes.count && bytes[index] == UInt8(ascii: "#")
      || index >= bytes.count || bytes[index] == UInt8(ascii: "\n")
  }

  /// A key of letters, digits, `_`, `-` and `.`, starting with a letter, digit or `_`.
  private mutating func plainKey() throws(NotPlain) -> YAMLNode {
    let start = position
    guard let first = current, Self.isKeyByte(first), first != UInt8(ascii: "-"), first != UInt8(ascii: ".")
    else { throw NotPlain() }
    while let byte = current, Self.isKeyByte(byte) { position += 1 }
    // libyaml looks no further than 1,024 characters for a key.
    guard position - start < 1000 else { throw NotPlain() }
    return .scalar(
      YAMLScalar(
        string: String(decoding: bytes[start..<position], as: UTF8.self), style: .plain, mark: mark(at: start)))
  }

  // MARK: Values

  private mutating func flowOrScalar(inFlow: Bool) throws(NotPlain) -> YAMLNode {
    switch current {
    case UInt8(ascii: "{"): return try flowMapping()
    case UInt8(ascii: "["): return try flowSequence()
    case UInt8(ascii: "\""): return try doubleQuoted()
    case UInt8(ascii: "'"): return try singleQuoted()
    default: return try plainScalar(inFlow: inFlow)
    }
  }

  /// A plain scalar on one line. It may not start with an indicator (but `-` before a
  /// character that is not a space), may not hold `: ` (nor `:` before a flow indicator in a
  /// flow), ends before ` #`, the line's end, and in a flow before `,`, `[`, `]`, `{`, `}`.
  private mutating func plainScalar(inFlow: Bool) throws(NotPlain) -> YAMLNode {
    let start = position
    guard let first = current else { throw NotPlain() }
    switch first {
    case UInt8(ascii: "-"):
      guard let next = byte(at: 1), next != UInt8(ascii: " "), next != UInt8(ascii: "\n"), next != UInt8(ascii: "-")
      else { throw NotPlain() }
    case UInt8(ascii: "?"), UInt8(ascii: ":"), UInt8(ascii: ","), UInt8(ascii: "["), UInt8(ascii: "]"),
      UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "#"), UInt8(ascii: "&"), UInt8(ascii: "*"),
      UInt8(ascii: "!"), UInt8(ascii: "|"), UInt8(ascii: ">"), UInt8(ascii: "'"), UInt8(ascii: "\""),
      UInt8(ascii: "%"), UInt8(ascii: "@"), UInt8(ascii: "`"), UInt8(ascii: " "), UInt8(ascii: "\n"):
      throw NotPlain()
    default: break
    }
    var end = position
    while let byte = current, byte != UInt8(ascii: "\n") {
      if byte == UInt8(ascii: ":") {
        // `: ` or `:` at the end would make a mapping here; `:` before a flow indicator ends
        // a scalar in a flow: either way, not this parser's.
        guard let next = self.byte(at: 1), next != UInt8(ascii: " "), next != UInt8(ascii: "\n") else {
          throw NotPlain()
        }
        if inFlow && (Self.isFlowIndicator(next) || next == UInt8(ascii: "?")) { throw NotPlain() }
      }
      if byte == UInt8(ascii: "#") && bytes[position - 1] == UInt8(ascii: " ") { break }
      if inFlow && Self.isFlowIndicator(byte) { break }
      position += 1
      if byte != UInt8(ascii: " ") { end = position }
    }
    position = end
    return .scalar(
      YAMLScalar(string: String(decoding: bytes[start..<end], as: UTF8.self), style: .plain, mark: mark(at: start)))
  }

  /// A double-quoted scalar on one line, with the escapes `\"`, `\\`, `\/`, `\n`, `\t`.
  private mutating func doubleQuoted() throws(NotPlain) -> YAMLNode {
    let start = position
    position += 1
    var text: [UInt8] = []
    var runStart = position
    while true {
      guard let byte = current, byte != UInt8(ascii: "\n") else { throw NotPlain() }
      if byte == UInt8(ascii: "\"") { break }
      if byte == UInt8(ascii: "\\") {
        text += bytes[runStart..<position]
        switch self.byte(at: 1) {
        case UInt8(ascii: "\""): text.append(UInt8(ascii: "\""))
        case UInt8(ascii: "\\"): text.append(UInt8(ascii: "\\"))
        case UInt8(ascii: "/"): text.append(UInt8(ascii: "/"))
        case UInt8(ascii: "n"): text.append(0x0A)
        case UInt8(ascii: "t"): text.append(0x09)
        default: throw NotPlain()
        }
        position += 2
        runStart = position
        continue
      }
      position += 1
    }
    let string: String
    if text.isEmpty {
      string = String(decoding: bytes[runStart..<position], as: UTF8.self)
    } else {
      text += bytes[runStart..<position]
      string = String(decoding: text, as: UTF8.self)
    }
    position += 1
    return .scalar(YAMLScalar(string: string, style: .quoted, mark: mark(at: start)))
  }

  /// A single-quoted scalar on one line (`''` is a quote).
  private mutating func singleQuoted() throws(NotPlain) -> YAMLNode {
    let start = position
    position += 1
    var text: [UInt8] = []
    while true {
      guard let byte = current, byte != UInt8(ascii: "\n") else { throw NotPlain() }
      if byte == UInt8(ascii: "'") {
        guard self.byte(at: 1) == UInt8(ascii: "'") else { break }
        position += 1
      }
      text.append(byte)
      position += 1
    }
    position += 1
    return .scalar(
      YAMLScalar(string: String(decoding: text, as: UTF8.self), style: .quoted, mark: mark(at: start)))
  }

  /// Spaces inside a flow, which must stay on its line.
  private mutating func flowSpace() throws(NotPlain) {
    skipSpaces()
    guard let byte = current, byte != UInt8(ascii: "\n"), byte != UInt8(ascii: "#") else { throw NotPlain() }
  }

  /// `{key: value, "key": value}` on one line; no empty entries, no comma before `}`.
  private mutating func flowMapping() throws(NotPlain) -> YAMLNode {
    try enter()
    defer { depth -= 1 }
    let start = mark(at: position)
    position += 1
    var pairs: [(key: YAMLNode, value: YAMLNode)] = []
    try flowSpace()
    if current == UInt8(ascii: "}") {
      position += 1
      return .mapping(YAMLMapping(pairs: pairs, mark: start))
    }
    while true {
      let key: YAMLNode
      if current == UInt8(ascii: "\"") {
        // A quoted key may be followed straight by `:`, as in JSON. libyaml looks for the
        // `:` no further than 1,024 characters from the key's start (quotes, escapes and
        // spaces included): counted here in bytes, never fewer.
        let keyStart = position
        key = try doubleQuoted()
        try flowSpace()
        guard current == UInt8(ascii: ":"), position - keyStart < 1000 else { throw NotPlain() }
        position += 1
      } else {
        key = try plainKey()
        guard current == UInt8(ascii: ":"), byte(at: 1) == UInt8(ascii: " ") else { throw NotPlain() }
        position += 1
      }
      try flowSpace()
      let value = try flowOrScalar(inFlow: true)
      let name = key.scalar?.string
      if pairs.contains(where: { $0.key.scalar?.string == name }) { throw NotPlain() }
      pairs.append((key, value))
      try flowSpace()
      if current == UInt8(ascii: "}") {
        position += 1
        return .mapping(YAMLMapping(pairs: pairs, mark: start))
      }
      guard current == UInt8(ascii: ",") else { throw NotPlain() }
      position += 1
      try flowSpace()
      if current == UInt8(ascii: "}") { throw NotPlain() }
    }
  }

  /// `[item, item]` on one line; no empty items, no comma before `]`, no `key: value` items.
  private mutating func flowSequence() throws(NotPlain) -> YAMLNode {
    try enter()
    defer { depth -= 1 }
    let start = mark(at: position)
    position += 1
    var items: [YAMLNode] = []
    try flowSpace()
    if current == UInt8(ascii: "]") {
      position += 1
      return .sequence(items, start)
    }
    while true {
      items.append(try flowOrScalar(inFlow: true))
      try flowSpace()
      // `"key": value` would be a one-pair mapping in the list.
      if current == UInt8(ascii: ":") { throw NotPlain() }
      if current == UInt8(ascii: "]") {
        position += 1
        return .sequence(items, start)
      }
      guard current == UInt8(ascii: ",") else { throw NotPlain() }
      position += 1
      try flowSpace()
      if current == UInt8(ascii: "]") { throw NotPlain() }
    }
  }
}
