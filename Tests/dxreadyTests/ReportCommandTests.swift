import Foundation
import Testing

/// `dxready report`, driven through the real binary against a real database, and printed to
/// PDF by a real headless Chromium.
@Suite("dxready report, run as a binary")
struct ReportCommandTests {
  let folder: URL
  let env: [String: String]

  init() throws {
    folder = try Binary.temporaryFolder()
    env = [
      "DXREADY_DATABASE": folder.appendingPathComponent("db.sqlite").path,
      "DXREADY_QUESTIONNAIRES": Binary.package.appendingPathComponent("Questionnaires").path,
      "DXREADY_REPORTS": Binary.package.appendingPathComponent("Reports").path,
    ]
  }

  func dx(_ arguments: String...) throws -> Binary.Run {
    try Binary.run(arguments, in: folder, environment: env)
  }

  func importExamples() throws {
    #expect(try dx("import", Binary.package.appendingPathComponent("Questionnaires/examples").path).status == 0)
  }

  /// `count` more businesses like the retail example (same sector G and size class), each
  /// with its own valid tax code, written as answer files into a folder.
  func peers(_ count: Int) throws -> URL {
    let example = try String(
      contentsOf: Binary.package.appendingPathComponent("Questionnaires/examples/enterprise-dx-retail.yaml"),
      encoding: .utf8)
    let out = folder.appendingPathComponent("peers-\(count)")
    try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
    var made = 0
    var body = 570_020_000
    while made < count {
      body += 1
      let digits = String(format: "%09d", body).compactMap(\.wholeNumberValue)
      let check = 10 - zip(digits, [31, 29, 23, 19, 17, 13, 7, 5, 3]).map { $0 * $1 }.reduce(0, +) % 11
      guard check < 10 else { continue }
      let code = String(format: "%09d", body) + String(check)
      let text =
        example
        .replacingOccurrences(of: "assessment: 7d6f3c1e-2b4a-4c8e-9f10-3a5b6c7d8e90\n", with: "")
        .replacingOccurrences(of: "\"5700100256\"", with: "\"\(code)\"")
        .replacingOccurrences(of: "Hạ Long Xanh", with: "Bạn hàng số \(made + 1)")
      try Data(text.utf8).write(to: out.appendingPathComponent("peer-\(made).yaml"))
      made += 1
    }
    return out
  }

  @Test("a report in HTML and Markdown, in both languages; bad input is refused with a clear message")
  func report() throws {
    defer { try? FileManager.default.removeItem(at: folder) }
    try importExamples()
    let html = folder.appendingPathComponent("bao-cao.html")
    let made = try dx("report", "7d6f3c1e", "-o", html.path)
    #expect(made.status == 0, "\(made.stderr)")
    let page = try String(contentsOf: html, encoding: .utf8)
    #expect(page.contains("<html lang=\"vi\">") && page.contains("Công ty TNHH Thương mại Hạ Long Xanh"))
    #expect(page.contains("38,4") && page.contains("Mức 2 — Bắt đầu"))
    // The format follows the file's extension.
    #expect(try dx("report", "7d6f3c1e", "-o", "r.md").status == 0)
    let written = try String(contentsOf: folder.appendingPathComponent("r.md"), encoding: .utf8)
    #expect(written.hasPrefix("# Báo cáo mức độ sẵn sàng chuyển đổi số"))
    // A questionnaire of three dimensions: no dimension is both a strength and a gap.
    let queue = try dx("review", "list", "--format", "json")
    let rows = try #require(try JSONSerialization.jsonObject(with: Data(queue.stdout.utf8)) as? [[String: Any]])
    let dii = try #require(rows.first { $0["questionnaire_id"] as? String == "digital-intensity" }?["id"] as? String)
    let intensity = try dx("report", dii, "--format", "md")
    #expect(intensity.status == 0, "\(intensity.stderr)")
    let parts = intensity.stdout.components(separatedBy: "**Cần cải thiện**")
    let strengths = parts.first?.components(separatedBy: "**Điểm mạnh**").last ?? ""
    let gaps = parts.last?.components(separatedBy: "###").first ?? ""
    let strong = strengths.split(separator: "\n").filter { $0.hasPrefix("- ") }.map { $0.split(separator: ":")[0] }
    let weak = gaps.split(separator: "\n").filter { $0.hasPrefix("- ") }.map { $0.split(separator: ":")[0] }
    #expect(!strong.isEmpty && !weak.isEmpty && Set(strong).isDisjoint(with: Set(weak)), "\(strong) \(weak)")
    let markdown = try dx("report", "7d6f3c1e", "--format", "md", "--lang", "en")
    #expect(markdown.status == 0 && markdown.stdout.contains("**38.4** out of 100 — **Level 2: Beginning**"))
    #expect(markdown.stdout.contains("No comparison yet: fewer businesses of the same sector and size"))

    for (arguments, message) in [
      (["report", "ffffffff"], "ffffffff"),
      (["report", "7d6f3c1e", "--format", "pdf"], "-o FILE.pdf"),
      (["report", "7d6f3c1e", "--format", "pdf", "-o", "x.pdf", "--browser", "/no/such/chromium"], "no such program"),
      (["report", "7d6f3c1e", "--templates", "/no/such/folder"], "no such file"),
      (["report", "--all"], "-o DIR"),
      (["report", "7d6f3c1e", "--format", "md", "-o", "x.html"], "make them agree"),
      (["report", "--all", "-o", "db.sqlite"], "is a file"),
      (["report"], "name the assessment"),
    ] {
      let run = try Binary.run(arguments, in: folder, environment: env)
      #expect(run.status != 0 && run.stderr.contains(message), "\(arguments): \(run.stderr)")
      #expect(!run.stderr.contains("Fatal error"), "\(arguments)")
    }
    // A rejected assessment gets no report.
    #expect(try dx("review", "0b9e6a52", "--state", "rejected", "--reason", "Bài thử").status == 0)
    let rejected = try dx("report", "0b9e6a52")
    #expect(rejected.status == 2 && rejected.stderr.contains("rejected in review"), "\(rejected.stderr)")
  }

  @Test("peers: shown when the published statistics hold 10 businesses of the sector and size, hidden at 9")
  func peersAtTheMinimum() throws {
    defer { try? FileManager.default.removeItem(at: folder) }
    try importExamples()
    #expect(try dx("import", try peers(8).path).status == 0)
    var report = try dx("report", "7d6f3c1e", "--format", "md")
    #expect(report.stdout.contains("ít hơn số doanh nghiệp tối thiểu để công bố (10)"), "9 businesses: hidden")
    #expect(!report.stdout.contains("Trung bình nhóm"))
    #expect(try dx("import", try peers(9).path).status == 0, "one more (the 9 include the 8 already stored)")
    report = try dx("report", "7d6f3c1e", "--format", "md")
    #expect(report.stdout.contains("Trung bình nhóm"), "10 businesses: shown\n\(report.stdout)")
    #expect(report.stdout.contains("doanh nghiệp trong nhóm (số gần đúng"))
  }

  @Test("--all writes one report per assessment, named by tax code, date and id")
  func all() throws {
    defer { try? FileManager.default.removeItem(at: folder) }
    try importExamples()
    let out = folder.appendingPathComponent("reports")
    let run = try dx("report", "--all", "-o", out.path, "--format", "md")
    #expect(run.status == 0 && run.stderr.contains("3 reports written"), "\(run.stderr)")
    let names = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
    #expect(names.count == 3)
    #expect(names.contains { $0.hasPrefix("5700100256_") && $0.hasSuffix("_7d6f3c1e.md") }, "\(names)")
    let again = try dx("report", "--all", "-o", out.path)
    #expect(again.status == 2 && again.stderr.contains("not empty"), "reports of two runs never mix")
    let none = try dx("report", "--all", "--period", "2020", "-o", folder.appendingPathComponent("none").path)
    #expect(none.status == 0 && none.stderr.contains("0 reports written") && none.stderr.contains("review list"))
    let place = try dx(
      "report", "--all", "--locality", "bai-chay", "--format", "md", "-o", folder.appendingPathComponent("place").path)
    #expect(place.status == 0 && place.stderr.contains("1 report written"), "\(place.stderr)")
    let bad = try dx("report", "--all", "--locality", "atlantis", "-o", folder.appendingPathComponent("bad").path)
    #expect(bad.status == 2 && bad.stderr.contains("atlantis"), "\(bad.stderr)")
    #expect(try dx("report", "7d6f3c1e", "--period", "2026").status == 2, "filters are for --all")
  }

  @Test("report lint: Reports/ is valid; a copy with an unknown variable and an unused label fails with their places")
  func lint() throws {
    defer { try? FileManager.default.removeItem(at: folder) }
    #expect(try dx("report", "lint").status == 0)
    let copy = folder.appendingPathComponent("my-reports")
    try FileManager.default.copyItem(at: Binary.package.appendingPathComponent("Reports"), to: copy)
    let template = copy.appendingPathComponent("report.md.mustache")
    try (try String(contentsOf: template, encoding: .utf8) + "{{business.nmae}}\n").write(
      to: template, atomically: true, encoding: .utf8)
    let labels = copy.appendingPathComponent("labels.yaml")
    try (try String(contentsOf: labels, encoding: .utf8) + "spare: {vi: Dư, en: Spare}\n").write(
      to: labels, atomically: true, encoding: .utf8)
    let run = try dx("report", "lint", "--templates", copy.path)
    #expect(run.status == 1, "\(run.stderr)")
    #expect(run.stderr.contains("report.md.mustache:") && run.stderr.contains("`nmae` is not a variable of `business`"))
    #expect(run.stderr.contains("labels.yaml:") && run.stderr.contains("`spare` is used by no template"))
    try importExamples()
    let typo = try dx("report", "7d6f3c1e", "--templates", copy.path)
    #expect(typo.status == 2 && typo.stderr.contains("`nmae` is not a variable"), "a typing error is refused")
    try "title: {vi: Tiêu đề}\n".write(to: labels, atomically: true, encoding: .utf8)
    let broken = try dx("report", "7d6f3c1e", "--templates", copy.path)
    #expect(broken.status == 2 && broken.stderr.contains("title: the English text (en) is missing"), "\(broken.stderr)")
  }

  static let chromium: String? = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
    .first { FileManager.default.isExecutableFile(atPath: $0) }

  @Test(
    "PDF through a real headless Chromium: at most two A4 pages, the name with its accents and the level in the text; a PNG screenshot",
    arguments: ["vi", "en"])
  func pdf(_ language: String) throws {
    let browser = try #require(Self.chromium, "Chromium is not installed: apt-get install chromium (.ci/run does)")
    try #require(FileManager.default.isExecutableFile(atPath: "/usr/bin/pdfinfo"), "apt-get install poppler-utils")
    defer { try? FileManager.default.removeItem(at: folder) }
    try importExamples()
    let pdf = folder.appendingPathComponent("report.pdf")
    let run = try dx("report", "7d6f3c1e", "--format", "pdf", "--lang", language, "-o", pdf.path)
    #expect(run.status == 0, "\(run.stderr)")
    let info = try Binary.run([pdf.path], executable: URL(fileURLWithPath: "/usr/bin/pdfinfo")).stdout
    let pages = info.split(separator: "\n").first { $0.hasPrefix("Pages:") }.flatMap {
      Int($0.split(separator: " ").last ?? "")
    }
    #expect((1...2).contains(pages ?? 0), "\(info)")
    #expect(info.contains("(A4)"), "A4: \(info)")
    let text = try Binary.run([pdf.path, "-"], executable: URL(fileURLWithPath: "/usr/bin/pdftotext")).stdout
    #expect(text.contains("Công ty TNHH Thương mại Hạ Long Xanh"), "\(text.prefix(400))")
    // The fullest report — reviewed with corrections, notes and decisions, a previous
    // assessment and peers (the golden file of DXReadyReportsTests) — also fits two pages.
    let full = folder.appendingPathComponent("full.pdf")
    let golden = Binary.package.appendingPathComponent("Tests/DXReadyReportsTests/Golden/reviewed-\(language).html")
    var printing = [
      "--headless", "--disable-gpu", "--no-pdf-header-footer", "--enable-logging=stderr",
      "--user-data-dir=\(folder.appendingPathComponent("profile").path)", "--print-to-pdf=\(full.path)",
      golden.absoluteString,
    ]
    if geteuid() == 0 { printing.insert("--no-sandbox", at: 0) }
    let printed = try Binary.run(printing, executable: URL(fileURLWithPath: browser))
    #expect(!printed.stderr.contains("CONSOLE"), "no console message: \(printed.stderr.suffix(600))")
    let fullInfo = try Binary.run([full.path], executable: URL(fileURLWithPath: "/usr/bin/pdfinfo")).stdout
    #expect(fullInfo.contains("Pages:           2") || fullInfo.contains("Pages:           1"), "\(fullInfo)")
    #expect(text.contains(language == "vi" ? "Mức 2 — Bắt đầu" : "Level 2 — Beginning"))
    // The screenshot, for a person to look at: .build/report-screenshots/.
    let html = folder.appendingPathComponent("report.html")
    #expect(try dx("report", "7d6f3c1e", "--lang", language, "-o", html.path).status == 0)
    let shots = Binary.package.appendingPathComponent(".build/report-screenshots")
    try FileManager.default.createDirectory(at: shots, withIntermediateDirectories: true)
    let png = shots.appendingPathComponent("report-\(language).png")
    try? FileManager.default.removeItem(at: png)
    var arguments = [
      "--headless", "--disable-gpu", "--hide-scrollbars", "--window-size=900,2400",
      "--user-data-dir=\(folder.appendingPathComponent("profile").path)", "--screenshot=\(png.path)",
      html.absoluteString,
    ]
    if geteuid() == 0 { arguments.insert("--no-sandbox", at: 0) }
    let shot = try Binary.run(arguments, executable: URL(fileURLWithPath: browser))
    #expect(!shot.stderr.contains("Uncaught") && !shot.stderr.contains("console"), "no console errors: \(shot.stderr)")
    let size = (try? FileManager.default.attributesOfItem(atPath: png.path)[.size] as? Int) ?? 0
    #expect(size > 10_000, "a screenshot was saved: \(png.path)")
  }

  @Test("the officials' dashboard in a real headless Chromium: counts, legend, trend table, source, licence and method")
  func dashboard() throws {
    let browser = try #require(Self.chromium, "Chromium is not installed: apt-get install chromium (.ci/run does)")
    defer { try? FileManager.default.removeItem(at: folder) }
    let synth = try Binary.run(
      [
        "--count", "600", "--seed", "9", "--database", env["DXREADY_DATABASE"]!, "--questionnaires",
        env["DXREADY_QUESTIONNAIRES"]!, "--province",
      ], in: folder, executable: Binary.url.deletingLastPathComponent().appendingPathComponent("dxready-synth"))
    #expect(synth.status == 0, "\(synth.stderr)")
    var environment = env
    environment["DXREADY_REPORTS"] = nil
    // No templates folder to be found from here: the built-in ones are used.
    let export = try Binary.run(["export", "--format", "html", "-o", "dash"], in: folder, environment: environment)
    #expect(export.status == 0, "\(export.stderr)")
    let page = folder.appendingPathComponent("dash/index.html")
    let pdf = folder.appendingPathComponent("dash.pdf")
    var arguments = [
      "--headless", "--disable-gpu", "--no-pdf-header-footer",
      "--user-data-dir=\(folder.appendingPathComponent("profile").path)", "--print-to-pdf=\(pdf.path)",
      page.absoluteString,
    ]
    if geteuid() == 0 { arguments.insert("--no-sandbox", at: 0) }
    let printed = try Binary.run(arguments, executable: URL(fileURLWithPath: browser))
    #expect(!printed.stderr.contains("Uncaught"), "no console errors: \(printed.stderr)")
    let text = try Binary.run([pdf.path, "-"], executable: URL(fileURLWithPath: "/usr/bin/pdftotext")).stdout
    for expected in [
      "Phân bố doanh nghiệp theo mức", "Tất cả (n = ", "Thang màu theo số liệu", "Điểm tổng trung bình theo quý",
      "Creative Commons Attribution 4.0", "dxready-sdc/1", "Số doanh nghiệp được tính", "2023-Q1", "2026-Q4",
      "Hạ Long (n = ",
    ] {
      #expect(text.contains(expected), "\(expected) in the printed dashboard")
    }
    #expect(!text.contains("Doanh nghiệp mẫu"), "no business named")
    let shots = Binary.package.appendingPathComponent(".build/report-screenshots")
    try FileManager.default.createDirectory(at: shots, withIntermediateDirectories: true)
    arguments = [
      "--headless", "--disable-gpu", "--hide-scrollbars", "--window-size=1050,2600",
      "--user-data-dir=\(folder.appendingPathComponent("profile").path)",
      "--screenshot=\(shots.appendingPathComponent("dashboard-vi.png").path)", page.absoluteString,
    ]
    if geteuid() == 0 { arguments.insert("--no-sandbox", at: 0) }
    #expect(try Binary.run(arguments, executable: URL(fileURLWithPath: browser)).status == 0)
  }
}
