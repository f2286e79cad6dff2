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
    let vi = lang == .vi
    let status: String =
      switch summary.status {
      case .draft: vi ? "bản nháp" : "draft"
      case .submitted: vi ? "đã gửi" : "submitted"
      case .reviewed: vi ? "đã xem xét" : "reviewed"
      }
    out("\(summary.id)  \(status)")
    out(
      "\(summary.businessName) (\(TaxCode.masked(summary.taxCode)))\(stored.sizeClass.map { ", \($0.name.text(lang))" } ?? "")"
    )
    for line in profileLines(stored.profile) { out(line) }
    out(
      (vi ? "tạo lúc " : "created ") + local(summary.createdAt)
        + (summary.submittedAt.map { (vi ? ", gửi lúc " : ", submitted ") + local($0) } ?? "")
        + (vi ? " (giờ Việt Nam)" : " (Vietnam time)"))
    out(consentLine(stored.consent))
    if let review, review.version > 0 {
      let corrected = Scorer.score(review.correctedAnswers(stored.answers), questionnaire: questionnaire)
      let figure = corrected.overall.score.map { NumberText.fixed($0, decimals: 1, lang) } ?? "–"
      out(
        vi
          ? "xem xét: \(review.state.name.text(lang)) (\(review.reviewer ?? "?")); \(review.corrections.count) câu trả lời được sửa, tổng điểm sau khi sửa \(figure); \(review.notes.count) ghi chú — dxready review \(summary.id.rawValue.prefix(8))"
          : "review: \(review.state.name.text(lang)) (\(review.reviewer ?? "?")); \(review.corrections.count) answer(s) corrected, overall as corrected \(figure); \(review.notes.count) note(s) — dxready review \(summary.id.rawValue.prefix(8))"
      )
    }
    if summary.status == .draft {
      let shown = Scorer.shownQuestions(questionnaire, answers: stored.answers)
      out(
        vi
          ? "bản nháp: đã trả lời \(stored.answers.count)/\(shown.count) câu; điểm chỉ là tạm tính"
          : "draft: \(stored.answers.count) of \(shown.count) questions answered; scores are provisional")
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
    let vi = lang == .vi
    guard let consent else {
      return vi
        ? "đồng ý về dữ liệu cá nhân: không có (lưu trước khi dxready ghi nhận sự đồng ý)"
        : "personal-data consent: none (stored before dxready recorded consent)"
    }
    let stored = ISO8601DateFormatter()
    stored.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    let when = consent.givenAt.flatMap { stored.date(from: $0) }.map(local) ?? "?"
    let notice = consent.notice ?? "?"
    switch consent.method {
    case .take:
      return vi
        ? "đồng ý về dữ liệu cá nhân: thông báo \(notice), lúc \(when), trên màn hình của dxready take"
        : "personal-data consent: notice \(notice), \(when), on the screen of dxready take"
    case .file:
      return vi
        ? "đồng ý về dữ liệu cá nhân: thông báo \(notice), lúc \(when), theo tệp đã nhập"
        : "personal-data consent: notice \(notice), \(when), as the imported file records"
    case .recordedElsewhere:
      return vi
        ? "đồng ý về dữ liệu cá nhân: được ghi nhận ngoài dxready (người nhập đã xác nhận)"
        : "personal-data consent: recorded outside dxready (as the importer stated)"
    }
  }

  /// A time as a reader in the province writes it: 30/11/2026 23:10 in Vietnamese,
  /// 2026-11-30 23:10 in English, in Vietnam time (UTC+7).
  func local(_ date: Date) -> String {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(secondsFromGMT: Period.provinceOffsetHours * 3600)
    formatter.dateFormat = lang == .vi ? "dd/MM/yyyy HH:mm" : "yyyy-MM-dd HH:mm"
    return formatter.string(from: date)
  }

  /// The locality and the sector, by name where the reference lists are at hand (by id
  /// otherwise, said as such).
  func profileLines(_ profile: BusinessProfile) -> [String] {
    let vi = lang == .vi
    var lines: [String] = []
    if let form = profile.legalForm { lines.append((vi ? "Loại hình: " : "Legal form: ") + form.name.text(lang)) }
    if let id = profile.locality {
      let unit = reference?.localities.unit(id)
      var text = unit?.name ?? id
      if let former = unit?.former.flatMap({ reference?.localities.unit($0) }) {
        text += vi ? " (thuộc \(former.name) cũ)" : " (in former \(former.name))"
      }
      lines.append((vi ? "Địa bàn: " : "Locality: ") + text)
    }
    if let industry = profile.industry {
      let name = reference?.vsic.section(version: industry.vsic, id: industry.section)?.name.text(lang)
      lines.append(
        (vi ? "Ngành: " : "Sector: ") + industry.section + (name.map { " — \($0)" } ?? "")
          + (industry.code.map { vi ? ", mã \($0)" : ", code \($0)" } ?? "") + " (VSIC \(industry.vsic))")
    }
    return lines
  }
}
