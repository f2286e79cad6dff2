/// A scored assessment as plain text for a terminal or a log, in the user's language, and the
/// `--explain` arithmetic behind every number.
public struct ResultText {
  /// The scores to write.
  public var result: ScoringResult
  /// The questionnaire, for titles, levels and questions.
  public var questionnaire: Questionnaire
  /// The language it is written in.
  public var language: Language

  /// A text; see each property.
  public init(_ result: ScoringResult, questionnaire: Questionnaire, language: Language) {
    self.result = result
    self.questionnaire = questionnaire
    self.language = language
  }

  private func t(_ text: LocalizedText) -> String { text.text(language) }

  private func levelName(_ index: Int?) -> String {
    guard let index, questionnaire.levels.indices.contains(index) else { return "–" }
    return "\(index) \(t(questionnaire.levels[index].name))"
  }

  private func dimensionTitle(_ id: DimensionID) -> String {
    questionnaire.dimension(id).map { t($0.title) } ?? id.rawValue
  }

  /// The summary: overall score and level, a line per dimension, the weakest dimension.
  public func summary(profile: BusinessProfile? = nil) -> String {
    var lines: [String] = []
    lines.append("\(t(questionnaire.title)) (\(questionnaire.reference))")
    if let name = profile?.name { lines.append("\(t(Phrase.business)): \(name)") }
    lines.append("")
    let overall = result.overall
    if let score = overall.score {
      let figure =
        overall.method == .count
        ? "\(formatNumber(score)) \(t(Phrase.of)) \(formatNumber(overall.maximum))"
        : "\(format(score)) / 100"
      lines.append("\(t(Phrase.overall)): \(figure) — \(t(Phrase.level)) \(levelName(overall.level))")
    } else {
      lines.append(t(Phrase.overallInsufficient))
    }
    lines.append("")
    let width = max(28, result.dimensions.map { dimensionTitle($0.id).count }.max() ?? 0)
    // "Don't know" answers count as answered in the coverage: when there are any, a column says
    // how many, so that 100% never hides them.
    let dontKnow = result.dimensions.contains { $0.dontKnow > 0 }
    let coverageWidth = t(Phrase.coverage).count + 2
    lines.append(
      pad(t(Phrase.dimension), width) + "  " + pad(t(Phrase.score), 6, right: true) + "  "
        + pad(t(Phrase.level), 22)
        + (dontKnow ? pad(t(Phrase.coverage), coverageWidth) + t(Phrase.dontKnowCount) : t(Phrase.coverage)))
    for d in result.dimensions {
      let score = d.score.map(format) ?? "–"
      let level = d.status == .scored ? levelName(d.level) : t(Phrase.insufficientData)
      let coverage = "\(Int((d.coverage * 100).rounded()))%"
      lines.append(
        pad(dimensionTitle(d.id), width) + "  " + pad(score, 6, right: true) + "  " + pad(level, 22)
          + (dontKnow ? pad(coverage, coverageWidth) + "\(d.dontKnow)" : coverage))
    }
    if let weakest = result.weakestDimension, let d = result.dimension(weakest), let score = d.score {
      lines.append("")
      lines.append("\(t(Phrase.weakest)): \(dimensionTitle(weakest)) (\(format(score)))")
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// Every question's answer, score and weight, and the arithmetic of every figure.
  public func explanation() -> String {
    var lines: [String] = ["\(t(Phrase.method)): \(result.scoringMethod)", ""]
    for d in result.dimensions {
      lines.append("\(dimensionTitle(d.id)) [\(d.id)]")
      let idWidth = d.questions.map(\.id.rawValue.count).max() ?? 0
      for q in d.questions {
        let answer = q.answer.map { describe($0, q.id) } ?? t(Phrase.unanswered)
        let part: String
        switch q.status {
        case .scored: part = "\(format4(q.score ?? 0)) × \(formatNumber(q.weight))"
        case .notApplicable: part = t(Phrase.notApplicable)
        case .unanswered: part = t(Phrase.unanswered)
        case .notScored: part = t(Phrase.notScored)
        }
        lines.append("  " + pad(q.id.rawValue, idWidth) + "  " + pad(answer, 28) + "  " + part)
      }
      let counted = d.questions.filter { $0.status == .scored }
      if d.status == .scored, let exact = d.exactScore, let score = d.score {
        let numerator = counted.map { "\(format4($0.score ?? 0))×\(formatNumber($0.weight))" }
        let denominator = counted.map { formatNumber($0.weight) }
        let top = counted.map { $0.weight * ($0.score ?? 0) }.reduce(0, +)
        let bottom = counted.map(\.weight).reduce(0, +)
        lines.append(
          "  = 100 × (\(numerator.joined(separator: " + "))) / (\(denominator.joined(separator: " + ")))")
        lines.append(
          "  = 100 × \(format4(top)) / \(formatNumber(bottom)) = \(format4(exact)) → \(format(score)), \(t(Phrase.level)) \(levelName(d.level))"
        )
        if d.notApplicable > 0 { lines.append("  (\(t(Phrase.excludedNA)))") }
      } else {
        let reason = counted.isEmpty ? t(Phrase.noCountedAnswers) : t(Phrase.tooManyNA)
        lines.append(
          "  → \(t(Phrase.insufficientData)): \(reason) (\(d.notApplicable)/\(d.shown - d.unanswered), max \(formatNumber(questionnaire.scoring.maxNotApplicableShare * 100))%)"
        )
      }
      lines.append("")
    }
    lines.append(contentsOf: overallArithmetic())
    return lines.joined(separator: "\n") + "\n"
  }

  private func overallArithmetic() -> [String] {
    let overall = result.overall
    guard let score = overall.score else { return ["\(t(Phrase.overall)): \(t(Phrase.overallInsufficient))"] }
    switch overall.method {
    case .weightedMean:
      let terms = result.dimensions.map { "\(format4($0.exactScore ?? 0))×\(formatNumber($0.weight))" }
      let weights = result.dimensions.map { formatNumber($0.weight) }
      return [
        "\(t(Phrase.overall)) = (\(terms.joined(separator: " + "))) / (\(weights.joined(separator: " + ")))",
        "  = \(format(score)), \(t(Phrase.level)) \(levelName(overall.level))",
      ]
    case .count:
      let points = result.dimensions.flatMap(\.questions).filter { $0.status == .scored }.compactMap(\.score)
      return [
        "\(t(Phrase.overall)) = \(points.map(formatNumber).joined(separator: " + ")) = \(formatNumber(score)) \(t(Phrase.of)) \(formatNumber(overall.maximum)), \(t(Phrase.level)) \(levelName(overall.level))"
      ]
    }
  }

  /// An answer as a reader knows it: the option's label (cut to fit the column), the number,
  /// the text in quotation marks.
  private func describe(_ answer: AnswerValue, _ question: QuestionID) -> String {
    func cut(_ text: String) -> String { text.count > 28 ? text.prefix(27) + "…" : text }
    func label(_ id: OptionID) -> String {
      questionnaire.question(question)?.option(id).map { t($0.label) } ?? id.rawValue
    }
    switch answer {
    case .notApplicable: return t(Phrase.notApplicable)
    case .dontKnow: return t(Phrase.dontKnow)
    case .text(let text): return text.count > 26 ? "“" + text.prefix(23) + "…”" : "“\(text)”"
    case .option(let id): return cut(label(id))
    case .options(let ids): return cut(ids.isEmpty ? "–" : ids.map(label).joined(separator: "; "))
    case .number(let value): return formatNumber(value)
    }
  }

  private func format(_ value: Double) -> String { NumberText.fixed(value, decimals: 1, language) }

  private func format4(_ value: Double) -> String { NumberText.fixed(value, decimals: 4, language) }

  private func formatNumber(_ value: Double) -> String { NumberText.plain(value, language) }

  private func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
    let gap = String(repeating: " ", count: max(0, width - text.count))
    return right ? gap + text : text + gap
  }
}
