import Foundation
import Testing

@testable import DXReadyCore

/// Expected figures are worked out by hand beside each case; the code must agree with them.
@Suite("Scoring")
struct ScoringTests {
  static let fixture: Questionnaire = {
    let url = Paths.fixtures.appendingPathComponent("questionnaires/scoring-fixture.yaml")
    let text = (try? Paths.text(url)) ?? ""
    return QuestionnaireLoader.load(text, file: "scoring-fixture.yaml").questionnaire!
  }()

  struct Case: CustomTestStringConvertible, Sendable {
    var name: String
    var answers: String
    var a: Double?
    var b: Double?
    var overall: Double?
    var overallLevel: Int?
    var coverageB: Double
    var weakest: String?
    var testDescription: String { name }
  }

  static let cases: [Case] = [
    // A = 100×(1×1 + 3×1 + 1×min(1, 0.6+0.6))/(1+3+1) = 100; B = 100×(1×1 + 2×1 + 1×1)/4 = 100.
    // Overall = (2×100 + 1×100)/3 = 100 → high.
    Case(
      name: "every best answer", answers: "{a1: l2, a2: yes, a3: [x, y], b1: r, b2: 60, b3: yes}",
      a: 100, b: 100, overall: 100, overallLevel: 2, coverageB: 1, weakest: "a"),
    // A = 100×(1×0.5 + 3×0 + 1×0.2)/5 = 100×0.7/5 = 14.0. b3 hidden (b1 ≠ r), not counted:
    // B = 100×(1×0.25 + 2×0.5)/(1+2) = 100×1.25/3 = 41.666… → 41.7.
    // Overall = (2×14 + 1×41.666…)/3 = 69.666…/3 = 23.222… → 23.2 → low.
    Case(
      name: "weights and a hidden question", answers: "{a1: l1, a2: no, a3: [z], b1: q, b2: 10}",
      a: 14, b: 41.7, overall: 23.2, overallLevel: 0, coverageB: 1, weakest: "a"),
    // "Don't know" scores 0: A = 100×(1×1 + 3×0 + 1×0.6)/5 = 32.0.
    // N/A is left out: B = 100×(2×1)/2 = 100; N/A share 1/2 is not above 0.5; coverage 1/2.
    // Overall = (2×32 + 100)/3 = 164/3 = 54.666… → 54.7 → middle.
    Case(
      name: "don't know and not applicable", answers: "{a1: l2, a2: dont_know, a3: [x], b1: not_applicable, b2: 50}",
      a: 32, b: 100, overall: 54.7, overallLevel: 1, coverageB: 0.5, weakest: "a"),
    // B: b1 counts, b2 and b3 are N/A: share 2/3 > 0.5 → insufficient; no overall.
    Case(
      name: "too many not applicable",
      answers: "{a1: l2, a2: yes, a3: [y], b1: r, b2: not_applicable, b3: not_applicable}",
      a: 92, b: nil, overall: nil, overallLevel: nil, coverageB: 1.0 / 3, weakest: "a"),
    // A = 100×(1×1 + 3×1 + 1×0.6)/5 = 92.0 (a3 = y scores 0.6).
    // B: b3 shown and counted: 100×(1×1 + 2×0 + 1×0)/(1+2+1) = 25.0.
    // Overall = (2×92 + 25)/3 = 209/3 = 69.666… → 69.7 → middle (just under 70).
    Case(
      name: "a shown conditional question counts", answers: "{a1: l2, a2: yes, a3: [y], b1: r, b2: 0, b3: no}",
      a: 92, b: 25, overall: 69.7, overallLevel: 1, coverageB: 1, weakest: "b"),
    // Unanswered optional b2 is left out: B = 100×(1×0)/1 = 0.0, coverage 1/2; "none" scores 0:
    // A = 100×(1×0 + 3×0 + 1×0)/5 = 0. Overall 0; equal scores: the first dimension is weakest.
    Case(
      name: "unanswered optional question and a tie", answers: "{a1: l0, a2: no, a3: [none], b1: p}",
      a: 0, b: 0, overall: 0, overallLevel: 0, coverageB: 0.5, weakest: "a"),
  ]

  @Test("dimension and overall scores", arguments: cases)
  func scores(_ c: Case) throws {
    let answers = try validatedAnswers("questionnaire: fixture@1\nanswers: \(c.answers)", for: Self.fixture)
    let result = Scorer.score(answers, questionnaire: Self.fixture)
    #expect(result.dimension("a")?.score == c.a)
    #expect(result.dimension("b")?.score == c.b)
    #expect(result.dimension("b")?.status == (c.b == nil ? .insufficientData : .scored))
    #expect(abs((result.dimension("b")?.coverage ?? -1) - c.coverageB) < 0.0001)
    #expect(result.overall.score == c.overall)
    #expect(result.overall.level == c.overallLevel)
    #expect(result.overall.status == (c.overall == nil ? .insufficientData : .scored))
    #expect(result.weakestDimension?.rawValue == c.weakest)
    #expect(result.questionnaire.hash == Self.fixture.hash)
    #expect(result.scoringMethod == Scorer.methodVersion)
  }

  @Test("a hidden question never counts, even if an answer slips through")
  func hiddenIgnored() {
    // b1 = p hides b3; the scorer ignores an answer to it that did not pass validation.
    let answers: [QuestionID: AnswerValue] = [
      "a1": .option("l2"), "a2": .option("yes"), "a3": .options(["x", "y"]), "b1": .option("p"),
      "b2": .number(50), "b3": .option("yes"),
    ]
    let result = Scorer.score(answers, questionnaire: Self.fixture)
    // B = 100×(1×0 + 2×1)/3 = 66.666… → 66.7, without b3.
    #expect(result.dimension("b")?.score == 66.7)
    #expect(result.dimension("b")?.questions.map(\.id) == ["b1", "b2"])
  }

  @Test("enterprise-dx: the retail example, worked by hand")
  func enterpriseRetail() throws {
    let q = try projectQuestionnaire("enterprise-dx")
    let url = Paths.questionnaires.appendingPathComponent("examples/enterprise-dx-retail.yaml")
    let result = Scorer.score(try validatedAnswers(try Paths.text(url), for: q), questionnaire: q)
    // customer: (0.25+0.15+0.2 = 0.6) + 1 + 0.35 + 1 + 0.5 + 0.4 + 0.35 = 4.2; 4.2/7 = 0.6 → 60.0
    // strategy: 0.3 + 0.25 + 0.3 + 0 + 0.3 + 0.5×1 = 1.65; /5.5 = 0.3 → 30.0 (st_goals is free text)
    // infrastructure: 0.75 + 0.8 + 0.3 + 0.25 + 1 + 0.4 + 0.35 = 3.85; /7 = 0.55 → 55.0
    // operations: 0.6 + 0.75 + 0.35 + 0.35 + 1 + 0.3 + 0.3 + 0 = 3.65; /8 = 0.45625 → 45.6
    // people: 0.45 + 0.3 + 0 + 0.35 + 0 + 0.4 + 0.5×0 = 1.5; /6.5 = 0.230769… → 23.1
    // data: 0.3 + 0.35 + 0.3 + 0.3 + 0 (don't know) + 0 + 0 + 0.5×0 = 1.25; /7.5 = 0.1666… → 16.7
    // overall: (60 + 30 + 55 + 45.625 + 23.0769 + 16.6667)/6 = 230.3686/6 = 38.39 → 38.4, level 2
    #expect(result.dimensions.map(\.score) == [60, 30, 55, 45.6, 23.1, 16.7])
    #expect(result.dimensions.map(\.level) == [3, 2, 3, 2, 1, 1])
    #expect(result.overall.score == 38.4)
    #expect(result.overall.level == 2)
    #expect(result.weakestDimension == "data")
    #expect(result.dimension("data")?.dontKnow == 2)
  }

  @Test("digital-intensity counts yes answers; dimension levels at the same share")
  func digitalIntensity() throws {
    let q = try projectQuestionnaire("digital-intensity")
    let url = Paths.questionnaires.appendingPathComponent("examples/digital-intensity-retail.yaml")
    let result = Scorer.score(try validatedAnswers(try Paths.text(url), for: q), questionnaire: q)
    // yes: internet_staff, fast_broadband, social_media, ecommerce_1pct, cloud_any = 5 of 12 →
    // "low" (4–6).
    #expect(result.overall.score == 5)
    #expect(result.overall.maximum == 12)
    #expect(result.overall.level == 1)
    // connectivity 2/2 = 100 → 12 → very high; online 2/4 = 50 → 6 → low; advanced 1/6 = 16.7
    // → 2 → very low.
    #expect(result.dimensions.map(\.score) == [100, 50, 16.7])
    #expect(result.dimensions.map(\.level) == [3, 1, 0])
  }

  @Test(
    "digital-intensity bands: 3 → very low, 7 → high, 10 → very high",
    arguments: [(3, 0), (4, 1), (6, 1), (7, 2), (9, 2), (10, 3), (12, 3)])
  func digitalIntensityBands(yes: Int, level: Int) throws {
    let q = try projectQuestionnaire("digital-intensity")
    var answers: [QuestionID: AnswerValue] = [:]
    for (index, question) in q.questions.enumerated() {
      answers[question.id] = .option(index < yes ? "yes" : "no")
    }
    let result = Scorer.score(answers, questionnaire: q)
    #expect(result.overall.score == Double(yes))
    #expect(result.overall.level == level)
  }
}

@Suite("JSON written by hand")
struct HandWrittenJSONTests {
  @Test("a profile's JSON text reads back as the same profile")
  func profileRoundTrip() throws {
    let profiles = [
      BusinessProfile(
        name: "Công ty \"Sao\" \\ Biển\n", taxCode: "0100109106-001", locality: "ha-long",
        industry: Industry(vsic: 2018, section: "G", code: "4711"), employees: 12, revenueBillionVND: 2.5,
        capitalBillionVND: 1),
      BusinessProfile(name: "A", taxCode: "0100109106"),
      BusinessProfile(),
    ]
    for profile in profiles {
      let decoded = try JSONDecoder().decode(BusinessProfile.self, from: Data(profile.jsonText.utf8))
      #expect(decoded == profile)
    }
  }

  @Test("an answer's JSON text reads back as the same answer")
  func answerRoundTrip() {
    let answers: [AnswerValue] = [
      .option("yes"), .options(["a", "b-c"]), .options([]), .number(12.5), .number(-3), .text("Nói \"có\"\n\t\\"),
      .notApplicable, .dontKnow,
    ]
    for answer in answers {
      #expect(AnswerValue(jsonText: answer.jsonText) == answer, "\(answer.jsonText)")
    }
  }
}
