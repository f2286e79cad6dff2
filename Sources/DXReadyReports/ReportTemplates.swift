import DXReadyCore
import Foundation
import Mustache

/// The templates of a report and their words, from a folder (`Reports/` by default, or a
/// province's own): `report.html.mustache`, `report.md.mustache` and `labels.yaml`.
public struct ReportTemplates: Sendable {
  public enum Format: String, Sendable, CaseIterable {
    case html, md
    public var file: String { "report.\(rawValue).mustache" }
  }

  public var folder: String
  public var labels: ReportLabels
  public var sources: [Format: String]
  var templates: [Format: MustacheTemplate]

  /// Reads and parses the folder's templates; every problem names the file.
  public static func load(folder: String) throws(ReportProblem) -> ReportTemplates {
    Self.registerMarkdown
    func read(_ name: String) throws(ReportProblem) -> String {
      let path = (folder as NSString).appendingPathComponent(name)
      guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
        throw ReportProblem(
          "\(path): no such file (a templates folder holds \(Format.allCases.map(\.file).joined(separator: ", ")) and labels.yaml)"
        )
      }
      return text
    }
    let labelsPath = (folder as NSString).appendingPathComponent("labels.yaml")
    let labels = try ReportLabels.load(try read("labels.yaml"), file: labelsPath)
    var sources: [Format: String] = [:]
    var templates: [Format: MustacheTemplate] = [:]
    for format in Format.allCases {
      let text = try read(format.file)
      sources[format] = text
      do {
        templates[format] = try MustacheTemplate(string: text)
      } catch let error as MustacheTemplate.ParserError {
        throw ReportProblem(
          "\((folder as NSString).appendingPathComponent(format.file)):\(error.context.lineNumber):\(error.context.columnNumber): the template cannot be read: \(error.error)"
        )
      } catch {
        throw ReportProblem("\((folder as NSString).appendingPathComponent(format.file)): \(error)")
      }
    }
    return ReportTemplates(folder: folder, labels: labels, sources: sources, templates: templates)
  }

  /// Every finding of `dxready report lint`: unknown variables in the templates, labels that
  /// no template uses.
  public func lint() -> [TemplateLint.Finding] {
    var lint = TemplateLint(labels: Set(labels.entries.keys))
    var findings: [TemplateLint.Finding] = []
    for format in Format.allCases {
      findings += lint.check(sources[format] ?? "", file: (folder as NSString).appendingPathComponent(format.file))
    }
    let labelsPath = (folder as NSString).appendingPathComponent("labels.yaml")
    for unused in Set(labels.entries.keys).subtracting(lint.usedLabels).sorted() {
      findings.append(
        TemplateLint.Finding(
          file: labelsPath, line: labels.lines[unused] ?? 1, column: 1,
          message: "`\(unused)` is used by no template: remove it, or use it as {{labels.\(unused)}}"))
    }
    return findings
  }

  public func render(_ input: ReportInput, format: Format) -> String {
    let variables = ReportContext(input, labels: labels).variables()
    return templates[format]?.render(variables) ?? ""
  }

  /// Markdown escapes the characters that would change a business's name or answer into
  /// markup; `report.md.mustache` declares it with `{{% CONTENT_TYPE: MARKDOWN}}`.
  static let registerMarkdown: Void = MustacheContentTypes.register(MarkdownText(), named: "MARKDOWN")

  struct MarkdownText: MustacheContentType {
    func escapeText(_ text: String) -> String {
      var escaped = ""
      for character in text {
        if "\\`*_[]<>|#".contains(character) { escaped.append("\\") }
        escaped.append(character)
      }
      return escaped
    }
  }
}
