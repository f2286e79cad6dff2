import DXReadyCore
import Foundation
import Testing

@testable import DXReadyTUI

/// Golden screens: set DXREADY_RECORD=1 to write them anew, then read the diff before committing.
@Suite("The question screen")
struct QuestionScreenTests {
  static let package = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  static let questionnaire: Questionnaire = {
    let url = package.appendingPathComponent("Questionnaires/enterprise-dx.yaml")
    let text = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
    return QuestionnaireLoader.load(text, file: "enterprise-dx.yaml").questionnaire!
  }()

  static func screen(_ id: QuestionID, _ language: Language) -> QuestionScreen {
    let question = questionnaire.question(id)!
    return QuestionScreen(
      question: question, dimensionTitle: questionnaire.dimension(question.dimension)!.title.text(language),
      number: 9, total: 45, language: language)
  }

  func golden(_ grid: Grid, _ name: String) throws {
    let url = Self.package.appendingPathComponent("Tests/DXReadyTUITests/Golden/\(name).txt")
    let text = grid.lines.joined(separator: "\n") + "\n"
    if ProcessInfo.processInfo.environment["DXREADY_RECORD"] == "1" {
      try text.write(to: url, atomically: true, encoding: .utf8)
    }
    let expected = try String(contentsOf: url, encoding: .utf8)
    #expect(text == expected, "\(name) differs from its golden file:\n\(text)")
  }

  @Test("a ladder question at 80×24, in Vietnamese and in English")
  func ladder() throws {
    try golden(Self.screen("st_plan", .vi).render(width: 80, height: 24), "st_plan-vi-80x24")
    try golden(Self.screen("st_plan", .en).render(width: 120, height: 30), "st_plan-en-120x30")
  }

  @Test("too small a terminal gets a message, not a broken layout")
  func tooSmall() throws {
    try golden(Self.screen("st_plan", .vi).render(width: 60, height: 20), "too-small-vi-60x20")
  }

  @Test("keys: arrows and j/k move, digits answer, Enter answers, Esc goes back, q quits")
  func keys() {
    var screen = Self.screen("st_plan", .en)
    #expect(screen.handle(.down) == .stay)
    #expect(screen.handle(.character("j")) == .stay)
    #expect(screen.cursor == 2)
    #expect(screen.handle(.up) == .stay && screen.cursor == 1)
    #expect(screen.handle(.enter) == .answered(.option("ideas")))
    #expect(screen.handle(.character("5")) == .answered(.option("reviewed")))
    #expect(screen.handle(.character("9")) == .stay, "no ninth option")
    #expect(screen.handle(.escape) == .back)
    #expect(screen.handle(.character("q")) == .quit)
    #expect(screen.handle(.character("?")) == .stay && screen.showingHelp)
  }

  @Test("multiple choice: Space ticks, Enter answers with the ticked options; N/A offered where allowed")
  func multiple() {
    var screen = Self.screen("cx_online_presence", .vi)
    _ = screen.handle(.space)
    _ = screen.handle(.down)
    _ = screen.handle(.down)
    _ = screen.handle(.space)
    #expect(screen.handle(.enter) == .answered(.options(["website", "maps"])))
    let stock = Self.screen("op_stock", .en)
    #expect(stock.choices.last?.answer == .notApplicable)
  }
}
