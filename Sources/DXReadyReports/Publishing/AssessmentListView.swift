import DXReadyCore
import Foundation

/// Stored assessments as `dxready list` writes them: a table, CSV or JSON, times in UTC.
public struct AssessmentListView {
  var rows: [AssessmentSummary]

  public init(rows: [AssessmentSummary]) { self.rows = rows }

  public func json() throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    encoder.dateEncodingStrategy = .custom { date, encoder in
      var container = encoder.singleValueContainer()
      try container.encode(DateText.iso(date))
    }
    encoder.keyEncodingStrategy = .convertToSnakeCase
    return String(decoding: try encoder.encode(rows), as: UTF8.self)
  }

  public func csv() -> String {
    var text = Self.csvHeading + "\n"
    for row in rows {
      let fields = [
        row.id.rawValue, row.status.rawValue, row.taxCode, row.businessName,
        "\(row.questionnaireID)@\(row.questionnaireVersion)", DateText.iso(row.createdAt),
        row.submittedAt.map(DateText.iso) ?? "", row.overallScore.map { String($0) } ?? "",
        row.overallLevel.map(String.init) ?? "", row.reviewState?.rawValue ?? "",
      ]
      text += fields.map(csvField).joined(separator: ",") + "\n"
    }
    return text
  }

  /// The CSV columns; `status` is the stored lifecycle (draft, submitted, reviewed) and
  /// `review_state` where a submitted assessment is in review (empty for a draft).
  public static let csvHeading =
    "id,status,tax_code,business,questionnaire,created_at,submitted_at,overall_score,overall_level,review_state"

  /// What the table's STATUS column shows: a draft, or a submitted assessment's review state
  /// (so that one in review or rejected is never shown as merely submitted).
  static func shownStatus(_ row: AssessmentSummary) -> String {
    row.reviewState?.rawValue ?? row.status.rawValue
  }

  /// The rows under their heading (the caller says what an empty list means).
  public func table() -> String {
    func padded(_ text: String, _ width: Int) -> String {
      text + String(repeating: " ", count: max(0, width - text.count))
    }
    // As wide as the longest state shown (`needs-follow-up` widens it), at least the heading's.
    let width = max(9, rows.map { Self.shownStatus($0).count }.max() ?? 0)
    var text = "ID        \(padded("STATUS", width))  TAX CODE        SCORE  LEVEL  CREATED           BUSINESS\n"
    for row in rows {
      let score = row.overallScore.map { String(format: "%5.1f", $0) } ?? "    –"
      let level = row.overallLevel.map { "  \($0)  " } ?? "  –  "
      text +=
        "\(row.id.rawValue.prefix(8))  \(padded(Self.shownStatus(row), width))  \(padded(row.taxCode, 14))  \(score)  \(level)  \(DateText.minutes(row.createdAt))  \(row.businessName)\n"
    }
    return text
  }
}
