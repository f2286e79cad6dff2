/// A roadmap as text in the user's language: phases, services, reasons and the projected levels.
public struct RoadmapText {
  /// The roadmap to write.
  public var roadmap: Roadmap
  /// The questionnaire, for dimension titles, questions and answers.
  public var questionnaire: Questionnaire
  /// The services, for their names and descriptions.
  public var catalog: ServiceCatalog
  /// The language it is written in.
  public var language: Language
  /// Whether ids (services, questions, the rules' own text) are shown: for consultants and
  /// scripts; a business on the results screen reads names, questions and answers only.
  public var showsIDs: Bool

  /// A text; see each property.
  public init(
    _ roadmap: Roadmap, questionnaire: Questionnaire, catalog: ServiceCatalog, language: Language,
    showsIDs: Bool = true
  ) {
    self.roadmap = roadmap
    self.questionnaire = questionnaire
    self.catalog = catalog
    self.language = language
    self.showsIDs = showsIDs
  }

  private func t(_ text: LocalizedText) -> String { text.text(language) }

  private func level(_ index: Int?) -> String {
    guard let index, questionnaire.levels.indices.contains(index) else { return "–" }
    return "\(index) (\(t(questionnaire.levels[index].name)))"
  }

  private func dimension(_ id: DimensionID) -> String { questionnaire.dimension(id).map { t($0.title) } ?? id.rawValue }

  /// The roadmap as lines of text.
  public func render() -> String {
    var lines: [String] = [
      Words.text("roadmap_heading", language)
        + (showsIDs ? " — \(questionnaire.reference)" : ""), "",
    ]
    if roadmap.atTop {
      lines.append(
        Words.text("roadmap_all_at_top", language))
      lines.append("")
    }
    for plan in roadmap.dimensions {
      guard let current = plan.current else {
        lines.append(
          "  \(dimension(plan.id)): "
            + Words.text("roadmap_not_enough_data", language))
        continue
      }
      let path = ([current] + plan.projected).map(String.init).joined(separator: " → ")
      lines.append(
        "  \(dimension(plan.id)): \(Words.text("roadmap_level", language)) \(level(current)), \(Words.text("roadmap_target", language)) \(level(plan.target)); \(Words.text("roadmap_by_phase", language)) \(path)"
      )
    }
    for (index, items) in roadmap.phases.enumerated() {
      lines.append("")
      lines.append(
        "\(Words.text("roadmap_phase", language)) \(index + 1) (\(Roadmap.phaseMonths[index]) \(Words.text("roadmap_months", language)))"
      )
      if items.isEmpty { lines.append("  " + Words.text("roadmap_no_service", language)) }
      for (number, item) in items.enumerated() { lines.append(contentsOf: describe(item, number: number + 1)) }
    }
    if !roadmap.deferred.isEmpty {
      lines.append("")
      lines.append(Words.text("roadmap_later_heading", language))
      for item in roadmap.deferred {
        let name = catalog.service(item.service).map { t($0.name) } ?? item.service
        lines.append("  - \(name)" + (showsIDs ? " [\(item.service)]" : ""))
      }
    }
    return lines.joined(separator: "\n") + "\n"
  }

  private func describe(_ item: Roadmap.Item, number: Int) -> [String] {
    guard let service = catalog.service(item.service) else { return [] }
    var tags = ["\(Words.text("roadmap_priority", language)) \(formatNumber(item.priority))"]
    if item.quickWin { tags.append(Words.text("roadmap_quick_win", language)) }
    if item.maintain { tags.append(Words.text("roadmap_maintain", language)) }
    if item.addedByConsultant { tags.append(Words.text("roadmap_added_by_consultant", language)) }
    tags.append(t(service.effort.label))
    tags.append(t(service.cost.label))
    let id = showsIDs ? " [\(service.id)]" : ""
    var lines = ["  \(number). \(t(service.name))\(id) — \(tags.joined(separator: ", "))"]
    lines.append("     \(t(service.description))")
    lines.append("     \(Words.text("roadmap_area", language)) \(catalog.area(service.area, language))")
    if !showsIDs {
      return lines + reasons(of: item).map { "     " + $0 }
    }
    for id in item.dimensions {
      guard let plan = roadmap.dimensions.first(where: { $0.id == id }) else { continue }
      lines.append(
        "     \(Words.text("roadmap_why", language)): \(dimension(id)) \(Words.text("roadmap_is_at_level", language)) \(level(plan.current)), \(Words.text("roadmap_aiming_for", language)) \(level(plan.target))"
      )
    }
    for reason in item.reasons {
      var parts: [String] = []
      for (figure, value) in reason.figures.sorted(by: { $0.key < $1.key }) {
        parts.append("\(figure) = \(formatNumber(value))")
      }
      for (question, answer) in reason.answers.sorted(by: { $0.key < $1.key }) {
        parts.append("\(question) = \(describe(answer, question))")
      }
      lines.append(
        "     \(Words.text("roadmap_rule", language)) `\(reason.rule)`\(parts.isEmpty ? "" : ": " + parts.joined(separator: "; "))"
      )
    }
    return lines
  }

  /// Why a service is in the roadmap, in words, one line each: the dimensions it raises (at
  /// which level, aiming for which) and the answers that led to it. A service the consultant
  /// added has only the first. `compact` puts the dimensions on one line, levels as numbers.
  public func reasons(of item: Roadmap.Item, compact: Bool = false) -> [String] {
    var lines: [String] = []
    if compact {
      let raised = item.dimensions.compactMap { id -> String? in
        guard let plan = roadmap.dimensions.first(where: { $0.id == id }), let current = plan.current,
          let target = plan.target
        else { return nil }
        return "\(dimension(id)) \(current) → \(target)"
      }
      if !raised.isEmpty {
        lines.append(Words.text("roadmap_raises", language) + " " + raised.joined(separator: "; "))
      }
    }
    for id in item.dimensions where !compact {
      guard let plan = roadmap.dimensions.first(where: { $0.id == id }) else { continue }
      lines.append(
        "\(Words.text("roadmap_why", language)): \(dimension(id)) \(Words.text("roadmap_is_at_level", language)) \(level(plan.current)), \(Words.text("roadmap_aiming_for", language)) \(level(plan.target))"
      )
    }
    // Questions and answers in words; a figure-only rule is explained by the "why" above.
    for reason in item.reasons {
      for (question, answer) in reason.answers.sorted(by: { $0.key < $1.key }) {
        let prompt = questionnaire.question(question).map { t($0.prompt) } ?? question.rawValue
        // The business reads its own reasons; a consultant reads what the business answered.
        let lead =
          compact ? Words.text("roadmap_business_answered", language) : Words.text("roadmap_because_answered", language)
        lines.append("\(lead): \(prompt) → \(describe(answer, question))")
      }
    }
    return lines
  }

  private func describe(_ answer: AnswerValue, _ question: QuestionID) -> String {
    guard let q = questionnaire.question(question) else { return answer.description }
    switch answer {
    case .option(let id): return q.option(id).map { "“\(t($0.label))”" } ?? id.rawValue
    case .options(let ids):
      return ids.map { id in q.option(id).map { "“\(t($0.label))”" } ?? id.rawValue }.joined(separator: ", ")
    case .notApplicable: return t(Phrase.notApplicable)
    case .dontKnow: return t(Phrase.dontKnow)
    default: return answer.description
    }
  }
}
