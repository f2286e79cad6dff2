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
      // A recording run compares nothing: it must never pass as a test run.
      Issue.record("recorded \(name): read its diff, then run the tests without DXREADY_RECORD")
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

  @Test("keys: arrows and j/k move, a digit selects, only Enter answers, Esc goes back, q quits")
  func keys() {
    var screen = Self.screen("st_plan", .en)
    #expect(screen.handle(.down) == .stay)
    #expect(screen.handle(.character("j")) == .stay)
    #expect(screen.cursor == 2)
    #expect(screen.handle(.up) == .stay && screen.cursor == 1)
    #expect(screen.handle(.enter) == .answered(.option("ideas")))
    #expect(screen.handle(.character("5")) == .stay, "a digit selects without answering")
    #expect(screen.cursor == 4)
    #expect(screen.handle(.enter) == .answered(.option("reviewed")))
    #expect(screen.handle(.character("9")) == .stay && screen.cursor == 4, "no ninth option")
    #expect(screen.handle(.escape) == .back)
    #expect(screen.handle(.character("q")) == .quit)
    #expect(screen.question.help == nil)
    #expect(screen.handle(.character("?")) == .stay && !screen.showingHelp, "no help to show")
    #expect(!screen.keys.contains("?"), "? is not offered where there is no help")
    var helped = Self.screen("cx_online_presence", .en)
    #expect(helped.keys.contains("? help"))
    #expect(helped.handle(.character("?")) == .stay && helped.showingHelp)
  }

  @Test("the stored answer is marked (•), apart from the highlighted choice")
  func savedMark() throws {
    let question = Self.questionnaire.question("st_plan")!
    var screen = QuestionScreen(
      question: question, dimensionTitle: "Chiến lược", number: 9, total: 45, language: .vi,
      current: .option("partial"))
    _ = screen.handle(.up)
    let lines = screen.render(width: 80, height: 24).lines
    #expect(lines.contains { $0.contains("(•) Có kế hoạch cho một vài lĩnh vực") })
    #expect(lines.contains { $0.hasPrefix(" › 2. ( ) Mới có ý tưởng") })
    try golden(screen.render(width: 80, height: 24), "st_plan-saved-vi-80x24")
  }

  @Test("messages are in the session's language and name options by their labels")
  func vietnameseMessages() {
    let question = Self.questionnaire.question("cx_online_presence")!
    switch AnswerValidator.normalize(.options(["website", "none"]), for: question) {
    case .failure(let problem):
      #expect(
        problem.text(.vi, for: question)
          == "Không thể chọn “Chưa có kênh nào” cùng với phương án khác: bỏ đánh dấu một bên.")
      #expect(problem.text(.en, for: question).contains("“None yet”"))
      #expect(problem.message.contains("`none`"), "files and scripts still see the id")
    case .success: Issue.record("none combined with website was accepted")
    }
    let staff = Self.questionnaire.question("pe_digital_staff")!
    switch AnswerValidator.normalize(.number(2.5), for: staff) {
    case .failure(let problem): #expect(problem.text(.vi, for: staff) == "Hãy nhập một số nguyên (không phải 2,5).")
    case .success: Issue.record("2.5 accepted as a whole number")
    }
    #expect(NumberText.fixed(48.125, decimals: 1, .vi) == "48,1")
    #expect(NumberText.fixed(100_000, decimals: 0, .vi) == "100.000")
    #expect(NumberText.fixed(1_234_567.25, decimals: 2, .en) == "1,234,567.25")
    #expect(NumberText.plain(3.5, .vi) == "3,5")
    #expect(NumberText.fixed(-0.04, decimals: 1, .vi) == "0,0")
    #expect(QuestionScreen.number("100.000", .vi) == 100_000)
    #expect(QuestionScreen.number("3,5", .vi) == 3.5)
    #expect(QuestionScreen.number("2.5", .en) == 2.5)
    #expect(QuestionScreen.number("1,500", .en) == 1500)
    #expect(QuestionScreen.number("ba mươi", .vi) == nil)
  }

  @Test("a text answer is edited with the cursor keys and wraps over several lines")
  func textField() throws {
    let question = Self.questionnaire.questions.first { $0.kind == .text }!
    var screen = QuestionScreen(question: question, dimensionTitle: "Chiến lược", number: 9, total: 45, language: .vi)
    for c in "Quan ly kho" { _ = screen.handle(c == " " ? .space : .character(c)) }
    _ = screen.handle(.home)
    _ = screen.handle(.character("X"))
    _ = screen.handle(.end)
    _ = screen.handle(.left)
    _ = screen.handle(.backspace)
    _ = screen.handle(.right)
    _ = screen.handle(.character("!"))
    #expect(screen.field == "XQuan ly ko!")
    _ = screen.handle(.home)
    _ = screen.handle(.delete)
    #expect(screen.field == "Quan ly ko!")
    for _ in 0..<12 { for c in "Bán hàng qua mạng " { _ = screen.handle(c == " " ? .space : .character(c)) } }
    let lines = screen.render(width: 80, height: 24).lines.filter { $0.contains("[") && $0.contains("]") }
    #expect(lines.count >= 3, "a long text wraps over several lines of the field")
    #expect(lines.allSatisfy { DisplayWidth.of($0) <= 80 })
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
