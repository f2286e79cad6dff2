import Foundation
import Testing

@testable import DXReadyCore

@Suite("The project's own questionnaires")
struct ProjectQuestionnaireTests {
  static let files: [String] = {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: Paths.questionnaires.path)) ?? []
    return names.filter { $0.hasSuffix(".yaml") && $0 != "services.yaml" && $0 != "privacy-notice.yaml" }.sorted()
  }()

  @Test("the personal-data notice has every part in both languages and a version")
  func notice() throws {
    let url = Paths.questionnaires.appendingPathComponent("privacy-notice.yaml")
    let outcome = PrivacyNoticeLoader.load(try Paths.text(url), file: "privacy-notice.yaml")
    #expect(outcome.diagnostics.isEmpty, "\(outcome.diagnostics.map(\.description))")
    let notice = try #require(outcome.notice)
    #expect(notice.version == "2026-11")
    for part in PrivacyNotice.Part.allCases {
      #expect(notice.parts[part]?.texts.count == 2, "\(part) in both languages")
    }
    #expect(notice.parts[.recipients]?.text(.vi).contains("ít nhất 10") == true)
  }

  @Test("a notice missing a part or a language is refused, located")
  func brokenNotice() {
    let text = """
      format: 1
      kind: privacy-notice
      version: "2026 11"
      title: {vi: Thông báo, en: Notice}
      stored: {vi: Hồ sơ}
      purpose: {vi: A, en: B}
      recipients: {vi: A, en: B}
      retention: {vi: A, en: B}
      basis: {vi: A, en: B}
      """
    let outcome = PrivacyNoticeLoader.load(text, file: "n.yaml")
    #expect(outcome.notice == nil)
    #expect(
      outcome.diagnostics.map { "\($0.location.line): \($0.message)" } == [
        "1: the privacy notice has no `deletion`",
        "3: `version` names the notice's text: a word such as \"2026-11\", no spaces",
        "5: `stored` has no `en` text: the notice is shown in both languages",
      ])
  }

  @Test("every questionnaire file loads and lints without errors or warnings", arguments: files)
  func lintsClean(name: String) throws {
    let url = Paths.questionnaires.appendingPathComponent(name)
    let outcome = QuestionnaireLoader.load(try Paths.text(url), file: name)
    #expect(outcome.diagnostics.isEmpty, "\(outcome.diagnostics.map(\.description))")
    let q = try #require(outcome.questionnaire)
    #expect(q.hash.hasPrefix("sha256:") && q.hash.count == 71)
    #expect(
      ["\(q.id).yaml", "\(q.id)@\(q.version).yaml"].contains(name),
      "a questionnaire's file is named after its id (and version, beside a newer one)")
  }

  @Test("digital-intensity 2.0.0 asks exactly the twelve indicators of Eurostat's DII version 3 (2025), one point each")
  func digitalIntensityIndicators() throws {
    let q = try projectQuestionnaire("digital-intensity")
    #expect(q.version == "2.0.0" && q.scoring.overall == .count)
    #expect(
      Set(q.questions.map(\.id.rawValue)) == [
        "di_internet_staff", "di_fast_broadband", "di_ecommerce_1pct", "di_b2c_web_sales", "di_cloud_any", "di_cloud",
        "di_social_media", "di_website", "di_data_analytics", "di_ai", "di_erp", "di_crm",
      ])
    #expect(q.questions.allSatisfy { $0.kind == .yesNo && $0.showIf == nil })
    // Every Vietnamese prompt is a yes/no question in the "… có … không?" form.
    for question in q.questions {
      let prompt = question.prompt.text(.vi)
      #expect(prompt.lowercased().contains("có") && prompt.hasSuffix("không?"), "\(question.id): \(prompt)")
    }
    #expect(q.description?.text(.vi).contains("từ 10 lao động") == true, "Eurostat covers 10+ persons employed")
    #expect(q.levels.map(\.minimum) == [0, 4, 7, 10])
  }

  @Test("both questionnaires exist")
  func bothExist() {
    #expect(Self.files.contains("enterprise-dx.yaml"))
    #expect(Self.files.contains("digital-intensity.yaml"))
  }

  @Test("enterprise-dx follows the national index: six pillars, levels 0–5, 36–60 questions")
  func enterpriseShape() throws {
    let q = try projectQuestionnaire("enterprise-dx")
    #expect(
      q.dimensions.map(\.id.rawValue) == ["customer", "strategy", "infrastructure", "operations", "people", "data"])
    #expect(
      q.levels.map { $0.name.text(.vi) } == [
        "Chưa chuyển đổi số", "Khởi động", "Bắt đầu", "Hình thành", "Nâng cao", "Dẫn dắt",
      ])
    #expect((36...60).contains(q.questions.count))
    #expect(q.scoring.overall == .weightedMean)
    // Every text is bilingual.
    for question in q.questions {
      #expect(question.prompt.texts.count == 2, "\(question.id)")
      for option in question.options { #expect(option.label.texts.count == 2, "\(question.id).\(option.id)") }
    }
  }

  @Test("digital-intensity has 12 yes/no indicators, counted, with the four EU bands")
  func digitalIntensityShape() throws {
    let q = try projectQuestionnaire("digital-intensity")
    #expect(q.questions.count == 12)
    #expect(q.questions.allSatisfy { $0.kind == .yesNo })
    #expect(q.scoring.overall == .count)
    #expect(q.levels.map(\.minimum) == [0, 4, 7, 10])
  }

  @Test("every example answers file validates against its questionnaire")
  func examplesValidate() throws {
    let folder = Paths.questionnaires.appendingPathComponent("examples")
    let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    #expect(names.contains { $0.hasPrefix("enterprise-dx") })
    #expect(names.contains { $0.hasPrefix("digital-intensity") })
    for name in names {
      let loaded = AnswerSheetLoader.load(try Paths.text(folder.appendingPathComponent(name)), file: name)
      let sheet = try #require(loaded.sheet, "\(name): \(loaded.diagnostics)")
      let q = try projectQuestionnaire(sheet.questionnaireID.rawValue)
      let outcome = AnswerValidator.validate(sheet, against: q, file: name)
      #expect(outcome.diagnostics.isEmpty, "\(name): \(outcome.diagnostics.map(\.description))")
    }
  }
}
