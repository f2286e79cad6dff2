import Testing

@testable import DXReadyCore

@Suite struct JSONQuoteTests {
  @Test("one JSON string quoter: quotes, backslashes and control characters escaped, the rest as it is")
  func quoting() {
    #expect(JSONQuote.quoted("st_plan") == "\"st_plan\"")
    #expect(JSONQuote.quoted("Công ty \"Hạ Long\"\\\n\r\t\u{1}") == "\"Công ty \\\"Hạ Long\\\"\\\\\\n\\r\\t\\u0001\"")
    var bytes: [UInt8] = []
    JSONQuote.quote("a\u{1f}b", into: &bytes)
    #expect(String(decoding: bytes, as: UTF8.self) == "\"a\\u001fb\"")
    #expect(AnswerValue.quoted("x\"y") == JSONQuote.quoted("x\"y"))
    // Appended as bytes: the same text, after what was there; a substring's own bytes only.
    let long = String(repeating: "Hạ Long ", count: 40)
    for text in [
      "", "st_plan", "Công ty \"Hạ Long\"\\\n\r\t\u{1}", "\u{7f}é", long, String(long.dropFirst(3).prefix(20)),
    ] {
      var out = Array("{".utf8)
      JSONQuote.quote(text, into: &out)
      #expect(String(decoding: out, as: UTF8.self) == "{" + JSONQuote.quoted(text), "\(text)")
    }
    #expect(JSONObjectWriter().text == "{}")
    var spaced = JSONObjectWriter(spaced: true)
    spaced.string("a", "b")
    spaced.number("n", 1)
    #expect(spaced.text == #"{"a": "b", "n": 1}"#)
    var object = JSONObjectWriter()
    object.string("na\"me", "Công ty \"A\"")
    object.json("answer", "[\"a\",\"b\"]")
    object.string("none", nil)
    object.number("level", 2)
    #expect(object.text == #"{"na\"me":"Công ty \"A\"","answer":["a","b"],"level":2}"#)
  }
}
