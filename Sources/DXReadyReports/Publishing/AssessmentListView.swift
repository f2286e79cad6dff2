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
    var text = "id,status,tax_code,business,questionnaire,created_at,submitted_at,overall_score,overall_level\n"
    for row in rows {
      let fields = [
        row.id.rawValue, row.status.rawValue, row.taxCode, row.businessName,
        "\(row.questionnaireID)@\(row.questionnaireVersion)", DateText.iso(row.createdAt),
        row.submittedAt.map(DateText.iso) ?? "", row.overallScore.map { String($0) } ?? "",
        row.overallLevel.map(String.init) ?? "",
      ]
      text += fields.map(csvField).joined(separator: ",") + "\n"
    }
    return text
  }

  /// The rows under their heading (the caller says what an empty list means).
  public func table() -> String {
    func padded(_ text: String, _ width: Int) -> String {
      text + String(repeating: " ", count: max(0, width - text.count))
    }
    var text = "ID        STATUS     TAX CODE        SCORE  LEVEL  CREATED           BUSINESS\n"
    for row in rows {
      let score = row.overallScore.map { String(format: "%5.1f", $0) } ?? "    –"
      let level = row.overallLevel.map { "  \($0)  " } ?? "  –  "
      text +=
        "\(row.id.rawValue.prefix(8))  \(padded(row.status.rawValue, 9))  \(padded(row.taxCode, 14))  \(score)  \(level)  \(DateText.minutes(row.createdAt))  \(row.businessName)\n"
    }
    return text
  }
}
