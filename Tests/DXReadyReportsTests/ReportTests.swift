import DXReadyCore
import Foundation
import Testing

@testable import DXReadyReports

/// Business reports from the templates in `Reports/`: rendered from fixtures in both
/// languages (golden files), their variables exactly as documented, and the lint.
@Suite("Business reports")
struct ReportTests {
  static let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

  static func load(_ name: String) -> Questionnaire {
    let url = package.appendingPathComponent("Questionnaires/\(name).yaml")
    return QuestionnaireLoader.load((try? String(contentsOf: url, encoding: .utf8)) ?? "", file: name).questionnaire!
  }

  static let questionnaire = load("enterprise-dx")

  static let reference: ReferenceData = {
    var localities: LocalityList?
    var vsic: VSIC?
    for name in ["quang-ninh.yaml", "vsic.yaml"] {
      let url = package.appendingPathComponent("Questionnaires/reference/\(name)")
      switch ReferenceLoader.load((try? String(contentsOf: url, encoding: .utf8)) ?? "", file: name).loaded {
      case .localities(let list)?: localities = list
      case .vsic(let sections)?: vsic = sections
      case nil: break
      }
    }
    return ReferenceData(localities: localities!, vsic: vsic!)
  }()

  static let catalog: ServiceCatalog = {
    let url = package.appendingPathComponent("Questionnaires/services.yaml")
    return ServiceCatalogLoader.load(
      (try? String(contentsOf: url, encoding: .utf8)) ?? "", file: "services.yaml",
      questionnaires: [questionnaire, load("digital-intensity")]
    ).catalog!
  }()

  static let templates: ReportTemplates = {
    try! ReportTemplates.load(folder: package.appendingPathComponent("Reports").path)
  }()

  /// The retail example as stored, with its profile.
  static func stored(_ example: String = "enterprise-dx-retail", _ questionnaire: Questionnaire = questionnaire)
    throws -> StoredAssessment
  {
    let url = package.appendingPathComponent("Questionnaires/examples/\(example).yaml")
    let sheet = try #require(AnswerSheetLoader.load(try String(contentsOf: url, encoding: .utf8), file: "x").sheet)
    let answers = AnswerValidator.validate(sheet, against: questionnaire, file: "x").answers
    let summary = AssessmentSummary(
      id: AssessmentID("7d6f3c1e-2b4a-4c8e-9f10-3a5b6c7d8e90")!, taxCode: "5700100256",
      businessName: "Công ty TNHH Thương mại Hạ Long Xanh", questionnaireID: questionnaire.id,
      questionnaireVersion: questionnaire.version, status: .submitted, createdAt: Date(timeIntervalSince1970: 0),
      updatedAt: Date(timeIntervalSince1970: 0), submittedAt: Date(timeIntervalSince1970: 1_796_004_000))
    return StoredAssessment(
      summary: summary, profile: try #require(sheet.profile), sizeClass: .small, questionnaireHash: questionnaire.hash,
      questionnaireSource: "", answers: answers, dimensionScores: [])
  }

  /// A reviewed assessment with a correction, a note and decisions; an earlier assessment;
  /// peers published.
  static func full(_ language: Language) throws -> ReportInput {
    var review = ReviewRecord(state: .reviewed, reviewer: "Trần Thị B", version: 4)
    review.corrections = [
      Correction(question: "st_plan", value: .option("partial"), reason: "Xem bản kế hoạch giấy", by: "B", at: "x")
    ]
    review.notes = [ReviewNote(question: nil, text: "Gặp chủ doanh nghiệp ngày 30/11", by: "Trần Thị B", at: "x")]
    review.decisions = [
      ServiceDecision(service: "crm", kind: .rejected, reason: "Đã có CRM riêng", by: "B", at: "x"),
      ServiceDecision(service: "e-commerce", kind: .added, reason: nil, by: "B", at: "x"),
    ]
    let dimensions = Dictionary(uniqueKeysWithValues: questionnaire.dimensions.map { ($0.id, 40.0) })
    return ReportInput(
      stored: try stored(), questionnaire: questionnaire, review: review, catalog: catalog, reference: reference,
      previous: .init(submittedAt: Date(timeIntervalSince1970: 1_764_468_000), overall: 31, dimensions: dimensions),
      peers: .init(count: 12, overall: 44.5, dimensions: dimensions, minimum: 10), language: language,
      generatedAt: Date(timeIntervalSince1970: 1_796_090_400))
  }

  static func plain(_ language: Language, peers: ReportInput.Peers?) throws -> ReportInput {
    ReportInput(
      stored: try stored(), questionnaire: questionnaire, review: ReviewRecord(state: .submitted), catalog: catalog,
      reference: reference, previous: nil, peers: peers, language: language,
      generatedAt: Date(timeIntervalSince1970: 1_796_090_400))
  }

  func golden(_ text: String, _ name: String) throws {
    let url = Self.package.appendingPathComponent("Tests/DXReadyReportsTests/Golden/\(name)")
    if ProcessInfo.processInfo.environment["DXREADY_RECORD"] != nil {
      try Data(text.utf8).write(to: url)
      Issue.record("recorded \(name); run again without DXREADY_RECORD")
      return
    }
    let expected = try String(contentsOf: url, encoding: .utf8)
    #expect(text == expected, "\(name) differs from its golden file; DXREADY_RECORD=1 records it again")
  }

  @Test(
    "every template renders a reviewed assessment with history and peers, in both languages",
    arguments: [Language.vi, .en])
  func reviewed(_ language: Language) throws {
    let input = try Self.full(language)
    for format in ReportTemplates.Format.allCases {
      let text = Self.templates.render(input, format: format)
      try golden(text, "reviewed-\(language.rawValue).\(format.rawValue)")
      #expect(text.contains("Công ty TNHH Thương mại Hạ Long Xanh"))
      #expect(!text.contains("{{") && !text.contains("labels."))
    }
    let html = Self.templates.render(input, format: .html)
    #expect(html.contains("<html lang=\"\(language.rawValue)\">"))
    #expect(
      !html.contains("<script") && !html.contains("http://") && !html.contains("https://"), "no script, no network")
    #expect(
      html.contains(language == .vi ? "Xem bản kế hoạch giấy" : "Xem bản kế hoạch giấy"), "the correction's reason")
    #expect(html.contains(language == .vi ? "39,2" : "39.2"), "scores as corrected")
    #expect(html.contains(language == .vi ? "38,4" : "38.4"), "and as answered")
    #expect(html.contains(language == .vi ? "30/11/2025" : "30 November 2025"), "the previous assessment's date")
    #expect(html.contains("stroke-dasharray"), "the peers' shape on the radar chart")
  }

  @Test("peers: shown when published, a sentence when the group is too small or the profile has no sector")
  func peers() throws {
    let hidden = Self.templates.render(
      try Self.plain(.vi, peers: .init(count: nil, overall: nil, dimensions: [:], minimum: 10)), format: .md)
    #expect(hidden.contains("ít hơn số doanh nghiệp tối thiểu để công bố (10)"))
    #expect(!hidden.contains("Trung bình nhóm"))
    let none = Self.templates.render(try Self.plain(.en, peers: nil), format: .md)
    #expect(none.contains("No comparison: the profile has no sector or size."))
    try golden(Self.templates.render(try Self.plain(.vi, peers: nil), format: .md), "submitted-vi.md")
  }

  @Test("the variables a report gets are exactly the documented ones")
  func schema() throws {
    let made = ReportSchema.paths(of: ReportContext(try Self.full(.vi), labels: Self.templates.labels).variables())
    // peers_hidden and peers_none stand in for peers; the full fixture has peers.
    let others = ReportSchema.paths(
      of: ReportContext(
        try Self.plain(.vi, peers: .init(count: nil, overall: nil, dimensions: [:], minimum: 10)),
        labels: Self.templates.labels
      ).variables())
    let none = ReportSchema.paths(
      of: ReportContext(try Self.plain(.vi, peers: nil), labels: Self.templates.labels).variables())
    // The Eurostat questionnaire says what each level means too.
    let intensity = Self.load("digital-intensity")
    let meaning = ReportSchema.paths(
      of: ReportContext(
        ReportInput(
          stored: try Self.stored("digital-intensity-retail", intensity), questionnaire: intensity,
          review: ReviewRecord(state: .submitted), catalog: Self.catalog, reference: Self.reference, previous: nil,
          peers: nil, language: .en, generatedAt: Date()), labels: Self.templates.labels
      ).variables())
    #expect(meaning.contains("overall.level_description"))
    #expect(made.union(others).union(none).union(meaning) == Set(ReportSchema.paths))
    let readme = try String(
      contentsOf: Self.package.appendingPathComponent("Reports/README.md"), encoding: .utf8)
    for path in ReportSchema.paths { #expect(readme.contains("`\(path)`"), "Reports/README.md documents \(path)") }
  }

  @Test(
    "lint: Reports/ is clean; an unknown variable, a list used as a value, an unused or half-translated label are found with their place"
  )
  func lint() throws {
    #expect(Self.templates.lint().isEmpty, "\(Self.templates.lint())")
    var lint = TemplateLint(labels: ["title", "unused"])
    let findings = lint.check(
      """
      <h1>{{labels.title}}</h1>
      {{#dimensions}}{{titel}}{{/dimensions}}
      {{business.nmae}} {{dimensions}} {{labels.missing}}
      {{#roadmap.phases}}{{#services}}{{name}} {{lang}}{{/services}}{{/roadmap.phases}}
      {{uppercase(lang)}}
      """, file: "t.mustache")
    let messages = findings.map(\.description)
    #expect(messages.count == 5, "\(messages)")
    #expect(messages.contains { $0.hasPrefix("t.mustache:2:16: `titel` is not a report variable") })
    #expect(
      messages.contains { $0.hasPrefix("t.mustache:3:1: `business.nmae`: `nmae` is not a variable of `business`") })
    #expect(messages.contains { $0.hasPrefix("t.mustache:3:19: `dimensions` is a list") })
    #expect(messages.contains { $0.hasPrefix("t.mustache:3:34: `labels.missing` is not in labels.yaml") })
    #expect(messages.contains { $0.contains("transforms are not used") })
    #expect(lint.usedLabels == ["title"])
    #expect(throws: ReportProblem.self) { try ReportLabels.load("title: {vi: Tiêu đề}\n", file: "labels.yaml") }
    do {
      _ = try ReportLabels.load("title: {vi: Tiêu đề}\nsub: {vi: a, en: b, fr: c}\n", file: "labels.yaml")
    } catch {
      #expect(error.message.contains("labels.yaml:1: title: the English text (en) is missing"))
      #expect(error.message.contains("labels.yaml:2: sub: `fr` is not a language of the report (vi, en)"))
    }
    var broken = TemplateLint(labels: [])
    let unclosed = broken.check("line one\n{{#lang}}open", file: "b").map(\.description)
    #expect(unclosed.contains { $0.hasPrefix("b:2:1: `{{#lang}}` is never closed") }, "\(unclosed)")
    #expect(unclosed.contains { $0.contains("cannot be read: a section is never closed") }, "\(unclosed)")
  }

  @Test("Markdown escapes what would become markup in a business's words")
  func markdown() throws {
    var input = try Self.plain(.en, peers: nil)
    input.stored.summary.businessName = "Shop *Sao* [Biển] #1"
    let text = Self.templates.render(input, format: .md)
    #expect(text.contains(##"Shop \*Sao\* \[Biển\] \#1"##))
  }
}

/// The officials' dashboard from `Reports/dashboard.html.mustache`, on hand-made published tables.
@Suite("The officials' dashboard")
struct DashboardTests {
  static func writer(published: Bool) -> OpenDataWriter {
    let q = ReportTests.questionnaire
    let summary = StatisticsTable.Summary(mean: 44.5, q1: nil, median: nil, q3: nil)
    let dimensions: [StatisticsTable.Summary?] = q.dimensions.enumerated().map { index, _ in
      StatisticsTable.Summary(mean: 40 + Double(index), q1: nil, median: nil, q3: nil)
    }
    let shares = q.levels.map { _ in 1 / Double(q.levels.count) }
    func cell(_ key: String?, _ count: Int?) -> StatisticsTable.Cell {
      guard let count else { return StatisticsTable.Cell(keys: [GroupKey(id: key)], suppression: .primary) }
      var cell = StatisticsTable.Cell(
        keys: [GroupKey(id: key)], count: count, levelShares: shares, overall: summary, dimensions: dimensions)
      cell.levelCounts = q.levels.map { _ in count / q.levels.count }
      return cell
    }
    let province = StatisticsTable(groupings: [], minCell: 10, cells: [cell(nil, published ? 60 : nil)])
    let districts = StatisticsTable(
      groupings: [.formerDistrict], minCell: 10,
      cells: [cell("ha-long", published ? 48 : nil), cell("co-to", nil), cell(nil, published ? 60 : nil)])
    return OpenDataWriter(
      tables: [("province", province), ("former-district", districts)], questionnaire: q,
      reference: ReportTests.reference, language: .vi, period: published ? nil : "2026", minCell: 10, folder: "/tmp",
      bom: false, quarters: published ? [("2026-Q3", cell(nil, 25)), ("2026-Q4", cell(nil, nil))] : [])
  }

  @Test("its variables are exactly the documented ones; counts beside every figure; no script, no network")
  func variables() throws {
    let labels = ReportTests.templates.labels
    let shown = DashboardContext(writer: Self.writer(published: true), labels: labels, generatedAt: Date())
    let hidden = DashboardContext(writer: Self.writer(published: false), labels: labels, generatedAt: Date())
    let paths = ReportSchema.paths(of: shown.variables()).union(ReportSchema.paths(of: hidden.variables()))
    #expect(paths == Set(ReportSchema.dashboardPaths))
    let readme = try String(
      contentsOf: ReportTests.package.appendingPathComponent("Reports/README.md"), encoding: .utf8)
    for path in ReportSchema.dashboardPaths {
      #expect(readme.contains("`\(path)`"), "Reports/README.md documents the dashboard's \(path)")
    }
    let page = ReportTests.templates.renderDashboard(Self.writer(published: true))
    #expect(page.contains("Hạ Long (n = 48)") && page.contains("Cô Tô (n = c)"))
    #expect(page.contains("<td class=\"num\">25</td><td class=\"num\">44,5</td>"), "the trend's table")
    #expect(page.contains("Creative Commons Attribution 4.0") && page.contains(DisclosureControl.method))
    #expect(!page.contains("<script") && !page.contains("http"), "no script, nothing from the network")
    for language in [Language.vi, .en] {
      var writer = Self.writer(published: true)
      writer.language = language
      try ReportTests().golden(
        ReportTests.templates.renderDashboard(writer, generatedAt: Date(timeIntervalSince1970: 1_796_090_400)),
        "dashboard-\(language.rawValue).html")
    }
    let empty = ReportTests.templates.renderDashboard(Self.writer(published: false))
    #expect(empty.contains("Chưa đủ doanh nghiệp để công bố số liệu toàn tỉnh."))
    #expect(empty.contains("Chưa có kỳ nào để so sánh."))
  }
}

@Suite("The built-in templates")
struct BuiltInTemplateTests {
  @Test("are exactly the files of Reports/ (run Tools/embed-reports.sh after changing one), and load")
  func same() throws {
    for name in ["labels.yaml", "report.html.mustache", "report.md.mustache", "dashboard.html.mustache"] {
      let file = try String(
        contentsOf: ReportTests.package.appendingPathComponent("Reports/\(name)"), encoding: .utf8)
      #expect(BuiltInTemplates.files[name] == file, "\(name) differs: run Tools/embed-reports.sh")
    }
    let builtIn = try ReportTemplates.load(folder: ReportTemplates.builtIn)
    #expect(builtIn.lint().isEmpty)
    #expect(builtIn.labels == ReportTests.templates.labels)
  }
}
