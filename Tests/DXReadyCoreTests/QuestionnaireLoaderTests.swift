import Foundation
import Testing

@testable import DXReadyCore

@Suite("Questionnaire loader and lint")
struct QuestionnaireLoaderTests {
  @Test("a malformed questionnaire gets every problem at its line and column")
  func brokenFixture() throws {
    let url = Paths.fixtures.appendingPathComponent("questionnaires/broken.yaml")
    let outcome = QuestionnaireLoader.load(try Paths.text(url), file: "broken.yaml")
    #expect(outcome.questionnaire == nil)
    let found = outcome.diagnostics.map { "\($0.location.line):\($0.location.column) \($0.severity.rawValue)" }
    let expected: [(String, String)] = [
      ("2:5 error", "`Broken Id` is not a valid id"),
      ("6:21 warning", "has no `en` translation"),
      ("6:38 error", "the lowest level must start at `min: 0`"),
      ("7:48 error", "levels must be listed lowest first"),
      ("10:5 error", "dimension `empty` has no scored question"),
      ("10:24 error", "has no text in `vi`"),
      ("17:47 error", "option scores run from 0 to 1, not 1.5"),
      ("18:14 error", "has option `a` twice"),
      ("20:16 error", "names unknown dimension `nowhere`"),
      ("23:19 error", "`q1` has no option `zzz`; its options are `a`, `a`"),
      ("28:19 error", "`q1` is a single-choice question; compare it with one of its options"),
      ("36:14 error", "question `q5` comes later"),
      ("41:5 error", "unknown key `show_iff` in a question"),
    ]
    #expect(found.count == expected.count, "\(outcome.diagnostics.map(\.description).joined(separator: "\n"))")
    for ((position, fragment), diagnostic) in zip(expected, outcome.diagnostics) {
      #expect(
        "\(diagnostic.location.line):\(diagnostic.location.column) \(diagnostic.severity.rawValue)" == position,
        "\(diagnostic)")
      #expect(diagnostic.message.contains(fragment), "\(diagnostic)")
      #expect(diagnostic.location.file == "broken.yaml")
    }
  }

  static let minimal = """
    format: 1
    id: mini
    version: "1"
    title: {vi: Mini, en: Mini}
    levels:
      - {id: low, name: {vi: Thấp, en: Low}, min: 0}
      - {id: high, name: {vi: Cao, en: High}, min: 50}
    dimensions:
      - {id: d, title: {vi: D, en: D}}
    questions:
      - {id: q, dimension: d, type: yes_no, prompt: {vi: Q, en: Q}}
    """

  @Test("the minimal questionnaire loads without problems")
  func minimal() throws {
    let q = try loadQuestionnaire(Self.minimal)
    #expect(q.questions[0].options.map(\.id) == ["yes", "no"])
    #expect(q.defaultLanguage == .vi)
  }

  @Test("the hash ignores comments, spacing and key order, but not content")
  func hash() throws {
    let base = try loadQuestionnaire(Self.minimal)
    let reformatted = try loadQuestionnaire(
      "# a comment\n"
        + Self.minimal.replacingOccurrences(of: "title: {vi: Mini, en: Mini}", with: "title:\n  en: Mini\n  vi:   Mini")
    )
    #expect(base.hash == reformatted.hash)
    let changed = try loadQuestionnaire(Self.minimal.replacingOccurrences(of: "min: 50", with: "min: 60"))
    #expect(base.hash != changed.hash)
  }

  @Test(
    "problems in YAML itself are located",
    arguments: [
      ("", "1:1", "the file is empty"),
      ("id: [unclosed\n", "2:1", "not valid YAML"),
      ("- just\n- a list\n", "1:1", "a questionnaire must be a mapping"),
      ("id: a\nid: b\n", "", "duplicate key"),
    ])
  func yamlProblems(text: String, position: String, fragment: String) {
    let outcome = QuestionnaireLoader.load(text, file: "x.yaml")
    #expect(outcome.questionnaire == nil)
    let first = outcome.diagnostics.first
    #expect(first?.message.contains(fragment) == true, "\(outcome.diagnostics)")
    if !position.isEmpty {
      #expect(first.map { "\($0.location.line):\($0.location.column)" } == position)
    }
  }

  @Test("a missing translation in the default language is an error; elsewhere a warning")
  func translations() {
    let english = QuestionnaireLoader.load(
      Self.minimal.replacingOccurrences(of: "prompt: {vi: Q, en: Q}", with: "prompt: {en: Q}"), file: "t.yaml")
    #expect(english.diagnostics.map(\.severity) == [.error])
    let vietnamese = QuestionnaireLoader.load(
      Self.minimal.replacingOccurrences(of: "prompt: {vi: Q, en: Q}", with: "prompt: {vi: Q}"), file: "t.yaml")
    #expect(vietnamese.diagnostics.map(\.severity) == [.warning])
    #expect(vietnamese.questionnaire != nil)
  }

  @Test("an unsupported format version is refused")
  func formatVersion() {
    let outcome = QuestionnaireLoader.load(
      Self.minimal.replacingOccurrences(of: "format: 1", with: "format: 2"), file: "t.yaml")
    #expect(outcome.diagnostics.first?.message == "format 2 is not supported; this dxready reads `format: 1`")
  }
}
