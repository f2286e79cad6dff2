import ArgumentParser
import DXReadyCore
import DXReadyStore
import Foundation

struct Publish: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "publish",
    abstract: "Publish the disclosure-controlled statistics tables that officials read (PostgreSQL).",
    discussion: helpText(
      """
      On a shared PostgreSQL database, an official's account cannot read a business, an assessment,
      an answer or a statistics cell: it reads only the tables this command writes. They are made
      with the same code as `dxready stats`, for every questionnaire, status (submitted, reviewed)
      and period that has statistics, with no grouping, each grouping, and each pair of groupings,
      at the minimum cell given. Each run replaces the previous tables in one transaction. Run it
      as a consultant or the database's owner, for instance every night.

      Example:
        dxready publish --database postgresql://consultant@db.tinh.example/dxready
      """)
  )

  @Option(help: "The smallest number of businesses behind any published figure (10 or more).")
  var minCell = 10

  @OptionGroup var folder: QuestionnaireFolderOption
  @OptionGroup var database: DatabaseOption

  func validate() throws {
    guard minCell >= StatisticsBuilder.lowestMinCell else {
      throw ValidationError("--min-cell cannot be below \(StatisticsBuilder.lowestMinCell)")
    }
  }

  func run() throws {
    try reportingFailures {
      let opened = try database.open()
      guard let store = opened as? PostgresStore else {
        throw CommandFailure(
          "\(opened.location): publish writes the tables officials read on a shared PostgreSQL database; on an SQLite file, `dxready stats` and `dxready export` read the statistics directly"
        )
      }
      let started = Date()
      let catalog = try folder.catalog(services: false, hashes: false)
      let reference = try catalog.referenceData()
      var groupings: [[Grouping]] = [[]]
      for first in Grouping.allCases {
        groupings.append([first])
        for second in Grouping.allCases where second != first { groupings.append([first, second]) }
      }
      var tables: [(key: PostgresStore.PublishedKey, table: StatisticsTable)] = []
      var skipped: Set<QuestionnaireID> = []
      // Every questionnaire × both statuses × every period with statistics (and all periods), so
      // that an official finds a table wherever a consultant's `stats` shows one, if only of c.
      let stored = try storeCall { () throws(StoreError) in try store.statisticsSlots() }
      let ids = Set(stored.map(\.questionnaireID)).union(catalog.questionnaires.map(\.id)).sorted()
      // All time first, then by period.
      let periods = [nil] + Set(stored.compactMap(\.period)).sorted()
      let slots = ids.flatMap { id in
        [false, true].flatMap { reviewed in
          periods.map { StatisticsSlot(questionnaireID: id, reviewedOnly: reviewed, period: $0) }
        }
      }
      for slot in slots {
        guard let q = try? catalog.questionnaire(id: slot.questionnaireID) else {
          skipped.insert(slot.questionnaireID)
          continue
        }
        let cells = try storeCall { () throws(StoreError) in try store.statisticsCells(slot) }
        for grouping in groupings {
          let table = StatisticsSelection.table(
            cells, groupings: grouping, questionnaire: q, reference: reference, minCell: minCell)
          tables.append((PostgresStore.PublishedKey(slot: slot, groupings: grouping, minCell: minCell), table))
        }
      }
      try storeCall { () throws(StoreError) in try store.publish(tables) }
      for id in skipped.sorted() {
        printError("warning: questionnaire \(id) is not in the questionnaire folder; its statistics were not published")
      }
      let seconds = Date().timeIntervalSince(started)
      print(
        "\(store.location): published \(tables.count) tables (minimum cell \(minCell)) in \(String(format: "%.1f", seconds)) s"
      )
    }
  }
}

struct DbGrant: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "grant",
    abstract:
      "Add a person to a role: consultant (reads and reviews), official (reads published statistics) or intake (the account of businesses' take --kiosk).",
    discussion: helpText(
      """
      The person is a PostgreSQL login role, made (without a password) when it does not exist; set
      its password or certificate as the server's administrator usually does. Run as the database's
      owner or a user with CREATEROLE.

      An intake account starts drafts, fills and submits them, and reads back only the draft
      whose resume code its session holds; it reads no business, other assessment, statistics or
      audit entry. It is what the kiosk's `ForceCommand` connects as (README, "Serving the
      questionnaire over SSH").

      Examples:
        dxready db grant consultant nguyen_van_a --database postgresql://owner@db.tinh.example/dxready
        dxready db grant intake danhgia --database postgresql://owner@db.tinh.example/dxready
      """)
  )

  @Argument(help: "consultant, official or intake.")
  var role: String

  @Argument(help: "The PostgreSQL user.")
  var user: String

  @OptionGroup var database: DatabaseOption

  func run() throws {
    try reportingFailures {
      let opened = try database.open()
      guard let store = opened as? PostgresStore else {
        throw CommandFailure("\(opened.location): roles are PostgreSQL's; an SQLite file has none")
      }
      let made = try storeCall { () throws(StoreError) in try store.grant(role: role, to: user) }
      let roles = try storeCall { () throws(StoreError) in try store.roles(of: user) }
      print(
        "\(user)\(made ? " (new login role, no password yet)" : ""): now in role \(roles.joined(separator: " and "))")
      if roles.contains("intake"), roles.count > 1 {
        printError(
          "warning: \(user) is in role intake and also \(roles.filter { $0 != "intake" }.joined(separator: " and ")), so the kiosk account reads more than its own draft; if that was not meant: dxready db revoke \(role == "intake" ? roles.first { $0 != "intake" } ?? role : role) \(user)"
        )
      }
      if roles.contains("official"), roles.contains("consultant") {
        printError(
          "warning: \(user) is both official and consultant, so they read every business and assessment; if that was not meant: dxready db revoke \(role == "consultant" ? "consultant" : "official") \(user)"
        )
      }
    }
  }
}

struct DbRevoke: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "revoke", abstract: "Take a person out of a role (consultant, official or intake); their login stays.")

  @Argument(help: "consultant, official or intake.")
  var role: String

  @Argument(help: "The PostgreSQL user.")
  var user: String

  @OptionGroup var database: DatabaseOption

  func run() throws {
    try reportingFailures {
      let opened = try database.open()
      guard let store = opened as? PostgresStore else {
        throw CommandFailure("\(opened.location): roles are PostgreSQL's; an SQLite file has none")
      }
      let was = try storeCall { () throws(StoreError) in try store.revoke(role: role, from: user) }
      let roles = try storeCall { () throws(StoreError) in try store.roles(of: user) }
      print(
        "\(user): \(was ? "no longer" : "was not") in role \(role); roles now: \(roles.isEmpty ? "none" : roles.joined(separator: ", "))"
      )
    }
  }
}
