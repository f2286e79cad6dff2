import Foundation
import Testing

/// The storage commands, driven through the real binary against real database files.
@Suite("dxready storage commands, run as a binary")
struct StorageCommandTests {
  let folder: URL
  let env: [String: String]

  init() throws {
    folder = try Binary.temporaryFolder()
    env = [
      "DXREADY_DATABASE": folder.appendingPathComponent("db.sqlite").path,
      "DXREADY_QUESTIONNAIRES": Binary.package.appendingPathComponent("Questionnaires").path,
    ]
  }

  func dx(_ arguments: String..., input: String? = nil) throws -> Binary.Run {
    try dx(arguments, input: input)
  }

  func dx(_ arguments: [String], input: String? = nil) throws -> Binary.Run {
    try Binary.run(arguments, in: folder, environment: env, input: input)
  }

  func write(_ name: String, _ text: String) throws -> String {
    let url = folder.appendingPathComponent(name)
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try text.write(to: url, atomically: true, encoding: .utf8)
    return url.path
  }

  static let examples = Binary.package.appendingPathComponent("Questionnaires/examples").path

  @Test("import, list, show: the examples, twice, add three assessments once")
  func importTwice() throws {
    defer { try? FileManager.default.removeItem(at: folder) }
    let first = try dx("import", Self.examples)
    #expect(first.status == 0, "\(first.stderr)")
    #expect(first.stdout.contains("imported 3 assessment(s); 0 already stored"))
    let second = try dx("import", Self.examples)
    #expect(second.stdout.contains("imported 0 assessment(s); 3 already stored"))
    let list = try dx("list", "--format", "csv")
    #expect(list.stdout.split(separator: "\n").count == 4)
    let show = try dx("show", "7d6f3c1e", "--format", "json")
    #expect(show.status == 0)
    let object = try #require(try JSONSerialization.jsonObject(with: Data(show.stdout.utf8)) as? [String: Any])
    #expect((object["overall"] as? [String: Any])?["score"] as? Double == 38.4)
    let record = try #require(object["record"] as? [String: Any])
    #expect(record["status"] as? String == "submitted")
    #expect((record["answers"] as? [String: Any])?["st_plan"] as? String == "ideas")
    let history = try dx("list", "--business", "5700100256")
    #expect(history.stdout.split(separator: "\n").count == 3, "header and two assessments of the same business")
  }

  @Test("household businesses: imported, grouped by legal form, and their owner's number never shown in full")
  func households() throws {
    defer { try? FileManager.default.removeItem(at: folder) }
    let ids = (0..<12).map { String(format: "0221850001%02d", $0) }
    var files: [String] = []
    for (index, id) in ids.enumerated() {
      files.append(
        try write(
          "h/\(index).yaml",
          """
          questionnaire: digital-intensity@1.0.0
          consent: {notice: "2026-11", given_at: 2026-11-29T10:00:00+07:00}
          profile: {name: "Hộ kinh doanh số \(index)", tax_code: "\(id)", legal_form: household, locality: ha-long,
            industry: {vsic: 2025, section: G}, employees: 2, revenue_billion_vnd: 0.8}
          answers: {di_internet_staff: yes, di_ict_specialists: no, di_fast_broadband: yes, di_remote_meetings: no,
            di_website: no, di_social_media: yes, di_ecommerce_1pct: \(index % 2 == 0 ? "yes" : "no"),
            di_b2c_web_sales: no, di_cloud: no, di_erp: no, di_crm: no, di_ai_analytics: no}
          """))
    }
    let imported = try dx(["import"] + files + [Self.examples])
    #expect(imported.status == 0, "\(imported.stderr)")
    #expect(!imported.stdout.contains("0221850001") && !imported.stderr.contains("0221850001"))
    // Without a legal form the number is refused, and the message does not repeat it.
    let bad = try write(
      "bad.yaml",
      "questionnaire: digital-intensity@1.0.0\nprofile: {name: A, tax_code: \"022185000199\"}\nanswers: {}\n")
    let refused = try dx("import", bad)
    #expect(refused.status == 2 && refused.stderr.contains("legal_form: household"))
    #expect(!refused.stderr.contains("022185000199"))

    var outputs: [String] = []
    for format in ["table", "csv", "json"] {
      outputs.append(try dx("list", "--format", format, "--limit", "100").stdout)
    }
    #expect(outputs[0].contains("*********100"))
    outputs.append(try dx("list", "--business", ids[3]).stdout)
    #expect(outputs.last?.contains("*********103") == true)
    let id = try #require(
      (try JSONSerialization.jsonObject(with: Data(outputs[2].utf8)) as? [[String: Any]])?.first {
        ($0["tax_code"] as? String) == "*********105"
      }?["id"] as? String)
    for format in ["text", "json"] { outputs.append(try dx("show", id, "--format", format).stdout) }
    #expect(outputs.last?.contains("*********105") == true)
    outputs.append(
      try dx("stats", "--by", "legal-form", "--format", "json", "--questionnaire", "digital-intensity").stdout)
    let stats = try #require(try JSONSerialization.jsonObject(with: Data(outputs.last!.utf8)) as? [String: Any])
    let cells = try #require(stats["cells"] as? [[String: Any]])
    let household = try #require(
      cells.first { ($0["groups"] as? [String: Any])?["legal-form"] as? String == "household" })
    #expect((10...14).contains(household["count"] as? Int ?? 0), "12 households, published with noise of ±2")
    #expect(
      try dx("stats", "--by", "legal-form", "--questionnaire", "digital-intensity").stdout.contains("Hộ kinh doanh"))
    for format in ["csv", "json", "datapackage", "html"] {
      #expect(
        try dx("export", "--format", format, "-o", "out-\(format)", "--questionnaire", "digital-intensity").status == 0)
      let files = FileManager.default.enumerator(atPath: folder.appendingPathComponent("out-\(format)").path)
      while let file = files?.nextObject() as? String {
        outputs.append(try String(contentsOf: folder.appendingPathComponent("out-\(format)/\(file)"), encoding: .utf8))
      }
    }
    #expect(outputs.last.map { !$0.isEmpty } == true)
    for output in outputs { #expect(!output.contains("0221850001"), "a personal identification number in full") }
  }

  @Test("a batch with bad files imports nothing and lists every problem")
  func allOrNothing() throws {
    defer { try? FileManager.default.removeItem(at: folder) }
    let good = Binary.package.appendingPathComponent("Questionnaires/examples/enterprise-dx-retail.yaml").path
    let badAnswer = try write(
      "bad1.yaml",
      "questionnaire: digital-intensity@1.0.0\nprofile: {name: A, tax_code: \"0100109106\"}\nanswers: {di_website: maybe}\n"
    )
    let badProfile = try write(
      "bad2.yaml",
      "questionnaire: digital-intensity@1.0.0\nprofile: {name: B, tax_code: \"12345\", locality: atlantis}\nanswers: {}\n"
    )
    let run = try dx("import", good, badAnswer, badProfile)
    #expect(run.status == 2)
    #expect(run.stderr.contains("bad1.yaml:3:11: error: answer to `di_website`: `maybe` is not an option"))
    #expect(run.stderr.contains("bad2.yaml:2:30: error: profile.tax_code: `12345` is not a tax code"))
    #expect(run.stderr.contains("bad2.yaml:2:49: error: profile.locality: `atlantis` is not a locality of Quảng Ninh"))
    #expect(run.stderr.contains("nothing was imported"))
    #expect(!FileManager.default.fileExists(atPath: env["DXREADY_DATABASE"]!), "no database was even created")
  }

  @Test("the same assessment id with other content is refused, and nothing changes")
  func conflict() throws {
    defer { try? FileManager.default.removeItem(at: folder) }
    let original = Binary.package.appendingPathComponent("Questionnaires/examples/enterprise-dx-retail.yaml")
    #expect(try dx("import", original.path).status == 0)
    let changed = try String(contentsOf: original, encoding: .utf8)
      .replacingOccurrences(of: "st_plan: ideas", with: "st_plan: none")
    let path = try write("changed.yaml", changed)
    let before = try dx("show", "7d6f3c1e", "--format", "json").stdout
    let run = try dx("import", path)
    #expect(run.status == 2)
    #expect(run.stderr.contains("assessment 7d6f3c1e-2b4a-4c8e-9f10-3a5b6c7d8e90 is already stored with other content"))
    #expect(try dx("show", "7d6f3c1e", "--format", "json").stdout == before)
  }

  @Test("a draft answered one at a time; a hidden answer is dropped with a notice; submit checks completeness")
  func draft() throws {
    defer { try? FileManager.default.removeItem(at: folder) }
    let start = try write(
      "start.yaml",
      "questionnaire: enterprise-dx@1.0.0\nprofile: {name: Cơ sở Bình An, tax_code: \"0300588569\", locality: uong-bi}\nanswers: {st_plan: partial}\n"
    )
    // Without a consent record, nothing is stored unless the consent is said to be elsewhere.
    let refused = try dx("draft", "new", "--answers", start)
    #expect(refused.status == 2 && refused.stderr.contains("no consent record"))
    #expect(try dx("list", "--format", "csv").stdout.split(separator: "\n").count == 1)
    let created = try dx("draft", "new", "--answers", start, "--consent-recorded-elsewhere")
    #expect(created.status == 0, "\(created.stderr)")
    let id = created.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    let answered = try dx("draft", "answer", id, "st_kpi=yes", "st_plan=none")
    #expect(answered.stdout == "saved st_kpi\nsaved st_plan\nremoved the answer to st_kpi: it is no longer asked\n")
    let hidden = try dx("draft", "answer", id, "st_kpi=yes")
    #expect(hidden.status == 2)
    #expect(hidden.stderr.contains("`st_kpi` is not asked because its condition `st_plan >= partial` is false"))
    let early = try dx("draft", "submit", id)
    #expect(early.status == 2)
    #expect(early.stderr.contains("required questions are not answered"))
    let shown = try dx("show", id, "--format", "json")
    let record = try #require(
      (try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any])?["record"] as? [String: Any])
    #expect(record["status"] as? String == "draft")
    #expect((record["answers"] as? [String: Any])?.keys.sorted() == ["st_plan"])
  }

  @Test("delete asks; without a terminal it needs --yes")
  func delete() throws {
    defer { try? FileManager.default.removeItem(at: folder) }
    #expect(try dx("import", Self.examples).status == 0)
    let refused = try dx("delete", "7d6f3c1e")
    #expect(refused.status == 2)
    #expect(refused.stderr.contains("without confirmation: add --yes"))
    #expect(try dx("show", "7d6f3c1e").status == 0)
    let deleted = try dx("delete", "7d6f3c1e", "--yes")
    #expect(deleted.status == 0)
    let gone = try dx("show", "7d6f3c1e")
    #expect(gone.status == 2)
    #expect(gone.stderr.contains("assessment `7d6f3c1e` not found"))
  }

  @Test("the default database lives under XDG_DATA_HOME, created with mode 0600")
  func defaultLocation() throws {
    defer { try? FileManager.default.removeItem(at: folder) }
    var environment = env
    environment.removeValue(forKey: "DXREADY_DATABASE")
    environment["XDG_DATA_HOME"] = folder.appendingPathComponent("data").path
    let run = try Binary.run(["import", Self.examples], in: folder, environment: environment)
    #expect(run.status == 0, "\(run.stderr)")
    let path = folder.appendingPathComponent("data/dxready/dxready.sqlite").path
    let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber
    #expect(mode?.intValue == 0o600)
  }

  @Test(
    "files that are not dxready databases get a clear message, exit 2, and are not modified",
    arguments: ["random", "empty", "other", "folder"])
  func notADatabase(kind: String) throws {
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("x.sqlite").path
    switch kind {
    case "random":
      try Data((0..<2048).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }).write(to: URL(fileURLWithPath: path))
    case "empty": FileManager.default.createFile(atPath: path, contents: Data())
    case "other":
      let sqlite = Process()
      sqlite.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
      sqlite.arguments = [path, "CREATE TABLE t(x); INSERT INTO t VALUES (1);"]
      try sqlite.run()
      sqlite.waitUntilExit()
    default: try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
    }
    let before = try? Data(contentsOf: URL(fileURLWithPath: path))
    let run = try Binary.run(["list", "--database", path], in: folder, environment: env)
    #expect(run.status == 2)
    #expect(run.stderr.hasPrefix("\(path): not a dxready database ("), "\(run.stderr)")
    #expect(run.stderr.contains("it was left untouched"))
    #expect((try? Data(contentsOf: URL(fileURLWithPath: path))) == before)
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["x.sqlite"])
  }

  @Test("a read-only database, opened by an unprivileged user, is refused and not modified")
  func readOnly() throws {
    defer { try? FileManager.default.removeItem(at: folder) }
    #expect(try dx("import", Self.examples).status == 0)
    let path = env["DXREADY_DATABASE"]!
    try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder.path)
    try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
    let before = try Data(contentsOf: URL(fileURLWithPath: path))
    let run: Binary.Run
    if getuid() == 0 {
      // Run as `nobody`, for whom the root-owned file and folder are read-only.
      run = try Binary.run(
        ["--reuid=nobody", "--regid=nogroup", "--clear-groups", Binary.url.path, "list", "--database", path],
        in: folder, environment: env, executable: URL(fileURLWithPath: "/usr/bin/setpriv"))
    } else {
      try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: path)
      run = try dx("list")
    }
    #expect(run.status == 2, "\(run.stderr)")
    #expect(run.stderr.contains("\(path): cannot be written ("), "\(run.stderr)")
    #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
  }
}

@Suite("dxready backup, run as a binary")
struct BackupCommandTests {
  @Test("a backup is a complete database; an existing file is never overwritten")
  func backup() throws {
    let folder = try Binary.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let env = Binary.storeEnvironment(folder)
    let examples = Binary.examples
    #expect(try Binary.run(["import", examples], in: folder, environment: env).status == 0)
    let copy = folder.appendingPathComponent("copy.sqlite").path
    let run = try Binary.run(["backup", copy], in: folder, environment: env)
    #expect(run.status == 0, "\(run.stderr)")
    let listed = try Binary.run(["list", "--database", copy, "--format", "csv"], in: folder, environment: env)
    #expect(listed.stdout.split(separator: "\n").count == 4)
    let again = try Binary.run(["backup", copy], in: folder, environment: env)
    #expect(again.status == 2)
    #expect(again.stderr.contains("already exists"))
  }

}

extension StorageCommandTests {
  @Test("list with a filter that matches nothing says so, not that nothing is stored")
  func emptyFilter() throws {
    let database = env["DXREADY_DATABASE"]!
    #expect(try dx("list").stdout == "no assessments stored yet (no database at \(database))\n")
    #expect(!FileManager.default.fileExists(atPath: database), "reading creates no database")
    let stats = try dx("stats")
    #expect(stats.status == 2 && stats.stderr.contains("no database here"), "\(stats.stderr)")
    #expect(!FileManager.default.fileExists(atPath: database))
    #expect(try dx("import", Self.examples, "--quiet").status == 0)
    let drafts = try dx("list", "--status", "draft")
    #expect(drafts.status == 0)
    #expect(drafts.stdout == "no assessments match --status draft; others are stored (dxready list shows them)\n")
  }

  @Test("show speaks the chosen language, names the locality and the sector, and counts don't-know answers")
  func showInVietnamese() throws {
    #expect(try dx("import", Self.examples, "--quiet").status == 0)
    let vi = try dx("show", "7d6f3c1e")
    #expect(vi.status == 0, "\(vi.stderr)")
    #expect(vi.stdout.contains("  đã gửi\n"))
    #expect(vi.stdout.contains("Địa bàn: Hạ Long"))
    #expect(vi.stdout.contains("Ngành: G — Bán buôn và bán lẻ"))
    #expect(vi.stdout.contains("tạo lúc ") && vi.stdout.contains(", gửi lúc "))
    #expect(vi.stdout.contains("Tổng điểm: 38,4 / 100"), "a decimal comma")
    #expect(vi.stdout.contains("Độ phủ  Không biết"))
    #expect(vi.stdout.contains("Dữ liệu và tài sản thông tin          16,7  1 Khởi động           100%    2"))
    for english in ["submitted", "created", "Locality", "Coverage"] {
      #expect(!vi.stdout.contains(english), "no English in the Vietnamese output: \(english)")
    }
    let en = try dx("show", "7d6f3c1e", "--lang", "en")
    #expect(en.stdout.contains("Locality: Hạ Long") && en.stdout.contains("Overall score: 38.4 / 100"))
    #expect(en.stdout.contains("Coverage  Don't know"))
  }

  @Test("stats in Vietnamese: Vietnamese column heads, group names and decimal commas, with a key")
  func statsInVietnamese() throws {
    let answers = try Binary.synthesize(60, seed: 5, in: folder)
    #expect(try dx("import", answers, "--quiet").status == 0)
    let run = try dx("stats", "--by", "broad-sector")
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout.contains("Số DN     TB     Q1   T.vị     Q3   M0%"))
    #expect(run.stdout.contains("Dịch vụ"))
    #expect(run.stdout.contains("Số DN: số doanh nghiệp"))
    let header = try #require(run.stdout.split(separator: "\n").first { $0.hasPrefix("Nhóm") })
    #expect(!header.contains(" n "))
    for english in ["mean", "median", "L0%", "services", "agriculture", "cell key"] {
      #expect(!run.stdout.contains(english), "no English in the Vietnamese table: \(english)")
    }
    let figures = run.stdout.split(separator: "\n").filter { $0.hasPrefix("Tất cả") || $0.hasPrefix("Dịch vụ") }
    #expect(!figures.isEmpty && figures.allSatisfy { $0.contains(",") && !$0.contains(".") })
  }

  @Test("help texts are paragraphs the parser wraps once: no line of a paragraph is cut short")
  func helpReflow() throws {
    for command in ["stats", "take", "import", "export", "recommend"] {
      let run = try Binary.run([command, "--help"], environment: ["COLUMNS": "80"])
      let overview = run.stdout.components(separatedBy: "USAGE:")[0]
      let lines = overview.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
      for (index, line) in lines.enumerated().dropLast() where !line.isEmpty && !line.hasPrefix(" ") {
        let next = lines[index + 1]
        guard !next.isEmpty, !next.hasPrefix(" "), let word = next.split(separator: " ").first else { continue }
        #expect(line.count + 1 + word.count >= 80, "\(command): “\(line)” is cut short before “\(word)”")
      }
    }
  }
}
