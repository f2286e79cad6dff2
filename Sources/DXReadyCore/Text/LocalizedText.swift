/// A user-visible text in each language it was written in: `{vi: …, en: …}` in data files.
public struct LocalizedText: Sendable, Hashable, Codable {
  /// The texts by language; a language may be missing.
  public var texts: [Language: String]

  /// A text in the languages given.
  public init(_ texts: [Language: String]) {
    self.texts = texts
  }

  /// A text in Vietnamese and English.
  public init(vi: String, en: String) {
    self.texts = [.vi: vi, .en: en]
  }

  /// The text in `language`, falling back to Vietnamese, then English, then empty.
  public func text(_ language: Language) -> String {
    texts[language] ?? texts[.vi] ?? texts[.en] ?? ""
  }

  /// Whether no language has a text.
  public var isEmpty: Bool { texts.values.allSatisfy(\.isEmpty) }

  /// A text from a JSON object keyed by language; other keys are left out.
  public init(from decoder: any Decoder) throws {
    let raw = try [String: String](from: decoder)
    var texts: [Language: String] = [:]
    for (key, value) in raw {
      if let language = Language(rawValue: key) { texts[language] = value }
    }
    self.texts = texts
  }

  /// The text as a JSON object keyed by language.
  public func encode(to encoder: any Encoder) throws {
    var raw: [String: String] = [:]
    for (key, value) in texts { raw[key.rawValue] = value }
    try raw.encode(to: encoder)
  }
}
