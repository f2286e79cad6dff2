/// A JSON value written by hand: for documents with thousands of figures, where Foundation's
/// `JSONEncoder` costs more than computing them. Written pretty-printed with sorted keys, in
/// the layout `JSONEncoder` uses, so every command's JSON looks alike.
enum JSONValue {
  case null
  case int(Int)
  case number(Double)
  case string(String)
  case array([JSONValue])
  case object([String: JSONValue])

  static func optional(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }
  static func optional(_ value: Int?) -> JSONValue { value.map(JSONValue.int) ?? .null }

  /// The document, ending in a line break.
  var text: String {
    var out = ""
    out.reserveCapacity(1 << 16)
    write(into: &out, indent: 0)
    out.append("\n")
    return out
  }

  func write(into out: inout String, indent: Int) {
    switch self {
    case .null: out.append("null")
    case .int(let value): out.append(String(value))
    case .number(let value):
      if value == value.rounded(), abs(value) < 1e15 { out.append(String(Int(value))) } else { out.append("\(value)") }
    case .string(let value): Self.quote(value, into: &out)
    case .array(let values):
      guard !values.isEmpty else { return out.append("[]") }
      out.append("[\n")
      for (position, value) in values.enumerated() {
        out.append(String(repeating: "  ", count: indent + 1))
        value.write(into: &out, indent: indent + 1)
        out.append(position == values.count - 1 ? "\n" : ",\n")
      }
      out.append(String(repeating: "  ", count: indent) + "]")
    case .object(let members):
      guard !members.isEmpty else { return out.append("{}") }
      out.append("{\n")
      let keys = members.keys.sorted()
      for (position, key) in keys.enumerated() {
        out.append(String(repeating: "  ", count: indent + 1))
        Self.quote(key, into: &out)
        out.append(" : ")
        members[key]!.write(into: &out, indent: indent + 1)
        out.append(position == keys.count - 1 ? "\n" : ",\n")
      }
      out.append(String(repeating: "  ", count: indent) + "}")
    }
  }

  static func quote(_ text: String, into out: inout String) {
    out.append("\"")
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": out.append("\\\"")
      case "\\": out.append("\\\\")
      case "\n": out.append("\\n")
      case "\r": out.append("\\r")
      case "\t": out.append("\\t")
      case _ where scalar.value < 0x20:
        let hex = String(scalar.value, radix: 16)
        out.append("\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
      default: out.unicodeScalars.append(scalar)
      }
    }
    out.append("\"")
  }
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
