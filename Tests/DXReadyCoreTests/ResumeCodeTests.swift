import Foundation
import Testing

@testable import DXReadyCore

@Suite("Resume codes of kiosk drafts")
struct ResumeCodeTests {
  @Test("a new code is two groups of four symbols of Crockford's alphabet, and codes differ")
  func generated() {
    let codes = (0..<200).map { _ in ResumeCode.generate() }
    for code in codes {
      #expect(code.count == 9 && code.dropFirst(4).first == "-", "\(code)")
      #expect(code.replacingOccurrences(of: "-", with: "").allSatisfy { ResumeCode.alphabet.contains($0) })
      #expect(ResumeCode.normalized(code) == code.replacingOccurrences(of: "-", with: ""))
    }
    #expect(Set(codes).count == codes.count)
  }

  @Test(
    "what is typed is read as the code: case, spaces and dashes ignored, O as 0, I and L as 1",
    arguments: [
      ("k7qf-3mzd", "K7QF3MZD"), (" K7QF 3MZD ", "K7QF3MZD"), ("O1IL-2345", "01112345"), ("k7qf–3mzd", "K7QF3MZD"),
    ])
  func normalized(typed: String, canonical: String) {
    #expect(ResumeCode.normalized(typed) == canonical)
  }

  @Test(
    "what cannot be a code is told apart", arguments: ["", "K7QF", "K7QF-3MZD1", "K7QF-3MZU", "K7QF-3MZ?", "Đ7QF-3MZD"])
  func notACode(typed: String) {
    #expect(ResumeCode.normalized(typed) == nil)
  }

  @Test("a digest is salted and matches only its code")
  func digests() {
    let code = ResumeCode.generate()
    let first = ResumeCode.digest(code)
    let second = ResumeCode.digest(code)
    #expect(first != second, "each digest has its own salt")
    #expect(!first.contains(code) && !first.contains(code.replacingOccurrences(of: "-", with: "")))
    #expect(ResumeCode.matches(code, digest: first) && ResumeCode.matches(code.lowercased(), digest: second))
    var other = Array(code)
    other[0] = other[0] == "A" ? "B" : "A"
    #expect(!ResumeCode.matches(String(other), digest: first))
    #expect(!ResumeCode.matches("", digest: first))
    for damaged in [
      "", "sha256::", "md5:00:00", String(first.dropLast()), first.replacingOccurrences(of: ":", with: ""),
    ] {
      #expect(!ResumeCode.matches(code, digest: damaged), "\(damaged)")
    }
    // Worked by hand (printf '\x00\x01K7QF3MZD' | sha256sum): the salt 00 01, the code K7QF3MZD.
    #expect(
      ResumeCode.digest("k7qf-3mzd", salt: [0, 1])
        == "sha256:0001:5afbaef338d685149b81b213a275ba0da053f346a9382173934e2cc88b04512d")
  }
}
