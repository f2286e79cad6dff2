import Foundation
import Testing

/// `dxready review` and `dxready audit`, driven through the real binary against a real database.
@Suite("dxready review and audit, run as a binary")
struct ReviewCommandTests {
  let folder: URL
  let env: [String: String]

  init() throws {
    folder = try Binary.temporaryFolder()
    env = [
      "DXREADY_DATABASE": folder.appendingPathComponent("db.sqlite").path,
      "DXREADY_QUESTIONNAIRES": Binary.package.appendingPathComponent("Questionnaires").path,
    ]
  }

  func dx(_ arguments: String...) throws -> Binary.Run {
    try Binary.run(arguments, in: folder, environment: env)
  }

  func sqlite(_ sql: String) throws -> Int32 {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
    process.arguments = [env["DXREADY_DATABASE"]!, sql]
    process.standardError = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    return process.terminationStatus
  }

  func sqliteValue(_ sql: String) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
    process.arguments = [env["DXREADY_DATABASE"]!, sql]
    let out = Pipe()
    process.standardOutput = out
    try process.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
  }

  func reviewJSON(_ id: String) throws -> [String: Any] {
    let run = try dx("review", id, "--format", "json")
    #expect(run.status == 0, "\(run.stderr)")
    return try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
  }

  @Test(
    "a submitted assessment to reviewed by script: correct, note, reject, add, target; scores, show, recommend, audit")
  func byScript() throws {
    defer { try? FileManager.default.removeItem(at: folder) }
    #expect(try dx("import", Binary.package.appendingPathComponent("Questionnaires/examples").path).status == 0)
    let queue = try dx("review", "list", "--lang", "en", "--search", "ha long xanh", "--sort", "score")
    #expect(queue.stdout.contains("7d6f3c1e  submitted") && !queue.stdout.contains("Vịnh Ngọc"), "\(queue.stdout)")
    #expect(try dx("review", "list", "--search", "Vinh Ngoc").stdout.contains("0b9e6a52"), "accents ignored")

    // Bad input: nothing is stored, exit 2.
    for arguments in [
      ["--correct", "st_plan=partial"], ["--correct", "nope=1", "--reason", "x"],
      ["--correct", "st_plan=maybe", "--reason", "x"], ["--add", "no-such-service"],
      ["--reject", "crm"], ["--target", "data=9"], ["--state", "rejected"],
      ["--correct", "st_plan=ideas", "--reason", "the answer it already has"],
      ["--correct", "st_plan=partial", "--correct", "st_plan=full", "--reason", "twice"],
      ["--correct", "st_plan=partial", "--reason", "one", "--reject", "crm", "--reason", "another"],
    ] {
      let run = try Binary.run(["review", "7d6f3c1e"] + arguments, in: folder, environment: env)
      #expect(run.status == 2, "\(arguments): \(run.stderr)")
    }
    #expect(try reviewJSON("7d6f3c1e")["version"] as? Int == 0, "nothing stored by bad input")

    let corrected = try dx(
      "review", "7d6f3c1e", "--correct", "st_plan=partial", "--reason", "Có kế hoạch cho hai mảng",
      "--note", "Gặp chủ doanh nghiệp ngày 30/11", "--note-on", "st_plan=Xem bản kế hoạch giấy", "--as",
      "Trần Thị B", "--lang", "en")
    #expect(corrected.status == 0, "\(corrected.stderr)")
    #expect(corrected.stdout.contains("Overall: 38.4 (Beginning) → 39.2 (Beginning) as corrected"))
    #expect(corrected.stdout.contains("st_plan: Ideas only, not written down → A written plan for some areas"))
    var review = try reviewJSON("7d6f3c1e")
    #expect(review["state"] as? String == "in-review" && review["version"] as? Int == 1)
    #expect(review["overall_as_answered"] as? Double == 38.4 && review["overall_as_corrected"] as? Double == 39.2)

    let decided = try dx(
      "review", "7d6f3c1e", "--reject", "leadership-programme", "--reason", "Đã học năm ngoái", "--add", "e-commerce",
      "--target", "data=3", "--if-version", "1", "--as", "Trần Thị B")
    #expect(decided.status == 0, "\(decided.stderr)")
    review = try reviewJSON("7d6f3c1e")
    let roadmap = try #require(review["roadmap"] as? [String: Any])
    let services = ((roadmap["phases"] as? [[String: Any]]) ?? []).flatMap {
      ($0["services"] as? [[String: Any]]) ?? []
    }.compactMap { $0["service"] as? String }
    #expect(services.contains("e-commerce") && !services.contains("leadership-programme"), "\(services)")

    #expect(try dx("review", "7d6f3c1e", "--state", "reviewed", "--as", "Trần Thị B").status == 0)
    let show = try dx("show", "7d6f3c1e", "--lang", "en")
    #expect(show.stdout.contains("review: reviewed (Trần Thị B); 1 answer(s) corrected, overall as corrected 39.2"))
    #expect(try dx("recommend", "7d6f3c1e", "--lang", "en").stdout.hasPrefix("As the consultant's review has it"))
    let shownJSON = try #require(
      try JSONSerialization.jsonObject(with: Data(try dx("show", "7d6f3c1e", "--format", "json").stdout.utf8))
        as? [String: Any])
    let record = try #require(shownJSON["record"] as? [String: Any])
    #expect((record["answers"] as? [String: Any])?["st_plan"] as? String == "ideas", "the original answer stays")
    #expect((record["review"] as? [String: Any])?["state"] as? String == "reviewed")

    // The audit log: every step, by whom, in order; a closed review is opened again first.
    let audit = try dx("audit", "7d6f3c1e").stdout
    let actions = audit.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true) }
    // Into review, the correction, two notes, the rejection, the addition, the target, reviewed.
    #expect(actions.count == 8, "\(audit)")
    #expect(audit.contains("Trần Thị B  correct  {\"question\":\"st_plan\",\"before\":\"ideas\",\"after\":\"partial\""))
    #expect(try dx("review", "7d6f3c1e", "--note", "late").status == 0, "a note is welcome in any state")
    #expect(try dx("review", "7d6f3c1e", "--correct", "st_kpi=yes", "--reason", "x").status == 2)
    #expect(try dx("audit", "verify").stdout.contains("audit log intact"))
  }

  /// The province cell of `dxready stats --format json`: its count and its strategy mean, nil
  /// when suppressed.
  func provinceCell(_ arguments: String...) throws -> (count: Int?, strategy: Double?) {
    let run = try Binary.run(["stats", "--format", "json"] + arguments, in: folder, environment: env)
    #expect(run.status == 0, "\(run.stderr)")
    let json = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
    let cell = try #require((json["cells"] as? [[String: Any]])?.first)
    let strategy = (cell["dimensions"] as? [String: Any])?["strategy"] as? [String: Any]
    return (cell["count"] as? Int, strategy?["mean"] as? Double)
  }

  @Test("`dxready stats` follows the reviews: reviewed ones counted with their corrected answers, rejected ones gone")
  func statistics() throws {
    defer { try? FileManager.default.removeItem(at: folder) }
    let synth = try Binary.run(
      [
        "--count", "40", "--seed", "5", "--database", env["DXREADY_DATABASE"]!, "--questionnaires",
        env["DXREADY_QUESTIONNAIRES"]!,
      ], in: folder, executable: Binary.url.deletingLastPathComponent().appendingPathComponent("dxready-synth"))
    #expect(synth.status == 0, "\(synth.stderr)")
    let before = try provinceCell()
    let count = try #require(before.count)
    #expect((38...42).contains(count), "40 businesses, counted with noise of at most 2")
    #expect(try provinceCell("--status", "reviewed").count == nil, "none reviewed yet: suppressed")

    let listed = try dx("review", "list", "--format", "json")
    let rows = try #require(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]])
    let ids = rows.compactMap { $0["id"] as? String }
    try #require(ids.count == 40)
    // Twelve reviewed, every scored strategy answer corrected to the lowest: their strategy
    // score is 0, so the reviewed cell's strategy mean is 0 within its noise (30/12 points).
    let lowest = [
      "st_leadership": "not-discussed", "st_plan": "none", "st_kpi": "no", "st_budget": "none", "st_owner": "no",
      "st_new_models": "no", "st_support": "no",
    ]
    var answeredMean = 0.0
    for id in ids.prefix(12) {
      let shown = try dx("show", id, "--format", "json")
      let json = try #require(try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any])
      let answers = (json["record"] as? [String: Any])?["answers"] as? [String: Any] ?? [:]
      let dimensions = json["dimensions"] as? [[String: Any]] ?? []
      answeredMean += (dimensions.first { $0["id"] as? String == "strategy" }?["score"] as? Double ?? 0) / 12
      var arguments = ["review", id, "--state", "reviewed", "--reason", "Phỏng vấn chủ doanh nghiệp"]
      for (question, answer) in lowest.sorted(by: { $0.key < $1.key }) where answers[question] as? String != answer {
        arguments += ["--correct", "\(question)=\(answer)"]
      }
      let run = try Binary.run(arguments, in: folder, environment: env)
      #expect(run.status == 0, "\(run.stderr)")
    }
    let reviewed = try provinceCell("--status", "reviewed")
    #expect((10...14).contains(reviewed.count ?? 0), "twelve reviewed: \(reviewed)")
    #expect(abs(reviewed.strategy ?? 99) <= 2.5, "the corrected strategy answers count: \(reviewed)")
    #expect(answeredMean > 10, "as answered they scored \(answeredMean) on strategy")

    // Ten others rejected: the province count drops by ten, within the noise of both.
    for id in ids.suffix(10) {
      #expect(try dx("review", id, "--state", "rejected", "--reason", "Bài thử nghiệm").status == 0)
    }
    let after = try #require(try provinceCell().count)
    #expect((28...32).contains(after), "30 businesses left: \(after)")
    #expect(try dx("audit", "verify").status == 0)
  }

  @Test("the review screens, English: a note confirmed is kept under kill -9; SIGTERM gives the terminal back")
  func killed() throws {
    try #require(Tmux.executable != nil, "tmux is not installed: apt-get install tmux (.ci/run does)")
    defer { try? FileManager.default.removeItem(at: folder) }
    #expect(try dx("import", Binary.package.appendingPathComponent("Questionnaires/examples").path).status == 0)
    let command =
      "cd '\(folder.path)' && DXREADY_QUESTIONNAIRES='\(env["DXREADY_QUESTIONNAIRES"]!)' DXREADY_DATABASE='\(env["DXREADY_DATABASE"]!)' '\(Binary.url.path)' review --lang en --as Lan; echo EXIT=$?; sleep 5"
    func child(_ tmux: Tmux) throws -> Int32 {
      let shell = try tmux.run(["display-message", "-p", "#{pane_pid}"]).trimmingCharacters(in: .whitespacesAndNewlines)
      let found = try Binary.run(["-P", shell], executable: URL(fileURLWithPath: "/usr/bin/pgrep")).stdout
        .split(separator: "\n").first.map(String.init)
      return try #require(found.flatMap { Int32($0) })
    }
    for signal in [SIGKILL, SIGTERM] {
      let tmux = try Tmux(command: command, width: 80, height: 24)
      defer { tmux.kill() }
      try tmux.wait(for: "Review queue")
      try tmux.text("ha long xanh")
      try tmux.wait(for: "2 shown")
      try tmux.keys("Enter")
      try tmux.wait(for: "version")
      try tmux.keys("n")
      try tmux.text("Called the owner \(signal)")
      try tmux.keys("Enter")
      try tmux.wait(for: "Saved.")
      kill(try child(tmux), signal)
      let screen = try tmux.wait(for: "EXIT=")
      if signal == SIGTERM {
        #expect(screen.contains("EXIT=143") && !screen.contains("Review queue") && !screen.contains("Saved."))
      }
    }
    let notes = try reviewJSON("7d6f3c1e")["notes"] as? [[String: Any]] ?? []
    #expect(
      notes.compactMap { $0["text"] as? String } == ["Called the owner \(SIGKILL)", "Called the owner \(SIGTERM)"])
  }

  @Test(
    "the review screens on a real terminal: filter, search with accents, open, correct with a reason, leave a service out, add one, mark reviewed"
  )
  func screens() throws {
    try #require(Tmux.executable != nil, "tmux is not installed: apt-get install tmux (.ci/run does)")
    defer { try? FileManager.default.removeItem(at: folder) }
    #expect(try dx("import", Binary.package.appendingPathComponent("Questionnaires/examples").path).status == 0)
    // No reviewed assessment is counted yet.
    let reviewedCells = "SELECT count(*) FROM stat_cell WHERE reviewed_only = 1"
    #expect(try sqliteValue(reviewedCells) == "0")
    let command =
      "cd '\(folder.path)' && DXREADY_QUESTIONNAIRES='\(env["DXREADY_QUESTIONNAIRES"]!)' DXREADY_DATABASE='\(env["DXREADY_DATABASE"]!)' '\(Binary.url.path)' review --as 'Trần Thị B'; echo EXIT=$?; sleep 5"
    var tmux = try Tmux(command: command, width: 80, height: 24)
    defer { tmux.kill() }
    try tmux.wait(for: "Hàng đợi xem xét")
    try tmux.keys("Tab", "Tab")
    try tmux.wait(for: "Trạng thái: đang xem xét")
    try tmux.wait(for: "Không có bài nào khớp")
    for _ in 0..<5 { try tmux.keys("Tab") }
    try tmux.wait(for: "Trạng thái: đã gửi + đang xem xét")
    try tmux.text("Hạ Long Xanh")
    var screen = try tmux.wait(for: "Tìm: Hạ Long Xanh")
    #expect(!screen.contains("Vịnh Ngọc"))
    try tmux.keys("Enter")
    try tmux.wait(for: "phiên bản 0")
    try tmux.keys("Down", "Down", "c")
    try tmux.wait(for: "Câu 3/")
    try tmux.keys("3", "Enter")
    try tmux.wait(for: "Lý do sửa cx_online_sales")
    try tmux.text("Sổ bán hàng cho thấy khoảng 20%")
    try tmux.keys("Enter")
    screen = try tmux.wait(for: "38,4 → 39,2 (sau khi sửa)")
    #expect(screen.contains("✎"))
    try tmux.keys("p")
    try tmux.wait(for: "Lộ trình · ")
    try tmux.keys("x")
    try tmux.wait(for: "Lý do bỏ dịch vụ khỏi lộ trình")
    try tmux.text("Lãnh đạo đã học năm ngoái")
    try tmux.keys("Enter")
    try tmux.wait(for: "bỏ ")
    try tmux.keys("+")
    try tmux.wait(for: "Thêm dịch vụ vào lộ trình")
    try tmux.keys("Enter")
    try tmux.wait(for: "thêm ")
    try tmux.keys("Escape")
    try tmux.wait(for: "quyết định về dịch vụ 2")
    // The first dimension's target, one above its level by default, raised once more.
    try tmux.keys("h")
    try tmux.wait(for: "mức → mục tiêu")
    try tmux.keys("+")
    try tmux.wait(for: " ✎")
    try tmux.keys("Escape")
    try tmux.keys("r")
    try tmux.wait(for: "đã xem xét · phiên bản 5")
    try tmux.keys("q")
    // The screens give the terminal back; the shell then says how the command ended.
    try tmux.wait(for: "EXIT=0")
    tmux.kill()
    let review = try reviewJSON("7d6f3c1e")
    #expect(review["state"] as? String == "reviewed" && review["overall_as_corrected"] as? Double == 39.2)
    let decisions = (review["decisions"] as? [[String: Any]] ?? []).compactMap { $0["kind"] as? String }
    #expect(decisions.sorted() == ["added", "rejected"])
    #expect((review["targets"] as? [String: Int])?.count == 1, "\(review["targets"] ?? "none")")
    // The statistics count it among the reviewed now, with its corrected score.
    #expect(try sqliteValue(reviewedCells) != "0")
    #expect(
      try sqliteValue("SELECT overall_score FROM assessment WHERE id LIKE '7d6f3c1e%'") == "39.2307692307692"
        || (try sqliteValue("SELECT round(overall_score, 1) FROM assessment WHERE id LIKE '7d6f3c1e%'")) == "39.2")
    let audit = try dx("audit", "7d6f3c1e").stdout
    #expect(audit.contains("Trần Thị B  correct") && audit.contains("Sổ bán hàng cho thấy khoảng 20%"))
    #expect(try dx("audit", "verify").status == 0)
  }

  @Test("list shows where each submitted assessment is in review, and --status picks by it")
  func listedStates() throws {
    defer { try? FileManager.default.removeItem(at: folder) }
    #expect(try dx("import", Binary.package.appendingPathComponent("Questionnaires/examples").path).status == 0)
    #expect(try dx("review", "7d6f3c1e", "--state", "rejected", "--reason", "Bài thử nghiệm").status == 0)
    #expect(try dx("review", "0b9e6a52", "--state", "needs-follow-up").status == 0)
    let table = try dx("list")
    #expect(table.status == 0, "\(table.stderr)")
    let lines = table.stdout.split(separator: "\n").map(String.init)
    let rejected = try #require(lines.first { $0.hasPrefix("7d6f3c1e") }, "\(table.stdout)")
    let followUp = try #require(lines.first { $0.hasPrefix("0b9e6a52") }, "\(table.stdout)")
    #expect(rejected.hasPrefix("7d6f3c1e  rejected         "), "never shown as merely submitted: \(rejected)")
    #expect(followUp.hasPrefix("0b9e6a52  needs-follow-up  "), "\(followUp)")
    // The columns stay aligned: the tax code starts where the heading says, on every row.
    let column = try #require(lines.first?.range(of: "TAX CODE")).lowerBound.utf16Offset(in: lines[0])
    for line in lines.dropFirst() {
      #expect(line.utf16.count > column && line[line.index(line.startIndex, offsetBy: column - 1)] == " ", "\(line)")
    }
    let onlyRejected = try dx("list", "--status", "rejected")
    #expect(onlyRejected.stdout.split(separator: "\n").count == 2 && onlyRejected.stdout.contains("7d6f3c1e"))
    let waiting = try dx("list", "--status", "submitted").stdout
    #expect(
      !waiting.contains("7d6f3c1e") && !waiting.contains("0b9e6a52") && waiting.contains("submitted"), "\(waiting)")
    #expect(try dx("list", "--status", "needs-follow-up").stdout.contains("0b9e6a52"))
    let csv = try dx("list", "--format", "csv").stdout.split(separator: "\n")
    #expect(csv.first?.hasSuffix(",review_state") == true)
    #expect(csv.contains { $0.hasPrefix("7d6f3c1e") && $0.hasSuffix(",rejected") }, "\(csv)")
    let json = try #require(
      try JSONSerialization.jsonObject(with: Data(try dx("list", "--format", "json").stdout.utf8)) as? [[String: Any]])
    let row = try #require(json.first { ($0["id"] as? String)?.hasPrefix("7d6f3c1e") == true })
    #expect(row["status"] as? String == "submitted" && row["review_state"] as? String == "rejected", "\(row)")
    // Why it was rejected is shown with the review, not only in the audit log.
    let shown = try dx("review", "7d6f3c1e", "--lang", "en").stdout
    #expect(shown.contains("rejected") && shown.contains("Reason: Bài thử nghiệm"), "\(shown)")
    #expect(try dx("review", "7d6f3c1e", "--lang", "vi").stdout.contains("Lý do: Bài thử nghiệm"))
    #expect(try reviewJSON("7d6f3c1e")["state_reason"] as? String == "Bài thử nghiệm")
    let bad = try dx("list", "--status", "refused")
    #expect(bad.status != 0 && bad.stderr.contains("rejected"), "the states are listed: \(bad.stderr)")
  }

  @Test("two consultants: a change based on what someone else has changed since is refused, saying who")
  func conflict() throws {
    defer { try? FileManager.default.removeItem(at: folder) }
    #expect(try dx("import", Binary.package.appendingPathComponent("Questionnaires/examples").path).status == 0)
    let seen = try reviewJSON("0b9e6a52")["version"] as? Int
    #expect(try dx("review", "0b9e6a52", "--note", "B was here", "--as", "B", "--if-version", "0").status == 0)
    let late = try dx("review", "0b9e6a52", "--state", "reviewed", "--as", "A", "--if-version", "\(seen ?? 0)")
    #expect(late.status != 0 && late.stderr.contains("last changed by B"), "\(late.stderr)")
    #expect(try reviewJSON("0b9e6a52")["state"] as? String == "in-review", "nothing overwritten")
  }

  @Test(
    "the audit log cannot be edited through dxready's database, and verify names a changed, a removed and an inserted entry"
  )
  func tamper() throws {
    defer { try? FileManager.default.removeItem(at: folder) }
    #expect(try dx("import", Binary.package.appendingPathComponent("Questionnaires/examples").path).status == 0)
    for note in ["one", "two", "three", "four"] { #expect(try dx("review", "7d6f3c1e", "--note", note).status == 0) }
    #expect(try sqlite("UPDATE audit SET actor = 'x' WHERE seq = 2") != 0, "the trigger refuses an update")
    #expect(try sqlite("DELETE FROM audit WHERE seq = 2") != 0, "the trigger refuses a delete")
    #expect(try dx("audit", "verify").status == 0)

    // Someone drops the triggers and edits the file by hand.
    #expect(try sqlite("DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete") == 0)
    #expect(try sqlite("UPDATE audit SET detail = '{\"text\":\"edited\"}' WHERE seq = 3") == 0)
    var verify = try dx("audit", "verify")
    #expect(verify.status == 1 && verify.stderr.contains("broken at entry 3") && verify.stderr.contains("changed"))
    #expect(try sqlite("UPDATE audit SET detail = '{\"text\":\"two\"}' WHERE seq = 3") == 0)
    #expect(try dx("audit", "verify").status == 0, "restored, the chain holds again")

    #expect(try sqlite("DELETE FROM audit WHERE seq = 3") == 0)
    verify = try dx("audit", "verify")
    #expect(verify.status == 1 && verify.stderr.contains("broken at entry 4"), "\(verify.stderr)")
    #expect(verify.stderr.contains("removed"))

    let fresh = try dx("review", "0b9e6a52", "--note", "later").status
    #expect(fresh == 0)
    #expect(
      try sqlite(
        "INSERT INTO audit (seq, assessment_id, at, actor, action, detail, previous_hash, hash) VALUES (3, 'x', 'now', 'intruder', 'note', '{}', '', '')"
      ) == 0)
    verify = try dx("audit", "verify")
    #expect(verify.status == 1 && verify.stderr.contains("broken at entry 3"), "\(verify.stderr)")
  }
}
