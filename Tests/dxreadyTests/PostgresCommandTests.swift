import DXReadyCore
import DXReadyTestSupport
import Foundation
import Testing

/// dxready on a real PostgreSQL server, through the binary, as each role would use it.
@Suite("PostgreSQL: the shared database and its roles, through the binary")
struct PostgresCommandTests {
  /// A new database on the test server, as its owner (the server's superuser); `nil` (said
  /// loudly) when there is no server outside CI. In CI a missing server fails the test.
  static func database() throws -> String? {
    switch TestPostgres.server {
    case .success: return try TestPostgres.newDatabase()
    case .failure(let reason):
      if ProcessInfo.processInfo.environment["CI"] == "true" {
        Issue.record("PostgreSQL is required in CI: \(reason)")
      } else {
        print("*** PostgreSQL IS MISSING: this test did not run (\(reason)) ***")
      }
      return nil
    }
  }

  /// The same database, connected as `user`.
  static func url(_ url: String, as user: String) -> String {
    var parts = URLComponents(string: url)!
    parts.user = user
    parts.password = nil
    return parts.string!
  }

  /// Runs SQL through `psql` as the URL's user: its status and what it printed.
  static func psql(_ url: String, _ sql: String) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/psql")
    process.arguments = ["-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1", url, "-c", sql]
    let out = Pipe()
    process.standardOutput = out
    process.standardError = out
    try process.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    return (Binary.waitForExit(process), String(decoding: data, as: UTF8.self))
  }

  static func dx(_ arguments: [String], _ url: String, in folder: URL) throws -> Binary.Run {
    try Binary.run(
      arguments + ["--database", url],
      environment: ["DXREADY_QUESTIONNAIRES": Binary.package.appendingPathComponent("Questionnaires").path])
  }

  @Test("two consultants and an official share one database, each seeing only what their role allows")
  func roles() throws {
    guard let owner = try Self.database() else { return }
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dxready-pg-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }

    // Before `db init`, every command says what to run, and nothing is created.
    var run = try Self.dx(["list"], owner, in: folder)
    #expect(run.status == 1 && run.stderr.contains("run `dxready db init"), "\(run.stderr)")
    run = try Self.dx(["db", "status"], owner, in: folder)
    #expect(run.status == 1 && run.stderr.contains("no dxready tables"))

    run = try Self.dx(["db", "init"], owner, in: folder)
    #expect(run.status == 0 && run.stdout.contains("v1-initial, v2-roles"), "\(run.stdout)\(run.stderr)")
    #expect(try Self.dx(["db", "init"], owner, in: folder).stdout.contains("already up to date"))
    let unique = String(UUID().uuidString.prefix(6)).lowercased()
    let (anh, binh, olga) = ("anh_\(unique)", "binh_\(unique)", "olga_\(unique)")
    for (role, user) in [("consultant", anh), ("consultant", binh), ("official", olga)] {
      run = try Self.dx(["db", "grant", role, user], owner, in: folder)
      #expect(run.status == 0 && run.stdout.contains("now in role \(role)"), "\(run.stderr)")
    }
    #expect(try Self.dx(["db", "grant", "admin", anh], owner, in: folder).status == 2)
    let (a, b, o) = (Self.url(owner, as: anh), Self.url(owner, as: binh), Self.url(owner, as: olga))

    // A consultant imports; the other reviews what the first imported; both see the review.
    let answers = try Binary.synthesize(40, seed: 3, in: folder)
    run = try Self.dx(["import", answers, "--quiet"], a, in: folder)
    #expect(run.status == 0 && run.stdout.contains("imported 40"), "\(run.stderr)")
    let id = try #require(
      try Self.dx(["review", "list", "--format", "csv"], b, in: folder).stdout.split(separator: "\n").dropFirst().first?
        .split(separator: ",").first.map(String.init))
    run = try Self.dx(["review", id, "--note", "Gặp chủ doanh nghiệp ngày 30/11", "--as", "Bình"], b, in: folder)
    #expect(run.status == 0, "\(run.stderr)")
    #expect(try Self.dx(["review", id], a, in: folder).stdout.contains("Gặp chủ doanh nghiệp ngày 30/11"))
    #expect(try Self.dx(["audit", "verify"], a, in: folder).status == 0)

    // The official: nothing before publishing, then exactly the consultant's statistics.
    run = try Self.dx(["stats"], o, in: folder)
    #expect(run.status == 1 && run.stderr.contains("ask a consultant to run `dxready publish`"), "\(run.stderr)")
    run = try Self.dx(["publish"], b, in: folder)
    #expect(run.status == 0 && run.stdout.contains("published"), "\(run.stderr)")
    for arguments in [
      ["stats"], ["stats", "--by", "locality"], ["stats", "--by", "size", "--by", "sector", "--lang", "en"],
      ["stats", "--by", "former-district", "--format", "csv"], ["stats", "--status", "reviewed", "--format", "json"],
    ] {
      let consultant = try Self.dx(arguments, a, in: folder)
      let official = try Self.dx(arguments, o, in: folder)
      #expect(consultant.status == 0 && official.status == 0, "\(arguments): \(official.stderr)")
      #expect(official.stdout == consultant.stdout, "\(arguments)")
    }
    // The open data too: every file of the official's export as the consultant's.
    var exported: [[String: Data]] = []
    for (who, url) in [("consultant", a), ("official", o)] {
      for format in ["csv", "html"] {
        let out = folder.appendingPathComponent("export-\(who)-\(format)")
        run = try Self.dx(["export", "--format", format, "-o", out.path], url, in: folder)
        #expect(run.status == 0, "\(who) \(format): \(run.stderr)")
        var files: [String: Data] = [:]
        for item in try FileManager.default.contentsOfDirectory(atPath: out.path) {
          files[format + "/" + item] = try Data(contentsOf: out.appendingPathComponent(item))
        }
        if format == "csv" { exported.append(files) } else { exported[exported.count - 1].merge(files) { $1 } }
      }
    }
    #expect(exported[0].count == 10 && exported[0] == exported[1])
    // A period with no assessment: the same table of c for both.
    for arguments in [["stats", "--period", "2019-Q2"], ["stats", "--period", "2019", "--by", "size"]] {
      let consultant = try Self.dx(arguments, a, in: folder)
      let official = try Self.dx(arguments, o, in: folder)
      #expect(official.status == 0 && official.stdout == consultant.stdout, "\(arguments): \(official.stderr)")
    }
    // Made a consultant too, the official is warned about; revoked, back to published tables only.
    run = try Self.dx(["db", "grant", "consultant", olga], owner, in: folder)
    #expect(run.stdout.contains("consultant and official") && run.stderr.contains("dxready db revoke"), "\(run.stderr)")
    run = try Self.dx(["db", "revoke", "consultant", olga], owner, in: folder)
    #expect(run.status == 0 && run.stdout.contains("roles now: official"), "\(run.stdout)")
    run = try Self.dx(["stats", "--min-cell", "15"], o, in: folder)
    #expect(run.status == 1 && run.stderr.contains("--min-cell 10"), "what was published is named: \(run.stderr)")

    // Everything else is refused to the official, through dxready and through SQL.
    for arguments in [
      ["list"], ["show", id], ["review", "list"], ["review", id], ["audit", id], ["import", answers],
    ] {
      run = try Self.dx(arguments, o, in: folder)
      #expect(run.status == 1 && run.stderr.contains("permission denied"), "\(arguments): \(run.stderr)")
    }
    for table in [
      "business", "assessment", "answer", "answer_set", "stored_answer", "dimension_score", "stat_cell",
      "statistics_key",
      "audit",
    ] {
      let denied = try Self.psql(o, "SELECT count(*) FROM dxready.\(table)")
      #expect(denied.status != 0 && denied.output.contains("permission denied"), "\(table): \(denied.output)")
    }
    #expect(try Self.psql(o, "SELECT count(*) FROM dxready.published_table").status == 0)
    #expect(try Self.psql(o, "DELETE FROM dxready.published_table").output.contains("permission denied"))

    // A consultant appends to the audit log but can neither change nor remove an entry.
    for sql in ["UPDATE dxready.audit SET actor = 'x'", "DELETE FROM dxready.audit", "TRUNCATE dxready.audit"] {
      let denied = try Self.psql(a, sql)
      #expect(denied.status != 0 && denied.output.contains("permission denied"), "\(sql): \(denied.output)")
    }
    // Even the owner cannot change an entry: the database's own rule.
    let owned = try Self.psql(owner, "UPDATE dxready.audit SET actor = 'x'")
    #expect(owned.status != 0 && owned.output.contains("append-only"), "\(owned.output)")
  }

  @Test("the same data gives the same statistics on SQLite and on PostgreSQL, byte for byte")
  func sameStatistics() throws {
    guard let server = try Self.database() else { return }
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dxready-pg-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let file = folder.appendingPathComponent("db.sqlite").path
    #expect(try Self.dx(["db", "init"], server, in: folder).status == 0)
    let answers = try Binary.synthesize(120, seed: 8, in: folder)
    for database in [file, server] {
      let run = try Self.dx(["import", answers, "--quiet"], database, in: folder)
      #expect(run.status == 0, "\(run.stderr)")
    }
    // The published figures' noise comes from each database's own secret: give both the same.
    let key = try Binary.run(
      [file, "SELECT hex(key) FROM statistics_key"], executable: URL(fileURLWithPath: "/usr/bin/sqlite3")
    ).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    #expect(key.count == 32)
    #expect(try Self.psql(server, "UPDATE dxready.statistics_key SET key = decode('\(key)', 'hex')").status == 0)
    for arguments in [
      ["stats"], ["stats", "--by", "locality", "--by", "size"], ["stats", "--by", "sector", "--format", "json"],
      ["stats", "--by", "legal-form", "--format", "csv", "--lang", "en"],
    ] {
      let sqlite = try Self.dx(arguments, file, in: folder)
      let postgres = try Self.dx(arguments, server, in: folder)
      #expect(sqlite.status == 0 && postgres.status == 0, "\(arguments): \(postgres.stderr)")
      #expect(postgres.stdout == sqlite.stdout, "\(arguments)")
    }
    // The open data: every file of the CSV export the same.
    var exported: [[String: Data]] = []
    for (name, database) in [("sqlite", file), ("postgres", server)] {
      let out = folder.appendingPathComponent("export-\(name)")
      let run = try Self.dx(["export", "--format", "csv", "-o", out.path], database, in: folder)
      #expect(run.status == 0, "\(run.stderr)")
      var files: [String: Data] = [:]
      for item in try FileManager.default.contentsOfDirectory(atPath: out.path) {
        files[item] = try Data(contentsOf: out.appendingPathComponent(item))
      }
      exported.append(files)
    }
    #expect(!exported[0].isEmpty && exported[0] == exported[1])
  }

  @Test("libpq and the libraries it needs are loaded only by a dxready that opens a PostgreSQL store")
  func libpqLoadedOnDemand() throws {
    guard let server = try Self.database() else { return }
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dxready-pq-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    // The dynamic loader names every library it loads when LD_DEBUG=libs.
    var environment = Binary.storeEnvironment(folder)
    environment["LD_DEBUG"] = "libs"
    var run = try Binary.run(["import", Binary.examples], environment: environment)
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stderr.contains("libsqlite3"), "the loader's trace is there")
    for library in ["libpq", "libssl", "libkrb5", "libldap", "libgssapi"] {
      #expect(!run.stderr.contains(library), "\(library) loaded by an SQLite import")
    }
    run = try Binary.run(["db", "init"], environment: environment.merging(["DXREADY_DATABASE": server]) { $1 })
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stderr.contains("libpq.so.5"), "the PostgreSQL store loads libpq")
  }

  @Test("a server that is not there, and a database of a newer dxready, are refused with what to do")
  func failures() throws {
    guard let server = try Self.database() else { return }
    let folder = FileManager.default.temporaryDirectory
    var run = try Self.dx(["list"], "postgresql://nobody@127.0.0.1:1/none", in: folder)
    #expect(run.status == 1 && run.stderr.contains("cannot connect to the PostgreSQL server"), "\(run.stderr)")
    #expect(run.stderr.contains("check that the server is running"))
    for url in [
      "postgresql://someone:secret@127.0.0.1:1/none", "postgresql://someone@127.0.0.1:1/none?password=secret",
      "postgresql://someone:secret@127.0.0.1:notaport/none", "postgresql://someone:secret@[::1:1/none",
    ] {
      run = try Self.dx(["list"], url, in: folder)
      #expect(run.status == 1 && !run.stderr.contains("secret") && run.stderr.contains("***"), "\(url): \(run.stderr)")
    }
    // A mistyped address is refused; it never becomes an SQLite file of that name.
    let here = FileManager.default.temporaryDirectory.appendingPathComponent("dxready-typo-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: here, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: here) }
    for typo in ["postgressql://a@localhost/db", "postgresql:/a@localhost/db", "psql://a@localhost/db"] {
      run = try Binary.run(
        ["import", Binary.examples, "--database", typo], in: here,
        environment: ["DXREADY_QUESTIONNAIRES": Binary.package.appendingPathComponent("Questionnaires").path])
      #expect(run.status == 2 && run.stderr.contains("not a database dxready knows"), "\(typo): \(run.stderr)")
    }
    #expect(try FileManager.default.contentsOfDirectory(atPath: here.path).isEmpty, "nothing was created")
    #expect(try Self.dx(["db", "init"], server, in: folder).status == 0)
    run = try Self.dx(["backup", folder.appendingPathComponent("x.sqlite").path], server, in: folder)
    #expect(run.status == 2 && run.stderr.contains("pg_dump"))
    #expect(try Self.psql(server, "INSERT INTO dxready.schema_version VALUES (99, 'future', 'now')").status == 0)
    for arguments in [["list"], ["db", "migrate"]] {
      run = try Self.dx(arguments, server, in: folder)
      #expect(run.status != 0 && run.stderr.contains("newer dxready"), "\(arguments): \(run.stderr)")
    }
  }

  @Test("take on PostgreSQL at 80×24: the server stops mid-session, the answer waits, and is stored when it is back")
  func serverStopsDuringTake() throws {
    guard try Self.database() != nil else { return }
    try #require(Tmux.executable != nil, "tmux is not installed: apt-get install tmux (.ci/run does)")
    // A server of this test's own, to stop and start without disturbing the others.
    let cluster = try TestPostgres.Cluster()
    defer { cluster.remove() }
    let url = cluster.url("postgres")
    let folder = FileManager.default.temporaryDirectory
    #expect(try Self.dx(["db", "init"], url, in: folder).status == 0)
    let command =
      "cd '\(Binary.package.path)' && '\(Binary.url.path)' take --lang en --database '\(url)'; echo EXIT=$?"
    let tmux = try Tmux(command: command, width: 80, height: 24)
    defer { tmux.kill() }
    try tmux.wait(for: "Introduction")
    try tmux.keys("Enter")
    try tmux.wait(for: "About your personal data")
    try tmux.keys("Enter")
    try TakeTerminalTests.fillProfile(tmux)
    var screen = try tmux.wait(for: "Question 1 of")
    for _ in 0..<2 { try TakeTerminalTests.answerAndWait(&screen, tmux) }
    #expect(TakeTerminalTests.number(screen) == 3)

    // The server goes away; the third answer cannot be stored, and the screen says so.
    cluster.stop()
    try TakeTerminalTests.answer(screen, tmux)
    screen = try tmux.wait(for: "Could not save")
    #expect(screen.contains("Enter try again") && screen.contains("q leave"), "\(screen)")
    #expect(screen.contains("The connection to the database server is lost"), "\(screen)")
    #expect(screen.split(separator: "\n").allSatisfy { $0.count <= 80 })
    // Still down: trying again fails again, on the same screen.
    try tmux.keys("Enter")
    screen = try tmux.wait(for: "Could not save")
    // Back: Enter stores the answer and carries on with the next question.
    try cluster.start()
    try tmux.keys("Enter")
    screen = try tmux.wait(for: "Question 4 of")
    #expect(screen.contains("Saved."))
    try tmux.keys("q")
    try tmux.wait(for: "EXIT=0")

    let list = try Self.dx(["list", "--format", "json"], url, in: folder)
    let stored = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
    let draft = try #require(stored.first?["id"] as? String)
    let show = try Self.dx(["show", draft, "--format", "json"], url, in: folder)
    let record = try #require(try JSONSerialization.jsonObject(with: Data(show.stdout.utf8)) as? [String: Any])
    let answers = (record["record"] as? [String: Any])?["answers"] as? [String: Any]
    #expect(answers?.count == 3, "the answer given while the server was down is stored: \(answers ?? [:])")
  }

  @Test("db copy moves an SQLite database onto the server: everything, the same output, and again changes nothing")
  func copyFromSQLite() throws {
    guard let server = try Self.database() else { return }
    let other = try TestPostgres.newDatabase()
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dxready-pg-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let file = folder.appendingPathComponent("db.sqlite").path
    let answers = try Binary.synthesize(30, seed: 4, in: folder)
    #expect(try Self.dx(["import", answers, "--quiet"], file, in: folder).status == 0)
    let id = try #require(
      try Self.dx(["review", "list", "--format", "csv"], file, in: folder).stdout.split(separator: "\n").dropFirst()
        .first?.split(separator: ",").first.map(String.init))
    #expect(
      try Self.dx(["review", id, "--note", "Đã gọi điện", "--state", "reviewed", "--as", "An"], file, in: folder).status
        == 0)
    for database in [server, other] { #expect(try Self.dx(["db", "init"], database, in: folder).status == 0) }
    #expect(try Self.dx(["import", Binary.examples, "--quiet"], other, in: folder).status == 0)

    var run = try Self.dx(["db", "copy", "--from", file], server, in: folder)
    #expect(run.status == 0 && run.stdout.contains("30 assessment"), "\(run.stdout)\(run.stderr)")
    for arguments in [
      ["stats", "--by", "locality"], ["stats", "--status", "reviewed"], ["review", id], ["show", id], ["audit", id],
    ] {
      let copied = try Self.dx(arguments, server, in: folder)
      let original = try Self.dx(arguments, file, in: folder)
      #expect(copied.status == 0 && copied.stdout == original.stdout, "\(arguments): \(copied.stderr)")
    }
    #expect(try Self.dx(["audit", "verify"], server, in: folder).status == 0)
    run = try Self.dx(["db", "copy", "--from", file], server, in: folder)
    #expect(run.status == 0 && run.stdout.contains("nothing copied"))
    // Into a database holding something else: refused, untouched.
    run = try Self.dx(["db", "copy", "--from", file], other, in: folder)
    #expect(run.status == 2 && run.stderr.contains("not a copy"), "\(run.stderr)")
    #expect(try Self.psql(other, "SELECT count(*) FROM dxready.assessment").output.hasPrefix("3"))
    // The server carries on from the copy: new assessments get new keys.
    run = try Self.dx(["import", Binary.examples, "--quiet"], server, in: folder)
    #expect(run.status == 0 && run.stdout.contains("imported 3"), "\(run.stderr)")
  }
}

extension PostgresCommandTests {
  @Test("the kiosk's intake account takes and resumes its own draft, and reads nothing else, through dxready and SQL")
  func intake() throws {
    guard let owner = try Self.database() else { return }
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dxready-pg-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    #expect(try Self.dx(["db", "init"], owner, in: folder).status == 0)
    let unique = String(UUID().uuidString.prefix(6)).lowercased()
    let (tuan, kiosk) = ("tuan_\(unique)", "kiosk_\(unique)")
    for (role, user) in [("consultant", tuan), ("intake", kiosk)] {
      let run = try Self.dx(["db", "grant", role, user], owner, in: folder)
      #expect(run.status == 0 && run.stdout.contains("now in role \(role)"), "\(run.stderr)")
    }
    let (c, k) = (Self.url(owner, as: tuan), Self.url(owner, as: kiosk))
    let answers = try Binary.synthesize(6, seed: 4, in: folder)
    #expect(try Self.dx(["import", answers, "--quiet"], c, in: folder).status == 0)

    // At the kiosk, as the intake account: one assessment submitted, one draft left with one answer.
    let log = folder.appendingPathComponent("kiosk.log")
    let take = [
      "take", "--kiosk", "--log", log.path, "--plain", "--lang", "en", "--questionnaire", "digital-intensity",
      "--database", k,
    ]
    let environment = ["DXREADY_QUESTIONNAIRES": Binary.package.appendingPathComponent("Questionnaires").path]
    func profile(_ taxCode: String) -> String { "\n1\n\(taxCode)\n1\nCông ty A\nha long\nG\n12\n20\n\n\n" }
    func shownCode(_ output: String) throws -> String {
      let lines = output.components(separatedBy: "\n")
      let at = try #require(lines.firstIndex { $0.contains("resume code of this draft") }, "\(output)")
      return lines[at + 2].trimmingCharacters(in: .whitespaces)
    }
    var run = try Binary.run(
      take, environment: environment, input: profile("5700100256") + String(repeating: "1\n", count: 12) + "y\n")
    #expect(run.status == 0, "\(run.stdout.suffix(600))\(run.stderr)")
    let submittedCode = try shownCode(run.stdout)
    run = try Binary.run(take, environment: environment, input: profile("0100109106") + "1\n")
    #expect(run.status == 1 && run.stdout.contains("Saved 1 answer"), "\(run.stderr)")
    let draftCode = try shownCode(run.stdout)
    // Resumed with its code, at the kiosk, through the intake account.
    run = try Binary.run(take, environment: environment, input: "\n2\n0100109106\n\(draftCode)\n1\n")
    #expect(run.stdout.contains("Carry on with the draft (1 answered)"), "\(run.stdout.suffix(800))")

    // Every other command is refused to the intake account, saying why, and so is take without --kiosk.
    for arguments in [
      ["list"], ["show", "0"], ["stats"], ["export", "--format", "csv", "-o", folder.appendingPathComponent("x").path],
      ["review", "list"],
      ["audit", "verify"], ["import", answers], ["publish"], ["take", "--plain"],
    ] {
      run = try Self.dx(arguments, k, in: folder)
      #expect(run.status == 2 && run.stderr.contains("this is an intake account"), "\(arguments): \(run.stderr)")
    }
    // Through SQL: no table at all; through its functions, only the draft whose code the
    // session holds, and nothing a consultant's tool would choke on.
    for table in [
      "assessment", "answer", "answer_set", "stored_answer", "business", "dimension_score", "questionnaire",
      "stat_cell",
      "statistics_key", "audit", "published_table", "review_note",
    ] {
      let denied = try Self.psql(k, "SELECT count(*) FROM dxready.\(table)")
      #expect(denied.status != 0 && denied.output.contains("permission denied"), "\(table): \(denied.output)")
    }
    let code = try #require(ResumeCode.normalized(draftCode))
    let spent = try #require(ResumeCode.normalized(submittedCode))
    let drafts = "SELECT count(*) FROM dxready.intake_drafts('\(code)', '0100109106')"
    #expect(try Self.psql(k, drafts).output.hasPrefix("1"))
    #expect(
      try Self.psql(k, "SELECT count(*) FROM dxready.intake_drafts('ZZZZZZZZ', '0100109106')").output.hasPrefix("0"))
    let held = "(SELECT dxready.intake_drafts('\(code)', '0100109106'))"
    #expect(try Self.psql(k, "SELECT count(*) FROM dxready.intake_answers('\(code)', \(held))").output.hasPrefix("1"))
    #expect(
      try Self.psql(k, "SELECT count(*) FROM dxready.intake_drafts('\(spent)', '5700100256')").output.hasPrefix("0"),
      "a submitted one is no longer read")
    // A table of its own named like dxready's does not stand in for it inside the functions.
    let other = try #require(
      try Self.dx(["review", "list", "--format", "csv"], c, in: folder).stdout.split(separator: "\n").dropFirst()
        .first?.split(separator: ",").first.map(String.init))
    let shadow = try Self.psql(
      k,
      """
      CREATE TEMP TABLE assessment (seq BIGINT, id TEXT, status TEXT, resume_code TEXT);
      INSERT INTO assessment SELECT seq, '\(other)', 'draft', 'x' FROM generate_series(1, 50) AS seq;
      SELECT count(*) FROM dxready.intake_answers('\(code)', '\(other)')
      """)
    #expect(shadow.output.trimmingCharacters(in: .whitespacesAndNewlines).hasSuffix("0"), "\(shadow.output)")
    let shadowed = try Self.psql(k, "SELECT dxready.intake_save_answer('\(code)', '\(other)', 'di_ai', '\"no\"')")
    #expect(shadowed.status != 0 && shadowed.output.contains("not a draft this code holds"), "\(shadowed.output)")
    // Values a dxready would never store are refused: scores out of range or not numbers,
    // dimensions the questionnaire does not have, answers and profiles not in dxready's forms.
    for call in [
      "intake_submit('\(code)', \(held), 'm', 'scored', 'NaN', 1, NULL, '{}', '{}', '{}', '{}', '{}')",
      "intake_submit('\(code)', \(held), 'm', 'scored', 1e9, 1, NULL, '{}', '{}', '{}', '{}', '{}')",
      "intake_submit('\(code)', \(held), 'm', 'scored', 50, 1, NULL, '{invented}', '{scored}', '{5}', '{1}', '{1}')",
      "intake_save_answer('\(code)', \(held), 'x; drop', '\"yes\"')",
      "intake_save_answer('\(code)', \(held), 'di_ai', '[1,2,3]')",
      "intake_save_answer('\(code)', \(held), 'di_ai', '{\"text\": 5}')",
      "intake_save_answer('\(code)', \(held), 'di_ai', '1e999')",
      "intake_save_answer('\(code)', \(held), 'di_ai', '{\"text\": \"\\ud800\"}')",
      "intake_save_profile('\(code)', \(held), 'A', U&'h\\00E1', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)",
      "intake_save_profile('\(code)', \(held), 'A', '', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)",
      "intake_save_profile('\(code)', \(held), 'A', repeat('x', 3000), NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)",
      "intake_save_profile('\(code)', \(held), E'A\\u202e', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)",
    ] {
      let refused = try Self.psql(k, "SELECT dxready.\(call)")
      #expect(refused.status != 0 && refused.output.contains("dxready would"), "\(call): \(refused.output)")
    }
    // No questionnaire text can be planted.
    let plant = try Self.psql(k, "INSERT INTO dxready.questionnaire VALUES ('sha256:00', 'x', '1', 'x', 'x')")
    #expect(plant.status != 0 && plant.output.contains("permission denied"))

    // The consultant sees the kiosk's submission; its statistics wait for the consultant's
    // next write, and `stats` counts them meanwhile: the same figures before and after.
    run = try Self.dx(["review", "list", "--format", "csv"], c, in: folder)
    #expect(run.stdout.contains("5700100256"), "\(run.stdout)")
    #expect(try Self.psql(owner, "SELECT count(*) FROM dxready.assessment WHERE uncounted").output.hasPrefix("1"))
    let waiting = try Self.dx(["stats", "--questionnaire", "digital-intensity", "--format", "json"], c, in: folder)
    #expect(waiting.status == 0, "\(waiting.stderr)")
    let id = try #require(run.stdout.split(separator: "\n").dropFirst().first?.split(separator: ",").first)
    #expect(try Self.dx(["review", String(id), "--note", "đã xem", "--as", "Tuấn"], c, in: folder).status == 0)
    #expect(try Self.psql(owner, "SELECT count(*) FROM dxready.assessment WHERE uncounted").output.hasPrefix("0"))
    let counted = try Self.dx(["stats", "--questionnaire", "digital-intensity", "--format", "json"], c, in: folder)
    #expect(counted.stdout == waiting.stdout)
    let events = try String(contentsOf: log, encoding: .utf8)
    #expect(events.contains("\"event\": \"submitted\"") && events.contains("\"event\": \"code-accepted\""))
  }
}
