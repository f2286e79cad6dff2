import ArgumentParser
import Foundation

/// `--as NAME`: who acts, as the audit log names them.
struct ActorOption: ParsableArguments {
  @Option(
    name: .customLong("as"),
    help: ArgumentHelp("Who acts, as the audit log names them (default: the login name).", valueName: "name"))
  var name: String?

  func validate() throws {
    if let name, name.trimmingCharacters(in: .whitespaces).isEmpty || name.contains("\n") {
      throw ValidationError("--as: give a name on one line, such as --as \"Nguyễn Văn A\"")
    }
  }

  /// The name given, else the login name.
  var resolved: String {
    if let name { return name.trimmingCharacters(in: .whitespaces) }
    let environment = ProcessInfo.processInfo.environment
    if let user = environment["USER"] ?? environment["LOGNAME"], !user.isEmpty { return user }
    if let login = getlogin() { return String(cString: login) }
    return "uid \(getuid())"
  }
}
