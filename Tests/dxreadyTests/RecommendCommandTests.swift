import Foundation
import Testing

@Suite("dxready recommend, run as a binary")
struct RecommendCommandTests {
  @Test(
    "a phased roadmap with reasons for the examples of both questionnaires",
    arguments: ["enterprise-dx-retail.yaml", "enterprise-dx-services.json", "digital-intensity-retail.yaml"])
  func examples(file: String) throws {
    let path = "Questionnaires/examples/\(file)"
    let run = try Binary.run(["recommend", "--answers", path, "--format", "json"])
    #expect(run.status == 0, "\(run.stderr)")
    let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
    #expect(object["schema"] as? String == "dxready.roadmap/1")
    let phases = try #require(object["phases"] as? [[String: Any]])
    #expect(phases.map { $0["months"] as? String } == ["0–3", "3–12", "12–24"])
    let first = try #require((phases[0]["services"] as? [[String: Any]])?.first)
    #expect(first["priority"] is Double)
    #expect(!((first["reasons"] as? [[String: Any]]) ?? []).isEmpty)
    let text = try Binary.run(["recommend", "--answers", path, "--lang", "en", "--rules"])
    #expect(text.stdout.contains("Phase 1 (0–3 months)"))
    #expect(text.stdout.contains("Rule `"))
    let plain = try Binary.run(["recommend", "--answers", path])
    #expect(plain.status == 0)
    #expect(!plain.stdout.contains("`") && !plain.stdout.contains("Theo quy tắc"), "no rule syntax for a business")
    #expect(plain.stdout.contains("Vì đã trả lời: "))
  }

  @Test("a stored assessment, with a target; bad targets are refused")
  func stored() throws {
    let folder = try Binary.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let env = Binary.storeEnvironment(folder)
    let examples = Binary.examples
    #expect(try Binary.run(["import", examples], in: folder, environment: env).status == 0)
    let run = try Binary.run(
      ["recommend", "7d6f3c1e", "--target", "data=3", "--lang", "en"], in: folder, environment: env)
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout.contains("Data and information assets: level 1 (Starting up), target 3 (Forming)"))
    let bad = try Binary.run(["recommend", "7d6f3c1e", "--target", "dataa=3"], in: folder, environment: env)
    #expect(bad.status == 2)
    #expect(bad.stderr.contains("enterprise-dx has no dimension `dataa`"))
    let neither = try Binary.run(["recommend"], in: folder, environment: env)
    #expect(neither.status != 0)
    #expect(neither.stderr.contains("give either an assessment id or --answers FILE"))
  }
}

@Suite("dxready stats, run as a binary")
struct StatsCommandTests {
  @Test("statistics over stored assessments, in every format, with disclosure control")
  func stats() throws {
    let folder = try Binary.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let env = Binary.storeEnvironment(folder)
    // Twelve businesses from the generator beside dxready, plus the examples.
    let answers = try Binary.synthesize(12, seed: 7, in: folder)
    #expect(try Binary.run(["import", answers, "--quiet"], in: folder, environment: env).status == 0)
    let json = try Binary.run(["stats", "--by", "locality", "--format", "json"], in: folder, environment: env)
    #expect(json.status == 0, "\(json.stderr)")
    let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
    #expect(object["schema"] as? String == "dxready.stats/1")
    let cells = try #require(object["cells"] as? [[String: Any]])
    let province = try #require(cells.last)
    // Twelve businesses, published with noise of at most ±2 (and never fewer than 10).
    #expect((10...14).contains(province["count"] as? Int ?? 0))
    #expect(province["level_counts"] is [Int] && (province["overall"] as? [String: Any])?["q1"] is NSNull)
    // Twelve businesses over up to 54 localities: every locality has fewer than 10.
    for cell in cells.dropLast() { #expect(cell["suppressed"] as? String == "c") }
    #expect(!json.stdout.contains("Doanh nghiệp mẫu"), "no business name in aggregate output")
    let csv = try Binary.run(["stats", "--format", "csv"], in: folder, environment: env)
    #expect(csv.stdout.hasPrefix("province,province_name,count,share_level_0"))
    let low = try Binary.run(["stats", "--min-cell", "2"], in: folder, environment: env)
    #expect(low.status != 0)
    #expect(low.stderr.contains("--min-cell cannot be below 10"))
    let period = try Binary.run(["stats", "--period", "2026-Q9"], in: folder, environment: env)
    #expect(period.stderr.contains("write a year (2026) or a quarter (2026-Q3)"))
  }
}

extension StatsCommandTests {
  @Test("periods follow Vietnam time: 03:00 on 1 April there is the second quarter, though it is 31 March in UTC")
  func vietnamTime() throws {
    let folder = try Binary.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let env = Binary.storeEnvironment(folder)
    let example = try String(
      contentsOf: Binary.package.appendingPathComponent("Questionnaires/examples/digital-intensity-retail.yaml"),
      encoding: .utf8)
    // Six businesses at 03:00 on 1 April, Vietnam time (20:00 on 31 March in UTC): in the
    // second quarter, so the first publishes nothing (fewer than 10 businesses there).
    for index in 0..<10 {
      let text =
        example
        .replacingOccurrences(
          of: "questionnaire: digital-intensity@2.0.0",
          with: "questionnaire: digital-intensity@2.0.0\nsubmitted: \"2026-04-01T03:00:00+07:00\""
        )
        .replacingOccurrences(of: "name:", with: "name: Doanh nghiệp \(index) —")
        .replacingOccurrences(of: "tax_code:", with: "tax_code: \"01001091\(10 + index)\" #")
      try text.write(to: folder.appendingPathComponent("b\(index).yaml"), atomically: true, encoding: .utf8)
    }
    let imported = try Binary.run(["import", folder.path, "--quiet"], in: folder, environment: env)
    #expect(imported.status == 0, "\(imported.stderr)")
    for (period, published) in [("2026-Q2", true), ("2026-Q1", false), ("2026", true)] {
      let run = try Binary.run(
        ["stats", "--questionnaire", "digital-intensity", "--period", period, "--format", "json"],
        in: folder, environment: env)
      let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
      let province = try #require((object["cells"] as? [[String: Any]])?.last)
      #expect((province["suppressed"] as? String == nil) == published, "\(period): \(run.stdout.prefix(300))")
    }
    // The same files again: nothing new; a time in the future is refused at its line.
    #expect(
      try Binary.run(["import", folder.path, "--quiet"], in: folder, environment: env).stdout.contains("imported 0"))
    try example.replacingOccurrences(
      of: "questionnaire: digital-intensity@2.0.0",
      with: "questionnaire: digital-intensity@2.0.0\nsubmitted: 2999-01-01"
    ).write(to: folder.appendingPathComponent("future.yaml"), atomically: true, encoding: .utf8)
    let future = try Binary.run(
      ["import", folder.appendingPathComponent("future.yaml").path], in: folder, environment: env)
    #expect(future.status == 2)
    #expect(future.stderr.contains("future.yaml:3:12: error: `submitted` is in the future"), "\(future.stderr)")
  }
}

@Suite("dxready export, run as a binary")
struct ExportCommandTests {
  @Test("a data package, CSV with a byte-order mark, JSON and an HTML dashboard; never into a used folder")
  func export() throws {
    let folder = try Binary.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let env = Binary.storeEnvironment(folder)
    let answers = try Binary.synthesize(40, seed: 3, in: folder)
    #expect(try Binary.run(["import", answers, "--quiet"], in: folder, environment: env).status == 0)

    let package = try Binary.run(["export", "--format", "datapackage", "-o", "dp"], in: folder, environment: env)
    #expect(package.status == 0, "\(package.stderr)")
    let descriptor = try #require(
      try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("dp/datapackage.json")))
        as? [String: Any])
    let resources = try #require(descriptor["resources"] as? [[String: Any]])
    #expect(resources.count == 9)
    #expect((descriptor["licenses"] as? [[String: Any]])?.first?["name"] as? String == "CC-BY-4.0")
    #expect(descriptor["created"] is String)
    let schema = try #require(resources.first?["schema"] as? [String: Any])
    #expect(schema["missingValues"] as? [String] == ["", "c", "q"])
    let province = try String(contentsOf: folder.appendingPathComponent("dp/readiness-province.csv"), encoding: .utf8)
    #expect(province.hasPrefix("province,province_name,count,share_level_0"))
    #expect(province.split(separator: "\r\n").count == 2)

    #expect(
      try Binary.run(["export", "--format", "csv", "--bom", "-o", "csv"], in: folder, environment: env).status == 0)
    let bytes = try Data(contentsOf: folder.appendingPathComponent("csv/readiness-locality.csv"))
    #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])

    #expect(try Binary.run(["export", "--format", "html", "-o", "html"], in: folder, environment: env).status == 0)
    let page = try String(contentsOf: folder.appendingPathComponent("html/index.html"), encoding: .utf8)
    #expect(page.contains("<svg"))
    #expect(!page.contains("src=\"http") && !page.contains("href=\"http"), "nothing loaded from the network")
    #expect(!page.contains("<script"), "the dashboard needs no script and no network")
    #expect(!page.contains("y=\"220\"></text>"), "the trend shows periods, not an unlabelled bar for their total")
    #expect(!page.contains("Doanh nghiệp mẫu"), "no business name in the dashboard")

    #expect(try Binary.run(["export", "--format", "json", "-o", "json"], in: folder, environment: env).status == 0)
    let bundle = try #require(
      try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("json/readiness.json")))
        as? [String: Any])
    #expect(bundle["schema"] as? String == "dxready.open-data/1")
    let tables = try #require(bundle["tables"] as? [String: [String: Any]])
    #expect(tables.count == 9)
    // 40 businesses, published with protective noise of at most ±2.
    let provinceCount = try #require(((tables["province"]?["cells"] as? [[String: Any]])?.first?["count"]) as? Int)
    #expect((38...42).contains(provinceCount))
    let disclosure = try #require(tables["province"]?["disclosure"] as? [String: Any])
    #expect(disclosure["method"] as? String == "dxready-sdc/1" && disclosure["count_noise"] as? Int == 2)

    let again = try Binary.run(["export", "--format", "json", "-o", "dp"], in: folder, environment: env)
    #expect(again.status == 2)
    #expect(again.stderr.contains("the folder is not empty"))
  }
}

@Suite("dxready recommend on a terminal (tmux)", .serialized)
struct RecommendTerminalTests {
  @Test("on a 60-column terminal the roadmap wraps at word boundaries: the same words, no line too long")
  func wraps() throws {
    try #require(Tmux.executable != nil, "tmux is not installed: apt-get install tmux (.ci/run does)")
    let folder = try Binary.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let env = Binary.storeEnvironment(folder)
    let examples = Binary.package.appendingPathComponent("Questionnaires/examples").path
    #expect(try Binary.run(["import", examples, "--quiet"], in: folder, environment: env).status == 0)
    let piped = try Binary.run(["recommend", "7d6f3c1e"], in: folder, environment: env)
    #expect(piped.status == 0, "\(piped.stderr)")
    let command =
      "cd '\(folder.path)' && DXREADY_DATABASE='\(env["DXREADY_DATABASE"]!)' DXREADY_QUESTIONNAIRES='\(env["DXREADY_QUESTIONNAIRES"]!)' '\(Binary.url.path)' recommend 7d6f3c1e; echo EXIT=$?"
    let tmux = try Tmux(command: command, width: 60, height: 40)
    defer { tmux.kill() }
    try tmux.wait(for: "EXIT=0")
    let screen = try tmux.run(["capture-pane", "-p", "-S", "-"])
    let shown = screen.components(separatedBy: "EXIT=0")[0]
    let lines = shown.split(separator: "\n")
    #expect(lines.allSatisfy { $0.count <= 60 })
    #expect(lines.contains { $0.hasPrefix("       ") }, "wrapped lines hang under their item")
    func words(_ text: String) -> [String] { text.split(whereSeparator: \.isWhitespace).map(String.init) }
    #expect(words(shown) == words(piped.stdout), "every word whole, in order")

    // The notes under a statistics table wrap the same way.
    let stats = try Tmux(
      command: command.replacingOccurrences(of: " recommend 7d6f3c1e;", with: " stats;"), width: 60, height: 40)
    defer { stats.kill() }
    try stats.wait(for: "EXIT=0")
    let table = try stats.run(["capture-pane", "-p", "-S", "-"]).components(separatedBy: "EXIT=0")[0]
    let pipedTable = try Binary.run(["stats"], in: folder, environment: env).stdout
    let notes = table.components(separatedBy: "Số DN:").last ?? ""
    #expect(notes.split(separator: "\n").allSatisfy { $0.count <= 60 })
    #expect(words(notes) == words(pipedTable.components(separatedBy: "Số DN:").last ?? "-"), "notes wrap between words")
  }
}
