import DXReadyCore
import Foundation
import Yams

/// The fixed words of a report, from `labels.yaml` in the templates' folder: each key with its
/// Vietnamese and English text.
public struct ReportLabels: Sendable, Hashable {
  public var entries: [String: LocalizedText]
  /// The line of each key in the file, for lint messages.
  public var lines: [String: Int]

  public init(entries: [String: LocalizedText], lines: [String: Int] = [:]) {
    self.entries = entries
    self.lines = lines
  }

  public func words(_ language: Language) -> [String: String] { entries.mapValues { $0.text(language) } }

  /// Reads `labels.yaml`; every problem names the file and line.
  public static func load(_ text: String, file: String) throws(ReportProblem) -> ReportLabels {
    let node: Node?
    do {
      node = try Yams.compose(yaml: text)
    } catch let error as YamlError {
      // Where and what, without the whole file the parser's own message repeats.
      switch error {
      case .duplicatedKeysInMapping(let duplicates, let context):
        throw ReportProblem(
          "\(file):\(context.mark.line): \(duplicates.joined(separator: ", ")) given twice: keep one of each")
      case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
        .composer(_, let problem, let mark, _):
        throw ReportProblem("\(file):\(mark.line):\(mark.column): not valid YAML: \(problem)")
      default:
        throw ReportProblem("\(file): not valid YAML")
      }
    } catch {
      throw ReportProblem("\(file): not valid YAML")
    }
    guard case .mapping(let mapping)? = node else {
      throw ReportProblem("\(file): write one entry per line, `key: {vi: …, en: …}`")
    }
    var entries: [String: LocalizedText] = [:]
    var lines: [String: Int] = [:]
    var problems: [String] = []
    for (key, value) in mapping {
      let line = key.mark?.line ?? 0
      guard let name = key.string, name.range(of: #"^[a-z][a-z0-9_]*$"#, options: .regularExpression) != nil else {
        problems.append("\(file):\(line): `\(key.string ?? "?")` is not a label name (lower case, digits and _)")
        continue
      }
      guard case .mapping(let texts) = value else {
        problems.append("\(file):\(line): \(name): give {vi: …, en: …}")
        continue
      }
      let vi = texts["vi"]?.string?.trimmingCharacters(in: .whitespaces) ?? ""
      let en = texts["en"]?.string?.trimmingCharacters(in: .whitespaces) ?? ""
      if vi.isEmpty { problems.append("\(file):\(line): \(name): the Vietnamese text (vi) is missing") }
      if en.isEmpty { problems.append("\(file):\(line): \(name): the English text (en) is missing") }
      for other in texts.keys.compactMap(\.string) where other != "vi" && other != "en" {
        problems.append("\(file):\(line): \(name): `\(other)` is not a language of the report (vi, en)")
      }
      if entries[name] != nil { problems.append("\(file):\(line): \(name) is given twice") }
      entries[name] = LocalizedText(vi: vi, en: en)
      lines[name] = line
    }
    guard problems.isEmpty else { throw ReportProblem(problems.joined(separator: "\n")) }
    return ReportLabels(entries: entries, lines: lines)
  }
}

/// A problem with a report's templates, labels or input: the message names the file and line.
public struct ReportProblem: Error, Sendable, Hashable, CustomStringConvertible {
  public var message: String
  public init(_ message: String) { self.message = message }
  public var description: String { message }
}
