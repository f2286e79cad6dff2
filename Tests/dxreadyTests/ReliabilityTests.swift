import Foundation
import Testing

/// Crashes and concurrent writers against the real binary: nothing saved may be lost, and the
/// database must always open cleanly.
@Suite("Reliability of stored answers", .serialized)
struct ReliabilityTests {
  static let questions = [
    "di_internet_staff", "di_ict_specialists", "di_fast_broadband", "di_remote_meetings", "di_website",
    "di_social_media", "di_ecommerce_1pct", "di_b2c_web_sales", "di_cloud", "di_erp", "di_crm", "di_ai_analytics",
  ]

  /// A long series of answers: each question many times, its value alternating.
  static func series(_ count: Int, seed: Int) -> [(question: String, value: String)] {
    (0..<count).map { index in
      let question = questions[(index * 5 + seed) % questions.count]
      return (question, (index / questions.count + seed) % 2 == 0 ? "yes" : "no")
    }
  }

  /// The answers after the first `count` saves of a series.
  static func state(after count: Int, of series: [(question: String, value: String)]) -> [String: String] {
    var state: [String: String] = [:]
    for (question, value) in series.prefix(count) { state[question] = value }
    return state
  }

  func setUp(_ folder: URL, _ env: [String: String], taxCode: String) throws -> String {
    let profile = folder.appendingPathComponent("profile-\(taxCode).yaml")
    try
      "questionnaire: digital-intensity@1.0.0\nconsent: {notice: \"2026-11\", given_at: 2026-11-30}\nprofile: {name: Kiểm thử, tax_code: \"\(taxCode)\"}\nanswers: {}\n"
      .write(to: profile, atomically: true, encoding: .utf8)
    let run = try Binary.run(["draft", "new", "--answers", profile.path], in: folder, environment: env)
    #expect(run.status == 0, "\(run.stderr)")
    return run.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
  }

  func storedAnswers(_ id: String, _ folder: URL, _ env: [String: String]) throws -> [String: String] {
    let run = try Binary.run(["show", id, "--format", "json"], in: folder, environment: env)
    #expect(run.status == 0, "the database opens cleanly: \(run.stderr)")
    let object = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
    let record = object?["record"] as? [String: Any]
    return (record?["answers"] as? [String: String]) ?? [:]
  }

  func integrity(_ path: String) throws -> String {
    let sqlite = Process()
    sqlite.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
    sqlite.arguments = [path, "PRAGMA integrity_check;"]
    let out = Pipe()
    sqlite.standardOutput = out
    try sqlite.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    sqlite.waitUntilExit()
    return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
  }

  @Test("kill -9 at random moments: every answer whose save returned is there afterwards", arguments: 1...6)
  func killNine(round: Int) throws {
    let folder = try Binary.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let database = folder.appendingPathComponent("db.sqlite").path
    let env = [
      "DXREADY_DATABASE": database,
      "DXREADY_QUESTIONNAIRES": Binary.package.appendingPathComponent("Questionnaires").path,
    ]
    let id = try setUp(folder, env, taxCode: "0100109106")
    let series = Self.series(400, seed: round)
    let killAfter = Int.random(in: 1...120)

    let process = Process()
    process.executableURL = Binary.url
    process.arguments = ["draft", "answer", id] + series.map { "\($0.question)=\($0.value)" }
    process.currentDirectoryURL = folder
    process.environment = ProcessInfo.processInfo.environment.merging(env) { $1 }
    let out = Pipe()
    process.standardOutput = out
    process.standardError = FileHandle.nullDevice
    try process.run()
    var printed = ""
    while printed.filter({ $0 == "\n" }).count < killAfter {
      let chunk = out.fileHandleForReading.availableData
      if chunk.isEmpty { break }
      printed += String(decoding: chunk, as: UTF8.self)
    }
    kill(process.processIdentifier, SIGKILL)
    process.waitUntilExit()
    #expect(process.terminationReason == .uncaughtSignal, "killed mid-series (round \(round), after \(killAfter))")
    // Lines printed between the last read and the kill are still in the pipe: they count too.
    printed += String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)

    // Saves whose "saved" line was printed returned; the one in flight may or may not have landed.
    let confirmed = printed.split(separator: "\n").filter { $0.hasPrefix("saved ") }.count
    let stored = try storedAnswers(id, folder, env)
    let acceptable = [Self.state(after: confirmed, of: series), Self.state(after: confirmed + 1, of: series)]
    #expect(acceptable.contains(stored), "after \(confirmed) confirmed saves: \(stored)")
    #expect(try integrity(database) == "ok")
  }

  @Test("two processes writing to one database at once both succeed and lose nothing")
  func concurrentWriters() throws {
    let folder = try Binary.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let database = folder.appendingPathComponent("db.sqlite").path
    let env = [
      "DXREADY_DATABASE": database,
      "DXREADY_QUESTIONNAIRES": Binary.package.appendingPathComponent("Questionnaires").path,
    ]
    let first = try setUp(folder, env, taxCode: "0100109106")
    let second = try setUp(folder, env, taxCode: "0300588569")
    let seriesA = Self.series(150, seed: 1)
    let seriesB = Self.series(150, seed: 4)
    var processes: [(Process, Pipe)] = []
    for (id, series) in [(first, seriesA), (second, seriesB)] {
      let process = Process()
      process.executableURL = Binary.url
      process.arguments = ["draft", "answer", id] + series.map { "\($0.question)=\($0.value)" }
      process.currentDirectoryURL = folder
      process.environment = ProcessInfo.processInfo.environment.merging(env) { $1 }
      let err = Pipe()
      process.standardOutput = FileHandle.nullDevice
      process.standardError = err
      processes.append((process, err))
    }
    // A third writer imports a batch at the same time.
    let importer = Process()
    importer.executableURL = Binary.url
    importer.arguments = ["import", Binary.package.appendingPathComponent("Questionnaires/examples").path]
    importer.currentDirectoryURL = folder
    importer.environment = ProcessInfo.processInfo.environment.merging(env) { $1 }
    importer.standardOutput = FileHandle.nullDevice
    importer.standardError = FileHandle.nullDevice
    for (process, _) in processes { try process.run() }
    try importer.run()
    for (process, err) in processes {
      let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
      process.waitUntilExit()
      #expect(process.terminationStatus == 0, "\(message)")
    }
    importer.waitUntilExit()
    #expect(importer.terminationStatus == 0)
    #expect(try storedAnswers(first, folder, env) == Self.state(after: seriesA.count, of: seriesA))
    #expect(try storedAnswers(second, folder, env) == Self.state(after: seriesB.count, of: seriesB))
    #expect(try integrity(database) == "ok")
    let list = try Binary.run(["list", "--format", "csv"], in: folder, environment: env)
    #expect(list.stdout.split(separator: "\n").count == 6, "header, two drafts and three imported")
  }

  @Test("reading commands leave a backup copy byte for byte as it was; a write opens it with synced commits")
  func readingLeavesTheFile() throws {
    let folder = try Binary.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let database = folder.appendingPathComponent("db.sqlite").path
    let copy = folder.appendingPathComponent("copy.sqlite").path
    let env = [
      "DXREADY_DATABASE": database,
      "DXREADY_QUESTIONNAIRES": Binary.package.appendingPathComponent("Questionnaires").path,
    ]
    let imported = try Binary.run(
      ["import", Binary.package.appendingPathComponent("Questionnaires/examples").path], in: folder, environment: env)
    #expect(imported.status == 0, "\(imported.stderr)")
    #expect(try Binary.run(["backup", copy], in: folder, environment: env).status == 0)
    let before = try Data(contentsOf: URL(fileURLWithPath: copy))
    for arguments in [
      ["list"], ["show", "7d6f3c1e"], ["recommend", "7d6f3c1e"], ["stats"], ["list", "--status", "draft"],
    ] {
      let run = try Binary.run(arguments + ["--database", copy], in: folder, environment: env)
      #expect(run.status == 0, "\(arguments): \(run.stderr)")
      #expect(try Data(contentsOf: URL(fileURLWithPath: copy)) == before, "\(arguments) changed the file")
      let log = (try? Data(contentsOf: URL(fileURLWithPath: copy + "-wal"))) ?? Data()
      #expect(log.isEmpty, "\(arguments) left a commit in the log")
    }
  }
}
