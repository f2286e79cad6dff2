import Testing

@testable import DXReadyTUI

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
  }
}
