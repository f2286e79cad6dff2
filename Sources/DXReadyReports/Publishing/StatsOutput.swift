import DXReadyCore
import Foundation

/// A statistics table as text, CSV or JSON (schema `dxready.stats/1`).
public struct StatsOutput {
  var table: StatisticsTable
  var questionnaire: Questionnaire
  var reference: ReferenceData
  var language: Language
  var period: String?

  public init(
    table: StatisticsTable, questionnaire: Questionnaire, reference: ReferenceData, language: Language,
    period: String?
  ) {
    self.table = table
    self.questionnaire = questionnaire
    self.reference = reference
    self.language = language
    self.period = period
  }

  /// A group's value as a person reads it: a locality's or section's name.
  /// A value that the reference data does not name is shown as it is.
  func label(_ group: GroupKey, _ grouping: Grouping) -> String {
    let key: String
    switch group {
    case .all: return Words.text("stats_all", language)
    case .unknown: return Words.text("stats_unknown", language)
    case .value(let value): key = value
    }
    switch grouping {
    case .locality, .formerDistrict: return reference.localities.unit(key)?.name ?? key
    case .sector:
      guard let sector = SectorKey(id: key),
        let section = reference.vsic.section(version: sector.vsic, id: sector.section)
      else { return key }
      return "\(section.id) \(section.name.text(language))"
    case .broadSector:
      let names: [String: LocalizedText] = [
        "agriculture": Words.localized("stats_agriculture"),
        "industry-construction": Words.localized("stats_industry_construction"),
        "services": Words.localized("stats_services"),
      ]
      return names[key]?.text(language) ?? key
    case .size: return SizeClass(rawValue: key)?.name.text(language) ?? key
    case .legalForm: return LegalForm(rawValue: key)?.name.text(language) ?? key
    default: return key
    }
  }

  /// Where the businesses of units formed from several former units are counted, for tables by
  /// former district; `nil` when every unit lies in one former unit.
  var formerDistrictNote: String? {
    let localities = reference.localities
    let split = localities.current.filter { !$0.alsoFrom.isEmpty }
    guard !split.isEmpty else { return nil }
    let parts = split.map { unit in
      let main = unit.former.flatMap { localities.unit($0)?.name } ?? "?"
      let others = unit.alsoFrom.map { localities.unit($0)?.name ?? $0 }.joined(separator: ", ")
      return Words.text(
        "stats_unit_under", language, ["name": "\(unit.name)", "others": "\(others)", "main": "\(main)"])
    }
    return Words.text("stats_split_units", language, ["units": parts.joined(separator: "; ")])
  }

  /// The table, and — given a terminal `width` — a bar of each group's mean overall score that
  /// fits in it.
  public func text(width: Int? = nil) -> String {
    let title = Words.text("stats_title", language)
    var lines = [
      "\(title) — \(questionnaire.reference)\(period.map { ", \($0)" } ?? "") (\(Words.text("stats_minimum", language)) \(table.minCell) \(Words.text("stats_per_cell", language)))",
      "",
    ]
    // Each group's name (and its width) once: the same labels come back in many rows.
    var labels: [Grouping: [GroupKey: (text: String, width: Int)]] = [:]
    let separator = " / "
    let names = table.cells.map { cell -> (text: String, width: Int) in
      if table.groupings.isEmpty {
        let text = Words.text("stats_province", language)
        return (text, text.count)
      }
      let parts = zip(cell.keys, table.groupings).map { key, grouping in
        if let known = labels[grouping]?[key] { return known }
        let text = label(key, grouping)
        labels[grouping, default: [:]][key] = (text, text.count)
        return (text, text.count)
      }
      return (
        parts.map(\.text).joined(separator: separator),
        parts.map(\.width).reduce(0, +) + separator.count * (parts.count - 1)
      )
    }
    let groupWidth = max(12, names.map(\.width).max() ?? 0)
    let vi = language == .vi
    let levelHeads = questionnaire.levels.map { Words.text("level_short", language) + "\($0.index)%" }
    func right(_ text: String, _ width: Int) -> String {
      String(repeating: " ", count: max(0, width - text.count)) + text
    }
    let group = Words.text("stats_group", language)
    var header =
      group + String(repeating: " ", count: max(0, groupWidth - group.count))
      + right(Words.text("stats_count", language), 7)
    header += [
      Words.text("stats_mean", language), Words.text("stats_q1", language), Words.text("stats_median", language),
      Words.text("stats_q3", language),
    ].map { right($0, 7) }.joined()
    for head in levelHeads { header += right(head, 6) }
    // Bars only where the terminal has room for them beside the figures.
    let barRoom = width.map { $0 - header.count - 2 } ?? 0
    let maximum = questionnaire.scoring.overall == .count ? Double(questionnaire.questions.count) : 100
    lines.append(header)
    // Rows are built by appending to one string, padding from a run of spaces: thousands of
    // rows, each with a dozen figures, formatted in shares on all cores.
    let blanks = (0...32).map { String(repeating: " ", count: $0) }
    @Sendable func append(_ text: String, rightAlignedIn width: Int, to line: inout String) {
      var gap = width - text.utf8.count
      while gap > 0 {
        line += blanks[min(gap, 32)]
        gap -= 32
      }
      line += text
    }
    let cells = table.cells
    @Sendable func row(_ row: Int) -> String {
      let cell = cells[row]
      var line = names[row].text
      line.reserveCapacity(line.utf8.count + groupWidth + 100)
      append("", rightAlignedIn: groupWidth - names[row].width, to: &line)
      if let code = cell.suppression {
        line += "      \(code.rawValue)"
      } else {
        append(
          vi ? NumberText.fixed(Double(cell.count ?? 0), decimals: 0, .vi) : String(cell.count ?? 0), rightAlignedIn: 7,
          to: &line)
        if let overall = cell.overall {
          for value in [overall.mean, overall.q1, overall.median, overall.q3] {
            // A decimal comma in Vietnamese (the figures are below 1,000, so no grouping); a
            // quartile not published for a small group shows its code.
            guard let value else {
              append(StatisticsTable.quartileWithheld, rightAlignedIn: 7, to: &line)
              continue
            }
            let figure = fixed(value, 1)
            append(vi ? decimalComma(figure) : figure, rightAlignedIn: 7, to: &line)
          }
        }
        for share in cell.levelShares ?? [] {
          append(String(Int((share * 100).rounded())), rightAlignedIn: 6, to: &line)
        }
        if barRoom >= 10, let mean = cell.overall?.mean {
          line += "  " + String(repeating: "█", count: Int((mean / maximum * Double(barRoom)).rounded()))
        }
      }
      return line
    }
    let shares = cells.count < 512 ? 1 : 8
    let rows = ConcurrentResults<[String]>(count: shares)
    DispatchQueue.concurrentPerform(iterations: shares) { share in
      rows[share] = stride(from: share * cells.count / shares, to: (share + 1) * cells.count / shares, by: 1).map(row)
    }
    for share in rows.values { lines += share ?? [] }
    lines.append("")
    var notes: [String] = []
    notes.append(
      Words.text("stats_legend", language, ["top": "\(questionnaire.levels.count - 1)"])
    )
    notes.append(
      "c: \(StatisticsTable.Suppression.primary.label.text(language)); q: \(StatisticsTable.quartileWithheldLabel.text(language))"
    )
    notes.append(DisclosureControl.statement(minCell: table.minCell, language))
    if table.groupings.contains(.formerDistrict), let note = formerDistrictNote { notes.append(note) }
    // On a terminal the notes wrap at word boundaries, never inside a syllable.
    for note in notes { lines += width.map { DisplayWidth.wrap(note, width: max(20, $0 - 1)) } ?? [note] }
    return lines.joined(separator: "\n") + "\n"
  }

  static func column(_ grouping: Grouping) -> String { grouping.rawValue.replacingOccurrences(of: "-", with: "_") }

  /// The columns of a table's CSV file, with their Table Schema types and descriptions.
  var csvFields: [(name: String, type: String, description: String)] {
    var fields: [(String, String, String)] = []
    // The province table names the province, so that no row is ever all codes (a suppressed
    // row of only missing values is a blank row to a validator).
    if table.groupings.isEmpty {
      fields.append(("province", "string", "the province's id"))
      fields.append(("province_name", "string", "the province's name"))
    }
    for grouping in table.groupings {
      fields.append((StatsOutput.column(grouping), "string", "group id (`all` for the total over this grouping)"))
      fields.append((StatsOutput.column(grouping) + "_name", "string", "group name"))
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
    fields.append(
      (
        "flag", "string",
        "c: fewer businesses than the minimum, nothing published; p: published with protective noise (\(DisclosureControl.method))"
      ))
    return fields
  }

  /// One row per cell: group ids and names, count, level shares, mean and quartiles of every
  /// score, and the suppression code; the same file for `stats --format csv` and `export`.
  public func csv() -> String {
    let fields = csvFields
    var lines = [fields.map(\.name).joined(separator: ",")]
    for cell in table.cells {
      var values: [String] = []
      if table.groupings.isEmpty {
        values += [reference.localities.provinceID, reference.localities.provinceName]
      }
      for (key, grouping) in zip(cell.keys, table.groupings) {
        values.append(key.id ?? "all")
        values.append(label(key, grouping))
      }
      let width = fields.count - values.count - 1
      if let code = cell.suppression {
        values += Array(repeating: code.rawValue, count: width)
        values.append(code.rawValue)
      } else {
        values.append(String(cell.count ?? 0))
        values += (cell.levelShares ?? []).map { fixed($0, 4) }
        for summary in [cell.overall] + (cell.dimensions ?? []) {
          values +=
            summary.map { s in
              [fixed(s.mean, 2)]
                + [s.q1, s.median, s.q3].map { $0.map { fixed($0, 2) } ?? StatisticsTable.quartileWithheld }
            } ?? ["", "", "", ""]
        }
        values.append(StatisticsTable.perturbed)
      }
      lines.append(values.map(csvField).joined(separator: ","))
    }
    return lines.joined(separator: "\r\n") + "\r\n"
  }

  /// The `dxready.stats/1` document. Absent figures are null, so every cell has the same fields.
  public var document: JSONValue {
    func summary(_ s: StatisticsTable.Summary?) -> JSONValue {
      guard let s else { return .null }
      return .object([
        "mean": .number((s.mean * 100).rounded() / 100), "q1": s.q1.map(JSONValue.number) ?? .null,
        "median": s.median.map(JSONValue.number) ?? .null, "q3": s.q3.map(JSONValue.number) ?? .null,
      ])
    }
    let cells = table.cells.map { cell -> JSONValue in
      .object([
        "groups": .object(
          Dictionary(uniqueKeysWithValues: zip(table.groupings, cell.keys).map { ($0.rawValue, .optional($1.id)) })),
        "suppressed": .optional(cell.suppression?.rawValue), "count": .optional(cell.count),
        "level_shares": cell.levelShares.map { .array($0.map(JSONValue.number)) } ?? .null,
        "level_counts": cell.levelCounts.map { .array($0.map(JSONValue.int)) } ?? .null,
        "overall": summary(cell.overall),
        "dimensions": cell.dimensions.map { values in
          .object(
            Dictionary(
              uniqueKeysWithValues: zip(questionnaire.dimensions, values).map { ($0.id.rawValue, summary($1)) })
          )
        } ?? .null,
      ])
    }
    return .object([
      "schema": .string("dxready.stats/1"),
      "questionnaire": .object(["id": .string(questionnaire.id.rawValue), "version": .string(questionnaire.version)]),
      "period": .optional(period), "min_cell": .int(table.minCell),
      "groupings": .array(table.groupings.map { .string($0.rawValue) }),
      "levels": .array(
        questionnaire.levels.map {
          .object(["index": .int($0.index), "id": .string($0.id), "name": .string($0.name.text(language))])
        }),
      "suppression_codes": .object([
        "c": .string(StatisticsTable.Suppression.primary.label.text(language)),
        "q": .string(StatisticsTable.quartileWithheldLabel.text(language)),
      ]),
      "disclosure": .object([
        "method": .string(DisclosureControl.method), "min_cell": .int(table.minCell),
        "count_noise": .int(DisclosureControl.countNoise),
        "total_noise_share": .number(DisclosureControl.totalNoiseShare),
        "total_noise": .number(DisclosureControl.totalNoiseShare * 100),
        "quartile_minimum": .int(DisclosureControl.quartileMinimum),
        "quartile_noise": .number(DisclosureControl.quartileNoiseShare * 100), "mean_decimals": .int(2),
        "statement": .string(DisclosureControl.statement(minCell: table.minCell, language)),
      ]),
      "cells": .array(cells),
    ])
  }
}

/// A CSV field, quoted when it holds a comma, a quote or a line break.
public func csvField(_ text: String) -> String {
  text.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D })
    ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
}
