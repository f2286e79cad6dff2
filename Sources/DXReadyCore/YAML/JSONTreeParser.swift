/// Parses JSON text into the same ``YAMLNode`` tree as ``YAMLParser``, with lines and columns.
///
/// JSON is a subset of YAML, so answers files may be either; machine-written files are usually
/// JSON, and this parser reads them several times faster than libyaml. Strings become quoted
/// scalars and numbers, `true`, `false` and `null` plain ones, exactly as YAML would read them.
struct JSONTreeParser {
  private let bytes: [UInt8]
  private var position = 0
  private var line = 1
  private var lineStart = 0

  /// The document, or the first problem with its place.
  static func parse(_ text: String) throws(YAMLParser.Failure) -> YAMLNode? {
    try parse(bytes: Array(text.utf8))
  }

  /// The document in `bytes` (UTF-8), or the first problem with its place.
  static func parse(bytes: [UInt8]) throws(YAMLParser.Failure) -> YAMLNode? {
    var parser = JSONTreeParser(bytes: bytes)
    parser.skipSpace()
    if parser.position == parser.bytes.count { return nil }
    let root = try parser.value(depth: 0)
    parser.skipSpace()
    guard parser.position == parser.bytes.count else { throw parser.failure("unexpected text after the JSON value") }
    return root
  }

  private init(bytes: [UInt8]) {
    self.bytes = bytes
  }

  /// Where the last place was worked out, so that the next one counts on from there: on a long
  /// line (a whole document on one line, as bundles and minified files have it) counting from
  /// the line's start at every value would take time in the square of the line's length.
  private var counted = (index: 0, column: 1)

  /// The current place; columns count Unicode scalars, as libyaml does.
  private var mark: YAMLMark {
    mutating get {
      var (index, column) = counted.index >= lineStart && counted.index <= position ? counted : (lineStart, 1)
      while index < position {
        if bytes[index] & 0xC0 != 0x80 { column += 1 }
        index += 1
      }
      counted = (index, column)
      return YAMLMark(line: line, column: column)
    }
  }

  private func failure(_ message: String) -> YAMLParser.Failure {
    var column = 1
    for byte in bytes[lineStart..<position] where byte & 0xC0 != 0x80 { column += 1 }
    return YAMLParser.Failure(mark: YAMLMark(line: line, column: column), message: "not valid JSON: \(message)")
  }

  private mutating func skipSpace() {
    while position < bytes.count {
      switch bytes[position] {
      case 0x20, 0x09, 0x0D: position += 1
      case 0x0A:
        position += 1
        line += 1
        lineStart = position
      default: return
      }
    }
  }

  private mutating func value(depth: Int) throws(YAMLParser.Failure) -> YAMLNode {
    guard depth < 64 else { throw failure("nested too deeply") }
    skipSpace()
    guard position < bytes.count else { throw failure("the text ends where a value was expected") }
    let start = mark
    switch bytes[position] {
    case UInt8(ascii: "{"): return try object(depth: depth, start: start)
    case UInt8(ascii: "["): return try array(depth: depth, start: start)
    case UInt8(ascii: "\""): return .scalar(YAMLScalar(string: try string(), style: .quoted, mark: start))
    default:
      let begin = position
      while position < bytes.count, !Self.isDelimiter(bytes[position]) { position += 1 }
      let word = String(decoding: bytes[begin..<position], as: UTF8.self)
      guard word == "true" || word == "false" || word == "null" || Self.isNumber(word) else {
        position = begin
        throw failure(word.isEmpty ? "expected a value" : "`\(word)` is not a JSON value")
      }
      return .scalar(YAMLScalar(string: word, style: .plain, mark: start))
    }
  }

  private mutating func object(depth: Int, start: YAMLMark) throws(YAMLParser.Failure) -> YAMLNode {
    position += 1
    var pairs: [(key: YAMLNode, value: YAMLNode)] = []
    var seen = SeenKeys()
    skipSpace()
    if position < bytes.count, bytes[position] == UInt8(ascii: "}") {
      position += 1
      return .mapping(YAMLMapping(pairs: pairs, mark: start))
    }
    while true {
      skipSpace()
      let keyMark = mark
      guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else {
        throw failure("expected a quoted key")
      }
      let key = try string()
      if !seen.insert(key) {
        throw YAMLParser.Failure(mark: keyMark, message: "duplicate key `\(key)` in one mapping")
      }
      skipSpace()
      guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else {
        throw failure("expected `:` after a key")
      }
      position += 1
      pairs.append((.scalar(YAMLScalar(string: key, style: .quoted, mark: keyMark)), try value(depth: depth + 1)))
      skipSpace()
      guard position < bytes.count else { throw failure("the object is never closed") }
      if bytes[position] == UInt8(ascii: ",") {
        position += 1
      } else if bytes[position] == UInt8(ascii: "}") {
        position += 1
        return .mapping(YAMLMapping(pairs: pairs, mark: start))
      } else {
        throw failure("expected `,` or `}`")
      }
    }
  }

  private mutating func array(depth: Int, start: YAMLMark) throws(YAMLParser.Failure) -> YAMLNode {
    position += 1
    var items: [YAMLNode] = []
    skipSpace()
    if position < bytes.count, bytes[position] == UInt8(ascii: "]") {
      position += 1
      return .sequence(items, start)
    }
    while true {
      items.append(try value(depth: depth + 1))
      skipSpace()
      guard position < bytes.count else { throw failure("the list is never closed") }
      if bytes[position] == UInt8(ascii: ",") {
        position += 1
      } else if bytes[position] == UInt8(ascii: "]") {
        position += 1
        return .sequence(items, start)
      } else {
        throw failure("expected `,` or `]`")
      }
    }
  }

  private mutating func string() throws(YAMLParser.Failure) -> String {
    let opening = mark
    let unclosed = YAMLParser.Failure(mark: opening, message: "not valid JSON: the string is never closed")
    position += 1
    let begin = position
    // Fast path: no escapes.
    while position < bytes.count, bytes[position] != UInt8(ascii: "\""), bytes[position] != UInt8(ascii: "\\") {
      guard bytes[position] >= 0x20 else { throw failure("a control character inside a string") }
      position += 1
    }
    guard position < bytes.count else { throw unclosed }
    if bytes[position] == UInt8(ascii: "\"") {
      defer { position += 1 }
      return String(decoding: bytes[begin..<position], as: UTF8.self)
    }
    var result = Array(bytes[begin..<position])
    while position < bytes.count {
      let byte = bytes[position]
      if byte == UInt8(ascii: "\"") {
        position += 1
        return String(decoding: result, as: UTF8.self)
      }
      guard byte >= 0x20 else { throw failure("a control character inside a string") }
      if byte != UInt8(ascii: "\\") {
        result.append(byte)
        position += 1
        continue
      }
      position += 1
      guard position < bytes.count else { break }
      switch bytes[position] {
      case UInt8(ascii: "\""): result.append(0x22)
      case UInt8(ascii: "\\"): result.append(0x5C)
      case UInt8(ascii: "/"): result.append(0x2F)
      case UInt8(ascii: "b"): result.append(0x08)
      case UInt8(ascii: "f"): result.append(0x0C)
      case UInt8(ascii: "n"): result.append(0x0A)
      case UInt8(ascii: "r"): result.append(0x0D)
      case UInt8(ascii: "t"): result.append(0x09)
      case UInt8(ascii: "u"):
        var code = try hex4()
        if (0xD800..<0xDC00).contains(code), position + 2 < bytes.count, bytes[position + 1] == 0x5C,
          bytes[position + 2] == UInt8(ascii: "u")
        {
          position += 2
          let low = try hex4()
          code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
        }
        guard let scalar = Unicode.Scalar(code) else { throw failure("an invalid \\u escape") }
        result.append(contentsOf: Array(String(Character(scalar)).utf8))
      default:
        throw failure("an unknown escape `\\\(Character(Unicode.Scalar(bytes[position])))`")
      }
      position += 1
    }
    throw unclosed
  }

  /// Reads the four hex digits after `\u`, leaving the position on the last one.
  private mutating func hex4() throws(YAMLParser.Failure) -> UInt32 {
    guard position + 4 < bytes.count else { throw failure("a short \\u escape") }
    var value: UInt32 = 0
    for offset in 1...4 {
      let byte = bytes[position + offset]
      let digit: UInt8
      switch byte {
      case 0x30...0x39: digit = byte - 0x30
      case 0x41...0x46: digit = byte - 0x41 + 10
      case 0x61...0x66: digit = byte - 0x61 + 10
      default: throw failure("a \\u escape needs four hexadecimal digits")
      }
      value = value << 4 | UInt32(digit)
    }
    position += 4
    return value
  }

  private static func isDelimiter(_ byte: UInt8) -> Bool {
    byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == UInt8(ascii: ",")
      || byte == UInt8(ascii: "}") || byte == UInt8(ascii: "]") || byte == UInt8(ascii: ":")
  }

  private static func isNumber(_ word: String) -> Bool {
    guard let first = word.utf8.first, first == UInt8(ascii: "-") || (0x30...0x39).contains(first) else {
      return false
    }
    return Double(word) != nil
  }
}
