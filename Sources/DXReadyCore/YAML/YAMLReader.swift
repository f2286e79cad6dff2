import Yams

/// Reads a YAML tree while collecting located problems, so a loader can report every mistake
/// in a file at once rather than the first one.
struct YAMLReader {
  let file: String
  private(set) var diagnostics: [Diagnostic] = []

  init(file: String) {
    self.file = file
  }

  /// Parses `text` into a tree, or records why it is not YAML.
  mutating func parse(_ text: String) -> Node? {
    do {
      // No implicit tag resolution: Yams resolves tags with regular expressions, which cost more
      // than the whole parse. Scalars are typed here, by `Plain`, where a value is expected.
      guard let root = try Yams.compose(yaml: text, .basic) else {
        diagnostics.append(Diagnostic(.error, at: start, "the file is empty"))
        return nil
      }
      return root
    } catch let error as YamlError {
      diagnostics.append(Self.diagnostic(for: error, file: file))
      return nil
    } catch {
      diagnostics.append(Diagnostic(.error, at: start, "not valid YAML: \(error)"))
      return nil
    }
  }

  var start: SourceLocation { SourceLocation(file: file, line: 1, column: 1) }

  func location(_ node: Node?) -> SourceLocation {
    guard let mark = node?.mark else { return start }
    return SourceLocation(file: file, line: mark.line, column: mark.column)
  }

  mutating func error(_ node: Node?, _ message: String) {
    diagnostics.append(Diagnostic(.error, at: location(node), message))
  }

  mutating func warning(_ node: Node?, _ message: String) {
    diagnostics.append(Diagnostic(.warning, at: location(node), message))
  }

  mutating func report(_ diagnostic: Diagnostic) {
    diagnostics.append(diagnostic)
  }

  // MARK: Typed access

  /// The node as a mapping, or an error naming what was expected.
  mutating func mapping(_ node: Node, _ what: String) -> Node.Mapping? {
    if let mapping = node.mapping { return mapping }
    error(node, "\(what) must be a mapping of `key: value` lines")
    return nil
  }

  /// The node as a list, or an error naming what was expected.
  mutating func sequence(_ node: Node, _ what: String) -> [Node]? {
    if let sequence = node.sequence { return Array(sequence) }
    error(node, "\(what) must be a list (lines starting with `- `)")
    return nil
  }

  /// Reports every key of `mapping` that is not in `allowed`; a typo must not be ignored silently.
  mutating func rejectUnknownKeys(_ mapping: Node.Mapping, allowed: [String], in what: String) {
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
    _ mapping: Node.Mapping, _ key: String, in what: String, at owner: Node?, required: Bool
  ) -> Node? {
    if let node = mapping[key], !Plain.isNull(node) { return node }
    if required { error(owner, "\(what) has no `\(key)`") }
    return nil
  }

  mutating func string(_ node: Node, _ what: String) -> String? {
    if let scalar = node.scalar { return scalar.string }
    error(node, "\(what) must be a single value, not a list or mapping")
    return nil
  }

  mutating func double(_ node: Node, _ what: String) -> Double? {
    if let value = Plain.number(node) {
      return value
    }
    error(node, "\(what) must be a number, not `\(node.scalar?.string ?? "a list or mapping")`")
    return nil
  }

  mutating func int(_ node: Node, _ what: String) -> Int? {
    if let value = Plain.integer(node) { return value }
    error(node, "\(what) must be a whole number, not `\(node.scalar?.string ?? "a list or mapping")`")
    return nil
  }

  mutating func bool(_ node: Node, _ what: String) -> Bool? {
    if let value = Plain.bool(node) { return value }
    error(node, "\(what) must be `true` or `false`, not `\(node.scalar?.string ?? "a list or mapping")`")
    return nil
  }

  /// Turns a Yams error into a located diagnostic with a short message.
  static func diagnostic(for error: YamlError, file: String) -> Diagnostic {
    func at(_ mark: Mark) -> SourceLocation {
      SourceLocation(file: file, line: mark.line, column: mark.column)
    }
    let origin = SourceLocation(file: file, line: 1, column: 1)
    switch error {
    case .scanner(let context, let problem, let mark, _),
      .parser(let context, let problem, let mark, _),
      .composer(let context, let problem, let mark, _):
      let detail = context.map { " (\($0.text) at line \($0.mark.line))" } ?? ""
      return Diagnostic(.error, at: at(mark), "not valid YAML: \(problem)\(detail)")
    case .duplicatedKeysInMapping(let duplicates, let context):
      let keys = duplicates.map { "`\($0)`" }.joined(separator: ", ")
      return Diagnostic(.error, at: at(context.mark), "duplicate key \(keys) in one mapping")
    case .reader(let problem, _, _, _):
      return Diagnostic(.error, at: origin, "cannot read the file as UTF-8 text: \(problem)")
    default:
      return Diagnostic(.error, at: origin, "not valid YAML: \(error)")
    }
  }
}
