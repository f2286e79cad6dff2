import Testing

@testable import DXReadyCore

@Suite("Words kept as data: the bilingual catalogue")
struct BilingualCatalogTests {
  @Test("entries in both languages are read with their lines")
  func reads() throws {
    let catalog = try BilingualCatalog.load(
      "title: {vi: Tiêu đề, en: Title}\n\nlevel_2:\n  vi: Bắt đầu\n  en: Beginning\n", file: "w.yaml")
    #expect(catalog.entries["title"]?.text(.vi) == "Tiêu đề" && catalog.entries["title"]?.text(.en) == "Title")
    #expect(catalog.entries["level_2"]?.text(.en) == "Beginning")
    #expect(catalog.lines == ["title": 1, "level_2": 3])
  }

  @Test("every bad entry is named with its file and line")
  func problems() {
    func problem(_ text: String) -> String {
      do {
        _ = try BilingualCatalog.load(text, file: "w.yaml", owner: "the report")
        return "no problem"
      } catch {
        return error.description
      }
    }
    let mixed = problem(
      "ok: {vi: a, en: b}\nTitle: {vi: a, en: b}\nhalf: {vi: a}\nfr: {vi: a, en: b, fr: c}\nflat: x\n")
    #expect(mixed.contains("w.yaml:2: `Title` is not a label name"), "\(mixed)")
    #expect(mixed.contains("w.yaml:3: half: the English text (en) is missing"), "\(mixed)")
    #expect(mixed.contains("w.yaml:4: fr: `fr` is not a language of the report (vi, en)"), "\(mixed)")
    #expect(mixed.contains("w.yaml:5: flat: give {vi: …, en: …}"), "\(mixed)")
    #expect(!mixed.contains("ok"), "a good entry is not named: \(mixed)")
    #expect(problem("a: {vi: x, en: y}\na: {vi: z, en: w}\n").contains("w.yaml:2:1: duplicate key `a`"))
    #expect(problem("a: {vi: [x, en: y}\n").hasPrefix("w.yaml:1:"))
    #expect(problem("").contains("w.yaml: write one entry per line"))
    #expect(problem("- a\n- b\n").contains("w.yaml: write one entry per line"))
  }
}
