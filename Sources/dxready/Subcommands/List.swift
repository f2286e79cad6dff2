import ArgumentParser
import DXReadyCore
import DXReadyReports
import DXReadyStore
import Foundation

struct List: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "list",
    abstract: "List stored assessments, most recent first.",
    discussion: helpText(
      """
      Examples:
        dxready list
        dxready list --status draft --business 5700100256
        dxready list --format csv --limit 1000 > assessments.csv
      """)
  )

  enum Format: String, ExpressibleByArgument, CaseIterable {
    case table, json, csv
  }

  /// What `--status` takes: a draft, or a submitted assessment's place in review.
  enum Listed: String, ExpressibleByArgument, CaseIterable {
    case draft, submitted
    case inReview = "in-review"
    case reviewed
    case needsFollowUp = "needs-follow-up"
    case rejected

    var filter: (status: AssessmentStatus?, review: ReviewState?) {
      switch self {
      case .draft: (.draft, nil)
      case .submitted: (nil, .submitted)
      case .inReview: (nil, .inReview)
      case .reviewed: (nil, .reviewed)
      case .needsFollowUp: (nil, .needsFollowUp)
      case .rejected: (nil, .rejected)
      }
    }
  }

  @Option(
    help: ArgumentHelp(
      "Only assessments in this state (submitted: not yet taken into review; the table's STATUS column shows each one's).",
      valueName: "state"))
  var status: Listed?

  @Option(help: ArgumentHelp("Only this business's assessments (its history).", valueName: "tax-code"))
  var business: String?

  @Option(help: "table, json or csv.")
  var format: Format = .table

  @Option(help: "How many to show.")
  var limit = 50

  @Option(help: "How many of the most recent to skip (for the next page).")
  var offset = 0

  @OptionGroup var database: DatabaseOption

  func validate() throws {
    guard limit > 0 else { throw ValidationError("--limit must be above 0") }
    guard offset >= 0 else { throw ValidationError("--offset cannot be negative") }
  }

  func run() throws {
    try reportingFailures {
      let taxCode = try business.map { text -> String in
        do { return try TaxCode(parsing: text).value } catch { throw CommandFailure("--business: \(error)") }
      }
      let store: any OpenedStore
      if let problem = PostgresStore.malformedLocation(database.resolvedPath) { throw CommandFailure(problem) }
      do {
        store =
          PostgresStore.isLocation(database.resolvedPath)
          ? try PostgresStore.open(database.resolvedPath, readOnly: true)
          : try SQLiteStore.open(
            path: database.resolvedPath, readOnly: true,
            upgrading: DatabaseOption.sayUpgrading(database.resolvedPath, .en))
      } catch StoreError.missingDatabase(let path) {
        // Nothing stored yet: an empty list, naming the path so that a mistyped one shows.
        if format == .table { print("no assessments stored yet (no database at \(path))") }
        if format == .json { print("[]") }
        if format == .csv {
          print(AssessmentListView.csvHeading)
        }
        return
      } catch let error as StoreError {
        throw CommandFailure(error)
      } catch {
        throw CommandFailure("\(error)")
      }
      try DatabaseOption.refuseIntake(store)
      // A household's personal identification number is shown masked in every format: it is
      // personal data, and the full number is only ever typed, never shown.
      let rows = try storeCall { () throws(StoreError) in
        try store.assessments(
          AssessmentFilter(
            status: status?.filter.status, reviewState: status?.filter.review, taxCode: taxCode, limit: limit,
            offset: offset))
      }.map { row in
        var shown = row
        shown.taxCode = TaxCode.masked(row.taxCode)
        return shown
      }
      let view = AssessmentListView(rows: rows)
      switch format {
      case .json: print(try view.json())
      case .csv: print(view.csv(), terminator: "")
      case .table:
        if rows.isEmpty {
          let anything = try storeCall { () throws(StoreError) in
            try !store.assessments(AssessmentFilter(limit: 1)).isEmpty
          }
          var filters: [String] = []
          if let status { filters.append("--status \(status.rawValue)") }
          if let taxCode { filters.append("--business \(TaxCode.masked(taxCode))") }
          if !anything {
            print("no assessments stored yet")
          } else if offset > 0 {
            print("no more assessments (--offset \(offset))")
          } else {
            print("no assessments match \(filters.joined(separator: " ")); others are stored (dxready list shows them)")
          }
          return
        }
        print(view.table(), terminator: "")
        if rows.count == limit { print("(more: --offset \(offset + limit))") }
      }
    }
  }

}

extension AssessmentStatus: ExpressibleByArgument {}
