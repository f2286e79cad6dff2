import Foundation
import Testing

@testable import DXReadyCore

/// The lint of `Sources/DXReadyCore/Words/words.yaml`, dxready's own phrases kept as data.
@Suite struct WordsTests {
  static let package = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  /// Every `Words.text("key"`, `Words.text("key", count:` and `Words.localized("key"` in the
  /// sources, as the catalogue keys each needs, with the file that asks.
  static func keysUsed() throws -> [String: String] {
    var used: [String: String] = [:]
    let sources = package.appendingPathComponent("Sources")
    let files = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)!
    let call = /Words\.(text|localized)\(\s*"([a-z0-9_]+)"(\s*,\s*count:)?/
    // Words.swift itself is left out: its documentation shows calls with made-up keys.
    for case let file as URL in files where file.pathExtension == "swift" && file.lastPathComponent != "Words.swift" {
      let text = try String(contentsOf: file, encoding: .utf8)
      for match in text.matches(of: call) {
        let key = String(match.output.2)
        let name = file.lastPathComponent
        if match.output.3 != nil {
          used[key + "_one"] = name
          used[key + "_other"] = name
        } else {
          used[key] = name
        }
      }
    }
    return used
  }

  @Test("words.yaml reads: every entry in Vietnamese and English")
  func loads() {
    #expect(throws: Never.self) {
      try BilingualCatalog.load(String(decoding: PackageResources.words_yaml, as: UTF8.self), file: "words.yaml")
    }
    #expect(Words.catalog.entries.count > 150)
    #expect(Words.text("saved", .vi) == "Đã lưu.")
    #expect(Words.text("saved", .en) == "Saved.")
  }

  @Test("the quick line reader gives what the YAML reader gives, and leaves anything else to it")
  func quickRead() throws {
    let text = String(decoding: PackageResources.words_yaml, as: UTF8.self)
    let quick = try #require(Words.quickRead(PackageResources.words_yaml))
    let yaml = try BilingualCatalog.load(text, file: "words.yaml")
    #expect(quick == yaml)
    #expect(Words.catalog == yaml)
    let escaped = "a:\n  vi: \"x \\\"y\\\" \\\\ z\\n\"\n  en: \"e\"\n"
    #expect(try Words.quickRead(Array(escaped.utf8)) == BilingualCatalog.load(escaped, file: "t.yaml"))
    #expect(Words.quickRead(Array(escaped.utf8))?.entries["a"]?.text(.vi) == "x \"y\" \\ z\n")
    // Flow style, another escape, a comment after the text, a key twice, a language missing:
    // not the shipped form, so the YAML reader reads (or refuses) them.
    for other in [
      "a: {vi: \"x\", en: \"y\"}\n", "a:\n  vi: \"\\u0041\"\n  en: \"y\"\n", "a:\n  vi: \"x\" # note\n  en: \"y\"\n",
      "a:\n  vi: \"x\"\n  en: \"y\"\na:\n  vi: \"x\"\n  en: \"y\"\n", "a:\n  vi: \"x\"\n",
    ] {
      #expect(Words.quickRead(Array(other.utf8)) == nil, "\(other)")
    }
  }

  @Test("each entry asks for the same {name}s in both languages")
  func samePlaceholders() {
    for (key, text) in Words.catalog.entries {
      let vi = Set(Words.placeholders(text.text(.vi)))
      let en = Set(Words.placeholders(text.text(.en)))
      #expect(vi == en, "\(key): vi asks for \(vi.sorted()), en for \(en.sorted())")
    }
  }

  @Test("every key the sources use is an entry, and every entry is used")
  func noMissingNoUnused() throws {
    let used = try Self.keysUsed()
    #expect(used.count > 150)
    for (key, file) in used.sorted(by: { $0.key < $1.key }) {
      #expect(Words.catalog.entries[key] != nil, "\(file) uses `\(key)`, which words.yaml does not have")
    }
    for key in Words.catalog.entries.keys.sorted() {
      #expect(used[key] != nil, "words.yaml: `\(key)` (line \(Words.catalog.lines[key] ?? 0)) is used nowhere")
    }
  }

  @Test("{name}s are filled in; one without a value stays as written; a count picks _one or _other")
  func filling() {
    #expect(Words.fill("{count} of {total}", ["count": "3", "total": "12"]) == "3 of 12")
    #expect(Words.fill("{count} of {total}", ["count": "3"]) == "3 of {total}")
    #expect(Words.fill("no braces", ["count": "3"]) == "no braces")
    #expect(Words.fill("an open { only", [:]) == "an open { only")
    #expect(Words.placeholders("Câu {number}/{total}") == ["number", "total"])
    #expect(Words.text("question_number", .vi, ["number": "4", "total": "36"]) == "Câu 4/36")
    #expect(Words.text("kiosk_wrong_code", count: 1, .en).hasSuffix("1 try left."))
    #expect(Words.text("kiosk_wrong_code", count: 2, .en).hasSuffix("2 tries left."))
    #expect(Words.text("kiosk_wrong_code", count: 2, .vi).hasSuffix("Còn 2 lần thử."))
    #expect(Words.text("no_such_key", .en) == "no_such_key")
  }

  @Test("no phrase is written inline: no `vi ? \"…\" : \"…\"` or `LocalizedText(vi: \"…\"` in the sources")
  func noInlinePhrases() throws {
    let folder = Self.package.appendingPathComponent("Sources")
    let files = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)!
    // NumberText chooses the decimal and grouping marks, which are not words.
    for case let file as URL in files
    where file.pathExtension == "swift" && file.lastPathComponent != "NumberText.swift" {
      let text = try String(contentsOf: file, encoding: .utf8)
      if let match = text.firstMatch(of: /vi\s*\?\s*"|LocalizedText\(\s*vi:\s*"/) {
        let line = text[..<match.range.lowerBound].count { $0 == "\n" } + 1
        Issue.record("\(file.lastPathComponent):\(line) has an inline phrase: move it to words.yaml")
      }
    }
  }
}
