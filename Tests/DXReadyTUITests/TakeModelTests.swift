import DXReadyCore
import Foundation
import Testing

@testable import DXReadyTUI

/// The whole `take` flow as a model: keys in, effects and screens out. Golden screens: set
/// DXREADY_RECORD=1 to write them anew, then read the diff before committing.
@Suite("The take questionnaire model")
struct TakeModelTests {
  static let package = QuestionScreenTests.package

  static func load(_ name: String) -> Questionnaire {
    let url = package.appendingPathComponent("Questionnaires/\(name).yaml")
    return QuestionnaireLoader.load((try? String(contentsOf: url, encoding: .utf8)) ?? "", file: name).questionnaire!
  }

  static let reference: ReferenceData = {
    var localities: LocalityList?
    var vsic: VSIC?
    for name in ["quang-ninh.yaml", "vsic.yaml"] {
      let url = package.appendingPathComponent("Questionnaires/reference/\(name)")
      switch ReferenceLoader.load((try? String(contentsOf: url, encoding: .utf8)) ?? "", file: name).loaded {
      case .localities(let list)?: localities = list
      case .vsic(let sections)?: vsic = sections
      case nil: break
      }
    }
    return ReferenceData(localities: localities!, vsic: vsic!)
  }()

  static let catalog: ServiceCatalog = {
    let url = package.appendingPathComponent("Questionnaires/services.yaml")
    return ServiceCatalogLoader.load(
      (try? String(contentsOf: url, encoding: .utf8)) ?? "", file: "services.yaml",
      questionnaires: [load("enterprise-dx"), load("digital-intensity")]
    ).catalog!
  }()

  static func model(_ name: String = "enterprise-dx", language: Language? = .vi) -> TakeModel {
    var model = TakeModel(questionnaire: load(name), reference: reference, catalog: catalog, language: language)
    model.nextDraftID = { AssessmentID("7d6f3c1e-0000-4000-8000-000000000001")! }
    model.timeZone = TimeZone(identifier: "Asia/Ho_Chi_Minh")!
    // Past the introduction, to the profile.
    if language != nil { _ = model.handle(.enter) }
    return model
  }

  /// Sends keys, collecting the effects; where the user is (`savePosition`) is left out unless
  /// asked for, since nearly every key moves it.
  @discardableResult
  static func press(_ model: inout TakeModel, _ keys: [Key], positions: Bool = false) -> [TakeEffect] {
    keys.flatMap { model.handle($0) }.filter { effect in
      if !positions, case .savePosition = effect { return false }
      return true
    }
  }

  static func typing(_ text: String) -> [Key] { text.map { $0 == " " ? .space : .character($0) } }

  /// Fills the profile form: tax code, enterprise (the first legal form), name, Hạ Long,
  /// section G, 12 employees, 20 billion.
  static func fillProfile(_ model: inout TakeModel) -> [TakeEffect] {
    var effects = press(&model, typing("0100109106") + [.enter, .enter, .enter])
    effects += press(&model, typing("Công ty Thử nghiệm") + [.enter])
    effects += press(&model, [.enter] + typing("hạ long") + [.enter])
    effects += press(&model, [.enter] + typing("g — ") + [.enter])
    effects += press(&model, typing("12") + [.enter] + typing("20") + [.enter, .enter, .enter])
    return effects
  }

  func golden(_ grid: Grid, _ name: String) throws {
    try QuestionScreenTests().golden(grid, name)
  }

  @Test("the profile: the tax code is looked up once, lists filter, the size class is worked out, a draft starts")
  func profile() throws {
    var model = Self.model()
    let effects = Self.fillProfile(&model)
    #expect(effects.first == .lookUpBusiness(taxCode: "0100109106"))
    let profile = BusinessProfile(
      name: "Công ty Thử nghiệm", taxCode: "0100109106", locality: "ha-long",
      industry: Industry(vsic: 2025, section: "G"),
      employees: 12, revenueBillionVND: 20, legalForm: .enterprise)
    #expect(effects.last == .startDraft(AssessmentID("7d6f3c1e-0000-4000-8000-000000000001")!, profile, .small))
    #expect(effects.count == 2)
    #expect(model.phase == .questions)
    #expect(model.screen?.question.id == "cx_online_presence")
  }

  @Test("the tax code: a malformed one is refused in place; a wrong check digit is confirmed with a second Enter")
  func taxCode() throws {
    var model = Self.model(language: .en)
    Self.press(&model, Self.typing("01001") + [.enter])
    #expect(model.form.focus == .taxCode)
    #expect(model.form.errors[.taxCode] != nil)
    try golden(model.render(width: 80, height: 24), "profile-error-en-80x24")
    Self.press(&model, Array(repeating: .backspace, count: 5) + Self.typing("0100109107") + [.enter])
    #expect(model.form.focus == .taxCode, "a check digit that does not match needs confirming")
    #expect(model.form.errors[.taxCode]?.contains("check digit") == true)
    let effects = Self.press(&model, [.enter])
    #expect(effects == [.lookUpBusiness(taxCode: "0100109107")])
    #expect(model.form.focus == .legalForm)
  }

  @Test("Vietnamese input methods: Telex sends a Backspace then the recomposed letter; the field follows")
  func telex() {
    var model = Self.model()
    Self.press(&model, Self.typing("0100109106") + [.enter, .down])
    // "Vieetj Nam" typed with Telex: e, e → ê; j → ệ; each change replaces the last letter.
    Self.press(&model, Self.typing("Vie") + [.backspace, .character("ê"), .backspace, .character("ệ")])
    Self.press(&model, Self.typing("t Nam"))
    #expect(model.form.value(.name) == "Việt Nam")
    // A letter in combining form (NFD) is one letter: one Backspace removes it whole.
    Self.press(&model, [.character("e\u{0323}\u{0302}")])
    #expect(model.form.value(.name) == "Việt Name\u{0323}\u{0302}")
    Self.press(&model, [.backspace])
    #expect(model.form.value(.name) == "Việt Nam")
  }

  @Test("long names are never cut: an industry wraps in the form, the highlighted list item is shown in full")
  func longNames() throws {
    var model = Self.model()
    Self.press(
      &model,
      Self.typing("0100109106") + [.enter, .down] + Self.typing("Công ty Thử nghiệm") + [.enter, .down, .enter])
    Self.press(&model, Self.typing("khi dot"))
    try golden(model.render(width: 80, height: 24), "profile-long-section-vi-80x24")
    #expect(model.render(width: 80, height: 24).lines.contains { $0.hasSuffix("không khí") })
    Self.press(&model, [.enter])
    let lines = model.render(width: 80, height: 24).lines
    try golden(model.render(width: 80, height: 24), "profile-long-section-chosen-vi-80x24")
    #expect(lines.joined(separator: " ").contains("điều hòa không khí (VSIC 2025)"))
    #expect(!lines.joined().contains("…"))
  }

  @Test("a store failure reaches the model: the reason on screen in the session's language, then try again or leave")
  func storeFailure() throws {
    var model = Self.model("digital-intensity", language: .vi)
    _ = Self.fillProfile(&model)
    let before = model.phase
    #expect(model.update(.storeFailed("/tmp/db.sqlite: database error: disk I/O error")).isEmpty)
    #expect(model.phase == .failed)
    let lines = model.render(width: 80, height: 24).lines
    try golden(model.render(width: 80, height: 24), "failed-vi-80x24")
    #expect(lines[0].hasPrefix("Không lưu được") && lines.joined().contains("database error: disk I/O"))
    #expect(lines.joined().contains("Cơ sở dữ liệu báo lỗi khi lưu."))
    #expect(lines.last?.contains("Enter thử lưu lại") == true, "\(lines.last ?? "")")
    #expect(model.update(.key(.character("1"))).isEmpty && model.phase == .failed, "no more answers")
    #expect(model.update(.key(.enter)) == [.retry])
    // Failing again keeps the screen; once stored, back to where it was.
    _ = model.update(.storeFailed("still down"))
    #expect(model.phase == .failed && model.failure == "still down")
    #expect(model.update(.storeRecovered).isEmpty && model.phase == before && model.failure == nil)
    _ = model.update(.storeFailed("down again"))
    #expect(model.update(.key(.character("q"))) == [.quit])
  }

  @Test("intents do what their keys do: choose, tick, set a field, confirm, skip, back")
  func intents() throws {
    var model = Self.model("enterprise-dx", language: .vi)
    #expect(model.update(.intent(.setText("0100109106"))).isEmpty)
    #expect(model.update(.intent(.confirm)) == [.lookUpBusiness(taxCode: "0100109106")])
    #expect(model.form.focus == .legalForm)
    #expect(model.update(.intent(.setListField(.legalForm, "cooperative"))).isEmpty)
    #expect(model.form.focus == .name && model.form.value(.legalForm) == "Hợp tác xã")
    _ = model.update(.intent(.setText("HTX Nông nghiệp Đầm Hà")))
    _ = model.update(.intent(.confirm))
    _ = model.update(.intent(.setListField(.locality, "dam-ha")))
    _ = model.update(.intent(.setListField(.industry, "A")))
    #expect(model.form.focus == .employees)
    for _ in 0..<4 { _ = model.update(.intent(.skip)) }
    #expect(model.form.focus == .done)
    guard case .startDraft(_, let profile, let size)? = model.update(.intent(.confirm)).first else {
      Issue.record("no draft started")
      return
    }
    #expect(profile.legalForm == .cooperative && profile.locality == "dam-ha" && size == nil)
    // A multiple choice: exactly the ticked options are the answer.
    let multiple = try #require(model.shown.first { $0.kind == .multiple })
    #expect(model.screen?.question.id == multiple.id)
    _ = model.update(.intent(.tick([0, 2])))
    let effects = model.update(.intent(.confirm))
    let ids = multiple.options.map(\.id)
    #expect(effects.contains(.saveAnswer(multiple.id, .options([ids[0], ids[2]]), model.draft!)))
    _ = model.update(.intent(.back))
    #expect(model.screen?.question.id == multiple.id, "back to the question just answered")
  }

  @Test("the review at 80×24 in Vietnamese shows the highlighted question and its answer in full")
  func reviewVietnamese() throws {
    var model = Self.model()
    _ = Self.fillProfile(&model)
    Self.press(&model, [.character("2"), .enter])
    for _ in 0..<7 where model.phase != .review { Self.press(&model, [.pageDown]) }
    Self.press(&model, [.home])
    try golden(model.render(width: 80, height: 24), "review-vi-80x24")
    let text = model.render(width: 80, height: 24).lines.joined(separator: " ")
    #expect(text.contains("Trả lời: Trang mạng xã hội hoặc Zalo OA của doanh nghiệp"))
  }

  @Test("the form at 80×24 in Vietnamese with the list of localities open, filtered")
  func formScreen() throws {
    var model = Self.model()
    Self.press(
      &model, Self.typing("0100109106") + [.enter, .down] + Self.typing("Công ty Thử nghiệm") + [.enter, .enter])
    Self.press(&model, Self.typing("ha"))
    try golden(model.render(width: 80, height: 24), "profile-picker-vi-80x24")
  }

  @Test("show_if applies live: a hidden question's answer is dropped, with a notice")
  func liveConditions() throws {
    var model = Self.model(language: .en)
    _ = Self.fillProfile(&model)
    let draft = try #require(model.draft)
    // Tick "marketplace" (4th option): the reviews question appears next.
    var effects = Self.press(&model, [.character("4"), .enter])
    #expect(effects == [.saveAnswer("cx_online_presence", .options(["marketplace"]), draft)])
    #expect(model.screen?.question.id == "cx_marketplace_reviews")
    effects = Self.press(&model, [.character("1"), .enter])
    #expect(effects == [.saveAnswer("cx_marketplace_reviews", .option("yes"), draft)])
    // Back twice, untick the marketplace, tick the website: the reviews answer goes.
    Self.press(&model, [.escape, .escape])
    #expect(model.screen?.question.id == "cx_online_presence")
    effects = Self.press(&model, [.character("4"), .character("1"), .enter])
    #expect(
      effects == [
        .saveAnswer("cx_online_presence", .options(["website"]), draft),
        .removeAnswer("cx_marketplace_reviews", draft),
      ])
    #expect(model.answers["cx_marketplace_reviews"] == nil)
    #expect(model.screen?.notice?.contains("1 answer(s) removed") == true)
    #expect(model.screen?.notice?.contains("cx_") == false, "no internal ids on screen")
    #expect(!model.shown.contains { $0.id == "cx_marketplace_reviews" })
  }

  @Test("a number question: letters and numbers out of range are refused with a reason; N/A where offered")
  func numbers() throws {
    var model = Self.model(language: .en)
    _ = Self.fillProfile(&model)
    // Jump to the people dimension.
    for _ in 0..<6 where model.screen?.question.dimension != "people" { Self.press(&model, [.pageDown]) }
    for _ in 0..<20 where model.screen?.question.id != "pe_digital_staff" {
      Self.press(&model, [.character("1"), .enter])
    }
    try #require(model.screen?.question.id == "pe_digital_staff")
    #expect(Self.press(&model, Self.typing("abc") + [.enter]).isEmpty)
    #expect(model.screen?.error?.contains("not a number") == true)
    try golden(model.render(width: 120, height: 30), "number-error-en-120x30")
    Self.press(&model, Array(repeating: .backspace, count: 3))
    #expect(Self.press(&model, Self.typing("2.5") + [.enter]).isEmpty, "a whole number is asked for")
    #expect(model.screen?.error != nil)
    Self.press(&model, Array(repeating: .backspace, count: 3))
    let effects = Self.press(&model, Self.typing("3") + [.enter])
    #expect(effects == [.saveAnswer("pe_digital_staff", .number(3), model.draft!)])
  }

  @Test("a long Vietnamese prompt wraps at word boundaries at 80×24")
  func longPrompt() throws {
    var model = Self.model()
    _ = Self.fillProfile(&model)
    for _ in 0..<6 where model.screen?.question.dimension != "people" { Self.press(&model, [.pageDown]) }
    for _ in 0..<20 where model.screen?.question.id != "pe_digital_staff" {
      Self.press(&model, [.character("1"), .enter])
    }
    try #require(model.screen?.question.id == "pe_digital_staff")
    try golden(model.render(width: 80, height: 24), "number-vi-80x24")
  }

  @Test("review: unanswered required questions stop the submission; then it submits and shows the results")
  func reviewAndSubmit() throws {
    var model = Self.model("digital-intensity", language: .en)
    _ = Self.fillProfile(&model)
    let draft = try #require(model.draft)
    Self.press(&model, [.character("1"), .enter, .character("2"), .enter])
    Self.press(&model, [.pageDown, .pageDown, .pageDown])
    #expect(model.phase == .review)
    Self.press(&model, [.end, .enter])
    #expect(model.message?.contains("10 required") == true)
    try golden(model.render(width: 120, height: 30), "review-en-120x30")
    // Answer the rest from the review: Enter opens the first missing one, answering returns.
    for _ in 0..<10 {
      Self.press(&model, [.enter])
      #expect(model.phase == .questions)
      Self.press(&model, [.character("1"), .enter])
      #expect(model.phase == .review)
      Self.press(&model, [.end, .enter])
    }
    // Submitting is confirmed with a second Enter; Esc would have gone back.
    #expect(model.phase == .review && model.confirmingSubmit)
    #expect(model.message?.contains("cannot be changed") == true)
    #expect(Self.press(&model, [.escape]).isEmpty && model.phase == .review && !model.confirmingSubmit)
    #expect(Self.press(&model, [.end, .enter]).isEmpty)
    #expect(
      Self.press(&model, [.enter]) == [.submit(draft, Scorer.score(model.answers, questionnaire: model.questionnaire))])
    #expect(model.phase == .results)
    let result = try #require(model.result)
    #expect(result.overall.score == 11)
    try golden(model.render(width: 80, height: 24), "results-en-80x24")
    #expect(Self.press(&model, [.character("q")]) == [.quit])
    _ = draft
  }

  @Test("every move to another question is remembered; resuming opens the question the draft was left on")
  func position() throws {
    var model = Self.model("digital-intensity", language: .en)
    _ = Self.fillProfile(&model)
    let draft = try #require(model.draft)
    #expect(
      Self.press(&model, [.character("1"), .enter], positions: true) == [
        .saveAnswer("di_internet_staff", .option("yes"), draft), .savePosition("di_fast_broadband", draft),
      ])
    #expect(Self.press(&model, [.escape], positions: true) == [.savePosition("di_internet_staff", draft)])
    #expect(Self.press(&model, [.down], positions: true).isEmpty, "moving within a question is not a new place")

    var again = Self.model("digital-intensity", language: .en)
    Self.press(&again, Self.typing("0100109106") + [.enter])
    again.businessFound(
      nil,
      drafts: [
        DraftToResume(
          id: draft, updatedAt: Date(), answers: ["di_internet_staff": .option("yes")], position: "di_internet_staff")
      ])
    Self.press(&again, [.enter])
    #expect(again.screen?.question.id == "di_internet_staff", "where it was left, not the first unanswered")
  }

  @Test("resume: a draft of the business is offered; carrying on opens its first unanswered question")
  func resume() throws {
    var model = Self.model("digital-intensity", language: .vi)
    let effects = Self.press(&model, Self.typing("0100109106") + [.enter])
    #expect(effects == [.lookUpBusiness(taxCode: "0100109106")])
    let id = AssessmentID("11111111-2222-4333-8444-555555555555")!
    model.businessFound(
      BusinessProfile(name: "Công ty Cũ", taxCode: "0100109106", locality: "ha-long"),
      drafts: [
        DraftToResume(
          id: id, updatedAt: Date(timeIntervalSince1970: 1_795_000_000),
          answers: ["di_internet_staff": .option("yes"), "di_fast_broadband": .option("no")])
      ])
    #expect(model.phase == .resume)
    #expect(model.form.value(.name) == "Công ty Cũ", "the stored profile fills the form")
    try golden(model.render(width: 80, height: 24), "resume-vi-80x24")
    #expect(Self.press(&model, [.enter]).isEmpty)
    #expect(model.draft == id)
    #expect(model.screen?.question.id == model.shown[2].id)
    #expect(model.screen?.number == 3)
  }

  @Test("start over deletes the old draft and goes on with the form")
  func startOver() {
    var model = Self.model("digital-intensity", language: .en)
    Self.press(&model, Self.typing("0100109106") + [.enter])
    let id = AssessmentID("11111111-2222-4333-8444-555555555555")!
    model.businessFound(nil, drafts: [DraftToResume(id: id, updatedAt: Date(), answers: [:])])
    #expect(Self.press(&model, [.down, .enter]) == [.deleteDraft(id)])
    #expect(model.phase == .profile)
  }

  @Test("q, Ctrl+C and Esc from the language screen leave; nothing stored before the profile is complete")
  func leaving() throws {
    var model = Self.model(language: nil)
    #expect(model.phase == .language)
    try golden(model.render(width: 80, height: 24), "language-80x24")
    #expect(Self.press(&model, [.down, .enter]).isEmpty)
    #expect(model.language == .en)
    #expect(Self.press(&model, [.interrupt]) == [.quit])
    #expect(model.phase == .finished)
  }

  /// Answers every question shown with its lowest choice (the "none" of a multiple choice, 0 or
  /// a word where typed), then submits.
  static func answerLowest(_ model: inout TakeModel) {
    for _ in 0..<200 where model.phase == .questions {
      guard let screen = model.screen else { break }
      let question = screen.question
      switch question.kind {
      case .number: press(&model, [.character("0"), .enter])
      case .text: press(&model, typing("không") + [.enter])
      case .multiple:
        let none = question.options.firstIndex { $0.exclusive } ?? 0
        press(&model, [.character(Character(String(none + 1))), .enter])
      default:
        let lowest = question.options.indices.min { question.options[$0].score < question.options[$1].score } ?? 0
        press(&model, [.character(Character(String(lowest + 1))), .enter])
      }
    }
    press(&model, [.end, .enter, .enter])
  }

  @Test("a digit selects and Enter confirms it: the Enter never answers the next question")
  func digitThenEnter() throws {
    var model = Self.model("digital-intensity", language: .vi)
    _ = Self.fillProfile(&model)
    let draft = try #require(model.draft)
    #expect(Self.press(&model, [.character("2")]).isEmpty, "a digit alone stores nothing")
    #expect(model.screen?.question.id == "di_internet_staff")
    #expect(Self.press(&model, [.enter]) == [.saveAnswer("di_internet_staff", .option("no"), draft)])
    #expect(model.screen?.question.id == "di_fast_broadband")
    #expect(model.answers["di_fast_broadband"] == nil, "the next question is not answered")
    let lines = model.render(width: 80, height: 24).lines
    #expect(lines.contains { $0.contains("› 1. ( ) Có") }, "not answered, cursor on 1, shown as such")
    #expect(!lines.joined().contains("(•)"))
  }

  @Test("a household business: its owner's 12-digit number makes the legal form household, and no size class")
  func household() throws {
    var model = Self.model()
    let effects = Self.press(&model, Self.typing("022185000123") + [.enter])
    #expect(effects == [.lookUpBusiness(taxCode: "022185000123")])
    #expect(model.form.focus == .legalForm && model.form.value(.legalForm) == "Hộ kinh doanh")
    Self.press(&model, [.down] + Self.typing("Tạp hóa Minh Anh") + [.enter])
    try golden(model.render(width: 80, height: 24), "profile-household-vi-80x24")
    #expect(model.form.sizeLine.contains("không áp dụng cho hộ kinh doanh"))
    // Choosing another legal form for the number is refused when the form is finished.
    Self.press(&model, [.up, .up, .enter, .up, .up, .enter])
    #expect(model.form.value(.legalForm) == "Doanh nghiệp")
    for _ in 0..<8 where model.form.focus != .done { Self.press(&model, [.down]) }
    Self.press(&model, [.enter])
    #expect(model.phase == .profile && model.form.focus == .taxCode)
    #expect(model.form.errors[.taxCode]?.contains("chỉ dùng cho hộ kinh doanh") == true)
  }

  @Test("every profile field is checked on Enter")
  func profileChecks() {
    var model = Self.model()
    Self.press(&model, Self.typing("0100109106") + [.enter, .down])
    Self.press(&model, [.enter])
    #expect(model.form.focus == .name && model.form.errors[.name] == "Cần tên cơ sở kinh doanh.")
    Self.press(&model, Self.typing("Công ty A") + [.enter, .down, .down])
    #expect(model.form.focus == .employees)
    Self.press(&model, Self.typing("ba mươi") + [.enter])
    #expect(model.form.focus == .employees)
    #expect(model.form.errors[.employees]?.hasPrefix("Nhập một số nguyên") == true)
    Self.press(&model, Array(repeating: .backspace, count: 7) + Self.typing("30") + [.enter])
    #expect(model.form.focus == .revenue && model.form.errors[.employees] == nil)
  }

  @Test("profile fields: the cursor keys edit in place; numbers are read as written in Vietnamese")
  func profileEditing() {
    var model = Self.model()
    Self.press(&model, Self.typing("0100109106") + [.enter, .down] + Self.typing("Cong ty Thu"))
    Self.press(&model, [.home, .character("X"), .end, .left, .left, .character("Y"), .right, .delete])
    #expect(model.form.value(.name) == "XCong ty TYh")
    Self.press(&model, [.home, .delete])
    #expect(model.form.value(.name) == "Cong ty TYh")
    Self.press(&model, [.enter, .down, .down, .down] + Self.typing("100.000"))
    #expect(model.form.focus == .revenue)
    let (profile, problems) = model.form.profile()
    #expect(problems.isEmpty && profile.revenueBillionVND == 100_000, "100.000 is a hundred thousand")
    #expect(model.render(width: 80, height: 24).lines.last?.contains("←→ con trỏ") == true)
  }

  @Test("back from the first question to the profile, changed without starting over")
  func backToProfile() throws {
    var model = Self.model("digital-intensity", language: .en)
    _ = Self.fillProfile(&model)
    let draft = try #require(model.draft)
    Self.press(&model, [.character("1"), .enter, .escape])
    #expect(model.screen?.question.id == "di_internet_staff")
    #expect(model.screen?.keys.contains("Esc profile") == true)
    Self.press(&model, [.escape])
    #expect(model.phase == .profile && model.form.focus == .name)
    Self.press(&model, [.up, .up] + Self.typing("9"))
    #expect(model.form.value(.taxCode) == "0100109106", "a started draft's tax code does not change")
    Self.press(&model, [.down, .down] + Self.typing(" Mới") + [.enter])
    for _ in 0..<8 where model.phase == .profile { Self.press(&model, [.down]) }
    let effects = Self.press(&model, [.enter])
    guard case .updateProfile(let profile, _)? = effects.first else {
      Issue.record("no profile update: \(effects)")
      return
    }
    #expect(profile.name == "Công ty Thử nghiệm Mới" && profile.taxCode == "0100109106")
    #expect(effects.count == 1, "no new draft")
    #expect(model.draft == draft && model.answers["di_internet_staff"] == .option("yes"))
    #expect(model.phase == .questions && model.screen?.question.id == "di_internet_staff")
  }

  static let notice: PrivacyNotice = {
    let url = package.appendingPathComponent("Questionnaires/privacy-notice.yaml")
    return PrivacyNoticeLoader.load((try? String(contentsOf: url, encoding: .utf8)) ?? "", file: "notice").notice!
  }()

  @Test(
    "the personal-data notice comes before the profile: Enter agrees and the consent goes with the draft; q stores nothing",
    arguments: [Language.vi, .en])
  func consent(_ language: Language) throws {
    var model = TakeModel(
      questionnaire: Self.load("digital-intensity"), reference: Self.reference, catalog: Self.catalog,
      language: language, notice: Self.notice)
    model.nextDraftID = { AssessmentID("7d6f3c1e-0000-4000-8000-000000000001")! }
    model.clock = { Date(timeIntervalSince1970: 1_796_000_000) }
    Self.press(&model, [.enter])
    #expect(model.phase == .consent)
    let screen = model.render(width: 80, height: 24)
    try golden(screen, "consent-\(language.rawValue)-80x24")
    #expect(!screen.lines.joined().contains("↑↓ để xem tiếp") && !screen.lines.joined().contains("for more"))
    var leaving = model
    #expect(Self.press(&leaving, [.character("q")]) == [.quit])
    #expect(leaving.consent == nil && leaving.draft == nil)

    Self.press(&model, [.enter])
    #expect(model.phase == .profile)
    let consent = ConsentRecord(notice: "2026-11", givenAt: "2026-11-30T00:53:20.000Z", method: .take)
    #expect(model.consent == consent)
  }

  @Test("the introduction says what it is and how long it takes, in both languages")
  func intro() throws {
    var model = Self.model(language: nil)
    Self.press(&model, [.enter])
    #expect(model.phase == .intro)
    try golden(model.render(width: 80, height: 24), "intro-vi-80x24")
    #expect(model.render(width: 80, height: 24).lines.joined().contains("15–20 phút"))
    var english = Self.model(language: nil)
    Self.press(&english, [.down, .enter])
    try golden(english.render(width: 80, height: 24), "intro-en-80x24")
    Self.press(&english, [.enter])
    #expect(english.phase == .profile)
  }

  @Test(
    "a level-0 business: the score table keeps its columns, the roadmap its indents, at 80×24",
    arguments: [Language.vi, .en])
  func levelZero(_ language: Language) throws {
    var model = Self.model(language: language)
    _ = Self.fillProfile(&model)
    Self.answerLowest(&model)
    try #require(model.phase == .results)
    #expect(model.result?.overall.level == 0)
    let grid = model.render(width: 80, height: 24)
    try golden(grid, "results-level0-\(language.rawValue)-80x24")
    let lines = model.resultLines(width: 80)
    #expect(lines.allSatisfy { DisplayWidth.of($0) <= 78 })
    let levelWord = language == .vi ? "Mức 0 · Chưa chuyển đổi số" : "Level 0 · Not started"
    #expect(
      lines.filter { $0.contains("░") && $0.contains(levelWord) }.count == 6,
      "every dimension's bar and level on one row")
    #expect(!grid.lines.joined().contains("…"), "nothing cut")
    // Down to the roadmap: each wrapped line keeps the indent of the item it belongs to.
    Self.press(&model, [.pageDown, .pageDown])
    try golden(model.render(width: 80, height: 24), "roadmap-\(language.rawValue)-80x24")
    for (index, line) in lines.enumerated().dropFirst() where line.hasPrefix("  ") {
      let previous = lines[index - 1]
      if previous.hasPrefix("  1. ") || previous.hasPrefix("  2. ") {
        #expect(line.hasPrefix("     "), "a wrapped service line is indented under its text: \(line)")
      }
    }
    if language == .vi { #expect(lines.first?.contains(",") == true, "a decimal comma: \(lines.first ?? "")") }
  }

  @Test("below 80×24 the screen says how to leave, says answers are saved only when some are, and only q or Ctrl+C act")
  func tooSmall() throws {
    var model = Self.model(language: .en)
    var text = model.render(width: 60, height: 20).lines.joined(separator: " ")
    #expect(text.contains("Ctrl+C or q: leave") && !text.contains("saved"))
    _ = Self.fillProfile(&model)
    Self.press(&model, [.character("1"), .enter])
    text = model.render(width: 60, height: 20).lines.joined(separator: " ")
    #expect(text.contains("Your answers are saved"))
  }

  @Test(
    "every screen fits any size from 80×24 up, with nothing cut at the edge, and below it says to enlarge the window",
    arguments: [Language.vi, .en])
  func sizes(_ language: Language) {
    var model = TakeModel(
      questionnaire: Self.load("enterprise-dx"), reference: Self.reference, catalog: Self.catalog, language: language,
      notice: Self.notice)
    model.nextDraftID = { AssessmentID("7d6f3c1e-0000-4000-8000-000000000001")! }
    // Every phase on the way: introduction, notice, profile, questions, review, results.
    var screens: [(String, TakeModel)] = [("intro", model)]
    Self.press(&model, [.enter])
    screens.append(("notice", model))
    Self.press(&model, [.enter])
    screens.append(("profile", model))
    _ = Self.fillProfile(&model)
    screens.append(("question", model))
    var review = model
    Self.press(&review, Array(repeating: .pageDown, count: 10))
    screens.append(("review", review))
    Self.answerLowest(&model)
    screens.append(("results", model))
    for (name, screen) in screens {
      for (width, height) in [(80, 24), (81, 25), (120, 30), (200, 60)] {
        let grid = screen.render(width: width, height: height)
        #expect(grid.clipped == 0, "\(name) at \(width)×\(height): text cut at the edge")
      }
      for (width, height) in [(79, 24), (20, 5)] {
        #expect(
          screen.render(width: width, height: height).lines.joined(separator: " ").contains(
            language == .vi ? "quá nhỏ" : "too small"))
      }
    }
  }
}
