import Testing

@testable import DXReadyCore

@Suite("The duplicate-key check of the YAML and JSON readers")
struct SeenKeysTests {
  @Test("every key is new once and a duplicate after, among the first few and beyond them")
  func duplicatesFoundEverywhere() {
    var seen = SeenKeys()
    let keys = (0..<200).map { "key_\($0)" }
    for key in keys {
      let new = seen.insert(key)
      #expect(new, "\(key) is new")
    }
    // A repeat of a key from the part compared one by one, and of one from the set's part.
    for key in [keys[0], keys[7], keys[8], keys[63], keys[64], keys[199]] {
      let new = seen.insert(key)
      #expect(!new, "\(key) was given before")
    }
  }

  @Test("keys equal as Swift strings are the same key, before and after the set takes over")
  func canonicalEquivalence() {
    // "é" precomposed and as "e" with a combining acute accent.
    let composed = "caf\u{E9}"
    let decomposed = "cafe\u{301}"
    var few = SeenKeys()
    let fewFirst = few.insert(composed)
    let fewSecond = few.insert(decomposed)
    #expect(fewFirst && !fewSecond)
    var many = SeenKeys()
    let fillers = (0..<20).map { many.insert("k\($0)") }
    let manyFirst = many.insert(decomposed)
    let manySecond = many.insert(composed)
    #expect(!fillers.contains(false))
    #expect(manyFirst && !manySecond)
  }

  @Test("a JSON object and a YAML mapping with a key given twice after the eighth are refused")
  func readersRefuseLateDuplicates() throws {
    let pairs = (0..<12).map { "\"q\($0)\": \($0)" } + ["\"q10\": 1"]
    let json = "{" + pairs.joined(separator: ",\n") + "}"
    let jsonFailure = #expect(throws: YAMLParser.Failure.self) { try JSONTreeParser.parse(bytes: Array(json.utf8)) }
    #expect(jsonFailure?.message == "duplicate key `q10` in one mapping")
    #expect(jsonFailure?.mark.line == 13, "the 13th line")
    let yaml = (0..<12).map { "q\($0): \($0)" }.joined(separator: "\n") + "\nq10: 1\n"
    #expect(PlainYAMLParser.parse(yaml) == nil, "left to libyaml, which reports it")
    let yamlFailure = #expect(throws: YAMLParser.Failure.self) { try YAMLParser.parse(yaml) }
    #expect(yamlFailure?.message == "duplicate key `q10` in one mapping")
    #expect(yamlFailure?.mark.line == 13, "the 13th line")
  }
}
