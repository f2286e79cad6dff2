import DXReadyCore
import DXReadyTUI
import Foundation

/// The log of `take --kiosk`: one JSON object per line, appended with one write each and made
/// durable at once, so that several SSH sessions can share the file and an administrator (or
/// fail2ban) can read it while they run. Each line says when, from where (the SSH client's
/// address), which session (the process id) and what: a session started, a draft started, a
/// resume code accepted or refused, a session ended after too many wrong codes, an assessment
/// submitted, a command typed on the ssh line and ignored.
final class KioskLog: @unchecked Sendable {
  let path: String
  let descriptor: Int32
  /// The SSH client's address and port, or `local` outside SSH.
  let source: String

  /// Opens (or creates, readable by its owner and group only) the log at `path`.
  init(path: String) throws {
    self.path = path
    descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o640)
    guard descriptor >= 0 else {
      throw CommandFailure(
        "\(path): the kiosk log cannot be opened (\(String(cString: strerror(errno)))); take --kiosk records refused resume codes there, so it does not start without it. Name a file the account may write with --log",
        status: 1)
    }
    let connection = ProcessInfo.processInfo.environment["SSH_CONNECTION"] ?? ""
    let parts = connection.split(separator: " ")
    source = parts.count >= 2 ? "\(parts[0]) port \(parts[1])" : "local"
  }

  deinit { close(descriptor) }

  /// Appends one event: text fields, then number fields.
  func write(_ event: String, _ fields: [(String, String)] = [], numbers: [(String, Int)] = []) {
    var object = JSONObjectWriter(spaced: true)
    object.string("at", ISO8601DateFormatter().string(from: Date()))
    object.string("event", event)
    object.string("from", source)
    object.number("session", Int(getpid()))
    for (key, value) in fields { object.string(key, value) }
    for (key, value) in numbers { object.number(key, value) }
    let line = object.text + "\n"
    let bytes = Array(line.utf8)
    let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
    if written == bytes.count { fsync(descriptor) }
  }

  func record(_ event: KioskEvent) {
    switch event {
    case .draftStarted(let id, let taxCode):
      write("draft-started", [("tax_code", taxCode), ("assessment", id.rawValue)])
    case .codeAccepted(let taxCode, let ids):
      write("code-accepted", [("tax_code", taxCode), ("assessments", ids.map(\.rawValue).joined(separator: " "))])
    case .codeRefused(let taxCode, let attempt):
      write("code-refused", [("tax_code", taxCode)], numbers: [("attempt", attempt)])
    case .lockedOut(let taxCode):
      write("session-ended-wrong-codes", [("tax_code", taxCode)])
    case .submitted(let id):
      write("submitted", [("assessment", id.rawValue)])
    }
  }
}
