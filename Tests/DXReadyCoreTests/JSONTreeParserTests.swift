import Foundation
import Testing

@testable import DXReadyCore

@Suite("JSON answers files")
struct JSONTreeParserTests {
  /// Renders a tree the same way whichever parser built it.
  func render(_ node: YAMLNode?) -> String {
    switch node {
    case nil: return "nil"
    case .scalar(let s)?: return "\(s.style == .plain ? "p" : "q"):\(s.string)@\(s.mark.line):\(s.mark.column)"
    case .sequence(let items, let mark)?:
      return "[\(items.map(render).joined(separator: ","))]@\(mark.line):\(mark.column)"
    case .mapping(let map)?:
      return "{\(map.pairs.map { render($0.key) + "=" + render($0.value) }.joined(separator: ","))}"
    }
  }

  @Test("JSON reads as libyaml reads it: the same values, styles, lines and columns")
  func sameAsYAML() throws {
    let url = Paths.questionnaires.appendingPathComponent("examples/enterprise-dx-services.json")
    let text = try Paths.text(url)
    let viaJSON = try JSONTreeParser.parse(text)
    let viaYAML = try YAMLParser.parse(text)
    #expect(render(viaJSON) == render(viaYAML))
  }

  @Test(
    "escapes and Vietnamese text",
    arguments: [
      (#"{"a": "Hạ Long \"Xanh\"\n\u00e0 \ud83d\ude00 \\ \/"}"#, "Hạ Long \"Xanh\"\nà 😀 \\ /"),
      (#"{"a": "Công ty"}"#, "Công ty"),
    ])
  func escapes(text: String, expected: String) throws {
    let node = try #require(try JSONTreeParser.parse(text))
    #expect(node.mapping?["a"]?.scalar?.string == expected)
  }

  @Test(
    "problems are located",
    arguments: [
      ("{\"a\": 1,\n  \"b\": }", 2, 8, "expected a value"),
      ("{\"a\": [1, 2}", 1, 12, "expected `,` or `]`"),
      ("{\"a\": \"x}", 1, 7, "never closed"),
      ("{\"a\": 1, \"a\": 2}", 1, 10, "duplicate key `a`"),
      ("{\"a\": tru}", 1, 7, "`tru` is not a JSON value"),
      ("{\"ả\": 1 2}", 1, 9, "expected `,` or `}`"),
      ("{} x", 1, 4, "unexpected text after"),
    ])
  func problems(text: String, line: Int, column: Int, fragment: String) {
    do {
      let node = try JSONTreeParser.parse(text)
      Issue.record("parsed: \(render(node))")
    } catch {
      #expect(error.message.contains(fragment), "\(error.message)")
      #expect(error.mark.line == line && error.mark.column == column, "\(error.mark)")
    }
  }

  @Test("an answers file in JSON gives the same sheet as its YAML twin")
  func sheets() throws {
    let yaml = """
      questionnaire: digital-intensity@1.0.0
      profile: {name: "Công ty A", tax_code: "0100109106", employees: 12}
      answers:
        di_website: "yes"
        di_cloud: no
      """
    let json = """
      {"questionnaire": "digital-intensity@1.0.0",
       "profile": {"name": "Công ty A", "tax_code": "0100109106", "employees": 12},
       "answers": {"di_website": "yes", "di_cloud": "no"}}
      """
    let a = try #require(AnswerSheetLoader.load(yaml, file: "a.yaml").sheet)
    let b = try #require(AnswerSheetLoader.load(json, file: "a.json").sheet)
    #expect(a.answers == b.answers)
    #expect(a.profile == b.profile)
  }
}
