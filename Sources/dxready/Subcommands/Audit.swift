import ArgumentParser
import DXReadyCore
import Foundation

struct Audit: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "audit",
    abstract: "The audit log of the consultants' review: an assessment's entries, or a check of the whole chain.",
    discussion: helpText(
      """
      Every review change (state, correction, note, roadmap decision, target) and every deletion of
      a submitted assessment is appended to the log: who, when, what, before and after, and why.
      The database refuses to change or remove an entry, and each entry carries a SHA-256 hash over
      its content and the previous entry's hash, so that `dxready audit verify` names the first
      entry changed, removed or inserted by other means.

      Examples:
        dxready audit 7d6f3c1e
        dxready audit verify
      """),
    subcommands: [AuditShow.self, AuditVerify.self],
    defaultSubcommand: AuditShow.self
  )
}

struct AuditShow: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "show", abstract: "An assessment's audit entries, oldest first.", shouldDisplay: false)

  @Argument(help: "An assessment's id (the whole id once it is deleted), or the start of it.")
  var id: String

  @Option(help: "text or json.")
  var format: ReviewAct.OutputFormat = .text

  @OptionGroup var database: DatabaseOption

  func run() throws {
    try reportingFailures {
      let store = try database.open(readOnly: true)
      // A deleted assessment keeps its entries: look it up by its whole id then.
      let assessment: AssessmentID
      if let exact = AssessmentID(id) {
        assessment = exact
      } else {
        assessment = try storeCall { () throws(StoreError) in try store.assessment(matching: id) }.summary.id
      }
      let entries = try storeCall { () throws(StoreError) in try store.auditLog(assessment) }
      switch format {
      case .json: try printJSON(entries)
      case .text:
        if entries.isEmpty { print("no audit entries for \(assessment)") }
        for entry in entries { print("\(entry.seq)  \(entry.at)  \(entry.actor)  \(entry.action)  \(entry.detail)") }
      }
    }
  }
}

struct AuditVerify: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "verify", abstract: "Walk the whole chain of hashes; exit 1 naming the first entry that breaks it.")

  @OptionGroup var database: DatabaseOption

  func run() throws {
    try reportingFailures {
      let store = try database.open(readOnly: true)
      let entries = try storeCall { () throws(StoreError) in try store.auditLog(nil) }
      guard let broken = AuditEntry.firstBreak(in: entries) else {
        print("audit log intact: \(entries.count) entries, every hash in its chain")
        return
      }
      let before = entries.last { $0.seq < broken.entry.seq }.map { " (the entry before it is \($0.seq))" } ?? ""
      throw CommandFailure(
        "audit log broken at entry \(broken.entry.seq)\(before), \(broken.entry.action) of \(broken.entry.assessment) at \(broken.entry.at): \(broken.problem)",
        status: 1)
    }
  }
}
