import Foundation

/// The built `dxready` binary, run as a user would run it.
enum Binary {
  static let package = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  /// The binary beside the test bundle (`swift test` builds every product first).
  static let url: URL = {
    if let path = ProcessInfo.processInfo.environment["DXREADY_BINARY"] { return URL(fileURLWithPath: path) }
    var folder = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
    for _ in 0..<4 {
      let candidate = folder.appendingPathComponent("dxready")
      if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
      folder.deleteLastPathComponent()
    }
    return package.appendingPathComponent(".build/debug/dxready")
  }()

  struct Run {
    var status: Int32
    var stdout: String
    var stderr: String
  }

  /// Runs dxready with `arguments` in `directory` (the package by default) and waits for it.
  static func run(
    _ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:], input: String? = nil,
    executable: URL? = nil
  ) throws -> Run {
    let process = Process()
    process.executableURL = executable ?? url
    process.arguments = arguments
    process.currentDirectoryURL = directory ?? package
    var env = ProcessInfo.processInfo.environment
    env.removeValue(forKey: "DXREADY_QUESTIONNAIRES")
    for (key, value) in environment { env[key] = value }
    process.environment = env
    let out = Pipe()
    let err = Pipe()
    let inPipe = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = inPipe
    try process.run()
    if let input { inPipe.fileHandleForWriting.write(Data(input.utf8)) }
    try inPipe.fileHandleForWriting.close()
    // Read both pipes before waiting, so a large output cannot block the child.
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    return Run(
      status: waitForExit(process), stdout: String(decoding: outData, as: UTF8.self),
      stderr: String(decoding: errData, as: UTF8.self))
  }

  /// The exit status of a child whose output has ended. Foundation's `waitUntilExit` can miss
  /// the end of a child when other children (servers, tmux, psql) come and go in the same test
  /// run, and then never returns: a child still unreaped after a while is reaped here.
  static func waitForExit(_ process: Process) -> Int32 {
    for _ in 0..<500 {
      if !process.isRunning { return process.terminationStatus }
      usleep(10_000)
    }
    var status: Int32 = 0
    while true {
      let reaped = waitpid(process.processIdentifier, &status, WNOHANG)
      if reaped == process.processIdentifier {
        return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
      }
      if reaped == -1 { return process.isRunning ? -1 : process.terminationStatus }
      if !process.isRunning { return process.terminationStatus }
      usleep(50_000)
    }
  }

  /// An environment with a database in `folder` and the project's questionnaires.
  static func storeEnvironment(_ folder: URL) -> [String: String] {
    [
      "DXREADY_DATABASE": folder.appendingPathComponent("db.sqlite").path,
      "DXREADY_QUESTIONNAIRES": package.appendingPathComponent("Questionnaires").path,
    ]
  }

  /// The example answers files.
  static let examples = package.appendingPathComponent("Questionnaires/examples").path

  /// Writes `count` synthetic JSON answers files into `folder/answers` with the generator built
  /// beside dxready, and returns that folder.
  static func synthesize(_ count: Int, seed: Int, in folder: URL) throws -> String {
    let answers = folder.appendingPathComponent("answers").path
    let run = try Binary.run(
      [
        "--count", String(count), "--out", answers, "--format", "json", "--seed", String(seed),
        "--questionnaires", package.appendingPathComponent("Questionnaires").path,
      ], in: folder, executable: url.deletingLastPathComponent().appendingPathComponent("dxready-synth"))
    guard run.status == 0 else {
      throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: run.stderr])
    }
    return answers
  }

  /// A new empty folder for one test.
  static func temporaryFolder() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("dxready-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }
}
