import DXReadyCore
import Foundation

/// The variables a report template can use, made from a ``ReportInput``: every figure already
/// written in the report's language (decimal comma in Vietnamese, dates as the language writes
/// them, in the province's time), so that a template only places them. `Reports/README.md`
/// documents each one; ``ReportSchema`` lists them for `dxready report lint`.
public struct ReportContext {
  public var input: ReportInput
  public var labels: ReportLabels

  public init(_ input: ReportInput, labels: ReportLabels) {
    self.input = input
    self.labels = labels
  }

  var language: Language { input.language }
  var questionnaire: Questionnaire { input.questionnaire }
  func t(_ text: LocalizedText) -> String { text.text(language) }
  func number(_ value: Double, _ decimals: Int = 1) -> String { NumberText.fixed(value, decimals: decimals, language) }
  func signed(_ value: Double) -> String { (value >= 0 ? "+" : "") + number(value) }

  /// A date as the language writes it, in the province's time (UTC+7).
  public static func date(_ date: Date, _ language: Language) -> String {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "Asia/Ho_Chi_Minh") ?? TimeZone(secondsFromGMT: 7 * 3600)!
    let parts = calendar.dateComponents([.year, .month, .day], from: date)
    let (day, month, year) = (parts.day ?? 1, parts.month ?? 1, parts.year ?? 1970)
    switch language {
    case .vi: return String(format: "%02d/%02d/%04d", day, month, year)
    case .en:
      let names = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
        "December",
      ]
      return "\(day) \(names[month - 1]) \(year)"
    }
  }

  func levelName(_ level: Int?) -> String {
    guard let level, questionnaire.levels.indices.contains(level) else { return "–" }
    return t(questionnaire.levels[level].name)
  }

  /// An answer in words: the options' labels, the number, the text.
  func words(_ answer: AnswerValue?, _ question: Question) -> String {
    guard let answer else { return "–" }
    switch answer {
    case .option(let id): return question.option(id).map { t($0.label) } ?? id.rawValue
    case .options(let ids):
      return ids.isEmpty
        ? "–" : ids.map { id in question.option(id).map { t($0.label) } ?? id.rawValue }.joined(separator: "; ")
    case .number(let value): return NumberText.plain(value, language)
    case .text(let text): return "“\(text)”"
    case .notApplicable: return t(Phrase.notApplicable)
    case .dontKnow: return t(Phrase.dontKnow)
    }
  }

  /// The answers the report scores: as corrected by the consultant, when there are corrections.
  var answers: [QuestionID: AnswerValue] { input.review.correctedAnswers(input.stored.answers) }

  /// The template's variables.
  public func variables() -> [String: Any] {
    let result = Scorer.score(answers, questionnaire: questionnaire)
    var values: [String: Any] = [
      "lang": language.rawValue,
      "labels": labels.words(language),
      "business": business(),
      "assessment": assessment(result),
      "overall": overall(result),
      "levels": questionnaire.levels.map { level in
        [
          "number": String(level.index), "name": t(level.name),
          "current": level.index == result.overall.level,
        ] as [String: Any]
      },
      "dimensions": dimensions(result),
      "radar": radar(result),
      "strengths": ranked(result, strongest: true),
      "gaps": ranked(result, strongest: false),
      "roadmap": roadmap(result),
    ]
    if let raise = raise(result) { values["raise"] = raise }
    if let review = review() { values["review"] = review }
    if let previous = previous(result) { values["previous"] = previous }
    if let peers = input.peers, peers.count != nil {
      values["peers"] = self.peers(peers, result)
    } else if input.peers != nil {
      values["peers_hidden"] = ["minimum": String(input.peers?.minimum ?? 10)]
    } else {
      values["peers_none"] = true
    }
    return values
  }

  func business() -> [String: Any] {
    let profile = input.stored.profile.masked
    let reference = input.reference
    var values: [String: Any] = [
      "name": input.stored.summary.businessName,
      "tax_code": profile.taxCode ?? input.stored.summary.taxCode,
    ]
    if let id = profile.locality, let unit = reference.localities.unit(id) {
      values["locality"] = unit.name
      if let former = unit.former.flatMap({ reference.localities.unit($0) }) { values["former_district"] = former.name }
    }
    if let industry = profile.industry,
      let section = reference.vsic.section(version: industry.vsic, id: industry.section)
    {
      values["sector"] = "\(section.id) — \(t(section.name))"
    }
    if let size = input.stored.sizeClass { values["size"] = t(size.name) }
    if let form = profile.legalForm { values["legal_form"] = t(form.name) }
    return values
  }

  func assessment(_ result: ScoringResult) -> [String: Any] {
    [
      "id": input.stored.summary.id.rawValue,
      "submitted": input.stored.summary.submittedAt.map { Self.date($0, language) } ?? "–",
      "generated": Self.date(input.generatedAt, language),
      "questionnaire_title": t(questionnaire.title),
      "questionnaire": questionnaire.reference,
      "hash": input.stored.questionnaireHash,
      "scoring_method": result.scoringMethod,
    ]
  }

  func overall(_ result: ScoringResult) -> [String: Any] {
    let count = questionnaire.scoring.overall == .count
    var values: [String: Any] = [
      "score": result.overall.score.map { count ? NumberText.plain($0, language) : number($0) } ?? "–",
      "scale": count ? NumberText.plain(result.overall.maximum, language) : "100",
      "level": result.overall.level.map(String.init) ?? "–",
      "level_name": levelName(result.overall.level),
    ]
    if let level = result.overall.level, let description = questionnaire.levels[level].description {
      values["level_description"] = t(description)
    }
    return values
  }

  func dimensions(_ result: ScoringResult) -> [[String: Any]] {
    questionnaire.dimensions.enumerated().map { index, dimension in
      let score = result.dimension(dimension.id)
      var values: [String: Any] = [
        "number": String(index + 1),
        "title": t(dimension.title),
        "score": score?.score.map { number($0) } ?? "–",
        "level": score?.level.map(String.init) ?? "–",
        "level_name": levelName(score?.level),
        // The bar's length in per cent, with a dot's worth for a zero so that it shows.
        "bar": NumberText.fixed(max(1, score?.score ?? 0), decimals: 1, .en),
        "weakest": result.weakestDimension == dimension.id,
      ]
      if let peer = input.peers?.dimensions[dimension.id], input.peers?.count != nil { values["peer"] = number(peer) }
      if let previous = input.previous {
        let before = previous.dimensions[dimension.id]
        values["previous"] = before.map { number($0) } ?? "–"
        if let before, let now = score?.score {
          values["change"] = signed(now - before)
        } else {
          values["change"] = "–"
        }
      }
      return values
    }
  }

  /// The dimensions with the highest (or lowest) scores: two of each, fewer when there are
  /// few dimensions, so that none is both a strength and a gap.
  func ranked(_ result: ScoringResult, strongest: Bool) -> [[String: Any]] {
    let scored = questionnaire.dimensions.compactMap { d in result.dimension(d.id)?.score.map { (d, $0) } }
    let sorted = scored.sorted { strongest ? $0.1 > $1.1 : $0.1 < $1.1 }
    return sorted.prefix(min(2, scored.count / 2)).map { dimension, score in
      [
        "title": t(dimension.title), "score": number(score),
        "level_name": levelName(result.dimension(dimension.id)?.level),
      ]
    }
  }

  /// The answers of the weakest dimension that, one step better, would raise its score most:
  /// each rescored with the next better option, the three largest gains.
  func raise(_ result: ScoringResult) -> [String: Any]? {
    guard let weakest = result.weakestDimension, let dimension = questionnaire.dimension(weakest),
      let before = result.dimension(weakest)?.score
    else { return nil }
    var gains: [(question: Question, next: AnswerOption, gain: Double)] = []
    for question in questionnaire.questions where question.dimension == weakest && question.isScored {
      guard question.kind != .multiple, case .option(let id)? = answers[question.id],
        let current = question.option(id)
      else { continue }
      guard let next = question.options.filter({ $0.score > current.score }).min(by: { $0.score < $1.score })
      else { continue }
      var changed = answers
      changed[question.id] = .option(next.id)
      let after = Scorer.score(changed, questionnaire: questionnaire).dimension(weakest)?.score ?? before
      if after > before { gains.append((question, next, after - before)) }
    }
    let best = gains.sorted { $0.gain > $1.gain }.prefix(3)
    guard !best.isEmpty else { return nil }
    return [
      "dimension": t(dimension.title),
      "answers": best.map { item in
        [
          "prompt": t(item.question.prompt), "now": words(answers[item.question.id], item.question),
          "next": t(item.next.label), "gain": signed(item.gain),
        ]
      },
    ]
  }

  func roadmap(_ result: ScoringResult) -> [String: Any] {
    let review = input.review
    let options = Recommender.Options(
      targets: review.targets, excluded: Set(review.decisions.filter { $0.kind == .rejected }.map(\.service)),
      added: review.decisions.filter { $0.kind == .added }.map(\.service))
    let roadmap = Recommender.roadmap(
      result, answers: answers, questionnaire: questionnaire, catalog: input.catalog, options: options)
    let text = RoadmapText(
      roadmap, questionnaire: questionnaire, catalog: input.catalog, language: language, showsIDs: false)
    func service(_ item: Roadmap.Item) -> [String: Any]? {
      guard let service = input.catalog.service(item.service) else { return nil }
      return [
        "name": t(service.name), "description": t(service.description),
        "area": input.catalog.area(service.area, language), "effort": t(service.effort.label),
        // The dimensions it raises and the first answer behind it, so that the report stays
        // on two pages; `dxready recommend` gives every reason.
        "cost": t(service.cost.label), "why": text.reasons(of: item, compact: true).prefix(2).map { ["text": $0] },
        "added": item.addedByConsultant, "quick_win": item.quickWin,
      ]
    }
    let owned = !review.decisions.isEmpty || !review.targets.isEmpty
    return [
      "owned": owned,
      "phases": roadmap.phases.enumerated().map { index, items in
        [
          "number": String(index + 1), "months": Roadmap.phaseMonths[index], "services": items.compactMap(service),
          "empty": items.isEmpty,
        ] as [String: Any]
      },
      "later": roadmap.deferred.compactMap { input.catalog.service($0.service) }.map { ["name": t($0.name)] },
      "has_later": !roadmap.deferred.isEmpty,
    ]
  }

  func review() -> [String: Any]? {
    let review = input.review
    guard review.version > 0 else { return nil }
    var values: [String: Any] = [
      "state": t(review.state.name),
      "reviewer": review.reviewer ?? "–",
      "corrections": review.corrections.compactMap { correction -> [String: Any]? in
        guard let question = questionnaire.question(correction.question) else { return nil }
        return [
          "question": t(question.prompt), "before": words(input.stored.answers[correction.question], question),
          "after": words(correction.value, question), "reason": correction.reason,
        ]
      },
      "notes": review.notes.map { note -> [String: Any] in
        var text = note.text
        if let id = note.question, let question = questionnaire.question(id) {
          text = "\(t(question.prompt)) — \(text)"
        }
        return ["text": text, "by": note.by]
      },
      "decisions": review.decisions.compactMap { decision -> [String: Any]? in
        guard let service = input.catalog.service(decision.service) else { return nil }
        let kind: String =
          switch decision.kind {
          case .accepted: Words.text("roadmap_kept", language)
          case .rejected: Words.text("roadmap_left_out", language)
          case .added: Words.text("report_added", language)
          }
        var values: [String: Any] = ["service": t(service.name), "kind": kind]
        if let reason = decision.reason { values["reason"] = reason }
        return values
      },
    ]
    if !review.corrections.isEmpty {
      let answered = Scorer.score(input.stored.answers, questionnaire: questionnaire)
      values["answered_score"] = answered.overall.score.map { number($0) } ?? "–"
    }
    return values
  }

  func previous(_ result: ScoringResult) -> [String: Any]? {
    guard let previous = input.previous else { return nil }
    var rows: [[String: Any]] = []
    func row(_ title: String, _ before: Double?, _ after: Double?) {
      var values: [String: Any] = [
        "title": title, "before": before.map { number($0) } ?? "–", "after": after.map { number($0) } ?? "–",
      ]
      if let before, let after { values["change"] = signed(after - before) } else { values["change"] = "–" }
      rows.append(values)
    }
    row(t(Phrase.overall), previous.overall, result.overall.score)
    for dimension in questionnaire.dimensions {
      row(t(dimension.title), previous.dimensions[dimension.id], result.dimension(dimension.id)?.score)
    }
    return [
      "date": Self.date(previous.submittedAt, language), "rows": rows,
      "overall_before": previous.overall.map { number($0) } ?? "–", "overall_change": rows.first?["change"] ?? "–",
    ]
  }

  func peers(_ peers: ReportInput.Peers, _ result: ScoringResult) -> [String: Any] {
    var rows: [[String: Any]] = [
      [
        "title": t(Phrase.overall), "mean": peers.overall.map { number($0) } ?? "–",
        "own": result.overall.score.map { number($0) } ?? "–",
      ]
    ]
    for dimension in questionnaire.dimensions {
      rows.append([
        "title": t(dimension.title), "mean": peers.dimensions[dimension.id].map { number($0) } ?? "–",
        "own": result.dimension(dimension.id)?.score.map { number($0) } ?? "–",
      ])
    }
    return ["count": String(peers.count ?? 0), "rows": rows]
  }

  /// The radar chart's geometry: rings at every 20 points, an axis per dimension (numbered, the
  /// table beside names them), the business's shape, and the peers' when published.
  func radar(_ result: ScoringResult) -> [String: Any] {
    let dimensions = questionnaire.dimensions
    let (cx, cy, radius) = (160.0, 150.0, 110.0)
    func point(_ index: Int, _ share: Double) -> (Double, Double) {
      let angle = -Double.pi / 2 + 2 * Double.pi * Double(index) / Double(max(1, dimensions.count))
      return (cx + radius * share * cos(angle), cy + radius * share * sin(angle))
    }
    func format(_ value: Double) -> String { NumberText.fixed(value, decimals: 1, .en) }
    func polygon(_ shares: [Double]) -> String {
      shares.enumerated().map { index, share in
        let (x, y) = point(index, share)
        return "\(format(x)),\(format(y))"
      }.joined(separator: " ")
    }
    var values: [String: Any] = [
      "rings": [0.2, 0.4, 0.6, 0.8, 1.0].map { share in
        ["points": polygon(dimensions.map { _ in share }), "value": String(Int(share * 100))]
      },
      "axes": dimensions.indices.map { index -> [String: Any] in
        let (x, y) = point(index, 1)
        let (lx, ly) = point(index, 1.13)
        let anchor = abs(lx - cx) < 8 ? "middle" : lx > cx ? "start" : "end"
        return [
          "x": format(x), "y": format(y), "label_x": format(lx), "label_y": format(ly + 4), "anchor": anchor,
          "number": String(index + 1),
        ]
      },
      "shape": polygon(dimensions.map { (result.dimension($0.id)?.score ?? 0) / 100 }),
      "center_x": format(cx), "center_y": format(cy),
    ]
    if let peers = input.peers, peers.count != nil {
      values["peer_shape"] = polygon(dimensions.map { (peers.dimensions[$0.id] ?? 0) / 100 })
    }
    return values
  }
}
