import Foundation
import Testing

/// A real OpenSSH server on a free port with a throwaway host key, configured with the `Match`
/// block README documents (its paths replaced by the test's, and a key login), serving
/// `dxready take --kiosk`.
final class KioskServer {
  static let sshd = "/usr/sbin/sshd"
  let folder: URL
  let port: Int
  let user: String
  let process: Process
  var log: URL { folder.appendingPathComponent("kiosk.log") }
  var database: URL { folder.appendingPathComponent("kiosk.sqlite") }
  var key: String { folder.appendingPathComponent("client").path }

  /// The `Match` block of README's kiosk section, as written there.
  static func documentedBlock() throws -> [String] {
    let readme = try String(contentsOf: Binary.package.appendingPathComponent("README.md"), encoding: .utf8)
    let lines = readme.components(separatedBy: "\n")
    guard let start = lines.firstIndex(of: "Match User danhgia"),
      let end = lines[start...].firstIndex(of: "```")
    else {
      throw CocoaError(.fileReadCorruptFile, userInfo: [NSLocalizedDescriptionKey: "README has no Match block"])
    }
    return Array(lines[start..<end])
  }

  init() throws {
    let folder = try TakeCommandTests.temporaryFolder()
    let user = String(cString: getpwuid(geteuid()).pointee.pw_name)
    let port = try Self.freePort()
    self.folder = folder
    self.user = user
    self.port = port
    for name in ["host", "client"] {
      let made = try Binary.run(
        [
          "-q", "-t", "ed25519", "-N", "", "-C", "dxready-test-\(name)", "-f", folder.appendingPathComponent(name).path,
        ],
        executable: URL(fileURLWithPath: "/usr/bin/ssh-keygen"))
      guard made.status == 0 else {
        throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: made.stderr])
      }
    }
    let clientKey = try String(contentsOf: folder.appendingPathComponent("client.pub"), encoding: .utf8)
    try clientKey.write(to: folder.appendingPathComponent("authorized_keys"), atomically: true, encoding: .utf8)
    let hostKey = try String(contentsOf: folder.appendingPathComponent("host.pub"), encoding: .utf8)
      .split(separator: " ").prefix(2).joined(separator: " ")
    try "[127.0.0.1]:\(port) \(hostKey)\n".write(
      to: folder.appendingPathComponent("known_hosts"), atomically: true, encoding: .utf8)

    // README's block, for this user and these paths; the questionnaires are named because the
    // test's binary is not installed beside them.
    let block = try Self.documentedBlock().map { line in
      line.replacingOccurrences(of: "Match User danhgia", with: "Match User \(user)")
        .replacingOccurrences(of: "/usr/local/bin/dxready", with: Binary.url.path)
        .replacingOccurrences(of: "/var/log/dxready/kiosk.log", with: folder.appendingPathComponent("kiosk.log").path)
        .replacingOccurrences(
          of: "/srv/dxready/assessments.sqlite", with: folder.appendingPathComponent("kiosk.sqlite").path)
        + (line.contains("ForceCommand")
          ? " --questionnaires \(Binary.package.appendingPathComponent("Questionnaires").path)" : "")
    }
    let config =
      [
        "Port \(port)", "ListenAddress 127.0.0.1", "HostKey \(folder.appendingPathComponent("host").path)",
        "PidFile \(folder.appendingPathComponent("sshd.pid").path)",
        "AuthorizedKeysFile \(folder.appendingPathComponent("authorized_keys").path)", "PubkeyAuthentication yes",
        "PasswordAuthentication no", "KbdInteractiveAuthentication no", "UsePAM no", "StrictModes no",
        "PermitRootLogin prohibit-password", "LogLevel VERBOSE",
      ] + block
    try (config.joined(separator: "\n") + "\n").write(
      to: folder.appendingPathComponent("sshd_config"), atomically: true, encoding: .utf8)
    // Privilege separation needs its empty folder when sshd runs as root.
    if geteuid() == 0 {
      try? FileManager.default.createDirectory(atPath: "/run/sshd", withIntermediateDirectories: true)
    }

    let process = Process()
    self.process = process
    process.executableURL = URL(fileURLWithPath: Self.sshd)
    process.arguments = [
      "-D", "-f", folder.appendingPathComponent("sshd_config").path, "-E",
      folder.appendingPathComponent("sshd.log").path,
    ]
    process.standardInput = FileHandle.nullDevice
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    for _ in 0..<100 {
      if Self.connects(port) { return }
      usleep(50_000)
    }
    throw CocoaError(
      .fileReadUnknown,
      userInfo: [
        NSLocalizedDescriptionKey:
          "sshd did not start: \((try? String(contentsOf: folder.appendingPathComponent("sshd.log"), encoding: .utf8)) ?? "")"
      ])
  }

  deinit { stop() }

  func stop() {
    if process.isRunning {
      process.terminate()
      _ = Binary.waitForExit(process)
    }
    try? FileManager.default.removeItem(at: folder)
  }

  /// The ssh client's options: this key only, this server's host key only, no questions.
  var clientOptions: [String] {
    [
      "-p", String(port), "-i", key, "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes", "-o",
      "StrictHostKeyChecking=yes", "-o", "UserKnownHostsFile=\(folder.appendingPathComponent("known_hosts").path)",
      "-o", "ConnectTimeout=10",
    ]
  }

  /// `ssh -tt` to the kiosk, as a shell command for a tmux pane; `SSH-ENDED=status` after it.
  var interactiveCommand: String {
    (["ssh", "-tt"] + clientOptions + ["\(user)@127.0.0.1"]).map { "'\($0)'" }.joined(separator: " ")
      + "; echo SSH-ENDED=$?"
  }

  /// Runs the ssh client (or sftp) without a terminal, waiting for it.
  func client(_ arguments: [String], input: String = "", program: String = "/usr/bin/ssh") throws -> Binary.Run {
    try Binary.run(arguments, input: input, executable: URL(fileURLWithPath: program))
  }

  /// The log's events, each field as text (numbers too).
  var events: [[String: String]] {
    ((try? String(contentsOf: log, encoding: .utf8)) ?? "").split(separator: "\n").compactMap {
      (try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])?.mapValues { "\($0)" }
    }
  }

  /// A port nobody listens on now.
  static func freePort() throws -> Int {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(descriptor) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
        bind(descriptor, pointer, length) == 0 && getsockname(descriptor, pointer, &length) == 0
      }
    }
    guard bound else { throw CocoaError(.fileWriteUnknown) }
    return Int(UInt16(bigEndian: address.sin_port))
  }

  /// Whether something accepts a connection on the port, and the first bytes it sends (within
  /// a second).
  @discardableResult
  static func connects(_ port: Int, firstBytes: UnsafeMutablePointer<String>? = nil) -> Bool {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(descriptor) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = UInt16(port).bigEndian
    let connected = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
      }
    }
    guard connected else { return false }
    if let firstBytes {
      var timeout = timeval(tv_sec: 1, tv_usec: 0)
      setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
      var buffer = [UInt8](repeating: 0, count: 256)
      let count = recv(descriptor, &buffer, buffer.count, 0)
      firstBytes.pointee = count > 0 ? String(decoding: buffer.prefix(count), as: UTF8.self) : ""
    }
    return true
  }
}

@Suite("take --kiosk served by a real OpenSSH server", .serialized)
struct KioskSSHTests {
  /// Whether sshd is here; in CI its absence fails the test (`.ci/run` installs openssh-server).
  static func sshdAvailable() -> Bool {
    if FileManager.default.isExecutableFile(atPath: KioskServer.sshd) { return true }
    let message =
      "sshd is not installed (apt-get install openssh-server; .ci/run does): the SSH kiosk tests did not run"
    if ProcessInfo.processInfo.environment["CI"] == "true" {
      Issue.record(Comment(rawValue: message))
    } else {
      print("⚠️  \(message)")
    }
    return false
  }

  /// From the language screen to the start screen, in English.
  static func toStart(_ tmux: Tmux) throws {
    try tmux.wait(for: "Tiếng Việt")
    try tmux.keys("Down", "Enter")
    try tmux.wait(for: "Introduction")
    try tmux.keys("Enter")
    try tmux.wait(for: "About your personal data")
    try tmux.keys("Enter")
    try tmux.wait(for: "Carry on with a resume code")
  }

  /// The resume code on the screen that shows it.
  static func code(on screen: String) -> String? {
    screen.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.first {
      $0.count == 9 && $0.dropFirst(4).first == "-"
    }
  }

  @Test("over ssh -tt: a whole assessment submitted; a draft left, refused with a wrong code, resumed with its own")
  func takeAndResume() throws {
    guard Self.sshdAvailable() else { return }
    try #require(Tmux.executable != nil, "tmux is not installed: apt-get install tmux (.ci/run does)")
    let server = try KioskServer()
    defer { server.stop() }

    // A whole assessment, at 80×24.
    var tmux = try Tmux(command: server.interactiveCommand, width: 80, height: 24)
    defer { tmux.kill() }
    try Self.toStart(tmux)
    try tmux.keys("Enter")
    try TakeTerminalTests.fillProfile(tmux)
    var screen = try tmux.wait(for: "Your resume code")
    #expect(Self.code(on: screen) != nil, "\(screen)")
    #expect(screen.contains("It will not be shown again"))
    try tmux.keys("Enter")
    screen = try tmux.wait(for: "Question 1 of")
    for _ in 0..<60 where !screen.contains("Review:") { try TakeTerminalTests.answerAndWait(&screen, tmux) }
    try tmux.keys("End", "Enter")
    try tmux.wait(for: "Submit the assessment?")
    try tmux.keys("Enter")
    try tmux.wait(for: "Overall score")
    try tmux.keys("q")
    try tmux.wait(for: "SSH-ENDED=0")
    screen = try tmux.run(["capture-pane", "-p", "-S", "-100"])
    #expect(screen.contains("Thank you for completing the assessment") && !screen.contains("dxready show"))
    tmux.kill()

    // A second business starts a draft, answers two questions and leaves.
    tmux = try Tmux(command: server.interactiveCommand, width: 80, height: 24)
    try Self.toStart(tmux)
    try tmux.keys("Enter")
    try TakeTerminalTests.fillProfile(tmux)
    screen = try tmux.wait(for: "Your resume code")
    let code = try #require(Self.code(on: screen))
    try tmux.keys("Enter")
    screen = try tmux.wait(for: "Question 1 of")
    try TakeTerminalTests.answerAndWait(&screen, tmux)
    try TakeTerminalTests.answerAndWait(&screen, tmux)
    try tmux.keys("C-c")
    try tmux.wait(for: "SSH-ENDED=0")
    // What was printed after the screens, with the lines scrolled away.
    screen = try tmux.run(["capture-pane", "-p", "-S", "-100"])
    #expect(screen.contains("Saved 2 answers.") && screen.contains("resume code"), "\(screen)")
    tmux.kill()

    // Carried on: a wrong code first, then the right one in lower case, at question 3.
    tmux = try Tmux(command: server.interactiveCommand, width: 80, height: 24)
    try Self.toStart(tmux)
    try tmux.keys("Down", "Enter")
    try tmux.wait(for: "Tax code")
    try tmux.text("0100109106")
    try tmux.keys("Enter")
    try tmux.text(code == "ZZZZ-ZZZZ" ? "YYYY-YYYY" : "ZZZZ-ZZZZ")
    try tmux.keys("Enter")
    try tmux.wait(for: "2 tries left")
    try tmux.text(code.lowercased())
    try tmux.keys("Enter")
    screen = try tmux.wait(for: "Carry on with the draft")
    #expect(screen.contains("(2 answered)"))
    try tmux.keys("Enter")
    try tmux.wait(for: "Question 3 of")
    try tmux.keys("q")
    try tmux.wait(for: "SSH-ENDED=0")
    tmux.kill()

    // Three wrong codes end the session.
    tmux = try Tmux(command: server.interactiveCommand, width: 80, height: 24)
    try Self.toStart(tmux)
    try tmux.keys("Down", "Enter")
    try tmux.wait(for: "Tax code")
    try tmux.text("0100109106")
    try tmux.keys("Enter")
    for wrong in ["AAAA-AAAA", "BBBB-BBBB", "CCCC-CCCC"] {
      try tmux.text(wrong)
      try tmux.keys("Enter")
      usleep(200_000)
    }
    try tmux.wait(for: "SSH-ENDED=")
    screen = try tmux.run(["capture-pane", "-p", "-S", "-100"]).replacingOccurrences(of: "\n", with: " ")
    #expect(screen.contains("3 wrong resume codes: the session ends"), "\(screen)")
    #expect(screen.contains("SSH-ENDED=2"))
    tmux.kill()

    let events = server.events
    let refused = events.filter { $0["event"] == "code-refused" }
    #expect(refused.count == 4 && refused.allSatisfy { $0["from"]?.hasPrefix("127.0.0.1 port ") == true })
    #expect(events.filter { $0["event"] == "session-ended-wrong-codes" }.count == 1)
    #expect(events.filter { $0["event"] == "code-accepted" }.count == 1)
    #expect(events.filter { $0["event"] == "draft-started" }.count == 2)
    #expect(events.filter { $0["event"] == "submitted" }.count == 1)
    #expect(events.filter { $0["event"] == "session-started" }.count == 4)

    // What the server stored: one submitted, one draft with two answers.
    let env = ["DXREADY_DATABASE": server.database.path]
    let stored = try TakeCommandTests.list(env)
    #expect(stored.map { $0["status"] as? String }.sorted { ($0 ?? "") < ($1 ?? "") } == ["draft", "submitted"])
  }

  @Test("the escapes are closed: a command on the ssh line, port forwarding both ways, sftp")
  func escapes() throws {
    guard Self.sshdAvailable() else { return }
    let server = try KioskServer()
    defer { server.stop() }
    let target = "\(server.user)@127.0.0.1"

    // A command on the ssh line gets the questionnaire (line by line, its input empty), never a shell.
    let command = try server.client(server.clientOptions + ["-T", target, "id; cat /etc/passwd"])
    #expect(!command.stdout.contains("uid=") && !command.stdout.contains("root:x:0"), "\(command.stdout)")
    #expect(command.stdout.contains("Line mode") || command.stdout.contains("Chế độ dòng lệnh"), "\(command.stdout)")
    #expect(command.status != 0, "the questionnaire ended before it was submitted")
    #expect(server.events.contains { $0["event"] == "ssh-command-ignored" && $0["command"] == "id; cat /etc/passwd" })

    // Remote forwarding is refused at once.
    let remotePort = try KioskServer.freePort()
    let remote = try server.client(
      server.clientOptions + [
        "-N", "-o", "ExitOnForwardFailure=yes", "-R", "127.0.0.1:\(remotePort):127.0.0.1:\(server.port)", target,
      ])
    #expect(remote.status != 0 && remote.stderr.contains("forwarding failed"), "\(remote.stderr)")
    #expect(!KioskServer.connects(remotePort))

    // Local forwarding: the tunnel opens on the client, but the server refuses every channel.
    let localPort = try KioskServer.freePort()
    let tunnel = Process()
    tunnel.executableURL = URL(fileURLWithPath: "/usr/bin/ssh")
    tunnel.arguments = server.clientOptions + ["-N", "-L", "127.0.0.1:\(localPort):127.0.0.1:\(server.port)", target]
    let tunnelErrors = Pipe()
    tunnel.standardError = tunnelErrors
    tunnel.standardOutput = FileHandle.nullDevice
    tunnel.standardInput = FileHandle.nullDevice
    try tunnel.run()
    var listening = false
    for _ in 0..<100 where !listening {
      usleep(50_000)
      listening = KioskServer.connects(localPort)
    }
    #expect(listening, "the client opens its end of the tunnel")
    var banner = ""
    KioskServer.connects(localPort, firstBytes: &banner)
    #expect(!banner.hasPrefix("SSH-"), "nothing came through the tunnel: \(banner)")
    // SIGKILL: the test process may hand its children a blocked SIGTERM.
    kill(tunnel.processIdentifier, SIGKILL)
    _ = Binary.waitForExit(tunnel)
    let said = String(decoding: tunnelErrors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    #expect(said.contains("administratively prohibited"), "\(said)")

    // sftp (and scp, which uses it) gets the questionnaire instead of a file server.
    let sftp = try server.client(
      ["-b", "-"] + server.clientOptions.map { $0 == "-p" ? "-P" : $0 } + [target], input: "ls /\n",
      program: "/usr/bin/sftp")
    #expect(sftp.status != 0 && !sftp.stdout.contains("etc"), "\(sftp.stdout)\(sftp.stderr)")
  }
}
