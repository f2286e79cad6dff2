import DXReadyCore
import Foundation

/// The consultants' queue as `dxready review list` writes it: a table in the reader's
/// language, CSV or JSON.
public struct QueueView {
  var rows: [ReviewQueueRow]
  var reference: ReferenceData
  var lang: Language

  public init(rows: [ReviewQueueRow], reference: ReferenceData, language: Language) {
    self.rows = rows
    self.reference = reference
    self.lang = language
  }

  static let columns = [
    "id", "state", "reviewer", "submitted_at", "level", "score", "weakest", "tax_code", "business", "locality",
  ]

  func fields(_ row: ReviewQueueRow) -> [String] {
    [
      row.id.rawValue, row.state.rawValue, row.reviewer ?? "", row.submittedAt,
      row.overallLevel.map(String.init) ?? "", row.overallScore.map { String($0) } ?? "", row.weakestDimension ?? "",
      row.taxCode, row.businessName, row.locality ?? "",
    ]
  }

  public func json() throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    encoder.keyEncodingStrategy = .convertToSnakeCase
    return String(decoding: try encoder.encode(rows), as: UTF8.self)
  }

  public func csv() -> String {
    var text = Self.columns.joined(separator: ",") + "\n"
    for row in rows { text += fields(row).map(csvField).joined(separator: ",") + "\n" }
    return text
  }

  public func table() -> String {
    guard !rows.isEmpty else {
      return Words.text("queue_text_empty", lang) + "\n"
    }
    func padded(_ text: String, _ width: Int) -> String {
      text + String(repeating: " ", count: max(0, width - text.count))
    }
    var text =
      Words.text("queue_text_header", lang) + "\n"
    for row in rows {
      let score = row.overallScore.map { NumberText.fixed($0, decimals: 1, lang) } ?? "–"
      let place = row.locality.flatMap { reference.localities.unit($0)?.name }.map { " · \($0)" } ?? ""
      text +=
        "\(row.id.rawValue.prefix(8))  \(padded(row.state.name.text(lang), 16))  \(DateText.provinceDay(row.submittedAt))  \(row.overallLevel.map(String.init) ?? "–")    \(padded(score, 5))  \(row.businessName) (\(row.taxCode))\(place)\n"
    }
    return text
  }
}
