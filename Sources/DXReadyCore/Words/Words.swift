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
    let text = String(decoding: PackageResources.words_yaml, as: UTF8.self)
    return (try? BilingualCatalog.load(text, file: "words.yaml")) ?? BilingualCatalog(entries: [:])
  }()

  /// Why the compiled-in catalogue cannot be read, or `nil` when it can (for the tests).
  public static var problem: String? {
    let text = String(decoding: PackageResources.words_yaml, as: UTF8.self)
    do {
      _ = try BilingualCatalog.load(text, file: "words.yaml")
      return nil
    } catch {
      return error.description
    }
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
    var rest = template[...]
    while let open = rest.firstIndex(of: "{") {
      result += rest[..<open]
      let afterOpen = rest.index(after: open)
      guard let close = rest[afterOpen...].firstIndex(of: "}") else {
        rest = rest[open...]
        break
      }
      let name = String(rest[afterOpen..<close])
      if let value = values[name] {
        result += value
      } else {
        result += rest[open...close]
      }
      rest = rest[rest.index(after: close)...]
    }
    result += rest
    return result
  }

  /// The `{name}`s a text asks for, in order.
  public static func placeholders(_ template: String) -> [String] {
    var names: [String] = []
    var rest = template[...]
    while let open = rest.firstIndex(of: "{") {
      let afterOpen = rest.index(after: open)
      guard let close = rest[afterOpen...].firstIndex(of: "}") else { break }
      names.append(String(rest[afterOpen..<close]))
      rest = rest[rest.index(after: close)...]
    }
    return names
  }
}
