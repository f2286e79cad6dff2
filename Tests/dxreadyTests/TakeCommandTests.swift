import Foundation
import Testing

/// `dxready take` driven as users drive it: line by line through a pipe, and on screen in a
/// real terminal (tmux), each time checking what the database holds afterwards.
@Suite("dxready take, end to end", .serialized)
struct TakeCommandTests {
  static func temporaryFolder() throws -> URL {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dxready-take-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return folder
  }

  /// The stored assessments, newest first, as `list --format json` gives them.
  static func list(_ environment: [String: String]) throws -> [[String: Any]] {
    let run = try Binary.run(["list", "--format", "json"], environment: environment)
    return (try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [[String: Any]]) ?? []
  }

  static func show(_ id: String, _ environment: [String: String]) throws -> [String: Any] {
    let run = try Binary.run(["show", id, "--format", "json"], environment: environment)
    #expect(run.status == 0, "\(run.stderr)")
    return try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
  }

  @Test("plain mode through a pipe: profile, half the answers, quit; again: resume, finish, submit")
  func plain() throws {
    let folder = try Self.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let env = Binary.storeEnvironment(folder)
    let arguments = ["take", "--plain", "--lang", "en", "--questionnaire", "digital-intensity"]
    // A wrong check digit is warned about and kept (the next line is the name, not a
    // confirmation); a locality by part of its name, echoed; the industry by its section; one
    // bad answer is asked again.
    let first = try Binary.run(
      arguments, environment: env,
      input: "\n0100109107\n1\nCông ty Thử nghiệm\nhạ long\nG\n12\n20\n\n1\n2\n7\n1\n1\nq\n")
    #expect(first.status == 0, "\(first.stderr)")
    #expect(first.stdout.contains("check digit does not match"))
    #expect(first.stdout.contains("→ Commune or ward: Hạ Long"))
    #expect(first.stdout.contains("→ Industry (VSIC): G — "))
    #expect(first.stdout.contains("Type the number of a choice (1–2)"))
    #expect(first.stdout.contains("Saved. Run “dxready take” again"))
    #expect(first.stdout.contains("3. Business name: Công ty Thử nghiệm\n"), "piped input is echoed after its prompt")
    var stored = try Self.list(env)
    #expect(stored.count == 1)
    #expect(stored.first?["status"] as? String == "draft")
    let id = try #require(stored.first?["id"] as? String)
    #expect(((try Self.show(id, env)["record"] as? [String: Any])?["answers"] as? [String: Any])?.count == 4)

    // Resume on question 5, back to 4, where an empty line keeps the answer shown.
    let second = try Binary.run(
      arguments, environment: env, input: "\n0100109107\n1\nb\n\n" + String(repeating: "1\n", count: 8) + "y\n")
    #expect(second.status == 0, "\(second.stderr)")
    #expect(second.stdout.contains("Carry on with the draft (4 answered)"))
    #expect(second.stdout.contains("Current answer: Yes"))
    #expect(second.stdout.contains("empty: keep"))
    #expect(second.stdout.contains("Overall score: 11 / 12"))
    #expect(second.stdout.contains("Submitted assessment \(id)"), "the id of what was stored")
    stored = try Self.list(env)
    #expect(stored.count == 1)
    #expect(stored.first?["status"] as? String == "submitted")
    let shown = try Self.show(id, env)
    #expect((shown["overall"] as? [String: Any])?["score"] as? Double == 11)
    #expect((shown["profile"] as? [String: Any])?["locality"] as? String == "ha-long")
    // The consent given on the notice screen is stored with the assessment: which text, when, how.
    let consent = try #require((shown["record"] as? [String: Any])?["consent"] as? [String: Any])
    #expect(consent["notice"] as? String == "2026-11" && consent["method"] as? String == "take")
    #expect((consent["given_at"] as? String)?.hasSuffix("Z") == true)
  }

  @Test("a terminal type this system does not know (TERM, an SSH client's choice) gets the questions line by line")
  func unknownTerminal() throws {
    try #require(Tmux.executable != nil, "tmux is not installed: apt-get install tmux (.ci/run does)")
    let folder = try Self.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let env = Binary.storeEnvironment(folder)
    let tmux = try Tmux(
      command:
        "cd '\(Binary.package.path)' && TERM=xterm-unknown-to-anyone DXREADY_DATABASE='\(env["DXREADY_DATABASE"]!)' '\(Binary.url.path)' take --lang en; echo EXIT=$?",
      width: 80, height: 24)
    defer { tmux.kill() }
    try tmux.wait(for: "Agree to the notice above?")
    // Joined again where the terminal wrapped the long note.
    let screen = try tmux.run(["capture-pane", "-p", "-S", "-200"]).replacingOccurrences(of: "\n", with: "")
    #expect(
      screen.contains("Unknown terminal type TERM=xterm-unknown-to-anyone") && screen.contains("Line mode"), "\(screen)"
    )
    try tmux.keys("q", "Enter")
    // Leaving before anything is stored removes the new, empty database, and ends cleanly.
    let end = try tmux.wait(for: "EXIT=")
    #expect(end.contains("EXIT=1") && end.contains("nothing was stored") && !end.contains("crashed"))
    #expect(!FileManager.default.fileExists(atPath: env["DXREADY_DATABASE"]!))
  }

  @Test("--kiosk in plain mode: the code shown once opens the draft; wrong codes are logged; three end it, exit 2")
  func kioskPlain() throws {
    let folder = try Self.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let env = Binary.storeEnvironment(folder)
    let log = folder.appendingPathComponent("kiosk.log")
    let arguments = [
      "take", "--kiosk", "--log", log.path, "--plain", "--lang", "en", "--questionnaire", "digital-intensity",
    ]
    // Without a log, and with one that cannot be written: refused before anything is asked.
    let noLog = try Binary.run(Array(arguments[0...1]), environment: env)
    #expect(noLog.status == 2 && noLog.stderr.contains("--kiosk needs --log FILE"), "\(noLog.stderr)")
    let badLog = try Binary.run(
      ["take", "--kiosk", "--log", folder.appendingPathComponent("missing/kiosk.log").path], environment: env)
    #expect(badLog.status == 1 && badLog.stderr.contains("missing/kiosk.log: the kiosk log cannot be opened"))
    #expect(!FileManager.default.fileExists(atPath: env["DXREADY_DATABASE"]!), "nothing was stored")

    // A business of the same tax code is known already, with a profile of its own.
    let known = try Binary.run(
      ["import", Binary.package.appendingPathComponent("Questionnaires/examples/digital-intensity-retail.yaml").path],
      environment: env)
    #expect(known.status == 0, "\(known.stderr)")

    let first = try Binary.run(
      arguments, environment: env, input: "\n1\n5700100256\n1\nCông ty A\nha long\nG\n12\n20\n\n\n1\n")
    #expect(first.status == 1 && first.stdout.contains("Saved 1 answer. To carry on, connect again"))
    #expect(!first.stdout.contains("dxready show") && !first.stdout.contains("Run “dxready take”"))
    let shownLine = try #require(
      first.stdout.components(separatedBy: "\n").firstIndex { $0.contains("resume code of this draft") })
    let code = first.stdout.components(separatedBy: "\n")[shownLine + 2].trimmingCharacters(in: .whitespaces)
    #expect(code.count == 9, "\(first.stdout)")

    // A wrong code, then the right one in lower case: the draft, with its one answer.
    let second = try Binary.run(
      arguments, environment: env, input: "\n2\n5700100256\nZZZZ-ZZZZ\n\(code.lowercased())\n1\n")
    #expect(second.stdout.contains("That resume code does not open a draft of this tax code. 2 tries left."))
    #expect(second.stdout.contains("Carry on with the draft (1 answered)"), "\(second.stdout)")

    // Three wrong codes: the session ends, exit 2, the database untouched.
    let before = try Data(contentsOf: URL(fileURLWithPath: env["DXREADY_DATABASE"]!))
    let third = try Binary.run(
      arguments, environment: env, input: "\n2\n5700100256\nAAAA-AAAA\nBBBB-BBBB\nCCCC-CCCC\n1\n")
    #expect(third.status == 2 && third.stderr.contains("3 wrong resume codes: the session ends"), "\(third.stderr)")
    #expect(try Data(contentsOf: URL(fileURLWithPath: env["DXREADY_DATABASE"]!)) == before)

    let events = try String(contentsOf: log, encoding: .utf8).split(separator: "\n").map(String.init)
    #expect(events.count { $0.contains("\"event\": \"code-refused\"") } == 4)
    #expect(events.contains { $0.contains("\"event\": \"code-refused\"") && $0.contains("\"attempt\": 3") })
    #expect(events.count { $0.contains("session-ended-wrong-codes") } == 1)
    #expect(events.allSatisfy { $0.contains("\"from\": \"local\"") })
    // The imported assessment's profile is not the kiosk's, and the kiosk draft's is only its own.
    let drafts = try Self.list(env).filter { $0["status"] as? String == "draft" }
    let draft = try #require(drafts.first?["id"] as? String)
    let profile = try #require(try Self.show(draft, env)["profile"] as? [String: Any])
    #expect(profile["name"] as? String == "Công ty A")
  }

  @Test("plain mode: the input ending half-way keeps every answer given, exit 1; a bad tax code is refused")
  func inputEnds() throws {
    let folder = try Self.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let env = Binary.storeEnvironment(folder)
    let run = try Binary.run(
      ["take", "--plain", "--lang", "vi", "--questionnaire", "digital-intensity"], environment: env,
      input: "\n01001X\n0100109106\n\nCông ty B\n\n\n\n\n\n1\n1\n")
    #expect(run.status == 1, "input ending half-way is not a success")
    #expect(run.stderr.contains("đầu vào đã hết trước khi gửi"))
    #expect(run.stdout.contains("⚠ Mã số thuế"))
    #expect(!run.stdout.contains("`"), "no internal ids or markup in the Vietnamese session")
    let stored = try Self.list(env)
    let id = try #require(stored.first?["id"] as? String)
    #expect(((try Self.show(id, env)["record"] as? [String: Any])?["answers"] as? [String: Any])?.count == 2)

    // Nothing stored (the profile left half-way): not a success either.
    let nothing = try Binary.run(
      ["take", "--plain", "--lang", "en", "--questionnaire", "digital-intensity"], environment: env,
      input: "\n0100109113\nq\n")
    #expect(nothing.status == 1 && nothing.stderr.contains("nothing was stored"), "\(nothing.stderr)")
  }
}

extension TakeCommandTests {
  @Test("a store failure mid-way is said in the session's language, exit 1, and what was confirmed stays stored")
  func storeFailure() throws {
    let folder = try Self.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let env = Binary.storeEnvironment(folder)
    let database = try #require(env["DXREADY_DATABASE"])
    #expect(try Binary.run(["import", "Questionnaires/examples", "--quiet"], environment: env).status == 0)
    // A real SQLite error on the first answer: the table answers go into is gone.
    let sqlite = Process()
    sqlite.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
    sqlite.arguments = [database, "DROP TABLE answer"]
    try sqlite.run()
    sqlite.waitUntilExit()
    let run = try Binary.run(
      ["take", "--plain", "--lang", "vi", "--questionnaire", "digital-intensity"], environment: env,
      input: "\n0100109106\n1\nCông ty A\nha long\nG\n12\n20\n\n1\n2\n")
    #expect(run.status == 1)
    #expect(run.stderr.contains("no such table: answer"))
    #expect(run.stderr.contains("Mọi câu trả lời đã xác nhận trước lúc này đều đã được lưu"))
    #expect(!run.stdout.contains("Đã lưu."), "no word of success after a failure")
  }

  @Test("the README's plain-mode example, as written there, submits a whole assessment")
  func readmeExample() throws {
    let readme = try String(contentsOf: Binary.package.appendingPathComponent("README.md"), encoding: .utf8)
    let lines = readme.split(separator: "\n").map(String.init)
    let start = try #require(lines.firstIndex { $0.hasPrefix("printf '") })
    let printf = lines[start]
    let input = try #require(printf.split(separator: "'").dropFirst().first).replacingOccurrences(of: "\\n", with: "\n")
    let command = try #require(lines[start + 1].components(separatedBy: "dxready ").last)
    let arguments = command.split(separator: " ").map(String.init)
    #expect(arguments.first == "take")
    let folder = try Self.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let env = Binary.storeEnvironment(folder)
    let run = try Binary.run(arguments, environment: env, input: input)
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout.contains("Đã gửi bài đánh giá "))
    #expect(try Self.list(env).first?["status"] as? String == "submitted")
  }
}

/// A private tmux server running one program in a window of a given size.
struct Tmux {
  let socket: String
  static let executable: String? = ["/usr/bin/tmux", "/usr/local/bin/tmux", "/bin/tmux"].first {
    FileManager.default.isExecutableFile(atPath: $0)
  }

  init(command: String, width: Int, height: Int) throws {
    socket = FileManager.default.temporaryDirectory.appendingPathComponent("tmux-\(UUID().uuidString)").path
    try run(
      [
        "new-session", "-d", "-x", String(width), "-y", String(height), "-e", "LC_ALL=C.UTF-8", "-e",
        "TERM=xterm-256color", command,
      ])
    try run(["set-option", "-g", "remain-on-exit", "on"])
  }

  /// Runs a tmux command through the shell (`system`, which waits with waitpid: Foundation's
  /// Process can miss the exit of a tmux client whose server lives on), returning what it
  /// printed. `-u`: UTF-8 whatever the locale, or Vietnamese letters would come back as `_`.
  @discardableResult
  func run(_ arguments: [String]) throws -> String {
    func quoted(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }
    let output = socket + ".out"
    let command =
      "LC_ALL=C.UTF-8 "
      + ([Self.executable ?? "tmux", "-u", "-S", socket] + arguments).map(quoted).joined(separator: " ")
      + " </dev/null >" + quoted(output) + " 2>/dev/null"
    let status = system(command)
    guard status == 0 else {
      throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "tmux \(arguments.first ?? "") failed"])
    }
    return (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
  }

  func screen() throws -> String { try run(["capture-pane", "-p"]) }

  func keys(_ keys: String...) throws { try run(["send-keys"] + keys) }

  func text(_ text: String) throws { try run(["send-keys", "-l", text]) }

  /// Waits until the screen shows `text` (up to 10 s), and returns the screen.
  @discardableResult
  func wait(for text: String, _ location: SourceLocation = #_sourceLocation) throws -> String {
    var last = ""
    for _ in 0..<200 {
      last = try screen()
      if last.contains(text) {
        // Only once the redraw is complete: two equal captures in a row.
        usleep(25_000)
        let again = try screen()
        if again == last { return last }
        continue
      }
      usleep(50_000)
    }
    Issue.record("the screen never showed “\(text)”:\n\(last)", sourceLocation: location)
    return last
  }

  func kill() { _ = try? run(["kill-server"]) }
}

@Suite("dxready take on a real terminal (tmux)", .serialized)
struct TakeTerminalTests {
  /// Answers the question on screen: a choice with 1 (ticking it first in a multiple choice),
  /// a number with 3, a text with a few words.
  static func answer(_ screen: String, _ tmux: Tmux) throws {
    if screen.contains("type the answer") {
      try tmux.text(screen.contains("whole number") || screen.contains("from ") ? "3" : "Bán hàng trực tuyến")
      try tmux.keys("Enter")
    } else {
      // A digit selects (or ticks), Enter confirms.
      try tmux.keys("1", "Enter")
    }
  }

  /// Fills the business profile of a retail shop in Hạ Long (12 people, 20 billion VND) from its
  /// first screen, in English, and goes on to the questions.
  static func fillProfile(_ tmux: Tmux) throws {
    try tmux.wait(for: "Business profile")
    try tmux.text("0100109106")
    try tmux.keys("Enter", "Enter", "Enter")
    try tmux.text("Công ty Thử nghiệm Quảng Ninh")
    try tmux.keys("Enter", "Enter")
    try tmux.text("hạ long")
    try tmux.keys("Enter", "Enter")
    try tmux.text("bán lẻ")
    try tmux.wait(for: "Filter")
    try tmux.keys("BSpace", "BSpace", "BSpace", "BSpace", "BSpace", "BSpace")
    try tmux.text("retail")
    try tmux.keys("Enter")
    try tmux.text("12")
    try tmux.keys("Enter")
    try tmux.text("20")
    try tmux.wait(for: "Size (Decree 80/2021): Small")
    try tmux.keys("Down", "Down", "Enter")
  }

  /// N in the "Question N of M" of a screen.
  static func number(_ screen: String) -> Int? {
    guard let line = screen.split(separator: "\n").first, let range = line.range(of: "Question ") else { return nil }
    return Int(line[range.upperBound...].prefix { $0.isNumber })
  }

  /// Answers the question on screen and waits until the next one is shown (or the review).
  static func answerAndWait(_ screen: inout String, _ tmux: Tmux) throws {
    let current = number(screen) ?? 0
    try answer(screen, tmux)
    for _ in 0..<200 {
      screen = try tmux.screen()
      if screen.contains("Review:") || (number(screen) ?? 0) > current {
        // Wait until the redraw is complete (two equal captures): a half-drawn screen could show
        // the new number above the old question's keys.
        for _ in 0..<40 {
          usleep(25_000)
          let again = try tmux.screen()
          if again == screen { return }
          screen = again
        }
        return
      }
      usleep(25_000)
    }
    Issue.record("question \(current) did not move on:\n\(screen)")
  }

  @Test("a whole assessment on screen, with a resize, going back, quitting half-way and resuming")
  func wholeAssessment() throws {
    try #require(Tmux.executable != nil, "tmux is not installed: apt-get install tmux (.ci/run does)")
    let folder = try TakeCommandTests.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let env = Binary.storeEnvironment(folder)
    let command =
      "cd '\(Binary.package.path)' && DXREADY_DATABASE='\(env["DXREADY_DATABASE"]!)' '\(Binary.url.path)' take; echo EXIT=$?"

    // First sitting: language, profile, eight answers, a resize, back once, then q.
    var tmux = try Tmux(command: command, width: 100, height: 30)
    defer { tmux.kill() }
    try tmux.wait(for: "Tiếng Việt")
    try tmux.keys("Down", "Enter")
    try tmux.wait(for: "15–20 minutes")
    try tmux.keys("Enter")
    var notice = try tmux.wait(for: "About your personal data")
    #expect(notice.contains("at least 10 businesses") && notice.contains("Enter agree"))
    try tmux.keys("Enter")
    try Self.fillProfile(tmux)
    var screen = try tmux.wait(for: "Question 1 of")
    for step in 0..<8 {
      if step == 4 {
        try tmux.run(["resize-window", "-x", "80", "-y", "24"])
        for _ in 0..<100 where !(try tmux.screen()).contains("━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━─────") {
          usleep(25_000)
        }
        screen = try tmux.wait(for: "Question 5 of")
        #expect(screen.split(separator: "\n").allSatisfy { $0.count <= 80 })
      }
      try Self.answerAndWait(&screen, tmux)
    }
    #expect(Self.number(screen) == 9)
    try tmux.keys("Escape")
    screen = try tmux.wait(for: "Question 8 of")
    try tmux.keys("q")
    try tmux.wait(for: "EXIT=0")
    tmux.kill()
    let drafts = try TakeCommandTests.list(env)
    #expect(drafts.first?["status"] as? String == "draft")
    let draft = try #require(drafts.first?["id"] as? String)
    let record = try TakeCommandTests.show(draft, env)["record"] as? [String: Any]
    #expect((record?["answers"] as? [String: Any])?.count == 8, "every answer given was stored")

    // Second sitting: the draft is offered; carry on to the end, review, submit.
    tmux = try Tmux(
      command: command.replacingOccurrences(of: " take;", with: " take --lang en;"), width: 120, height: 32)
    try tmux.wait(for: "Introduction")
    try tmux.keys("Enter")
    notice = try tmux.wait(for: "About your personal data")
    try tmux.keys("Enter")
    try tmux.wait(for: "Business profile")
    try tmux.text("0100109106")
    try tmux.keys("Enter")
    screen = try tmux.wait(for: "Carry on with the draft")
    #expect(screen.contains("(8 answered)"))
    try tmux.keys("Enter")
    // Exactly where it was left: question 8, after going back to it.
    screen = try tmux.wait(for: "Question 8 of")
    for _ in 0..<60 where !screen.contains("Review:") { try Self.answerAndWait(&screen, tmux) }
    #expect(screen.contains("Review:"))
    try tmux.keys("End", "Enter")
    try tmux.wait(for: "Submit the assessment?")
    try tmux.keys("Enter")
    screen = try tmux.wait(for: "Overall score")
    try tmux.keys("q")
    try tmux.wait(for: "EXIT=0")

    let list = try Binary.run(["list", "--format", "json"], environment: env)
    let stored = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
    #expect(stored.count == 1)
    #expect(stored.first?["status"] as? String == "submitted")
    let id = try #require(stored.first?["id"] as? String)
    let shown = try TakeCommandTests.show(id, env)
    #expect((shown["profile"] as? [String: Any])?["name"] as? String == "Công ty Thử nghiệm Quảng Ninh")
    #expect((shown["overall"] as? [String: Any])?["score"] is Double)
    #expect((shown["dimensions"] as? [Any])?.count == 6)
  }

  @Test(
    "SIGTERM and SIGHUP: the terminal is given back and the answers given so far are kept, said in the session's language",
    arguments: [("TERM", "en"), ("HUP", "vi")])
  func signals(signal: String, language: String) throws {
    let vi = language == "vi"
    try #require(Tmux.executable != nil, "tmux is not installed: apt-get install tmux (.ci/run does)")
    let folder = try TakeCommandTests.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let env = Binary.storeEnvironment(folder)
    let command =
      "cd '\(Binary.package.path)' && DXREADY_DATABASE='\(env["DXREADY_DATABASE"]!)' '\(Binary.url.path)' take --lang \(language) --questionnaire digital-intensity; echo EXIT=$?"
    let tmux = try Tmux(command: command, width: 100, height: 30)
    defer { tmux.kill() }
    try tmux.wait(for: vi ? "Giới thiệu" : "Introduction")
    try tmux.keys("Enter")
    try tmux.wait(for: vi ? "Thông báo về dữ liệu cá nhân" : "About your personal data")
    try tmux.keys("Enter")
    try tmux.wait(for: vi ? "Hồ sơ doanh nghiệp" : "Business profile")
    try tmux.text("0100109106")
    try tmux.keys("Enter", "Down")
    try tmux.text("Công ty Tín hiệu")
    try tmux.keys("Enter", "Down", "Down", "Down", "Down", "Down", "Enter")
    try tmux.wait(for: vi ? "Câu 1/" : "Question 1 of")
    try tmux.keys("1", "Enter")
    try tmux.wait(for: vi ? "Câu 2/" : "Question 2 of")
    // The shell in the pane runs dxready as its child.
    let shell = try tmux.run(["display-message", "-p", "#{pane_pid}"]).trimmingCharacters(in: .whitespacesAndNewlines)
    let child = try Binary.run(["-P", shell], executable: URL(fileURLWithPath: "/usr/bin/pgrep")).stdout
      .split(separator: "\n").first.map(String.init)
    let pid = try #require(child.flatMap { Int32($0) })
    kill(pid, signal == "TERM" ? SIGTERM : SIGHUP)
    let screen = try tmux.wait(for: "EXIT=")
    #expect(
      screen.contains(vi ? "mọi câu trả lời đã nhập" : "every answer given so far is saved"),
      "\(screen)")
    #expect(screen.contains(signal == "TERM" ? "EXIT=143" : "EXIT=129"))
    #expect(
      !screen.contains(vi ? "Câu 2/" : "Question 2 of"),
      "the questionnaire's screen is gone: the terminal was given back")
    let stored = try TakeCommandTests.list(env)
    #expect(stored.first?["status"] as? String == "draft")
    let id = try #require(stored.first?["id"] as? String)
    let record = try TakeCommandTests.show(id, env)["record"] as? [String: Any]
    #expect((record?["answers"] as? [String: Any])?.count == 1)
  }

  @Test(
    "a window made smaller than 80×24 says how to leave and ignores other keys; one that starts small asks line by line"
  )
  func tooSmall() throws {
    try #require(Tmux.executable != nil, "tmux is not installed: apt-get install tmux (.ci/run does)")
    let folder = try TakeCommandTests.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let env = Binary.storeEnvironment(folder)
    let command =
      "cd '\(Binary.package.path)' && DXREADY_DATABASE='\(env["DXREADY_DATABASE"]!)' '\(Binary.url.path)' take --lang en; echo EXIT=$?"
    var tmux = try Tmux(command: command, width: 80, height: 24)
    defer { tmux.kill() }
    try tmux.wait(for: "Introduction")
    try tmux.run(["resize-window", "-x", "60", "-y", "20"])
    var screen = try tmux.wait(for: "Ctrl+C or q: leave")
    #expect(!screen.contains("saved"), "nothing is saved yet, so nothing is said to be")
    try tmux.keys("Enter", "Enter")
    try tmux.run(["resize-window", "-x", "80", "-y", "24"])
    screen = try tmux.wait(for: "Introduction")
    #expect(!screen.contains("Business profile"), "keys pressed on the small screen did nothing")
    try tmux.run(["resize-window", "-x", "60", "-y", "20"])
    try tmux.wait(for: "Ctrl+C or q: leave")
    try tmux.keys("q")
    try tmux.wait(for: "EXIT=0")
    tmux.kill()

    tmux = try Tmux(command: command, width: 60, height: 20)
    screen = try tmux.wait(for: "Agree to the notice above?")
    #expect(screen.contains("(Enter: agree"), "the notice is asked line by line")
  }

  @Test("NO_COLOR: no colours, and the selection still shows (reverse video); colours otherwise")
  func noColor() throws {
    try #require(Tmux.executable != nil, "tmux is not installed: apt-get install tmux (.ci/run does)")
    let folder = try TakeCommandTests.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let env = Binary.storeEnvironment(folder)
    for noColor in [true, false] {
      let command =
        "cd '\(Binary.package.path)' && \(noColor ? "NO_COLOR=1 " : "env -u NO_COLOR ")DXREADY_DATABASE='\(env["DXREADY_DATABASE"]!)' '\(Binary.url.path)' take; echo EXIT=$?"
      let tmux = try Tmux(command: command, width: 100, height: 30)
      defer { tmux.kill() }
      try tmux.wait(for: "Tiếng Việt")
      // With escape sequences: the selected line's attributes.
      let styled = try tmux.run(["capture-pane", "-p", "-e"])
      let selected = try #require(styled.split(separator: "\n").first { $0.contains("1. Tiếng Việt") })
      if noColor {
        #expect(selected.contains("\u{1b}[7m"), "reverse video marks the selection")
        #expect(!styled.contains("\u{1b}[46m") && !styled.contains(";46m"), "no background colour")
      } else {
        #expect(selected.contains("46m"), "the selection has a cyan background")
      }
      try tmux.keys("C-c")
      try tmux.wait(for: "EXIT=0")
    }
  }
}
