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

  @Option(help: "Only assessments in this state: draft, submitted or reviewed.")
  var status: AssessmentStatus?

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
      let store: SQLiteStore
      do {
        store = try SQLiteStore.open(path: database.resolvedPath, readOnly: true)
      } catch StoreError.missingDatabase(let path) {
        // Nothing stored yet: an empty list, naming the path so that a mistyped one shows.
        if format == .table { print("no assessments stored yet (no database at \(path))") }
        if format == .json { print("[]") }
        if format == .csv {
          print("id,status,tax_code,business,questionnaire,created_at,submitted_at,overall_score,overall_level")
        }
        return
      } catch {
        throw CommandFailure("\(error)")
      }
      // A household's personal identification number is shown masked in every format: it is
      // personal data, and the full number is only ever typed, never shown.
      let rows = try storeCall { () throws(StoreError) in
        try store.assessments(AssessmentFilter(status: status, taxCode: taxCode, limit: limit, offset: offset))
      }.map { row in
        var shown = row
        shown.taxCode = TaxCode.masked(row.taxCode)
        return shown
      }
      switch format {
      case .json:
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
          var container = encoder.singleValueContainer()
          try container.encode(DateText.iso(date))
        }
        encoder.keyEncodingStrategy = .convertToSnakeCase
        print(String(decoding: try encoder.encode(rows), as: UTF8.self))
      case .csv:
        print("id,status,tax_code,business,questionnaire,created_at,submitted_at,overall_score,overall_level")
        for row in rows {
          let fields = [
            row.id.rawValue, row.status.rawValue, row.taxCode, row.businessName,
            "\(row.questionnaireID)@\(row.questionnaireVersion)", iso(row.createdAt), row.submittedAt.map(iso) ?? "",
            row.overallScore.map { String($0) } ?? "", row.overallLevel.map(String.init) ?? "",
          ]
          print(fields.map(csvField).joined(separator: ","))
        }
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
        print("ID        STATUS     TAX CODE        SCORE  LEVEL  CREATED           BUSINESS")
        for row in rows {
          let score = row.overallScore.map { String(format: "%5.1f", $0) } ?? "    –"
          let level = row.overallLevel.map { "  \($0)  " } ?? "  –  "
          print(
            "\(row.id.rawValue.prefix(8))  \(row.status.rawValue.padding(9))  \(row.taxCode.padding(14))  \(score)  \(level)  \(short(row.createdAt))  \(row.businessName)"
          )
        }
        if rows.count == limit { print("(more: --offset \(offset + limit))") }
      }
    }
  }

  /// `2026-11-26T11:21:00Z`.
  func iso(_ date: Date) -> String { DateText.iso(date) }

  /// `2026-11-26 11:21`, UTC.
  func short(_ date: Date) -> String { DateText.minutes(date) }
}

extension AssessmentStatus: ExpressibleByArgument {}
