/// Reads a YAML tree while collecting located problems, so a loader can report every mistake
/// in a file at once rather than the first one.
struct YAMLReader {
  let file: String
  private(set) var diagnostics: [Diagnostic] = []

  init(file: String) {
    self.file = file
  }

  /// Parses `text` into a tree, or records why it is not YAML.
  mutating func parse(_ text: String) -> YAMLNode? {
    do {
      // JSON (a subset of YAML) has a faster parser of its own.
      let isJSON = text.utf8.first(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }) == 0x7B
      // So has YAML of the plain shape answers files have; libyaml reads the rest, and says
      // what is wrong with a text that is not valid.
      let parsed: YAMLNode?
      if isJSON {
        parsed = try JSONTreeParser.parse(text)
      } else if let plain = PlainYAMLParser.parse(text) {
        parsed = plain
      } else {
        parsed = try YAMLParser.parse(text)
      }
      guard let root = parsed else {
        diagnostics.append(Diagnostic(.error, at: start, "the file is empty"))
        return nil
      }
      return root
    } catch {
      let location = SourceLocation(file: file, line: error.mark.line, column: error.mark.column)
      diagnostics.append(Diagnostic(.error, at: location, error.message))
      return nil
    }
  }

  var start: SourceLocation { SourceLocation(file: file, line: 1, column: 1) }

  func location(_ node: YAMLNode?) -> SourceLocation {
    guard let mark = node?.mark else { return start }
    return SourceLocation(file: file, line: mark.line, column: mark.column)
  }

  mutating func error(_ node: YAMLNode?, _ message: String) {
    diagnostics.append(Diagnostic(.error, at: location(node), message))
  }

  mutating func warning(_ node: YAMLNode?, _ message: String) {
    diagnostics.append(Diagnostic(.warning, at: location(node), message))
  }

  mutating func report(_ diagnostic: Diagnostic) {
    diagnostics.append(diagnostic)
  }

  // MARK: Typed access

  /// The node as a mapping, or an error naming what was expected.
  mutating func mapping(_ node: YAMLNode, _ what: String) -> YAMLMapping? {
    if let mapping = node.mapping { return mapping }
    error(node, "\(what) must be a mapping of `key: value` lines")
    return nil
  }

  /// The node as a list, or an error naming what was expected.
  mutating func sequence(_ node: YAMLNode, _ what: String) -> [YAMLNode]? {
    if let sequence = node.sequence { return Array(sequence) }
    error(node, "\(what) must be a list (lines starting with `- `)")
    return nil
  }

  /// Reports every key of `mapping` that is not in `allowed`; a typo must not be ignored silently.
  mutating func rejectUnknownKeys(_ mapping: YAMLMapping, allowed: [String], in what: String) {
    for (key, _) in mapping {
      let name = key.scalar?.string ?? ""
      if !allowed.contains(name) {
        let list = allowed.map { "`\($0)`" }.joined(separator: ", ")
        error(key, "unknown key `\(name)` in \(what); expected one of \(list)")
      }
    }
  }

  /// The value under `key`, or an error when a required key is missing.
  mutating func value(
    _ mapping: YAMLMapping, _ key: String, in what: String, at owner: YAMLNode?, required: Bool
  ) -> YAMLNode? {
    if let node = mapping[key], !Plain.isNull(node) { return node }
    if required { error(owner, "\(what) has no `\(key)`") }
    return nil
  }

  mutating func string(_ node: YAMLNode, _ what: String) -> String? {
    if let scalar = node.scalar { return scalar.string }
    error(node, "\(what) must be a single value, not a list or mapping")
    return nil
  }

  mutating func double(_ node: YAMLNode, _ what: String) -> Double? {
    if let value = Plain.number(node) {
      return value
    }
    error(node, "\(what) must be a number, not `\(node.scalar?.string ?? "a list or mapping")`")
    return nil
  }

  mutating func int(_ node: YAMLNode, _ what: String) -> Int? {
    if let value = Plain.integer(node) { return value }
    error(node, "\(what) must be a whole number, not `\(node.scalar?.string ?? "a list or mapping")`")
    return nil
  }

  mutating func bool(_ node: YAMLNode, _ what: String) -> Bool? {
    if let value = Plain.bool(node) { return value }
    error(node, "\(what) must be `true` or `false`, not `\(node.scalar?.string ?? "a list or mapping")`")
    return nil
  }
}
