import CLibyaml

/// Parses YAML text into a ``YAMLNode`` tree with libyaml (the system library, see `CLibyaml`).
///
/// Tags are not resolved (a plain scalar's type is decided where a value is expected, see
/// `Plain`), anchors and aliases are refused, and a key given twice in one mapping is an error.
enum YAMLParser {
  struct Failure: Error {
    var mark: YAMLMark
    var message: String
  }

  /// The first document of `text`, `nil` for an empty text.
  static func parse(_ text: String) throws(Failure) -> YAMLNode? {
    var parser = yaml_parser_t()
    guard yaml_parser_initialize(&parser) == 1 else {
      throw Failure(mark: YAMLMark(line: 1, column: 1), message: "out of memory")
    }
    defer { yaml_parser_delete(&parser) }
    var bytes = Array(text.utf8)
    return try bytes.withUnsafeMutableBufferPointer { (buffer) throws(Failure) -> YAMLNode? in
      yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
      yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
      var builder = Builder()
      while true {
        var event = yaml_event_t()
        guard yaml_parser_parse(&parser, &event) == 1 else { throw failure(parser) }
        defer { yaml_event_delete(&event) }
        let mark = YAMLMark(line: Int(event.start_mark.line) + 1, column: Int(event.start_mark.column) + 1)
        switch event.type {
        case YAML_SCALAR_EVENT:
          let scalar = event.data.scalar
          let string = String(
            decoding: UnsafeBufferPointer(start: scalar.value, count: Int(scalar.length)), as: UTF8.self)
          let style: YAMLScalar.Style
          switch scalar.style {
          case YAML_PLAIN_SCALAR_STYLE: style = .plain
          case YAML_LITERAL_SCALAR_STYLE, YAML_FOLDED_SCALAR_STYLE: style = .block
          default: style = .quoted
          }
          try builder.add(.scalar(YAMLScalar(string: string, style: style, mark: mark)))
        case YAML_SEQUENCE_START_EVENT:
          builder.open(.sequence(mark))
        case YAML_MAPPING_START_EVENT:
          builder.open(.mapping(mark))
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
          try builder.close()
        case YAML_ALIAS_EVENT:
          throw Failure(mark: mark, message: "aliases (`*name`) are not supported; write the value out")
        case YAML_DOCUMENT_END_EVENT, YAML_STREAM_END_EVENT:
          return builder.root
        default:
          continue
        }
      }
    }
  }

  private static func failure(_ parser: yaml_parser_t) -> Failure {
    let problem = parser.problem.map { String(cString: $0) } ?? "unknown problem"
    let mark = YAMLMark(line: Int(parser.problem_mark.line) + 1, column: Int(parser.problem_mark.column) + 1)
    if let context = parser.context.map({ String(cString: $0) }) {
      let line = Int(parser.context_mark.line) + 1
      return Failure(mark: mark, message: "not valid YAML: \(problem) (\(context) at line \(line))")
    }
    if parser.error == YAML_READER_ERROR {
      return Failure(mark: YAMLMark(line: 1, column: 1), message: "cannot read the file as UTF-8 text: \(problem)")
    }
    return Failure(mark: mark, message: "not valid YAML: \(problem)")
  }

  /// Collects nodes into nested lists and mappings as events arrive.
  private struct Builder {
    enum Open {
      case sequence(YAMLMark)
      case mapping(YAMLMark)
    }

    var stack: [(open: Open, items: [YAMLNode])] = []
    var root: YAMLNode?

    mutating func open(_ kind: Open) {
      stack.append((kind, []))
    }

    mutating func add(_ node: YAMLNode) throws(Failure) {
      if stack.isEmpty {
        root = node
      } else {
        stack[stack.count - 1].items.append(node)
      }
    }

    mutating func close() throws(Failure) {
      guard let (kind, items) = stack.popLast() else { return }
      switch kind {
      case .sequence(let mark):
        try add(.sequence(items, mark))
      case .mapping(let mark):
        var pairs: [(key: YAMLNode, value: YAMLNode)] = []
        pairs.reserveCapacity(items.count / 2)
        var seen = SeenKeys()
        var index = 0
        while index + 1 < items.count {
          let key = items[index]
          if let name = key.scalar?.string, !seen.insert(name) {
            throw Failure(mark: key.mark, message: "duplicate key `\(name)` in one mapping")
          }
          pairs.append((items[index], items[index + 1]))
          index += 2
        }
        try add(.mapping(YAMLMapping(pairs: pairs, mark: mark)))
      }
    }
  }
}
