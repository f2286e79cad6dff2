import Foundation
import Testing

@testable import DXReadyCore

@Suite("YAML answers files of the plain shape, read without libyaml")
struct PlainYAMLParserTests {
  /// Every value, style, line and column of a tree, and each mapping's and list's own mark.
  func render(_ node: YAMLNode?) -> String {
    switch node {
    case nil: return "nil"
    case .scalar(let s)?:
      let style = s.style == .plain ? "p" : s.style == .quoted ? "q" : "b"
      return "\(style):\(s.string.debugDescription)@\(s.mark.line):\(s.mark.column)"
    case .sequence(let items, let mark)?:
      return "[\(items.map(render).joined(separator: ","))]@\(mark.line):\(mark.column)"
    case .mapping(let map)?:
      let pairs = map.pairs.map { render($0.key) + "=" + render($0.value) }.joined(separator: ",")
      return "{\(pairs)}@\(map.mark.line):\(map.mark.column)"
    }
  }

  /// libyaml's reading of `text`, or the problem it found.
  func libyaml(_ text: String) -> String {
    do { return render(try YAMLParser.parse(text)) } catch { return "error: \(error.message)" }
  }

  /// A synthetic answers file as `dxready-synth --format yaml` writes it, and a hand-written one.
  static let synthetic = """
    questionnaire: enterprise-dx@1.2.0
    profile: {"employees":13,"industry":{"section":"P","vsic":2018},"legal_form":"enterprise","name":"Doanh nghiệp mẫu 1","revenue_billion_vnd":10,"tax_code":"7737677163"}
    consent: {notice: "2026-11", given_at: 2026-11-30T09:00:00+07:00}
    answers:
      cx_online_presence: ["none"]
      cx_online_sales: "under-10"
      it_security: ["antivirus","updates","mfa"]
      op_staff: 12
      op_note: {text: "Bán hàng qua \\"Zalo\\" và tại cửa hàng"}

    """
  static let handWritten = """
    # A shop in Hạ Long: comments, plain words, numbers, a date.
    questionnaire: enterprise-dx@1.2.0   # the version answered
    submitted: 2026-04-01T03:00:00+07:00
    profile:
      name: Công ty TNHH Thương mại Hạ Long Xanh
      tax_code: '5700100256'
      industry: {vsic: 2018, section: G, code: "4711"}
      revenue_billion_vnd: 12.5

    answers:
      # Customers
      cx_online_presence: [social, maps, marketplace]
      cx_marketplace_reviews: yes
      cx_cashless: no#not-a-comment
      cx_share: -5
      cx_quote: 'it''s ours'
      cx_empty_list: []
      cx_empty_map: {}
    """

  @Test("answers files of the plain shape read exactly as libyaml reads them")
  func sameAsLibyaml() throws {
    var texts = [Self.synthetic, Self.handWritten]
    for name in ["enterprise-dx-retail.yaml", "digital-intensity-retail.yaml"] {
      texts.append(try Paths.text(Paths.questionnaires.appendingPathComponent("examples/\(name)")))
    }
    for text in texts {
      let plain = try #require(PlainYAMLParser.parse(text), "read without libyaml:\n\(text)")
      #expect(render(plain) == libyaml(text))
    }
  }

  @Test(
    "anything outside the plain shape is left to libyaml",
    arguments: [
      "a:\n  - x\n  - y\n",  // a block list
      "a: one\n  two\n",  // a value on two lines
      "a: [x,\n  y]\n",  // a flow over two lines
      "a: &anchor x\nb: *anchor\n",  // anchors and aliases
      "a: !!str 5\n",  // a tag
      "a: |\n  text\n",  // a block scalar
      "a:\tx\n",  // a tab
      "a: x\r\nb: y\r\n",  // CRLF
      "a: 1\na: 2\n",  // a key twice
      "a: {b: 1, b: 2}\n",  // a key twice in a flow
      "a: \"\\u00e0\"\n",  // an escape this parser does not read
      "a: b: c\n",  // a mapping in a value
      "a: x\n b: y\n",  // indented between two levels
      "---\na: 1\n",  // a document marker
      "a: 1\n---\nb: 2\n",  // two documents
      "\u{FEFF}a: 1\n",  // a byte-order mark
      "a: x\u{2028}b: y\n",  // a line separator
      "a: [x, ]\n",  // a comma before the end
      "a: {b: 1,}\n",  // the same in a mapping
      "a: {b:1}\n",  // a plain key without a space after the colon
      "\"a\": 1\n",  // a quoted key in a block
      "a:\n",  // an empty value
      "",  // nothing
      "# only a comment\n",
      "  a: 1\n",  // an indented document
      "a: x # comment\n  b: y\n",  // more indented after a value
      "a: [\"k\": v]\n",  // a pair in a list
      "a: x:\n",  // a colon at the end of a value
      "a: @x\n",  // a reserved indicator
      // A quoted key whose `:` is more than 1,024 characters from its start, which libyaml
      // refuses: by spaces, by escapes, by both (found by a review).
      "a: {\"b\"" + String(repeating: " ", count: 1022) + ": 1}\n",
      "a: {\"" + String(repeating: "\\\\", count: 512) + "\": 1}\n",
      "a: {\"" + String(repeating: "x", count: 995) + "\"" + String(repeating: " ", count: 35) + ":1}\n",
      // Flows nested deeper than this parser goes (it once ran out of stack at 10,000).
      "a: " + String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000) + "\n",
      "a: " + String(repeating: "{b: ", count: 100) + "1" + String(repeating: "}", count: 100) + "\n",
    ])
  func leftToLibyaml(text: String) {
    #expect(PlainYAMLParser.parse(text) == nil, "\(text.debugDescription)")
  }

  @Test("whatever it reads from 30,000 mutated files, libyaml reads the same, value for value and mark for mark")
  func mutations() throws {
    var seeds = [Self.synthetic, Self.handWritten]
    seeds.append(try Paths.text(Paths.questionnaires.appendingPathComponent("examples/enterprise-dx-retail.yaml")))
    // Pieces that sit at the edges of the plain shape.
    let pieces = [
      " ", "  ", "\n", "#", " #", ":", ": ", ",", "[", "]", "{", "}", "\"", "'", "\\", "\\\"", "-", "- ", "?",
      "!", "&", "*", "|", ">", "%", "@", "`", "~", "null", "x: y", "\t", "\r", "ạ", "\u{00A0}", "\u{0085}",
      "''", "\"\"", "{}", "[]", "a: 1\n", "\n  ", "\n    z: 1", "\n#c\n", "0x1F", ".5", "-1", "--", "...", "---",
    ]
    var random = StatisticsTests.Generator(state: 20_261_202)
    var read = 0
    var differences: [String] = []
    for round in 0..<30_000 {
      var text = Array(seeds[round % seeds.count].unicodeScalars)
      for _ in 0..<Int.random(in: 1...3, using: &random) {
        let at = Int.random(in: 0...text.count, using: &random)
        switch Int.random(in: 0..<4, using: &random) {
        case 0:
          text.insert(contentsOf: pieces.randomElement(using: &random)!.unicodeScalars, at: at)
        case 1:
          if at < text.count { text.remove(at: at) }
        case 2:
          if at < text.count {
            text.replaceSubrange(at...at, with: pieces.randomElement(using: &random)!.unicodeScalars)
          }
        default:
          // A line again, or a line's indentation changed.
          let lines = String(String.UnicodeScalarView(text)).split(separator: "\n", omittingEmptySubsequences: false)
          var changed = lines.map(String.init)
          let index = Int.random(in: 0..<changed.count, using: &random)
          if Bool.random(using: &random) {
            changed.insert(changed[index], at: index)
          } else {
            changed[index] = String(repeating: " ", count: Int.random(in: 0...4, using: &random)) + changed[index]
          }
          text = Array(changed.joined(separator: "\n").unicodeScalars)
        }
      }
      let mutated = String(String.UnicodeScalarView(text))
      guard let plain = PlainYAMLParser.parse(mutated) else { continue }
      read += 1
      let expected = libyaml(mutated)
      if render(plain) != expected && differences.count < 5 {
        differences.append("\(mutated.debugDescription)\n  plain:   \(render(plain))\n  libyaml: \(expected)")
      }
    }
    #expect(differences.isEmpty, "\(differences.joined(separator: "\n"))")
    // Enough of the mutated files stay plain for the comparison to mean something.
    #expect(read > 4_000, "\(read) read")
  }
}
