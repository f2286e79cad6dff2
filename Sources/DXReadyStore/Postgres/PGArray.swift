/// PostgreSQL array literals (`{…}`), so that one statement with a few array parameters writes
/// thousands of rows through `unnest` — parsed once, however many rows.
enum PGArray {
  /// A `text[]` literal: every element quoted, `NULL` for none.
  static func text(_ values: some Sequence<String?>) -> String {
    // Built as UTF-8 bytes: a value without a quote or a backslash (nearly all) is copied whole.
    let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\")
    var literal: [UInt8] = [UInt8(ascii: "{")]
    literal.reserveCapacity(values.underestimatedCount * 16 + 2)
    var first = true
    for value in values {
      if !first { literal.append(UInt8(ascii: ",")) }
      first = false
      guard var value else {
        literal.append(contentsOf: "NULL".utf8)
        continue
      }
      literal.append(quote)
      value.withUTF8 { bytes in
        if !bytes.contains(where: { $0 == quote || $0 == backslash }) {
          literal.append(contentsOf: bytes)
        } else {
          for byte in bytes {
            if byte == quote || byte == backslash { literal.append(backslash) }
            literal.append(byte)
          }
        }
      }
      literal.append(quote)
    }
    literal.append(UInt8(ascii: "}"))
    return String(decoding: literal, as: UTF8.self)
  }

  /// A numeric array literal (`bigint[]`, `int[]`, `float8[]`): numbers as Swift writes them
  /// (the shortest text that reads back the same), `NULL` for none.
  static func numbers(_ values: some Sequence<(any CustomStringConvertible)?>) -> String {
    "{" + values.map { $0.map { "\($0)" } ?? "NULL" }.joined(separator: ",") + "}"
  }

  /// A `bytea[]` literal.
  static func bytes(_ values: some Sequence<[UInt8]>) -> String {
    let digits = Array("0123456789abcdef".utf8)
    var literal = "{"
    var first = true
    for value in values {
      if !first { literal += "," }
      first = false
      var hex: [UInt8] = Array("\"\\\\x".utf8)
      hex.reserveCapacity(value.count * 2 + 6)
      for byte in value {
        hex.append(digits[Int(byte >> 4)])
        hex.append(digits[Int(byte & 15)])
      }
      hex.append(UInt8(ascii: "\""))
      literal += String(decoding: hex, as: UTF8.self)
    }
    return literal + "}"
  }
}
