import Foundation
import Testing

@testable import DXReadyCore

/// Expected roadmaps are worked out by hand from the scoring fixture and the fixture catalogue.
@Suite("Recommendations")
struct RecommenderTests {
  static let questionnaire = ScoringTests.fixture

  static func catalog(_ name: String) throws -> ServiceCatalogLoader.Outcome {
    let url = Paths.fixtures.appendingPathComponent("services/\(name).yaml")
    return ServiceCatalogLoader.load(try Paths.text(url), file: "\(name).yaml", questionnaires: [questionnaire])
  }

  func roadmap(_ answers: String, perPhase: Int = 4, targets: [DimensionID: Int] = [:]) throws -> Roadmap {
    let catalog = try #require(try Self.catalog("catalog").catalog)
    let given = try validatedAnswers("questionnaire: fixture@1\nanswers: \(answers)", for: Self.questionnaire)
    let result = Scorer.score(given, questionnaire: Self.questionnaire)
    return Recommender.roadmap(
      result, answers: given, questionnaire: Self.questionnaire, catalog: catalog,
      options: Recommender.Options(targets: targets, perPhase: perPhase))
  }

  // A = 14.0 → level 0 (low), target 1; B = 41.7 → level 1 (middle), target 2; both gaps 1.
  static let middling = "{a1: l1, a2: no, a3: [z], b1: q, b2: 10}"

  @Test("triggering, priority, quick wins first, ties in catalogue order, prerequisites in earlier phases")
  func ordering() throws {
    let plan = try roadmap(Self.middling)
    // s-quick: (gap a 1 × weight 2) × impact 1 = 2, quick. s-tie1, s-tie2: 1 × 1 × 1 = 1, quick.
    // s-big: (1×2 + 1×1) × 3 = 9, long. s-base: 1 × 1 × 1 = 1, short at medium cost: not quick.
    // Quick wins first, then priority; s-base is placed before s-big, which depends on it.
    #expect(plan.phases.map { $0.map(\.service) } == [["s-quick", "s-tie1", "s-tie2", "s-base"], ["s-big"], []])
    let priorities = Dictionary(uniqueKeysWithValues: plan.phases.flatMap { $0 }.map { ($0.service, $0.priority) })
    #expect(priorities == ["s-quick": 2, "s-tie1": 1, "s-tie2": 1, "s-base": 1, "s-big": 9])
    #expect(plan.deferred.isEmpty)
    // a: 0 → 1 after phase 1 (s-quick); b: 1 → 2 after phase 1 (s-tie1); capped at the targets.
    #expect(plan.dimensions.map(\.projected) == [[1, 1, 1], [2, 2, 2]])
    let reasons = try #require(plan.phases[0].first?.reasons.first)
    #expect(reasons.rule == "a1 <= l1")
    #expect(reasons.answers == ["a1": .option("l1")])
    let big = try #require(plan.phases[1].first?.reasons.first)
    #expect(big.figures == ["level(a)": 0])
  }

  @Test("the phase limit defers what does not fit, and a service waits for its prerequisite")
  func phaseLimit() throws {
    let plan = try roadmap(Self.middling, perPhase: 1)
    #expect(plan.phases.map { $0.map(\.service) } == [["s-quick"], ["s-tie1"], ["s-tie2"]])
    #expect(plan.deferred.map(\.service) == ["s-base", "s-big"])
  }

  @Test("targets can be raised; a target at the current level closes the gap")
  func targets() throws {
    let plan = try roadmap(Self.middling, targets: ["a": 2, "b": 1])
    #expect(plan.dimensions.map(\.gap) == [2, 0])
    // Only a has a gap: s-quick = 2 × 2 × 1 = 4; s-big = (2 × 2) × 3 = 12; no b-only service.
    #expect(plan.phases.flatMap { $0 }.map(\.service) == ["s-quick", "s-big"])
  }

  @Test("a business at the top level gets advice to maintain and lead, not an empty list")
  func top() throws {
    let plan = try roadmap("{a1: l2, a2: yes, a3: [x, y], b1: r, b2: 60, b3: yes}")
    #expect(plan.atTop)
    #expect(plan.phases[0].map(\.service) == ["s-top"])
    #expect(plan.phases[0].first?.maintain == true)
    #expect(plan.dimensions.map(\.projected) == [[2, 2, 2], [2, 2, 2]])
  }

  @Test("a dimension with insufficient data gets no plan and triggers nothing")
  func insufficient() throws {
    let plan = try roadmap("{a1: l1, a2: no, a3: [z], b1: not_applicable, b2: not_applicable}")
    #expect(plan.insufficient == ["b"])
    #expect(plan.dimensions[1].current == nil)
    // s-big improves a and b: only a counts, (1 × 2) × 3 = 6; its prerequisite did not fire.
    #expect(plan.phases[0].map(\.service) == ["s-quick", "s-big"])
    #expect(plan.phases[0][1].priority == 6)
  }

  @Test("catalogue problems are errors at their line")
  func brokenCatalogue() throws {
    let outcome = try Self.catalog("broken")
    #expect(outcome.catalog == nil)
    let found = outcome.diagnostics.map { "\($0.location.line): \($0.message)" }
    let expected = [
      "5: `area` is one of the memorandum's eight areas, 1 to 8",
      "8: unknown effort `forever`; use one of `quick`, `short`, `medium`, `long`",
      "10: prerequisites go round in a circle: one → two → one",
      "12: fixture has no dimension `zz`",
      "12: in `when`: `a1` has no option `l9`; its options are `l0`, `l1`, `l2`",
      "13: service `one` has rules for unknown questionnaire `nowhere`; known: `fixture`",
      "20: service `two` needs unknown service `ghost`",
      "20: prerequisites go round in a circle: two → one → two",
      "22: in `when`: `score(b)` is a number; compare it with a number",
    ]
    #expect(found == expected, "\(found)")
  }

  @Test("the project's catalogue loads clean against both questionnaires and has 15–30 services")
  func projectCatalogue() throws {
    let questionnaires = [try projectQuestionnaire("enterprise-dx"), try projectQuestionnaire("digital-intensity")]
    let url = Paths.questionnaires.appendingPathComponent("services.yaml")
    let outcome = ServiceCatalogLoader.load(try Paths.text(url), file: "services.yaml", questionnaires: questionnaires)
    #expect(outcome.diagnostics.isEmpty, "\(outcome.diagnostics.map(\.description))")
    let catalog = try #require(outcome.catalog)
    #expect((15...30).contains(catalog.services.count))
    #expect(Set(catalog.services.map(\.area)).isSubset(of: Set(1...8)))
    #expect(Set(catalog.areas.keys) == Set(1...8), "every area of the memorandum is named")
    #expect(catalog.areas.values.allSatisfy { !($0.texts[.vi] ?? "").isEmpty && !($0.texts[.en] ?? "").isEmpty })
    // Only areas that cover businesses' own transformation: not the province's data centre (6)
    // or its district pilot (7).
    #expect(catalog.services.allSatisfy { ![4, 6, 7].contains($0.area) })
    for questionnaire in questionnaires {
      #expect(catalog.services.contains { $0.rules[questionnaire.id] != nil })
    }
  }

  static func projectCatalog() throws -> (ServiceCatalog, [Questionnaire]) {
    let questionnaires = [try projectQuestionnaire("enterprise-dx"), try projectQuestionnaire("digital-intensity")]
    let url = Paths.questionnaires.appendingPathComponent("services.yaml")
    let outcome = ServiceCatalogLoader.load(try Paths.text(url), file: "services.yaml", questionnaires: questionnaires)
    return (try #require(outcome.catalog), questionnaires)
  }

  /// A random answer for every question shown, in questionnaire order (so `show_if` holds).
  static func randomAnswers(_ questionnaire: Questionnaire, _ random: inout some RandomNumberGenerator)
    -> [QuestionID: AnswerValue]
  {
    var answers: [QuestionID: AnswerValue] = [:]
    for question in questionnaire.questions {
      guard question.showIf?.evaluate(in: AnswerMap(answers), questionnaire: questionnaire) ?? true else { continue }
      if question.offersDontKnow, Int.random(in: 0..<10, using: &random) == 0 {
        answers[question.id] = .dontKnow
        continue
      }
      switch question.kind {
      case .multiple:
        let plain = question.options.filter { !$0.exclusive }.map(\.id)
        if let exclusive = question.options.first(where: \.exclusive), Bool.random(using: &random) {
          answers[question.id] = .options([exclusive.id])
        } else {
          answers[question.id] = .options(plain.filter { _ in Bool.random(using: &random) })
        }
      case .number: answers[question.id] = .number(Double(Int.random(in: 0...20, using: &random)))
      case .text: answers[question.id] = .text("x")
      default: answers[question.id] = .option(question.options.randomElement(using: &random)!.id)
      }
    }
    return answers
  }

  @Test("a business that keeps its customers in a CRM is not recommended a CRM adoption, whatever else fires")
  func crmNotForCRMUsers() throws {
    let (catalog, questionnaires) = try Self.projectCatalog()
    let questionnaire = questionnaires[0]
    var random = StatisticsTests.Generator(state: 7)
    var answers = Self.randomAnswers(questionnaire, &random)
    answers["cx_personalisation"] = .option("never")  // fires the CRM's second `when`
    for records in ["spreadsheet", "crm", "crm-integrated"] {
      answers["cx_customer_records"] = .option(OptionID(records))
      let result = Scorer.score(answers, questionnaire: questionnaire)
      let plan = Recommender.roadmap(result, answers: answers, questionnaire: questionnaire, catalog: catalog)
      let services = (plan.phases.flatMap { $0 } + plan.deferred).map(\.service)
      let level = result.dimension("customer")?.level ?? 0
      if records == "spreadsheet" {
        if level < 4 { #expect(services.contains("crm"), "a spreadsheet user at level \(level) gets the CRM") }
      } else {
        #expect(!services.contains("crm"), "\(records): the CRM is not recommended to a business that has one")
      }
    }
  }

  @Test("over many random answer sheets, no recommended service has an `unless` that holds")
  func unlessAlwaysWins() throws {
    let (catalog, questionnaires) = try Self.projectCatalog()
    #expect(catalog.services.contains { $0.rules.values.contains { !$0.unless.isEmpty } })
    var random = StatisticsTests.Generator(state: 2026)
    var excludedSomething = 0
    for questionnaire in questionnaires {
      for _ in 0..<1000 {
        let answers = Self.randomAnswers(questionnaire, &random)
        let result = Scorer.score(answers, questionnaire: questionnaire)
        let plan = Recommender.roadmap(result, answers: answers, questionnaire: questionnaire, catalog: catalog)
        let context = ScoredContext(result: result, answers: answers, questionnaire: questionnaire)
        for item in plan.phases.flatMap({ $0 }) + plan.deferred {
          let rule = try #require(catalog.service(item.service)?.rules[questionnaire.id])
          let holding = rule.unless.filter { $0.evaluate(in: context, questionnaire: questionnaire) }
          #expect(holding.isEmpty, "\(item.service) recommended although \(holding) holds")
        }
        for service in catalog.services {
          guard let rule = service.rules[questionnaire.id] else { continue }
          let fires = rule.when.contains { $0.evaluate(in: context, questionnaire: questionnaire) }
          if fires, rule.unless.contains(where: { $0.evaluate(in: context, questionnaire: questionnaire) }) {
            excludedSomething += 1
          }
        }
      }
    }
    #expect(excludedSomething > 100, "the random sheets do reach the exclusions (\(excludedSomething) times)")
  }
}
