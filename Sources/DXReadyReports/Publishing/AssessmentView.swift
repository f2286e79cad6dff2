import DXReadyCore
import Foundation

/// A stored assessment as `dxready show` writes it: id and state, the business, its place and
/// sector, when it was made and sent, the consent, the review in one line, then the scores.
public struct AssessmentView {
  var stored: StoredAssessment
  var questionnaire: Questionnaire
  var review: ReviewRecord?
  /// The reference lists, to name places and sectors; `nil` names them by id.
  var reference: ReferenceData?
  var lang: Language

  public init(
    stored: StoredAssessment, questionnaire: Questionnaire, review: ReviewRecord?, reference: ReferenceData?,
    language: Language
  ) {
    self.stored = stored
    self.questionnaire = questionnaire
    self.review = review
    self.reference = reference
    self.lang = language
  }

  public func text(explain: Bool) -> String {
    var written = ""
    func out(_ line: String, terminator: String = "\n") { written += line + terminator }
    let result = Scorer.score(stored.answers, questionnaire: questionnaire)
    let summary = stored.summary
    let status: String =
      switch summary.status {
      case .draft: Words.text("show_status_draft", lang)
      case .submitted: Words.text("show_status_submitted", lang)
      case .reviewed: Words.text("show_status_reviewed", lang)
      }
    out("\(summary.id)  \(status)")
    out(
      "\(summary.businessName) (\(TaxCode.masked(summary.taxCode)))\(stored.sizeClass.map { ", \($0.name.text(lang))" } ?? "")"
    )
    for line in profileLines(stored.profile) { out(line) }
    out(
      Words.text("show_created", lang) + " " + local(summary.createdAt)
        + (summary.submittedAt.map { Words.text("show_submitted_at", lang) + " " + local($0) } ?? "")
        + " " + Words.text("show_vietnam_time", lang))
    out(consentLine(stored.consent))
    if let review, review.version > 0 {
      let corrected = Scorer.score(review.correctedAnswers(stored.answers), questionnaire: questionnaire)
      let figure = corrected.overall.score.map { NumberText.fixed($0, decimals: 1, lang) } ?? "–"
      out(
        Words.text(
          "show_review_line", lang,
          [
            "state": review.state.name.text(lang), "reviewer": review.reviewer ?? "?",
            "corrections": String(review.corrections.count), "score": figure, "notes": String(review.notes.count),
            "id": String(summary.id.rawValue.prefix(8)),
          ]))
    }
    if summary.status == .draft {
      let shown = Scorer.shownQuestions(questionnaire, answers: stored.answers)
      out(
        Words.text("show_draft_progress", lang, ["answered": "\(stored.answers.count)", "total": "\(shown.count)"]))
    }
    out("")
    let text = ResultText(result, questionnaire: questionnaire, language: lang)
    out(text.summary(), terminator: "")
    if explain {
      out("")
      out(text.explanation(), terminator: "")
    }
    return written
  }

  /// How the business's consent to the personal-data notice was recorded.
  func consentLine(_ consent: ConsentRecord?) -> String {
    guard let consent else {
      return Words.text("show_consent_none", lang)
    }
    let stored = ISO8601DateFormatter()
    stored.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    let when = consent.givenAt.flatMap { stored.date(from: $0) }.map(local) ?? "?"
    let notice = consent.notice ?? "?"
    switch consent.method {
    case .take:
      return Words.text("show_consent_take", lang, ["notice": "\(notice)", "when": "\(when)"])
    case .file:
      return Words.text("show_consent_import", lang, ["notice": "\(notice)", "when": "\(when)"])
    case .recordedElsewhere:
      return Words.text("show_consent_outside", lang)
    }
  }

  /// A time as a reader in the province writes it: 30/11/2026 23:10 in Vietnamese,
  /// 2026-11-30 23:10 in English, in Vietnam time (UTC+7).
  func local(_ date: Date) -> String {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(secondsFromGMT: Period.provinceOffsetHours * 3600)
    formatter.dateFormat = Words.text("date_time_format", lang)
    return formatter.string(from: date)
  }

  /// The locality and the sector, by name where the reference lists are at hand (by id
  /// otherwise, said as such).
  func profileLines(_ profile: BusinessProfile) -> [String] {
    var lines: [String] = []
    if let form = profile.legalForm { lines.append(Words.text("show_legal_form", lang) + " " + form.name.text(lang)) }
    if let id = profile.locality {
      let unit = reference?.localities.unit(id)
      var text = unit?.name ?? id
      if let former = unit?.former.flatMap({ reference?.localities.unit($0) }) {
        text += " " + Words.text("show_former_unit", lang, ["name": "\(former.name)"])
      }
      lines.append(Words.text("show_locality", lang) + " " + text)
    }
    if let industry = profile.industry {
      let name = reference?.vsic.section(version: industry.vsic, id: industry.section)?.name.text(lang)
      lines.append(
        Words.text("show_sector", lang) + " " + industry.section + (name.map { " — \($0)" } ?? "")
          + (industry.code.map { Words.text("show_sector_code", lang, ["code": "\($0)"]) } ?? "")
          + " (VSIC \(industry.vsic))")
    }
    return lines
  }
}
