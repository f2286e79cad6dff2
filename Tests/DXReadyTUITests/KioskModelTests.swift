import DXReadyCore
import Foundation
import Testing

@testable import DXReadyTUI

/// `take --kiosk` as a model: a tax code finds nothing, a new draft's resume code is shown
/// once, and only the tax code with that code opens a draft; three wrong codes end the session.
@Suite("The kiosk: resume codes")
struct KioskModelTests {
  typealias T = TakeModelTests

  static func model(_ language: Language = .en) -> TakeModel {
    var model = TakeModel(
      questionnaire: T.load("enterprise-dx"), reference: T.reference, catalog: T.catalog, language: language,
      kiosk: true)
    model.nextDraftID = { AssessmentID("7d6f3c1e-0000-4000-8000-000000000001")! }
    model.nextResumeCode = { "K7QF-3MZD" }
    model.timeZone = TimeZone(identifier: "Asia/Ho_Chi_Minh")!
    _ = model.handle(.enter)
    return model
  }

  /// A golden screen, with nothing cut at its edges.
  static func golden(_ grid: Grid, _ name: String) throws {
    #expect(grid.clipped == 0, "\(name): \(grid.clipped) cell(s) cut")
    try T().golden(grid, name)
  }

  static let draft = DraftToResume(
    id: AssessmentID("7d6f3c1e-0000-4000-8000-000000000009")!, updatedAt: Date(timeIntervalSince1970: 1_790_000_000),
    answers: ["cx_online_presence": .options(["website"])], position: "cx_online_presence")

  @Test(
    "a new assessment: the tax code is not looked up, the draft starts with its code, shown once",
    arguments: [Language.vi, .en])
  func newDraft(language: Language) throws {
    var model = Self.model(language)
    #expect(model.phase == .kioskStart)
    try Self.golden(model.render(width: 80, height: 24), "kiosk-start-\(language.rawValue)-80x24")
    T.press(&model, [.enter])
    #expect(model.phase == .profile)
    let effects = T.fillProfile(&model)
    #expect(!effects.contains { if case .lookUpBusiness = $0 { true } else { false } }, "\(effects)")
    guard case .startKioskDraft(let id, let profile, let size, let code)? = effects.last else {
      Issue.record("no kiosk draft: \(effects)")
      return
    }
    #expect(id.rawValue.hasPrefix("7d6f3c1e") && profile.name == "Công ty Thử nghiệm" && size == .small)
    #expect(code == "K7QF-3MZD")
    #expect(model.phase == .codeShown)
    let screen = model.render(width: 80, height: 24)
    #expect(screen.lines.joined(separator: "\n").contains("K7QF-3MZD"))
    try Self.golden(screen, "kiosk-code-\(language.rawValue)-80x24")
    T.press(&model, [.enter])
    #expect(model.phase == .questions && model.screen?.question.id == "cx_online_presence")
    #expect(
      !model.render(width: 80, height: 24).lines.joined(separator: "\n").contains("K7QF"), "the code is not shown again"
    )
    // Back to the profile and changed: only the draft takes it.
    T.press(&model, [.escape])
    #expect(model.phase == .profile)
    let changed = T.press(&model, [.enter, .enter, .enter, .enter, .enter, .enter, .enter, .enter, .enter])
    #expect(changed.contains { if case .updateDraftProfile(_, _, id) = $0 { true } else { false } }, "\(changed)")
    #expect(!changed.contains { if case .updateProfile = $0 { true } else { false } })
  }

  @Test("a resume code: malformed ones do not count, three wrong ones end the session", arguments: [Language.vi, .en])
  func wrongCodes(language: Language) throws {
    var model = Self.model(language)
    T.press(&model, [.down, .enter])
    #expect(model.phase == .resumeCode)
    T.press(&model, T.typing("01001") + [.enter])
    #expect(model.codeEntry.error != nil && model.codeEntry.focus == .taxCode, "a malformed tax code is refused")
    T.press(&model, Array(repeating: .backspace, count: 5) + T.typing("0100109106") + [.enter])
    #expect(model.codeEntry.focus == .code && model.codeEntry.error == nil)
    T.press(&model, T.typing("K7QF") + [.enter])
    #expect(model.codeEntry.error != nil && model.refusedCodes == 0, "a code too short is not a wrong code")
    T.press(&model, Array(repeating: .backspace, count: 4))
    let asked = T.press(&model, T.typing("k7qf 3mzo") + [.enter])
    #expect(asked == [.openWithCode(taxCode: "0100109106", code: "K7QF3MZ0")])
    #expect(model.update(.codeChecked(nil, [])) == [])
    #expect(model.refusedCodes == 1 && model.phase == .resumeCode && model.codeEntry.code.isEmpty)
    try Self.golden(model.render(width: 80, height: 24), "kiosk-wrong-code-\(language.rawValue)-80x24")
    T.press(&model, T.typing("AAAA-AAAA") + [.enter])
    #expect(model.update(.codeChecked(nil, [])) == [])
    T.press(&model, T.typing("BBBB-BBBB") + [.enter])
    #expect(model.update(.codeChecked(nil, [])) == [.quit])
    #expect(model.lockedOut && model.phase == .finished && model.draft == nil)
  }

  @Test("the right code opens the draft with its own profile; the tax code stays fixed")
  func rightCode() throws {
    var model = Self.model()
    T.press(&model, [.character("2"), .enter])
    T.press(&model, T.typing("0100109106") + [.tab] + T.typing("K7QF-3MZD") + [.enter])
    let profile = BusinessProfile(name: "Công ty Thử nghiệm", taxCode: "0100109106", locality: "ha-long")
    #expect(model.update(.codeChecked(profile, [Self.draft])) == [])
    #expect(model.phase == .resume && model.form.value(.name) == "Công ty Thử nghiệm")
    T.press(&model, [.enter])
    #expect(model.phase == .questions && model.draft == Self.draft.id)
    #expect(model.answers == Self.draft.answers)
    T.press(&model, [.escape])
    #expect(model.phase == .profile && model.form.taxCodeLocked && model.form.focus == .name)
  }

  @Test("a long paste fills a field to its limit and no further (a name 200 characters, a typed answer 400)")
  func pasteLimits() throws {
    var model = Self.model()
    T.press(&model, [.enter] + T.typing("0100109106") + [.enter, .enter, .enter])
    #expect(model.form.focus == .name)
    T.press(&model, Array(repeating: Key.character("Đ"), count: 1000))
    #expect(model.form.value(.name).count == 200)
    let typedQuestion = try #require(T.load("enterprise-dx").questions.first { $0.kind == .number })
    var screen = QuestionScreen(
      question: typedQuestion, dimensionTitle: "", number: 1, total: 1, language: .en, current: nil)
    #expect(screen.typed)
    for _ in 0..<1000 { _ = screen.handle(.character("7")) }
    #expect(screen.field.count == 400)
  }

  @Test("Esc goes back to the choice; leaving says how to carry on without naming a command")
  func backAndLeave() throws {
    var model = Self.model(.vi)
    T.press(&model, [.down, .enter, .escape])
    #expect(model.phase == .kioskStart)
    T.press(&model, [.character("q")])
    #expect(model.phase == .finished)
    #expect(model.kioskClosingWords == "Chưa lưu gì.")
    var started = Self.model(.vi)
    T.press(&started, [.enter])
    _ = T.fillProfile(&started)
    T.press(&started, [.enter, .interrupt])
    #expect(started.kioskClosingWords.contains("mã tiếp tục") && !started.kioskClosingWords.contains("dxready"))
    #expect(!started.failureAdvice.contains("dxready"))
  }
}
