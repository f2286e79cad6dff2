/// Types of plain (unquoted) YAML scalars, after YAML 1.2's core schema: a quoted scalar is
/// always text, so `"10"` stays a string and `10` is a number.
enum Plain {
  static func isPlain(_ node: YAMLNode) -> Bool {
    node.scalar?.style == .plain
  }

  /// `~`, `null`, or nothing at all.
  static func isNull(_ node: YAMLNode) -> Bool {
    guard isPlain(node), let text = node.scalar?.string else { return false }
    return text.isEmpty || text == "~" || text == "null" || text == "Null" || text == "NULL"
  }

  static func bool(_ node: YAMLNode) -> Bool? {
    guard isPlain(node), let text = node.scalar?.string else { return nil }
    switch text {
    case "true", "True", "TRUE": return true
    case "false", "False", "FALSE": return false
    default: return nil
    }
  }

  /// A whole number in decimal: an optional sign, then digits.
  static func integer(_ node: YAMLNode) -> Int? {
    guard isPlain(node), let text = node.scalar?.string else { return nil }
    let digits = text.first == "-" || text.first == "+" ? text.dropFirst() : Substring(text)
    guard !digits.isEmpty, digits.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
    return Int(text)
  }

  /// A finite decimal number: `12`, `-3`, `0.25`, `1e3`.
  static func number(_ node: YAMLNode) -> Double? {
    guard isPlain(node), let text = node.scalar?.string, let first = text.utf8.first else { return nil }
    // Only what starts like a number: `Double` also reads `nan`, `inf` and hexadecimal.
    guard (first >= 48 && first <= 57) || first == 45 || first == 43 || first == 46 else { return nil }
    guard text.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || $0 == 45 || $0 == 43 || $0 == 46 || $0 == 101 || $0 == 69 })
    else { return nil }
    guard let value = Double(text), value.isFinite else { return nil }
    return value
  }
}
