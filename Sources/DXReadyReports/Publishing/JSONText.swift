import DXReadyCore

/// A JSON value written by hand: for documents with thousands of figures, where Foundation's
/// `JSONEncoder` costs more than computing them. Written pretty-printed with sorted keys, in
/// the layout `JSONEncoder` uses, so every command's JSON looks alike.
public enum JSONValue {
  case null
  case int(Int)
  case number(Double)
  case string(String)
  case array([JSONValue])
  case object([String: JSONValue])

  static func optional(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }
  static func optional(_ value: Int?) -> JSONValue { value.map(JSONValue.int) ?? .null }

  /// The document, ending in a line break.
  public var text: String {
    var out: [UInt8] = []
    out.reserveCapacity(1 << 16)
    write(into: &out, indent: 0)
    out.append(UInt8(ascii: "\n"))
    return String(decoding: out, as: UTF8.self)
  }

  /// Writes the value as UTF-8 bytes: appending bytes costs far less than appending strings.
  func write(into out: inout [UInt8], indent: Int) {
    func spaces(_ level: Int) { out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2 * level)) }
    switch self {
    case .null: out.append(contentsOf: "null".utf8)
    case .int(let value): out.append(contentsOf: String(value).utf8)
    case .number(let value):
      if value == value.rounded(), abs(value) < 1e15 {
        out.append(contentsOf: String(Int(value)).utf8)
      } else {
        out.append(contentsOf: value.description.utf8)
      }
    case .string(let value): Self.quote(value, into: &out)
    case .array(let values):
      guard !values.isEmpty else { return out.append(contentsOf: "[]".utf8) }
      out.append(contentsOf: "[\n".utf8)
      for (position, value) in values.enumerated() {
        spaces(indent + 1)
        value.write(into: &out, indent: indent + 1)
        if position < values.count - 1 { out.append(UInt8(ascii: ",")) }
        out.append(UInt8(ascii: "\n"))
      }
      spaces(indent)
      out.append(UInt8(ascii: "]"))
    case .object(let members):
      guard !members.isEmpty else { return out.append(contentsOf: "{}".utf8) }
      out.append(contentsOf: "{\n".utf8)
      let keys = members.keys.sorted()
      for (position, key) in keys.enumerated() {
        spaces(indent + 1)
        Self.quote(key, into: &out)
        out.append(contentsOf: " : ".utf8)
        members[key]!.write(into: &out, indent: indent + 1)
        if position < keys.count - 1 { out.append(UInt8(ascii: ",")) }
        out.append(UInt8(ascii: "\n"))
      }
      spaces(indent)
      out.append(UInt8(ascii: "}"))
    }
  }

  /// A JSON string, as everything dxready writes one (``JSONQuote``).
  static func quote(_ text: String, into out: inout [UInt8]) { JSONQuote.quote(text, into: &out) }
}

/// `figure` (as ``fixed(_:_:)`` writes it: ASCII digits, a sign, one `.`) with a decimal comma,
/// as Vietnamese writes it; without Foundation's string search, which a table of a thousand rows
/// would call thousands of times.
func decimalComma(_ figure: String) -> String {
  var bytes = Array(figure.utf8)
  for index in bytes.indices where bytes[index] == UInt8(ascii: ".") { bytes[index] = UInt8(ascii: ",") }
  return String(decoding: bytes, as: UTF8.self)
}

/// `value` with `places` decimals, as `String(format: "%.2f")` writes it, without the cost of
/// a format string (statistics write tens of thousands of them).
func fixed(_ value: Double, _ places: Int) -> String {
  guard value.isFinite, abs(value) < 1e12 else { return String(format: "%.\(places)f", value) }
  var scale = 1.0
  for _ in 0..<places { scale *= 10 }
  let product = abs(value) * scale
  // Near a halfway point the product's own rounding may have moved it across; printf decides
  // on the exact binary value.
  if abs(product - product.rounded(.down) - 0.5) < 1e-6 { return String(format: "%.\(places)f", value) }
  let scaled = Int(product.rounded())
  var digits = String(scaled)
  if digits.count <= places { digits = String(repeating: "0", count: places - digits.count + 1) + digits }
  let sign = value.sign == .minus ? "-" : ""
  guard places > 0 else { return sign + digits }
  return sign + digits.dropLast(places) + "." + digits.suffix(places)
}
