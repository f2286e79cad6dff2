/// Maps an assessment's gaps to the services that close them, as a phased roadmap.
///
/// - Target: each dimension aims one level above its current level (at most the top level),
///   unless a target is given. Gap = target − current.
/// - Candidates: services with a rule for the questionnaire, one of whose `when` conditions
///   holds and none of whose `unless` conditions does, and one of whose dimensions has a gap and
///   a current level in the service's range.
/// - Priority = Σ over the service's dimensions with a gap of (gap × dimension weight) × impact.
///   Order: quick wins (done within a month, or within three at low cost) first, then higher
///   priority, then less effort, then catalogue order.
/// - Phases: 0–3, 3–12 and 12–24 months, at most `perPhase` services each; a service never comes
///   before (or in the same phase as) a prerequisite in the roadmap; what does not fit is deferred.
/// - Projection: each service in the roadmap lifts each of its dimensions one level, up to the
///   target, by the end of its phase.
/// - A business with every dimension at the top level gets the services meant for that level,
///   as advice to maintain and lead; a dimension with insufficient data gets no plan.
public enum Recommender {
  /// What a consultant's review changes in the roadmap.
  public struct Options: Sendable, Hashable {
    /// Target levels that replace the default (one above the current).
    public var targets: [DimensionID: Int]
    /// How many services each phase holds at most; the rest are deferred.
    public var perPhase: Int
    /// Services a consultant left out: never in the roadmap.
    public var excluded: Set<String>
    /// Services a consultant added: in the roadmap whatever the rules say, placed by their
    /// dimensions' gaps like the others.
    public var added: [String]

    /// Options; see each property.
    public init(
      targets: [DimensionID: Int] = [:], perPhase: Int = 4, excluded: Set<String> = [], added: [String] = []
    ) {
      self.targets = targets
      self.perPhase = perPhase
      self.excluded = excluded
      self.added = added
    }
  }

  /// The roadmap of services for one scored assessment: which fire, why, in which phase.
  /// - Parameters:
  ///   - result: the assessment's scores.
  ///   - answers: its answers (as corrected, after a review).
  ///   - questionnaire: the questionnaire it was taken with.
  ///   - catalog: the services offered.
  ///   - options: targets and the consultant's choices.
  /// - Returns: the phased roadmap with each service's reasons.
  public static func roadmap(
    _ result: ScoringResult, answers: [QuestionID: AnswerValue], questionnaire: Questionnaire,
    catalog: ServiceCatalog, options: Options = Options()
  ) -> Roadmap {
    let top = questionnaire.levels.count - 1
    var plans: [Roadmap.DimensionPlan] = []
    var insufficient: [DimensionID] = []
    for dimension in result.dimensions {
      guard let current = dimension.level else {
        insufficient.append(dimension.id)
        plans.append(Roadmap.DimensionPlan(id: dimension.id, current: nil, target: nil, gap: 0, projected: []))
        continue
      }
      let target = max(current, min(top, options.targets[dimension.id] ?? current + 1))
      plans.append(
        Roadmap.DimensionPlan(id: dimension.id, current: current, target: target, gap: target - current, projected: []))
    }
    let gaps = Dictionary(uniqueKeysWithValues: plans.map { ($0.id, $0) })
    let atTop = plans.allSatisfy { $0.current == top }
    let context = ScoredContext(result: result, answers: answers, questionnaire: questionnaire)

    var candidates: [(item: Roadmap.Item, order: Int, effort: Service.Effort)] = []
    for (order, service) in catalog.services.enumerated() {
      if options.excluded.contains(service.id) { continue }
      if options.added.contains(service.id) {
        // The consultant's choice: no rule needs to fire; it improves the dimensions its rule
        // for this questionnaire names (all of them, when it has none).
        let dimensions =
          service.rules[questionnaire.id]?.dimensions ?? questionnaire.dimensions.map(\.id)
        let open = dimensions.filter { (gaps[$0]?.gap ?? 0) > 0 }
        let weight = { (d: DimensionID) in questionnaire.dimension(d)?.weight ?? 1 }
        let priority = open.map { Double(gaps[$0]?.gap ?? 0) * weight($0) }.reduce(0, +) * Double(service.impact)
        let item = Roadmap.Item(
          service: service.id, priority: priority, quickWin: !open.isEmpty && service.isQuickWin,
          dimensions: open.isEmpty ? dimensions : open, reasons: [], maintain: false, addedByConsultant: true)
        candidates.append((item, order, service.effort))
        continue
      }
      guard let rule = service.rules[questionnaire.id] else { continue }
      // What the business already has wins over any reason to recommend it.
      if rule.unless.contains(where: { $0.evaluate(in: context, questionnaire: questionnaire) }) { continue }
      let fired = rule.when.filter { $0.evaluate(in: context, questionnaire: questionnaire) }
      guard !fired.isEmpty else { continue }
      let suited = rule.dimensions.filter { d in gaps[d]?.current.map { rule.levels.contains($0) } ?? false }
      let open = suited.filter { (gaps[$0]?.gap ?? 0) > 0 }
      let maintain = atTop && !suited.isEmpty
      guard !open.isEmpty || maintain else { continue }
      let weight = { (d: DimensionID) in questionnaire.dimension(d)?.weight ?? 1 }
      let priority = open.map { Double(gaps[$0]?.gap ?? 0) * weight($0) }.reduce(0, +) * Double(service.impact)
      let item = Roadmap.Item(
        service: service.id, priority: priority, quickWin: !open.isEmpty && service.isQuickWin,
        dimensions: maintain ? suited : open, reasons: fired.map { reason($0, context) }, maintain: maintain)
      candidates.append((item, order, service.effort))
    }
    candidates.sort { a, b in
      // What the consultant added comes first: the roadmap is theirs.
      if a.item.addedByConsultant != b.item.addedByConsultant { return a.item.addedByConsultant }
      if a.item.quickWin != b.item.quickWin { return a.item.quickWin }
      if a.item.priority != b.item.priority { return a.item.priority > b.item.priority }
      if a.effort != b.effort { return a.effort < b.effort }
      return a.order < b.order
    }

    // Place each candidate, its prerequisites first, in the earliest phase with room.
    let perPhase = max(1, options.perPhase)
    var phases: [[Roadmap.Item]] = Array(repeating: [], count: Roadmap.phaseMonths.count)
    var placed: [String: Int] = [:]
    var deferred: [Roadmap.Item] = []
    let byID = Dictionary(candidates.map { ($0.item.service, $0.item) }, uniquingKeysWith: { a, _ in a })
    func place(_ item: Roadmap.Item) -> Int? {
      if let phase = placed[item.service] { return phase }
      if deferred.contains(where: { $0.service == item.service }) { return nil }
      var earliest = 0
      for prerequisite in catalog.service(item.service)?.prerequisites ?? [] {
        guard let needed = byID[prerequisite] else { continue }  // not needed: taken as in place
        guard let phase = place(needed) else {
          deferred.append(item)
          return nil
        }
        earliest = max(earliest, phase + 1)
      }
      guard let phase = (earliest..<phases.count).first(where: { phases[$0].count < perPhase }) else {
        deferred.append(item)
        return nil
      }
      phases[phase].append(item)
      placed[item.service] = phase
      return phase
    }
    for candidate in candidates { _ = place(candidate.item) }

    for index in plans.indices {
      guard let current = plans[index].current, let target = plans[index].target else { continue }
      var level = current
      plans[index].projected = phases.map { phase in
        let lifts = phase.filter { !$0.maintain && $0.dimensions.contains(plans[index].id) }.count
        level = min(target, level + lifts)
        return level
      }
    }
    return Roadmap(
      questionnaire: result.questionnaire, dimensions: plans, phases: phases, deferred: deferred,
      insufficient: insufficient, atTop: atTop, perPhase: perPhase)
  }

  static func reason(_ condition: Condition, _ context: ScoredContext) -> Roadmap.Reason {
    var answers: [QuestionID: AnswerValue] = [:]
    for question in condition.questions { answers[question] = context.answer(question) }
    var figures: [String: Double] = [:]
    for operand in condition.scoreOperands {
      let value: Double? =
        switch operand {
        case .dimensionScore(let d): context.dimensionScore(d)
        case .dimensionLevel(let d): context.dimensionLevel(d).map(Double.init)
        case .overallScore: context.overallScore
        case .overallLevel: context.overallLevel.map(Double.init)
        case .answer: nil
        }
      if let value { figures[operand.description] = value }
    }
    return Roadmap.Reason(rule: condition.description, answers: answers, figures: figures)
  }
}

/// Answers and scores, as recommendation rules read them.
struct ScoredContext: ConditionContext {
  var result: ScoringResult
  var answers: [QuestionID: AnswerValue]
  var hidden: Set<QuestionID>

  init(result: ScoringResult, answers: [QuestionID: AnswerValue], questionnaire: Questionnaire) {
    self.result = result
    self.answers = answers
    self.hidden = Scorer.hiddenQuestions(questionnaire, answers: answers)
  }

  func answer(_ question: QuestionID) -> AnswerValue? { hidden.contains(question) ? nil : answers[question] }
  func dimensionScore(_ dimension: DimensionID) -> Double? { result.dimension(dimension)?.score }
  func dimensionLevel(_ dimension: DimensionID) -> Int? { result.dimension(dimension)?.level }
  var overallScore: Double? { result.overall.score }
  var overallLevel: Int? { result.overall.level }
}
