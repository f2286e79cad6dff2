import DXReadyCore
import Foundation

/// A one-file HTML dashboard with inline SVG charts: it opens without network access.
struct DashboardHTML {
  var writer: OpenDataWriter

  private var language: Language { writer.language }
  private func vi(_ vi: String, _ en: String) -> String { language == .vi ? vi : en }

  static func escape(_ text: String) -> String {
    text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
      .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
  }

  /// At most `length` characters, with an ellipsis when cut.
  static func short(_ text: String, _ length: Int) -> String {
    text.count <= length ? text : String(text.prefix(length - 1)) + "…"
  }

  private func table(_ name: String) -> StatisticsTable? { writer.tables.first { $0.name == name }?.table }

  func render() -> String {
    let q = writer.questionnaire
    let title =
      vi("Mức độ sẵn sàng chuyển đổi số của doanh nghiệp", "Digital readiness of businesses")
      + " — " + writer.reference.localities.provinceName
    var body = "<h1>\(Self.escape(title))</h1>\n"
    body += "<p>\(Self.escape(q.title.text(language))) (\(Self.escape(q.reference)))"
    body += writer.period.map { ", \(Self.escape($0))" } ?? ""
    body +=
      ". \(Self.escape(vi("Không số liệu nào dựa trên ít hơn", "No figure rests on fewer than"))) \(writer.minCell) "
    body += "\(Self.escape(vi("doanh nghiệp.", "businesses.")))</p>\n"
    body += levelChart() + heatMap() + trend()
    body += "<p class=\"note\">c: \(Self.escape(StatisticsTable.Suppression.primary.label.text(language))). "
    body += "\(Self.escape(DisclosureControl.statement(minCell: writer.minCell, language)))</p>\n"
    return """
      <!DOCTYPE html>
      <html lang="\(language.rawValue)">
      <head>
      <meta charset="utf-8">
      <title>\(Self.escape(title))</title>
      <style>
      body { font-family: sans-serif; max-width: 960px; margin: 2em auto; color: #1a1a1a; }
      h2 { margin-top: 2em; font-size: 1.2em; }
      .note { color: #555; font-size: 0.9em; }
      svg text { font-size: 12px; }
      </style>
      </head>
      <body>
      \(body)</body>
      </html>

      """
  }

  /// Horizontal bars: the province's share of businesses at each level.
  func levelChart() -> String {
    var svg = "<h2>\(Self.escape(vi("Phân bố theo mức", "Distribution by level")))</h2>\n"
    guard let cell = table("province")?.cells.last, let shares = cell.levelShares else {
      return svg + "<p>\(Self.escape(vi("Chưa đủ dữ liệu để công bố.", "Not enough data to publish.")))</p>\n"
    }
    let levels = writer.questionnaire.levels
    svg +=
      "<svg role=\"img\" width=\"720\" height=\"\(levels.count * 28 + 10)\" xmlns=\"http://www.w3.org/2000/svg\">\n"
    for (index, level) in levels.enumerated() {
      let y = index * 28 + 5
      let width = Int((shares[index] * 440).rounded())
      svg += "<text x=\"0\" y=\"\(y + 16)\">\(index) \(Self.escape(level.name.text(language)))</text>"
      svg += "<rect x=\"200\" y=\"\(y)\" width=\"\(width)\" height=\"20\" fill=\"#2b6cb0\"/>"
      svg += "<text x=\"\(205 + width)\" y=\"\(y + 16)\">\(Int((shares[index] * 100).rounded()))%</text>\n"
    }
    return svg + "</svg>\n"
  }

  /// Mean score of each dimension (columns) in each former district (rows).
  func heatMap() -> String {
    let q = writer.questionnaire
    var svg =
      "<h2>\(Self.escape(vi("Điểm trung bình theo trụ cột và địa bàn (huyện cũ)", "Mean score by dimension and former district")))</h2>\n"
    guard let table = table("former-district") else { return svg }
    let out = StatsOutput(
      table: table, questionnaire: q, reference: writer.reference, language: language, period: writer.period)
    let rows = table.cells
    let (left, cellWidth, cellHeight) = (190, 110, 24)
    svg +=
      "<svg role=\"img\" width=\"\(left + q.dimensions.count * cellWidth)\" height=\"\((rows.count + 1) * cellHeight + 10)\" xmlns=\"http://www.w3.org/2000/svg\">\n"
    for (column, dimension) in q.dimensions.enumerated() {
      svg +=
        "<text x=\"\(left + column * cellWidth + 4)\" y=\"16\">\(Self.escape(Self.short(dimension.title.text(language), 17)))</text>\n"
    }
    for (row, cell) in rows.enumerated() {
      let y = (row + 1) * cellHeight + 4
      svg += "<text x=\"0\" y=\"\(y + 16)\">\(Self.escape(out.label(cell.keys.first ?? nil, .formerDistrict)))</text>"
      for column in q.dimensions.indices {
        let x = left + column * cellWidth
        if let code = cell.suppression {
          svg += "<rect x=\"\(x)\" y=\"\(y)\" width=\"\(cellWidth - 2)\" height=\"\(cellHeight - 2)\" fill=\"#ddd\"/>"
          svg += "<text x=\"\(x + 4)\" y=\"\(y + 16)\">\(code.rawValue)</text>"
        } else if let mean = cell.dimensions?[column]?.mean {
          let shade = Int(235 - mean * 1.8)
          svg +=
            "<rect x=\"\(x)\" y=\"\(y)\" width=\"\(cellWidth - 2)\" height=\"\(cellHeight - 2)\" fill=\"rgb(\(shade),\(shade + 10),250)\"/>"
          svg +=
            "<text x=\"\(x + 4)\" y=\"\(y + 16)\" fill=\"\(mean > 75 ? "#fff" : "#000")\">\(String(format: "%.1f", mean))</text>"
        }
      }
      svg += "\n"
    }
    return svg + "</svg>\n"
  }

  /// The mean overall score in each period.
  func trend() -> String {
    var svg = "<h2>\(Self.escape(vi("Xu hướng theo kỳ", "Trend over periods")))</h2>\n"
    guard let table = table("period") else { return svg }
    // Each period, not the margin over all of them (whose key is nil).
    let periods = table.cells.filter { ($0.keys.first ?? nil) != nil }
    guard !periods.isEmpty else { return svg + "<p>–</p>\n" }
    svg +=
      "<svg role=\"img\" width=\"\(max(200, periods.count * 90 + 20))\" height=\"240\" xmlns=\"http://www.w3.org/2000/svg\">\n"
    for (index, cell) in periods.enumerated() {
      let x = index * 90 + 10
      let label = Self.escape(cell.keys.first.flatMap { $0 } ?? "")
      if let mean = cell.overall?.mean {
        let height = Int(mean * 1.8)
        svg += "<rect x=\"\(x)\" y=\"\(200 - height)\" width=\"60\" height=\"\(height)\" fill=\"#2b6cb0\"/>"
        svg += "<text x=\"\(x)\" y=\"\(195 - height)\">\(String(format: "%.1f", mean))</text>"
      } else {
        svg += "<text x=\"\(x)\" y=\"195\">\(cell.suppression?.rawValue ?? "–")</text>"
      }
      svg += "<text x=\"\(x)\" y=\"220\">\(label)</text>\n"
    }
    return svg + "</svg>\n"
  }
}
