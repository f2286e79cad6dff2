import ArgumentParser
import DXReadyCore
import Foundation

struct Delete: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "delete",
    abstract: "Delete a stored assessment with its answers and scores.",
    discussion: helpText(
      """
      Asks for confirmation; --yes skips the question, for scripts. Without a terminal to ask on,
      --yes is required.

      Examples:
        dxready delete 7d6f3c1e
        dxready delete 7d6f3c1e --yes
      """)
  )

  @Argument(help: "The assessment's id, or the start of it.")
  var id: String

  @Flag(help: "Delete without asking.")
  var yes = false

  @OptionGroup var database: DatabaseOption
  @OptionGroup var actor: ActorOption

  func run() throws {
    try reportingFailures {
      let (store, stored) = try database.assessment(matching: id)
      let summary = stored.summary
      let label =
        "\(summary.id) (\(summary.status.rawValue), \(summary.businessName), \(TaxCode.masked(summary.taxCode)))"
      if !yes {
        guard isatty(STDIN_FILENO) == 1 else {
          throw CommandFailure("not deleting \(label) without confirmation: add --yes")
        }
        print("Delete assessment \(label) and its \(stored.answers.count) answers? [y/N] ", terminator: "")
        fflush(nil)
        let reply = readLine()?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
        guard reply == "y" || reply == "yes" || reply == "c" || reply == "có" else {
          print("kept \(summary.id)")
          return
        }
      }
      try storeCall { () throws(StoreError) in try store.deleteAssessment(summary.id, by: actor.resolved) }
      print("deleted \(label)")
    }
  }
}
