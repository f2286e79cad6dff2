import Foundation
import Mustache

/// Checks a report template against ``ReportSchema``: every `{{name}}` and section a template
/// uses must be a documented variable, resolved as Mustache resolves it (the innermost section
/// first, then the ones around it), and every `{{labels.KEY}}` a key of `labels.yaml`. Mustache
/// itself renders an unknown name as nothing; a report must not show an empty field because of
/// a typing error, so this is an error, with the file, line and column.
///
/// The template is first parsed by swift-mustache (its own errors come with their place); this
/// scanner only reads the tags to name what they refer to.
public struct TemplateLint {
  public struct Finding: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int
    public var message: String
    public var description: String { "\(file):\(line):\(column): \(message)" }
  }

  public var labels: Set<String>
  /// The labels the checked templates use, to find those that none uses.
  public private(set) var usedLabels: Set<String> = []
  let root: ReportSchema.Node

  /// - Parameter paths: the variables the template may use: the business report's by default,
  ///   ``ReportSchema/dashboardPaths`` for the dashboard.
  public init(labels: Set<String>, paths: [String] = ReportSchema.paths) {
    self.labels = labels
    root = ReportSchema.tree(paths)
  }

  public mutating func check(_ text: String, file: String) -> [Finding] {
    do {
      _ = try MustacheTemplate(string: text)
    } catch let error as MustacheTemplate.ParserError {
      return Self.unreadable(error, text, file: file)
    } catch {
      return [Finding(file: file, line: 1, column: 1, message: "the template cannot be read: \(error)")]
    }
    return scan(text, file: file)
  }

  /// A template Mustache cannot parse, said in words at the parser's place, with the place
  /// where an unclosed section opened when the scanner finds one.
  public static func unreadable(_ error: MustacheTemplate.ParserError, _ text: String, file: String) -> [Finding] {
    let said: String =
      switch error.error as? MustacheTemplate.Error {
      case .sectionCloseNameIncorrect?: "a {{/name}} closes another section than the last one opened"
      case .expectedSectionEnd?: "a section is never closed: every {{#name}} or {{^name}} needs its {{/name}}"
      case .unfinishedName?: "a tag is not finished: write {{name}}"
      default: "\(error.error)"
      }
    var scanner = TemplateLint(labels: [])
    let sections = scanner.scan(text, file: file).filter {
      $0.message.contains("never closed") || $0.message.contains("` closes `")
    }
    return sections + [
      Finding(
        file: file, line: error.context.lineNumber, column: error.context.columnNumber,
        message: "the template cannot be read: \(said)")
    ]
  }

  /// The tags' names checked against the schema, without parsing the template first.
  mutating func scan(_ text: String, file: String) -> [Finding] {
    var findings: [Finding] = []
    // The sections open at this point: their names, and the schema node each one pushes.
    var open: [(name: String, node: ReportSchema.Node?, line: Int, column: Int)] = []
    let characters = Array(text.unicodeScalars)
    var index = 0
    var line = 1
    var column = 1
    func advance() {
      if characters[index] == "\n" {
        line += 1
        column = 1
      } else {
        column += 1
      }
      index += 1
    }
    func at(_ literal: String) -> Bool {
      let scalars = Array(literal.unicodeScalars)
      guard index + scalars.count <= characters.count else { return false }
      return Array(characters[index..<index + scalars.count]) == scalars
    }
    while index < characters.count {
      guard at("{{") else {
        advance()
        continue
      }
      let (tagLine, tagColumn) = (line, column)
      let triple = at("{{{")
      for _ in 0..<(triple ? 3 : 2) { advance() }
      var body = ""
      while index < characters.count, !at(triple ? "}}}" : "}}") {
        body.unicodeScalars.append(characters[index])
        advance()
      }
      for _ in 0..<(triple ? 3 : 2) where index < characters.count { advance() }
      func report(_ message: String) {
        findings.append(Finding(file: file, line: tagLine, column: tagColumn, message: message))
      }
      var tag = body.trimmingCharacters(in: .whitespaces)
      let sigil = triple ? nil : tag.first
      switch sigil {
      case "!": continue
      case "%":
        if !tag.contains("CONTENT_TYPE") { report("only the CONTENT_TYPE pragma is used in report templates") }
        continue
      case ">", "<", "$", "=":
        report("`{{\(tag)}}`: partials, blocks and new delimiters are not used in report templates")
        continue
      case "#", "^", "/", "&":
        tag = String(tag.dropFirst()).trimmingCharacters(in: .whitespaces)
      default: break
      }
      if tag.contains("(") {
        report("`\(tag)`: transforms are not used in report templates; every value comes ready to show")
        continue
      }
      switch sigil {
      case "/":
        if let last = open.popLast(), last.name != tag {
          report("`{{/\(tag)}}` closes `\(last.name)`")
        }
      case "#", "^":
        let node = resolve(tag, open, report)
        // A list or a group becomes the innermost context; a value (a yes/no or a text that may
        // be absent) leaves names resolving as before.
        let pushed: ReportSchema.Node? =
          if let node, !node.isLeaf || node.isLabels { node } else { nil }
        open.append((tag, sigil == "^" ? nil : pushed, tagLine, tagColumn))
      default:
        guard let node = resolve(tag, open, report) else { continue }
        if !node.isLeaf {
          report("`\(tag)` is \(node.isList ? "a list" : "a group of values"): open it with {{#\(tag)}}…{{/\(tag)}}")
        }
      }
    }
    for unclosed in open.reversed() {
      findings.append(
        Finding(
          file: file, line: unclosed.line, column: unclosed.column,
          message: "`{{#\(unclosed.name)}}` is never closed: add {{/\(unclosed.name)}} where the section ends"))
    }
    return findings
  }

  /// The schema node a name refers to, looked up as Mustache does; `nil` (and a finding) when
  /// no open section nor the top level has it.
  mutating func resolve(
    _ name: String, _ open: [(name: String, node: ReportSchema.Node?, line: Int, column: Int)],
    _ report: (String) -> Void
  ) -> ReportSchema.Node? {
    if name == "." { return ReportSchema.Node() }
    let parts = name.split(separator: ".").map(String.init)
    let scopes = [root] + open.compactMap(\.node)
    guard let first = parts.first, let start = scopes.reversed().first(where: { $0.children[first] != nil }) else {
      report("`\(name)` is not a report variable (see Reports/README.md)")
      return nil
    }
    var node = start.children[parts[0]]!
    for part in parts.dropFirst() {
      if node.isLabels {
        guard labels.contains(part) else {
          report("`labels.\(part)` is not in labels.yaml")
          return nil
        }
        usedLabels.insert(part)
        return ReportSchema.Node()
      }
      guard let child = node.children[part] else {
        report(
          "`\(name)`: `\(part)` is not a variable of `\(parts.prefix { $0 != part }.joined(separator: "."))` (see Reports/README.md)"
        )
        return nil
      }
      node = child
    }
    return node
  }
}
