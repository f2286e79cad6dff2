/// JSON strings as dxready writes them everywhere (answers, records, kiosk log, statistics and
/// open data): quotes, backslashes and control characters escaped (`\n`, `\r`, `\t`, else
/// `\u00XX`); everything else, Vietnamese letters included, as it is.
///
/// ```swift
/// JSONQuote.quoted("Công ty \"A\"\n")  // "\"Công ty \\\"A\\\"\\n\""
/// ```
public enum JSONQuote {
  /// `text` as a JSON string, quotes included.
  public static func quoted(_ text: String) -> String {
    // Most texts are ids and plain words: nothing to escape.
    if isPlain(text) { return "\"" + text + "\"" }
    var bytes: [UInt8] = [UInt8(ascii: "\"")]
    bytes.reserveCapacity(text.utf8.count + 8)
    escape(text, into: &bytes)
    bytes.append(UInt8(ascii: "\""))
    return String(decoding: bytes, as: UTF8.self)
  }

  /// Whether `text` has nothing to escape (looked at as one run of bytes when it is stored as
  /// one, as Swift's own strings are).
  static func isPlain(_ text: String) -> Bool {
    text.utf8.withContiguousStorageIfAvailable { !$0.contains(where: needsEscape) }
      ?? !text.utf8.contains(where: needsEscape)
  }

  /// Appends `text` as a JSON string, quotes included, to `out`: a text with nothing to escape
  /// (most are ids and plain words) in one copy, else escaped byte by byte.
  public static func quote(_ text: String, into out: inout [UInt8]) {
    out.append(UInt8(ascii: "\""))
    if isPlain(text) { out.append(contentsOf: text.utf8) } else { escape(text, into: &out) }
    out.append(UInt8(ascii: "\""))
  }

  /// Appends `text` with its escapes, without quotes. UTF-8 bytes of 0x80 and above are never
  /// escapes, so the text is written byte by byte.
  private static func escape(_ text: String, into out: inout [UInt8]) {
    for byte in text.utf8 {
      switch byte {
      case UInt8(ascii: "\""): out.append(contentsOf: "\\\"".utf8)
      case UInt8(ascii: "\\"): out.append(contentsOf: "\\\\".utf8)
      case UInt8(ascii: "\n"): out.append(contentsOf: "\\n".utf8)
      case UInt8(ascii: "\r"): out.append(contentsOf: "\\r".utf8)
      case UInt8(ascii: "\t"): out.append(contentsOf: "\\t".utf8)
      case 0..<0x20:
        let hex = String(byte, radix: 16)
        out.append(contentsOf: ("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).utf8)
      default: out.append(byte)
      }
    }
  }

  static func needsEscape(_ byte: UInt8) -> Bool { byte < 0x20 || byte == 0x22 || byte == 0x5C }
}
