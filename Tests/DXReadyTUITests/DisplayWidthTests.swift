import Glibc
import Testing

@testable import DXReadyCore
@testable import DXReadyTUI

/// The C library's wcwidth(3), which Glibc's module map leaves out (it is an X/Open extension).
@_silgen_name("wcwidth") func systemWcwidth(_ character: wchar_t) -> Int32

@Suite("Display width and wrapping")
struct DisplayWidthTests {
  static let precomposed = "Chuyển đổi số"  // NFC
  static let combining = "Chuye\u{0302}\u{0309}n đo\u{0302}\u{0309}i so\u{0302}\u{0301}"  // NFD

  @Test("Vietnamese letters take one column, precomposed or combining")
  func vietnamese() {
    #expect(DisplayWidth.of(Self.precomposed) == 13)
    #expect(DisplayWidth.of(Self.combining) == 13)
    #expect(Self.combining.unicodeScalars.count > Self.precomposed.unicodeScalars.count)
  }

  @Test("wide and zero-width characters")
  func widths() {
    #expect(DisplayWidth.of("漢字") == 4)
    #expect(DisplayWidth.of("a\u{0301}") == 1)
    #expect(DisplayWidth.of("\u{0301}") == 0)
    #expect(DisplayWidth.of("\t") == 0)
  }

  @Test("every code point takes the columns the C library's wcwidth gives it (as ncurses places it)")
  func agreesWithWcwidth() throws {
    // wcwidth reads the character type of the locale; C.UTF-8 is in every glibc.
    try #require(setlocale(LC_CTYPE, "C.UTF-8") != nil, "the C.UTF-8 locale is missing")
    var compared = 0
    var differing: [String] = []
    for value in UInt32(0x20)...0x10FFFF {
      guard let scalar = Unicode.Scalar(value) else { continue }
      let expected = systemWcwidth(wchar_t(value))
      guard expected >= 0 else { continue }  // unassigned or control: nothing to compare
      compared += 1
      if DisplayWidth.of(scalar) != Int(expected), differing.count < 10 {
        differing.append(String(format: "U+%04X: %d, wcwidth %d", value, DisplayWidth.of(scalar), expected))
      }
    }
    #expect(compared > 250_000)
    #expect(differing.isEmpty, "\(differing)")
    // A business name with an emoji, and one emoji of two code points, as ncurses counts them.
    #expect(DisplayWidth.of("Cà phê ☕ Hạ Long") == 17)
    #expect(DisplayWidth.of("👍🏽") == 4)
  }

  @Test("wrapping at word boundaries by visible width")
  func wrap() {
    let text = "Doanh nghiệp có kế hoạch chuyển đổi số bằng văn bản không?"
    let lines = DisplayWidth.wrap(text, width: 20)
    #expect(lines == ["Doanh nghiệp có kế", "hoạch chuyển đổi số", "bằng văn bản không?"])
    #expect(lines.allSatisfy { DisplayWidth.of($0) <= 20 })
    #expect(DisplayWidth.wrap("abcdefghij", width: 4) == ["abcd", "efgh", "ij"])
    #expect(DisplayWidth.wrap("một\nhai", width: 10) == ["một", "hai"])
    let nfd = DisplayWidth.wrap(Self.combining, width: 8)
    #expect(nfd.count == 2 && nfd.allSatisfy { DisplayWidth.of($0) <= 8 })
  }

  @Test("truncation keeps within the width")
  func truncate() {
    #expect(DisplayWidth.truncate("Trải nghiệm số", width: 8) == "Trải ng…")
    #expect(DisplayWidth.truncate("ngắn", width: 8) == "ngắn")
  }

  @Test("the grid clips at the edge and never splits a wide character")
  func grid() {
    var grid = Grid(width: 6, height: 2)
    grid.write("Hạ Long", x: 0, y: 0)
    grid.write("ab漢字", x: 1, y: 1)
    #expect(grid.lines == ["Hạ Lon", " ab漢"])
    #expect(grid.clipped == 2, "both writes lost text, and the grid says so")
    grid.write("x", x: 0, y: 2)
    #expect(grid.clipped == 3, "a row below the grid is counted too")
    var fits = Grid(width: 7, height: 1)
    fits.write("👍🏽 ok", x: 0, y: 0)
    #expect(fits.clipped == 0 && fits.lines == ["👍🏽 ok"], "four columns for a toned emoji, as ncurses counts it")
  }
}
