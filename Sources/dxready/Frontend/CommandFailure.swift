import ArgumentParser
import DXReadyCore
import DXReadyReports

/// A failure the user can act on: printed as is, never with a stack trace, then the exit status.
struct CommandFailure: Error, CustomStringConvertible {
  /// Exit status 2: the input (a file, an answer, an option) is wrong.
  static let badInput: Int32 = 2

  var message: String
  var status: Int32 = CommandFailure.badInput

  init(_ message: String, status: Int32 = CommandFailure.badInput) {
    self.message = message
    self.status = status
  }

  /// The most problems listed for one file; the rest are counted.
  static let problemLimit = 100

  /// A failure listing located problems, one per line (at most ``problemLimit``).
  init(_ diagnostics: [Diagnostic]) {
    self.message = Self.capped(diagnostics.map(\.description))
  }

  /// `lines`, at most ``problemLimit`` of them, then how many more there were.
  static func capped(_ lines: [String]) -> String {
    guard lines.count > problemLimit else { return lines.joined(separator: "\n") }
    return
      (lines.prefix(problemLimit) + ["… and \(lines.count - problemLimit) more problem(s) not shown; fix these first"])
      .joined(separator: "\n")
  }

  var description: String { message }
}

extension ParsableCommand {
  /// Runs `body`, turning a ``CommandFailure`` into its message on standard error and its status.
  func reportingFailures(_ body: () throws -> Void) throws {
    do {
      try body()
    } catch let failure as CommandFailure {
      if !failure.message.isEmpty { printError(failure.message) }
      throw ExitCode(failure.status)
    } catch let problem as ReportProblem {
      // A file the publishing module could not write.
      printError(problem.message)
      throw ExitCode(1)
    }
  }
}

/// Writes a line to standard error.
func printError(_ text: String) {
  var stream = StandardError()
  print(text, to: &stream)
}

struct StandardError: TextOutputStream {
  mutating func write(_ string: String) {
    FileHandleWriter.writeToStandardError(string)
  }
}
