import ArgumentParser
import DXReadyCore
import DXReadyStore
import Foundation

struct Show: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "show",
    abstract: "Show a stored assessment: its business, status, scores and answers.",
    discussion: helpText(
      """
      The assessment is re-scored against the exact questionnaire text it was taken with, which is
      stored with it, so it shows the same figures after the questionnaire file changes. An
      unambiguous prefix of the id is enough.

      Examples:
        dxready show 7d6f3c1e
        dxready show 7d6f3c1e --explain --lang en
        dxready show 7d6f3c1e --format json
      """)
  )

  @Argument(help: "The assessment's id, or the start of it.")
  var id: String

  @Option(help: "text or json.")
  var format: OutputFormat = .text

  @Flag(help: "Show each question's answer, score and weight, and the arithmetic of every figure.")
  var explain = false

  @Option(help: "The language of the output: vi or en.")
  var lang: Language = .vi

  @OptionGroup var database: DatabaseOption
  @OptionGroup var folder: QuestionnaireFolderOption

  func run() throws {
    try reportingFailures {
      let (store, stored) = try database.assessment(matching: id, readOnly: true)
      let review =
        stored.summary.status == .draft
        ? nil : try storeCall { () throws(StoreError) in try store.review(stored.summary.id) }
      let questionnaire = try StoredQuestionnaire.load(stored)
      let result = Scorer.score(stored.answers, questionnaire: questionnaire)
      let summary = stored.summary
      switch format {
      case .json:
        var document = ResultDocument(
          result, questionnaire: questionnaire, language: lang, explain: explain, assessment: summary.id.rawValue,
          profile: stored.profile)
        document.record = ResultDocument.Record(
          status: summary.status.rawValue, createdAt: iso(summary.createdAt), updatedAt: iso(summary.updatedAt),
          submittedAt: summary.submittedAt.map(iso), sizeClass: stored.sizeClass?.rawValue,
          answers: Dictionary(uniqueKeysWithValues: stored.answers.map { ($0.key.rawValue, $0.value) }),
          consent: stored.consent, review: review)
        try printJSON(document)
      case .text:
        let vi = lang == .vi
        let status: String =
          switch summary.status {
          case .draft: vi ? "bản nháp" : "draft"
          case .submitted: vi ? "đã gửi" : "submitted"
          case .reviewed: vi ? "đã xem xét" : "reviewed"
          }
        print("\(summary.id)  \(status)")
        print(
          "\(summary.businessName) (\(TaxCode.masked(summary.taxCode)))\(stored.sizeClass.map { ", \($0.name.text(lang))" } ?? "")"
        )
        for line in profileLines(stored.profile) { print(line) }
        print(
          (vi ? "tạo lúc " : "created ") + local(summary.createdAt)
            + (summary.submittedAt.map { (vi ? ", gửi lúc " : ", submitted ") + local($0) } ?? "")
            + (vi ? " (giờ Việt Nam)" : " (Vietnam time)"))
        print(consentLine(stored.consent))
        if let review, review.version > 0 {
          let corrected = Scorer.score(review.correctedAnswers(stored.answers), questionnaire: questionnaire)
          let figure = corrected.overall.score.map { NumberText.fixed($0, decimals: 1, lang) } ?? "–"
          print(
            vi
              ? "xem xét: \(review.state.name.text(lang)) (\(review.reviewer ?? "?")); \(review.corrections.count) câu trả lời được sửa, tổng điểm sau khi sửa \(figure); \(review.notes.count) ghi chú — dxready review \(summary.id.rawValue.prefix(8))"
              : "review: \(review.state.name.text(lang)) (\(review.reviewer ?? "?")); \(review.corrections.count) answer(s) corrected, overall as corrected \(figure); \(review.notes.count) note(s) — dxready review \(summary.id.rawValue.prefix(8))"
          )
        }
        if summary.status == .draft {
          let shown = Scorer.shownQuestions(questionnaire, answers: stored.answers)
          print(
            vi
              ? "bản nháp: đã trả lời \(stored.answers.count)/\(shown.count) câu; điểm chỉ là tạm tính"
              : "draft: \(stored.answers.count) of \(shown.count) questions answered; scores are provisional")
        }
        print("")
        let text = ResultText(result, questionnaire: questionnaire, language: lang)
        print(text.summary(), terminator: "")
        if explain {
          print("")
          print(text.explanation(), terminator: "")
        }
      }
    }
  }

  func iso(_ date: Date) -> String { DateText.iso(date) }

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
    let reference = try? folder.catalog(services: false, hashes: false).referenceData()
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

/// The questionnaire an assessment was taken with, from the text stored with it.
enum StoredQuestionnaire {
  static func load(_ stored: StoredAssessment) throws -> Questionnaire {
    let outcome = QuestionnaireLoader.load(
      stored.questionnaireSource, file: "stored questionnaire \(stored.questionnaireHash)")
    guard let questionnaire = outcome.questionnaire, questionnaire.hash == stored.questionnaireHash else {
      throw CommandFailure(
        "assessment \(stored.summary.id): its stored questionnaire no longer loads the same way (\(stored.questionnaireHash)); it was written by another dxready version"
      )
    }
    return questionnaire
  }
}
