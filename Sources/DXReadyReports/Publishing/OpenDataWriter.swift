import DXReadyCore
import Foundation

/// Writes statistics tables as open data files.
public struct OpenDataWriter {
  var tables: [(name: String, table: StatisticsTable)]
  var questionnaire: Questionnaire
  var reference: ReferenceData
  var language: Language
  var period: String?
  var minCell: Int
  var folder: String
  var bom: Bool
  /// The province in each quarter (or each year), oldest first, for the dashboard's trend.
  var quarters: [(label: String, cell: StatisticsTable.Cell)]

  public init(
    tables: [(name: String, table: StatisticsTable)], questionnaire: Questionnaire, reference: ReferenceData,
    language: Language, period: String?, minCell: Int, folder: String, bom: Bool,
    quarters: [(label: String, cell: StatisticsTable.Cell)] = []
  ) {
    self.quarters = quarters
    self.tables = tables
    self.questionnaire = questionnaire
    self.reference = reference
    self.language = language
    self.period = period
    self.minCell = minCell
    self.folder = folder
    self.bom = bom
  }

  private func output(_ table: StatisticsTable) -> StatsOutput {
    StatsOutput(table: table, questionnaire: questionnaire, reference: reference, language: language, period: period)
  }

  private func write(_ text: String, _ name: String, bom: Bool = false) throws -> String {
    let path = (folder as NSString).appendingPathComponent(name)
    var data = Data(bom ? [0xEF, 0xBB, 0xBF] : [])
    data.append(Data(text.utf8))
    guard FileManager.default.createFile(atPath: path, contents: data) else {
      throw ReportProblem("\(path): cannot be written")
    }
    return name
  }

  func fileName(_ name: String) -> String { "readiness-\(name).csv" }

  public func writeCSV() throws -> [String] {
    try tables.map { try write(output($0.table).csv(), fileName($0.name), bom: bom) }
  }

  /// All tables in one file, schema `dxready.open-data/1`: each table as `dxready stats` writes it.
  public func writeJSON() throws -> [String] {
    let bundle = JSONValue.object([
      "schema": .string("dxready.open-data/1"),
      "tables": .object(Dictionary(uniqueKeysWithValues: tables.map { ($0.name, output($0.table).document) })),
    ])
    return [try write(bundle.text, "readiness.json")]
  }

  public func writeDataPackage() throws -> [String] {
    var written = try writeCSV()
    let codes = [
      "c": StatisticsTable.Suppression.primary.label.text(language),
      "q": StatisticsTable.quartileWithheldLabel.text(language),
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
          "fields": output(table).csvFields.map { ["name": $0.name, "type": $0.type, "description": $0.description] },
          "missingValues": ["", "c", "q"],
        ] as [String: Any],
      ]
    }
    let created = ISO8601DateFormatter().string(from: Date())
    let package: [String: Any] = [
      "name": "dxready-\(reference.localities.provinceID)-digital-readiness",
      "title": "Digital readiness of businesses — \(reference.localities.provinceName)",
      "description":
        "Aggregate results of the enterprise digital-transformation self-assessment (\(questionnaire.reference), hash \(questionnaire.hash)), latest assessment of each business\(period.map { " in \($0)" } ?? ""). No figure rests on fewer than \(minCell) businesses. Missing values: c = \(codes["c"]!); q = \(codes["q"]!); empty = no data. Every published row (flag p) carries protective noise. \(DisclosureControl.statement(minCell: minCell, .en))",
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
      "dxready:disclosureControl": [
        "method": DisclosureControl.method, "minCell": minCell, "countNoise": DisclosureControl.countNoise,
        "totalNoiseShareOfScale": DisclosureControl.totalNoiseShare,
        "quartileMinimumGroup": DisclosureControl.quartileMinimum,
        "quartileNoiseShareOfScale": DisclosureControl.quartileNoiseShare,
        "statement": DisclosureControl.statement(minCell: minCell, language),
      ] as [String: Any],
      "resources": resources,
    ]
    let data = try JSONSerialization.data(
      withJSONObject: package, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
    written.append(try write(String(decoding: data, as: UTF8.self), "datapackage.json"))
    return written
  }

  /// The officials' dashboard, from the templates' `dashboard.html.mustache`.
  public func writeHTML(_ templates: ReportTemplates) throws -> [String] {
    [try write(templates.renderDashboard(self), "index.html")]
  }
}
