/// Every phrase dxready itself says — on its screens, in its reports and in its messages — in
/// Vietnamese and English, kept as data in `words.yaml` beside this file (compiled into the
/// program), so that wording can be mended by a reader of Vietnamese without reading Swift.
///
/// An entry is `key: {vi: …, en: …}`; `{name}` in a text is filled in by the caller:
///
/// ```swift
/// Words.text("queue_shown", .en, ["count": "12"])  // "12 shown"
/// Words.localized("saved")                          // both languages, for a key binding's help
/// ```
///
/// `WordsTests` lint the file: every entry in both languages with the same `{name}`s, every key
/// the sources use is an entry, and every entry is used — so a key is always written out whole
/// in the call (`cond ? Words.text("a", …) : Words.text("b", …)`, never a key put together).
public enum Words {
  /// The catalogue read from `words.yaml`; empty (and every text its key) only if the file
  /// compiled in cannot be read, which `WordsTests` rule out.
  public static let catalog: BilingualCatalog = {
    quickRead(PackageResources.words_yaml)
      ?? (try? BilingualCatalog.load(String(decoding: PackageResources.words_yaml, as: UTF8.self), file: "words.yaml"))
      ?? BilingualCatalog(entries: [:])
  }()

  /// The file read line by line, as bytes, when it is written as it ships — `key:`, then
  /// `  vi: "…"` and `  en: "…"`, comments and empty lines — which takes a fraction of a
  /// millisecond where the YAML parser takes several (every command that speaks pays it once);
  /// `nil` for anything else, which the YAML reader (``BilingualCatalog/load(_:file:owner:)``)
  /// then reads and names. `WordsTests` check that both give the same catalogue for the
  /// shipped file.
  static func quickRead(_ bytes: [UInt8]) -> BilingualCatalog? {
    var entries: [String: LocalizedText] = [:]
    var lines: [String: Int] = [:]
    var key: String?
    var vi: String?
    var en: String?
    func finish() -> Bool {
      guard let key else { return true }
      guard let vi, let en, !vi.isEmpty, !en.isEmpty, entries[key] == nil else { return false }
      entries[key] = LocalizedText(vi: vi, en: en)
      return true
    }
    let viPrefix = Array("  vi: \"".utf8)
    let enPrefix = Array("  en: \"".utf8)
    func starts(_ line: ArraySlice<UInt8>, with prefix: [UInt8]) -> Bool {
      line.count > prefix.count && line.prefix(prefix.count).elementsEqual(prefix)
    }
    var number = 0
    for line in bytes.split(separator: 10, omittingEmptySubsequences: false) {
      number += 1
      if line.isEmpty || line.first == UInt8(ascii: "#") { continue }
      if starts(line, with: viPrefix), key != nil, vi == nil, let value = quoted(line.dropFirst(viPrefix.count)) {
        vi = value
      } else if starts(line, with: enPrefix), key != nil, en == nil,
        let value = quoted(line.dropFirst(enPrefix.count))
      {
        en = value
      } else if line.last == UInt8(ascii: ":"), case let name = String(decoding: line.dropLast(), as: UTF8.self),
        BilingualCatalog.isKey(name)
      {
        guard finish() else { return nil }
        key = name
        lines[name] = number
        (vi, en) = (nil, nil)
      } else {
        return nil
      }
    }
    guard finish() else { return nil }
    return BilingualCatalog(entries: entries, lines: lines)
  }

  /// The rest of a double-quoted YAML scalar after its opening quote, when it ends the line,
  /// with `\"`, `\\` and `\n` read; `nil` for any other escape or anything after the closing
  /// quote. Spaces at either end are dropped, as the YAML reader drops them.
  static func quoted(_ bytes: ArraySlice<UInt8>) -> String? {
    var result: [UInt8] = []
    result.reserveCapacity(bytes.count)
    var index = bytes.startIndex
    while index < bytes.endIndex {
      let byte = bytes[index]
      if byte == UInt8(ascii: "\"") {
        guard index + 1 == bytes.endIndex else { return nil }
        // Trimmed as bytes: Foundation's trimming goes through UTF-16 and costs more than the rest.
        func isSpace(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        let start = result.firstIndex { !isSpace($0) } ?? result.endIndex
        let end = result.lastIndex { !isSpace($0) }.map { $0 + 1 } ?? start
        return String(decoding: result[start..<max(start, end)], as: UTF8.self)
      }
      if byte == UInt8(ascii: "\\") {
        guard index + 1 < bytes.endIndex else { return nil }
        switch bytes[index + 1] {
        case UInt8(ascii: "\""): result.append(UInt8(ascii: "\""))
        case UInt8(ascii: "\\"): result.append(UInt8(ascii: "\\"))
        case UInt8(ascii: "n"): result.append(10)
        default: return nil
        }
        index += 2
        continue
      }
      result.append(byte)
      index += 1
    }
    return nil
  }

  /// The entry `key` in both languages (its key in both if there is no such entry).
  public static func localized(_ key: String) -> LocalizedText {
    catalog.entries[key] ?? LocalizedText(vi: key, en: key)
  }

  /// The entry `key` in both languages, each with its `{name}`s filled in from `values`.
  public static func localized(_ key: String, _ values: [String: String]) -> LocalizedText {
    let entry = localized(key)
    return LocalizedText(vi: fill(entry.text(.vi), values), en: fill(entry.text(.en), values))
  }

  /// The entry `key` in `language`.
  public static func text(_ key: String, _ language: Language) -> String {
    localized(key).text(language)
  }

  /// The entry `key` in `language` with each `{name}` replaced by `values[name]`; a name
  /// without a value stays as written.
  public static func text(_ key: String, _ language: Language, _ values: [String: String]) -> String {
    fill(text(key, language), values)
  }

  /// The entry `key_one` when `count` is 1, else `key_other` (English says "1 answer", "2
  /// answers"; Vietnamese gives both entries the same words), with `{count}` and each other
  /// `{name}` filled in.
  public static func text(_ key: String, count: Int, _ language: Language, _ values: [String: String] = [:])
    -> String
  {
    var values = values
    values["count"] = String(count)
    return fill(text(key + (count == 1 ? "_one" : "_other"), language), values)
  }

  /// `template` with each `{name}` replaced by `values[name]`.
  public static func fill(_ template: String, _ values: [String: String]) -> String {
    guard template.utf8.contains(UInt8(ascii: "{")) else { return template }
    var result = ""
    walk(template, text: { result += $0 }, name: { name, written in result += values[String(name)] ?? String(written) })
    return result
  }

  /// The `{name}`s a text asks for, in order.
  public static func placeholders(_ template: String) -> [String] {
    var names: [String] = []
    walk(template, text: { _ in }, name: { name, _ in names.append(String(name)) })
    return names
  }

  /// Goes through `template` in order: each run of plain text to `text`, each `{name}` to
  /// `name` (the name, and the placeholder as written). A `{` without its `}` is plain text.
  static func walk(
    _ template: String, text: (Substring) -> Void, name: (_ name: Substring, _ written: Substring) -> Void
  ) {
    var rest = template[...]
    while let open = rest.firstIndex(of: "{"),
      let close = rest[rest.index(after: open)...].firstIndex(of: "}")
    {
      text(rest[..<open])
      name(rest[rest.index(after: open)..<close], rest[open...close])
      rest = rest[rest.index(after: close)...]
    }
    text(rest)
  }
}
