import Foundation

/// Words kept as data: a YAML file with one entry per key, `key: {vi: …, en: …}` or the same as
/// a block (`vi:` and `en:` on lines of their own), every entry in both languages. A report's
/// `labels.yaml` is one, and so is dxready's own `words.yaml` (``Words``).
///
/// ```swift
/// let catalog = try BilingualCatalog.load("title: {vi: Tiêu đề, en: Title}\n", file: "labels.yaml")
/// catalog.entries["title"]?.text(.en)  // "Title"
/// ```
public struct BilingualCatalog: Sendable, Hashable {
  /// Each key's text in both languages.
  public var entries: [String: LocalizedText]
  /// The line of each key in the file, for messages.
  public var lines: [String: Int]

  /// A catalogue; see each property.
  public init(entries: [String: LocalizedText], lines: [String: Int] = [:]) {
    self.entries = entries
    self.lines = lines
  }

  /// What is wrong with a catalogue file: every line names the file and the line.
  public struct Problem: Error, Sendable, Hashable, CustomStringConvertible {
    /// Each problem, naming the file and line.
    public var lines: [String]
    /// The problems, one per line.
    public var description: String { lines.joined(separator: "\n") }
  }

  /// Reads a catalogue.
  /// - Parameters:
  ///   - text: the file's text.
  ///   - file: the file's name as messages give it.
  ///   - owner: what the words belong to, for the message about an unknown language
  ///     (`"the report"`: "`fr` is not a language of the report (vi, en)").
  /// - Throws: ``Problem`` naming every bad entry (a key that is not lower case, digits and
  ///   `_`; a language missing or empty; another language; a key given twice; YAML that
  ///   cannot be read).
  /// - Returns: the catalogue, every entry in both languages.
  public static func load(_ text: String, file: String, owner: String = "dxready") throws(Problem)
    -> BilingualCatalog
  {
    let root: YAMLNode?
    do {
      root = try YAMLParser.parse(text)
    } catch {
      // A key given twice is named by the parser itself.
      throw Problem(lines: ["\(file):\(error.mark.line):\(error.mark.column): \(error.message)"])
    }
    guard case .mapping(let mapping)? = root else {
      throw Problem(lines: ["\(file): write one entry per line, `key: {vi: …, en: …}`"])
    }
    var entries: [String: LocalizedText] = [:]
    var lines: [String: Int] = [:]
    var problems: [String] = []
    for (key, value) in mapping {
      let line = key.mark.line
      let name = key.scalar?.string ?? "?"
      guard Self.isKey(name) else {
        problems.append("\(file):\(line): `\(name)` is not a label name (lower case, digits and _)")
        continue
      }
      guard case .mapping(let texts) = value else {
        problems.append("\(file):\(line): \(name): give {vi: …, en: …}")
        continue
      }
      let vi = texts["vi"]?.scalar?.string.trimmingCharacters(in: .whitespaces) ?? ""
      let en = texts["en"]?.scalar?.string.trimmingCharacters(in: .whitespaces) ?? ""
      if vi.isEmpty { problems.append("\(file):\(line): \(name): the Vietnamese text (vi) is missing") }
      if en.isEmpty { problems.append("\(file):\(line): \(name): the English text (en) is missing") }
      for other in texts.pairs.compactMap({ $0.key.scalar?.string }) where other != "vi" && other != "en" {
        problems.append("\(file):\(line): \(name): `\(other)` is not a language of \(owner) (vi, en)")
      }
      entries[name] = LocalizedText(vi: vi, en: en)
      lines[name] = line
    }
    guard problems.isEmpty else { throw Problem(lines: problems) }
    return BilingualCatalog(entries: entries, lines: lines)
  }

  /// A key: a lower-case letter, then lower-case letters, digits and `_`.
  static func isKey(_ name: String) -> Bool {
    guard let first = name.utf8.first, (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(first) else { return false }
    return name.utf8.allSatisfy {
      (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0)
        || $0 == UInt8(ascii: "_")
    }
  }
}
