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
  }
}
