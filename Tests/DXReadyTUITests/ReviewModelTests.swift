import DXReadyCore
import Foundation
import Testing

@testable import DXReadyTUI

/// The review screens as a model: keys in, effects and screens out.
@Suite("The review screens")
struct ReviewModelTests {
  static let questionnaire = TakeModelTests.load("enterprise-dx")

  static func row(
    _ name: String, id: String, state: ReviewState = .submitted, score: Double = 38.4, reviewer: String? = nil
  ) -> ReviewQueueRow {
    ReviewQueueRow(
      id: AssessmentID(id)!, taxCode: "5700100256", businessName: name, questionnaireID: "enterprise-dx",
      locality: "ha-long", vsicVersion: 2025, section: "G", sizeClass: .small,
      submittedAt: "2026-11-30T02:00:00.000Z", overallScore: score, overallLevel: 2, weakestDimension: "data",
      state: state, reviewer: reviewer)
  }

  static let rows = [
    row("Công ty TNHH Thương mại Hạ Long Xanh", id: "7d6f3c1e-2b4a-4c8e-9f10-3a5b6c7d8e90"),
    row(
      "Hợp tác xã Nông nghiệp Đầm Hà", id: "0b9e6a52-5c1d-4f7e-8a3b-2c4d6e8f0a1b", state: .inReview, score: 55,
      reviewer: "Trần Thị B"),
    row("Công ty Đã Xem", id: "11111111-2222-4333-8444-555555555555", state: .reviewed, score: 70),
  ]

  static func detail() throws -> ReviewDetail {
    let url = TakeModelTests.package.appendingPathComponent("Questionnaires/examples/enterprise-dx-retail.yaml")
    let sheet = try #require(AnswerSheetLoader.load(try String(contentsOf: url, encoding: .utf8), file: "x").sheet)
    let answers = AnswerValidator.validate(sheet, against: questionnaire, file: "x").answers
    let summary = AssessmentSummary(
      id: rows[0].id, taxCode: "5700100256", businessName: rows[0].businessName, questionnaireID: "enterprise-dx",
      questionnaireVersion: questionnaire.version, status: .submitted, createdAt: Date(timeIntervalSince1970: 0),
      updatedAt: Date(timeIntervalSince1970: 0), submittedAt: Date(timeIntervalSince1970: 1_796_004_000))
    let stored = StoredAssessment(
      summary: summary, profile: BusinessProfile(), sizeClass: .small, questionnaireHash: questionnaire.hash,
      questionnaireSource: "", answers: answers, dimensionScores: [])
    return ReviewDetail(
      stored: stored, questionnaire: questionnaire, review: ReviewRecord(state: .submitted),
      history: [
        .init(date: "2025-11-30T02:00:00.000Z", score: 31, dimensions: ["strategy": 20, "data": 16.7]),
        .init(date: "2026-11-30T02:00:00.000Z", score: 38.4, dimensions: ["strategy": 30, "data": 16.7]),
      ])
  }

  static func model(_ language: Language) -> ReviewModel {
    var model = ReviewModel(
      reference: TakeModelTests.reference, questionnaires: [questionnaire], language: language,
      catalog: TakeModelTests.catalog)
    _ = model.update(.queueLoaded(rows, complete: true))
    return model
  }

  @Test(
    "the queue: search with accents and đ ignored, the state filter, opening an assessment",
    arguments: [Language.vi, .en])
  func queue(_ language: Language) throws {
    var model = Self.model(language)
    #expect(model.matching.count == 2, "submitted and in review by default")
    try QuestionScreenTests().golden(model.render(width: 80, height: 24), "review-queue-\(language.rawValue)-80x24")
    for key in "dam ha" { _ = model.update(.key(key == " " ? .space : .character(key))) }
    #expect(model.matching.map(\.businessName) == ["Hợp tác xã Nông nghiệp Đầm Hà"])
    _ = model.update(.key(.escape))
    for _ in 0..<4 { _ = model.update(.key(.tab)) }
    #expect(model.matching.map(\.state) == [.reviewed])
    _ = model.update(.key(.tab))
    _ = model.update(.key(.tab))
    #expect(model.matching.count == 3, "all states")
    #expect(model.update(.key(.enter)) == [.open(Self.rows[0].id)])
    #expect(model.update(.key(.interrupt)) == [.quit])
  }

  @Test("an assessment: correct an answer with a reason, as one action on the version seen; a reason is required")
  func correct() throws {
    var model = Self.model(.vi)
    _ = model.update(.opened(try Self.detail()))
    try QuestionScreenTests().golden(model.render(width: 80, height: 24), "review-assessment-vi-80x24")
    let question = model.shownQuestions[8]
    #expect(question.id == "st_plan")
    for _ in 0..<8 { _ = model.update(.key(.down)) }
    _ = model.update(.key(.character("c")))
    #expect(model.phase == .correcting)
    _ = model.update(.key(.character("2")))
    #expect(model.update(.key(.enter)).isEmpty && model.phase == .correcting, "the answer it already has")
    #expect(model.render(width: 80, height: 24).lines.joined().contains("Đó vẫn là câu trả lời hiện có"))
    _ = model.update(.key(.character("3")))
    #expect(model.update(.key(.enter)).isEmpty)
    try QuestionScreenTests().golden(model.render(width: 80, height: 24), "review-reason-vi-80x24")
    #expect(model.update(.key(.enter)).isEmpty, "no reason, nothing stored")
    #expect(model.message?.contains("lý do") == true || model.message?.contains("nhật ký") == true)
    for key in "Xem kế hoạch giấy" { _ = model.update(.key(key == " " ? .space : .character(key))) }
    let effects = model.update(.key(.enter))
    guard case .apply(let id, let actions, let version, let rescored)? = effects.first else {
      Issue.record("no action: \(effects)")
      return
    }
    #expect(id == Self.rows[0].id && version == 0)
    #expect(actions == [.correct("st_plan", .option("partial"), reason: "Xem kế hoạch giấy")])
    #expect(rescored?.overall.score == 39.2)
    // Stored: the screen shows both versions.
    var review = ReviewRecord(state: .inReview, reviewer: "B", version: 1)
    review.corrections = [
      Correction(question: "st_plan", value: .option("partial"), reason: "Xem kế hoạch giấy", by: "B", at: "now")
    ]
    _ = model.update(.applied(review))
    // The screen's words, whatever the wrapping.
    let screen = model.render(width: 80, height: 24).lines.joined(separator: " ").split(separator: " ")
      .joined(separator: " ")
    #expect(screen.contains("38,4 → 39,2 (sau khi sửa)"))
    #expect(screen.contains("Mới có ý tưởng, chưa viết thành kế hoạch → Có kế hoạch cho một vài lĩnh vực"))
    #expect(screen.contains("Lịch sử: 30/11/2025 31,0 → 30/11/2026 38,4"))
    _ = model.update(.key(.character("h")))
    #expect(model.phase == .history)
    try QuestionScreenTests().golden(model.render(width: 80, height: 24), "review-history-vi-80x24")
    let table = model.render(width: 80, height: 24).lines.joined(separator: "\n")
    #expect(table.contains("+14,5") && table.contains("M2"), "strategy from 20 to 34,5 as corrected, at level 2")
    _ = model.update(.key(.escape))
    #expect(model.phase == .assessment)
  }

  @Test(
    "the correction screens in both languages: the question with the answer given, then the reason",
    arguments: [Language.vi, .en])
  func correctionScreens(_ language: Language) throws {
    var model = Self.model(language)
    _ = model.update(.opened(try Self.detail()))
    for _ in 0..<8 { _ = model.update(.key(.down)) }
    _ = model.update(.key(.character("c")))
    try QuestionScreenTests().golden(
      model.render(width: 80, height: 24), "review-correct-\(language.rawValue)-80x24")
    _ = model.update(.key(.character("3")))
    _ = model.update(.key(.enter))
    try QuestionScreenTests().golden(model.render(width: 80, height: 24), "review-reason-\(language.rawValue)-80x24")
    _ = model.update(.key(.character("h")))
    _ = model.update(.key(.escape))
    _ = model.update(.key(.character("h")))
    #expect(model.phase == .history)
    try QuestionScreenTests().golden(model.render(width: 80, height: 24), "review-scores-\(language.rawValue)-80x24")
  }

  @Test("the scores view: + and - change the highlighted dimension's target, never below its level")
  func targets() throws {
    var model = Self.model(.en)
    _ = model.update(.opened(try Self.detail()))
    _ = model.update(.key(.character("h")))
    let questionnaire = Self.questionnaire
    let first = questionnaire.dimensions[0].id
    let scored = Scorer.score(try Self.detail().stored.answers, questionnaire: questionnaire)
    let level = try #require(scored.dimension(first)?.level)
    #expect(model.render(width: 80, height: 24).lines.joined().contains("L\(level) → L\(level + 1)"))
    guard case .apply(_, let raised, let version, _)? = model.update(.key(.character("+"))).first else {
      Issue.record("+ stored nothing")
      return
    }
    #expect(raised == [.target(first, level + 2)] && version == 0 && model.phase == .history)
    var review = ReviewRecord(state: .inReview, reviewer: "B", version: 1)
    review.targets = [first: level + 2]
    _ = model.update(.applied(review))
    #expect(model.phase == .history)
    #expect(model.render(width: 80, height: 24).lines.joined().contains("L\(level) → L\(level + 2) ✎"))
    // Down to the second dimension; lowering its default target to its level is allowed once.
    _ = model.update(.key(.down))
    let second = questionnaire.dimensions[1].id
    let secondLevel = try #require(scored.dimension(second)?.level)
    guard case .apply(_, let lowered, _, _)? = model.update(.key(.character("-"))).first else {
      Issue.record("- stored nothing")
      return
    }
    #expect(lowered == [.target(second, secondLevel)])
    review.targets[second] = secondLevel
    review.version = 2
    _ = model.update(.applied(review))
    #expect(model.update(.key(.character("-"))).isEmpty, "never below the current level")
    #expect(model.message == "The target cannot be below the current level.")
  }

  @Test(
    "the roadmap: accept a service, leave one out with a reason, add one from the catalogue",
    arguments: [Language.vi, .en])
  func roadmap(_ language: Language) throws {
    var model = Self.model(language)
    _ = model.update(.opened(try Self.detail()))
    try QuestionScreenTests().golden(
      model.render(width: 80, height: 24), "review-assessment-\(language.rawValue)-80x24")
    _ = model.update(.key(.character("p")))
    #expect(model.phase == .roadmap)
    try QuestionScreenTests().golden(model.render(width: 80, height: 24), "review-roadmap-\(language.rawValue)-80x24")
    let first = try #require(model.roadmapEntries.first?.service)
    guard case .apply(_, let accept, _, _)? = model.update(.key(.character("a"))).first else {
      Issue.record("a stored nothing")
      return
    }
    #expect(accept == [.accept(first)] && model.phase == .roadmap)
    _ = model.update(.key(.down))
    let second = model.roadmapEntries[1].service
    _ = model.update(.key(.character("x")))
    for key in "da co" { _ = model.update(.key(key == " " ? .space : .character(key))) }
    guard case .apply(_, let reject, _, _)? = model.update(.key(.enter)).first else {
      Issue.record("x stored nothing")
      return
    }
    #expect(reject == [.reject(second, reason: "da co")] && model.phase == .roadmap)
    _ = model.update(.key(.character("+")))
    #expect(model.phase == .adding)
    let candidate = model.addable[0].id
    guard case .apply(_, let add, _, _)? = model.update(.key(.enter)).first else {
      Issue.record("+ stored nothing")
      return
    }
    #expect(add == [.add(candidate)] && model.phase == .roadmap)
    // Stored: the roadmap is re-planned around the decisions.
    var review = ReviewRecord(state: .inReview, version: 3)
    review.decisions = [
      ServiceDecision(service: second, kind: .rejected, reason: "da co", by: "B", at: "now"),
      ServiceDecision(service: candidate, kind: .added, reason: nil, by: "B", at: "now"),
    ]
    _ = model.update(.applied(review))
    #expect(model.phase == .roadmap)
    let planned = model.roadmap.map { ($0.phases.flatMap { $0 } + $0.deferred).map(\.service) } ?? []
    #expect(planned.first == candidate && !planned.contains(second))
  }

  @Test("states from the assessment: reviewed, follow-up, rejected with its reason; a closed one is opened again first")
  func states() throws {
    var model = Self.model(.en)
    _ = model.update(.opened(try Self.detail()))
    guard case .apply(_, let actions, _, _)? = model.update(.key(.character("r"))).first else {
      Issue.record("r stored nothing")
      return
    }
    #expect(actions == [.setState(.reviewed, reason: nil)])
    _ = model.update(.applied(ReviewRecord(state: .reviewed, version: 1)))
    #expect(model.update(.key(.character("c"))).isEmpty && model.message?.contains("o opens it again") == true)
    guard case .apply(_, let reopen, _, _)? = model.update(.key(.character("o"))).first else {
      Issue.record("o stored nothing")
      return
    }
    #expect(reopen == [.setState(.inReview, reason: nil)])
    _ = model.update(.applied(ReviewRecord(state: .inReview, version: 2)))
    _ = model.update(.key(.character("x")))
    for key in "duplicate" { _ = model.update(.key(.character(key))) }
    guard case .apply(_, let reject, let version, _)? = model.update(.key(.enter)).first else {
      Issue.record("x stored nothing")
      return
    }
    #expect(reject == [.setState(.rejected, reason: "duplicate")] && version == 2)
    // Once rejected, the screen says why, who and when (from the audit log).
    var rejected = ReviewRecord(state: .rejected, reviewer: "Lan", version: 3)
    rejected.lastStateChange = .init(by: "Lan", at: "2026-11-30T02:00:00.000Z", reason: "duplicate")
    _ = model.update(.applied(rejected))
    let shown = model.render(width: 80, height: 24).lines
    #expect(shown.contains { $0.contains("Reason: duplicate — Lan, 2026-11-30") }, "\(shown.joined(separator: "\n"))")
    _ = model.update(.applied(ReviewRecord(state: .inReview, version: 2)))
    _ = model.update(.key(.down))
    _ = model.update(.key(.character("m")))
    try QuestionScreenTests().golden(model.render(width: 80, height: 24), "review-answer-note-en-80x24")
    for key in "seen" { _ = model.update(.key(.character(key))) }
    guard case .apply(_, let note, _, _)? = model.update(.key(.enter)).first else {
      Issue.record("m stored nothing")
      return
    }
    #expect(note == [.note(model.shownQuestions[1].id, "seen")])
    // Someone else was first: the screen says so and the assessment is read again.
    #expect(model.update(.conflict("changed by A")) == [.open(Self.rows[0].id)])
    #expect(model.message == "changed by A")
    _ = model.update(.storeFailed("disk I/O error"))
    #expect(model.phase == .failed && model.update(.key(.character("q"))) == [.quit])
  }

  @Test(
    "every review screen fits 80×24 and more, with nothing cut at the edge, in both languages",
    arguments: [Language.vi, .en])
  func sizes(_ language: Language) throws {
    var model = Self.model(language)
    var screens = [model]
    _ = model.update(.opened(try Self.detail()))
    screens.append(model)
    _ = model.update(.key(.character("n")))
    screens.append(model)
    _ = model.update(.key(.escape))
    _ = model.update(.key(.character("p")))
    screens.append(model)
    _ = model.update(.key(.character("+")))
    screens.append(model)
    _ = model.update(.key(.escape))
    _ = model.update(.key(.escape))
    _ = model.update(.key(.character("h")))
    #expect(model.phase == .history)
    screens.append(model)
    #expect(!model.render(width: 80, height: 24).lines.joined().contains("…"), "no dimension name cut")
    for screen in screens {
      for (width, height) in [(80, 24), (120, 30)] {
        #expect(screen.render(width: width, height: height).clipped == 0, "\(screen.phase) at \(width)×\(height)")
      }
    }
  }
}
