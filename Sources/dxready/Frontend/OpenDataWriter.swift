import DXReadyCore
import Foundation

/// Writes statistics tables as open data files.
struct OpenDataWriter {
  var tables: [(name: String, table: StatisticsTable)]
  var questionnaire: Questionnaire
  var reference: ReferenceData
  var language: Language
  var period: String?
  var minCell: Int
  var folder: String
  var bom: Bool

  private func output(_ table: StatisticsTable) -> StatsOutput {
    StatsOutput(table: table, questionnaire: questionnaire, reference: reference, language: language, period: period)
  }

  private func write(_ text: String, _ name: String, bom: Bool = false) throws -> String {
    let path = (folder as NSString).appendingPathComponent(name)
    var data = Data(bom ? [0xEF, 0xBB, 0xBF] : [])
    data.append(Data(text.utf8))
    guard FileManager.default.createFile(atPath: path, contents: data) else {
      throw CommandFailure("\(path): cannot be written")
    }
    return name
  }

  static func column(_ grouping: Grouping) -> String { grouping.rawValue.replacingOccurrences(of: "-", with: "_") }

  /// The columns of a table's CSV file, with their Table Schema types and descriptions.
  func fields(_ table: StatisticsTable) -> [(name: String, type: String, description: String)] {
    var fields: [(String, String, String)] = []
    for grouping in table.groupings {
      fields.append((Self.column(grouping), "string", "group id (`all` for the total over this grouping)"))
      fields.append((Self.column(grouping) + "_name", "string", "group name"))
    }
    fields.append(("count", "integer", "businesses (their latest assessment)"))
    for level in questionnaire.levels {
      fields.append(
        ("share_level_\(level.index)", "number", "share at level \(level.index) (\(level.name.text(language))), 0–1"))
    }
    for (prefix, title) in [("overall", "overall score")]
      + questionnaire.dimensions.map({ ($0.id.rawValue, $0.title.text(language)) })
    {
      for (stat, label) in [("mean", "mean"), ("q1", "first quartile"), ("median", "median"), ("q3", "third quartile")]
      {
        fields.append(("\(prefix)_\(stat)", "number", "\(label) of the \(title), 0–100"))
      }
    }
    fields.append(("flag", "string", "c: fewer businesses than the minimum; s: hidden to protect another cell"))
    return fields
  }

  func csv(_ table: StatisticsTable) -> String {
    let out = output(table)
    var lines = [fields(table).map(\.name).joined(separator: ",")]
    for cell in table.cells {
      var values: [String] = []
      for (key, grouping) in zip(cell.keys, table.groupings) {
        values.append(key ?? "all")
        values.append(out.label(key, grouping))
      }
      let width = fields(table).count - values.count - 1
      if let code = cell.suppression {
        values += Array(repeating: code.rawValue, count: width)
        values.append(code.rawValue)
      } else {
        values.append(String(cell.count ?? 0))
        values += (cell.levelShares ?? []).map { String(format: "%.4f", $0) }
        for summary in [cell.overall] + (cell.dimensions ?? []) {
          values +=
            summary.map { [$0.mean, $0.q1, $0.median, $0.q3].map { String(format: "%.2f", $0) } } ?? ["", "", "", ""]
        }
        values.append("")
      }
      lines.append(values.map(Self.csvField).joined(separator: ","))
    }
    return lines.joined(separator: "\r\n") + "\r\n"
  }

  static func csvField(_ text: String) -> String {
    text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" })
      ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
  }

  func fileName(_ name: String) -> String { "readiness-\(name).csv" }

  func writeCSV() throws -> [String] {
    try tables.map { try write(csv($0.table), fileName($0.name), bom: bom) }
  }

  /// All tables in one file, schema `dxready.open-data/1`: each table as `dxready stats` writes it.
  func writeJSON() throws -> [String] {
    struct Bundle: Encodable {
      var schema = "dxready.open-data/1"
      var tables: [String: StatsOutput.Document]
    }
    let bundle = Bundle(tables: Dictionary(uniqueKeysWithValues: tables.map { ($0.name, output($0.table).document) }))
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return [try write(String(decoding: try encoder.encode(bundle), as: UTF8.self), "readiness.json")]
  }

  func writeDataPackage() throws -> [String] {
    var written = try writeCSV()
    let codes = [
      "c": StatisticsTable.Suppression.primary.label.text(language),
      "s": StatisticsTable.Suppression.secondary.label.text(language),
    ]
    let resources: [[String: Any]] = tables.map { name, table in
      [
        "name": "readiness-\(name)",
        "path": fileName(name),
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": bom ? "utf-8-sig" : "utf-8",
        "title": "Digital readiness by \(name)",
        "schema": [
          "fields": fields(table).map { ["name": $0.name, "type": $0.type, "description": $0.description] },
          "missingValues": ["", "c", "s"],
        ] as [String: Any],
      ]
    }
    let created = ISO8601DateFormatter().string(from: Date())
    let package: [String: Any] = [
      "name": "dxready-\(reference.localities.provinceID)-digital-readiness",
      "title": "Digital readiness of businesses — \(reference.localities.provinceName)",
      "description":
        "Aggregate results of the enterprise digital-transformation self-assessment (\(questionnaire.reference), hash \(questionnaire.hash)), latest assessment of each business\(period.map { " in \($0)" } ?? ""). No figure rests on fewer than \(minCell) businesses. Missing values: c = \(codes["c"]!); s = \(codes["s"]!); empty = no data.",
      "version": "1.0.0",
      "created": created,
      "licenses": [
        [
          "name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0",
          "path": "https://creativecommons.org/licenses/by/4.0/",
        ]
      ],
      "sources": [
        ["title": "dxready self-assessments of the \(reference.localities.provinceName) digital-economy programme"]
      ],
      "keywords": ["digital transformation", "chuyển đổi số", "open data", reference.localities.provinceName],
      "dxready:missingValueLabels": codes,
      "resources": resources,
    ]
    let data = try JSONSerialization.data(
      withJSONObject: package, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
    written.append(try write(String(decoding: data, as: UTF8.self), "datapackage.json"))
    return written
  }

  func writeHTML() throws -> [String] {
    [try write(DashboardHTML(writer: self).render(), "index.html")]
  }
}
