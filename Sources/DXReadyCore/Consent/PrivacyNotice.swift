import Foundation

/// The personal-data notice a business reads before giving its profile: what is stored, why,
/// who sees it, how long it is kept, how to have it deleted, and the legal basis. It is data,
/// `Questionnaires/privacy-notice.yaml`, and its `version` is recorded with every consent.
public struct PrivacyNotice: Sendable, Hashable {
  /// The parts every notice has, in the order they are shown.
  public enum Part: String, Sendable, CaseIterable {
    case stored, purpose, recipients, retention, deletion, basis

    /// The heading shown before the part's text.
    public var heading: LocalizedText {
      switch self {
      case .stored: Words.localized("notice_stored")
      case .purpose: Words.localized("notice_purpose")
      case .recipients: Words.localized("notice_recipients")
      case .retention: Words.localized("notice_retention")
      case .deletion: Words.localized("notice_deletion")
      case .basis: Words.localized("notice_basis")
      }
    }
  }

  /// Recorded with each consent: which text was agreed to.
  public var version: String
  /// The notice's title, in both languages.
  public var title: LocalizedText
  /// Its parts (what is stored, why, who sees it, how long, deletion, legal basis), each in both languages.
  public var parts: [Part: LocalizedText]

  /// A notice; see each property.
  public init(version: String, title: LocalizedText, parts: [Part: LocalizedText]) {
    self.version = version
    self.title = title
    self.parts = parts
  }
}

/// How a business agreed to the notice, as stored with its assessment.
public struct ConsentRecord: Sendable, Hashable, Codable {
  /// Where the consent was given.
  public enum Method: String, Sendable, Hashable, Codable {
    /// Agreed on the notice screen of `dxready take`.
    case take
    /// Given in the answers file that was imported (`consent:`).
    case file
    /// Collected outside dxready (on paper, say), as the importer stated with
    /// `--consent-recorded-elsewhere`.
    case recordedElsewhere = "recorded-elsewhere"
  }

  /// The notice's version; `nil` when recorded elsewhere.
  public var notice: String?
  /// When it was given, in the stored UTC form; `nil` when recorded elsewhere.
  public var givenAt: String?
  /// Where it was given.
  public var method: Method

  enum CodingKeys: String, CodingKey {
    case notice, givenAt = "given_at", method
  }

  /// A record; see each property.
  public init(notice: String?, givenAt: String?, method: Method) {
    self.notice = notice
    self.givenAt = givenAt
    self.method = method
  }

  /// Consent given now (or at `date`) on the notice screen of `take`.
  public static func onScreen(_ notice: PrivacyNotice, at date: Date) -> ConsentRecord {
    ConsentRecord(notice: notice.version, givenAt: utcText(date), method: .take)
  }

  /// `date` in the stored UTC form, `2026-11-30T03:00:00.000Z`.
  public static func utcText(_ date: Date) -> String {
    var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
    let millis = Int((date.timeIntervalSince1970 - Double(seconds)) * 1000)
    var parts = tm()
    gmtime_r(&seconds, &parts)
    return String(
      format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1,
      Int(parts.tm_mday), Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec), millis)
  }
}

/// Reads and checks `privacy-notice.yaml`.
public enum PrivacyNoticeLoader {
  /// What reading the file gave.
  public struct Outcome: Sendable {
    /// The notice, when the file is good.
    public var notice: PrivacyNotice?
    /// Every problem, located.
    public var diagnostics: [Diagnostic]
  }

  /// Reads a notice file, reporting every problem with its line.
  public static func load(_ text: String, file: String) -> Outcome {
    var reader = YAMLReader(file: file)
    guard let root = reader.parse(text), let top = reader.mapping(root, "a privacy notice") else {
      return Outcome(notice: nil, diagnostics: reader.diagnostics)
    }
    reader.rejectUnknownKeys(
      top, allowed: ["format", "kind", "version", "title"] + PrivacyNotice.Part.allCases.map(\.rawValue),
      in: "a privacy notice")
    if let node = reader.value(top, "format", in: "the privacy notice", at: root, required: true),
      let format = reader.int(node, "`format`"), format != 1
    {
      reader.error(node, "format \(format) is not supported; this dxready reads `format: 1`")
    }
    if let node = reader.value(top, "kind", in: "the privacy notice", at: root, required: true),
      let kind = reader.string(node, "`kind`"), kind != "privacy-notice"
    {
      reader.error(node, "`kind: \(kind)`: a privacy notice has `kind: privacy-notice`")
    }
    var version = ""
    if let node = reader.value(top, "version", in: "the privacy notice", at: root, required: true),
      let text = reader.string(node, "`version`")
    {
      version = text.trimmingCharacters(in: .whitespaces)
      if version.isEmpty || version.contains(" ") {
        reader.error(node, "`version` names the notice's text: a word such as \"2026-11\", no spaces")
      }
    }
    func localized(_ key: String) -> LocalizedText? {
      guard let node = reader.value(top, key, in: "the privacy notice", at: root, required: true),
        let map = reader.mapping(node, "`\(key)` (`{vi: …, en: …}`)")
      else { return nil }
      var texts: [Language: String] = [:]
      for (languageNode, valueNode) in map {
        let code = languageNode.scalar?.string ?? ""
        guard let language = Language(rawValue: code) else {
          reader.error(languageNode, "unknown language `\(code)` in `\(key)`; use `vi` and `en`")
          continue
        }
        let value = reader.string(valueNode, "the `\(code)` text of `\(key)`")?
          .trimmingCharacters(in: .whitespacesAndNewlines)
        if let value, !value.isEmpty { texts[language] = value }
      }
      for language in Language.allCases where texts[language] == nil {
        reader.error(node, "`\(key)` has no `\(language.rawValue)` text: the notice is shown in both languages")
      }
      return LocalizedText(texts)
    }
    let title = localized("title")
    var parts: [PrivacyNotice.Part: LocalizedText] = [:]
    for part in PrivacyNotice.Part.allCases { parts[part] = localized(part.rawValue) }
    let diagnostics = reader.diagnostics.sortedByLocation()
    guard !diagnostics.hasErrors, let title else { return Outcome(notice: nil, diagnostics: diagnostics) }
    return Outcome(notice: PrivacyNotice(version: version, title: title, parts: parts), diagnostics: diagnostics)
  }
}
