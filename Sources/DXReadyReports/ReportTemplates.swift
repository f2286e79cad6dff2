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
  /// The officials' dashboard (`dashboard.html.mustache`).
  public var dashboardSource: String
  var dashboard: MustacheTemplate

  public static let dashboardFile = "dashboard.html.mustache"

  /// The name the built-in templates go by in messages.
  public static let builtIn = "(built-in Reports)"

  /// Reads and parses the folder's templates, or the built-in ones when `folder` is
  /// ``builtIn``; every problem names the file.
  public static func load(folder: String) throws(ReportProblem) -> ReportTemplates {
    Self.registerMarkdown
    func read(_ name: String) throws(ReportProblem) -> String {
      if folder == builtIn, let text = BuiltInTemplates.files[name] { return text }
      let path = (folder as NSString).appendingPathComponent(name)
      guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
        throw ReportProblem(
          "\(path): no such file (a templates folder holds \(Format.allCases.map(\.file).joined(separator: ", ")), \(dashboardFile) and labels.yaml)"
        )
      }
      return text
    }
    let labelsPath = (folder as NSString).appendingPathComponent("labels.yaml")
    let labels = try ReportLabels.load(try read("labels.yaml"), file: labelsPath)
    func parse(_ text: String, _ name: String) throws(ReportProblem) -> MustacheTemplate {
      do {
        return try MustacheTemplate(string: text)
      } catch let error as MustacheTemplate.ParserError {
        let file = (folder as NSString).appendingPathComponent(name)
        throw ReportProblem(TemplateLint.unreadable(error, text, file: file).map(\.description).joined(separator: "\n"))
      } catch {
        throw ReportProblem("\((folder as NSString).appendingPathComponent(name)): \(error)")
      }
    }
    var sources: [Format: String] = [:]
    var templates: [Format: MustacheTemplate] = [:]
    for format in Format.allCases {
      let text = try read(format.file)
      sources[format] = text
      templates[format] = try parse(text, format.file)
    }
    let dashboardSource = try read(dashboardFile)
    return ReportTemplates(
      folder: folder, labels: labels, sources: sources, templates: templates, dashboardSource: dashboardSource,
      dashboard: try parse(dashboardSource, dashboardFile))
  }

  /// The officials' dashboard from the published tables.
  public func renderDashboard(_ writer: OpenDataWriter, generatedAt: Date = Date()) -> String {
    dashboard.render(DashboardContext(writer: writer, labels: labels, generatedAt: generatedAt).variables())
  }

  /// Every finding of `dxready report lint`: unknown variables in the templates, labels that
  /// no template uses.
  public func lint() -> [TemplateLint.Finding] {
    var lint = TemplateLint(labels: Set(labels.entries.keys))
    var findings: [TemplateLint.Finding] = []
    for format in Format.allCases {
      findings += lint.check(sources[format] ?? "", file: (folder as NSString).appendingPathComponent(format.file))
    }
    var dashboardLint = TemplateLint(labels: Set(labels.entries.keys), paths: ReportSchema.dashboardPaths)
    findings += dashboardLint.check(
      dashboardSource, file: (folder as NSString).appendingPathComponent(Self.dashboardFile))
    let used = lint.usedLabels.union(dashboardLint.usedLabels)
    let labelsPath = (folder as NSString).appendingPathComponent("labels.yaml")
    for unused in Set(labels.entries.keys).subtracting(used).sorted() {
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
