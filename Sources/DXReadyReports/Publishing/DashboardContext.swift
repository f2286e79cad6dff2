import DXReadyCore
import Foundation

/// The variables of the officials' dashboard (`Reports/dashboard.html.mustache`), made from
/// the published, disclosure-controlled tables only: every figure with its count, the charts'
/// geometry computed here so that the template only places it, and each chart's numbers again
/// as a table. `Reports/README.md` documents them; ``ReportSchema/dashboardPaths`` lists them.
struct DashboardContext {
  var writer: OpenDataWriter
  var labels: ReportLabels
  var generatedAt: Date

  var language: Language { writer.language }
  func number(_ value: Double) -> String { NumberText.fixed(value, decimals: 1, language) }
  func coordinate(_ value: Double) -> String { NumberText.fixed(value, decimals: 1, .en) }
  func table(_ name: String) -> StatisticsTable? { writer.tables.first { $0.name == name }?.table }

  func variables() -> [String: Any] {
    let q = writer.questionnaire
    var values: [String: Any] = [
      "lang": language.rawValue,
      "labels": labels.words(language),
      "province": writer.reference.localities.provinceName,
      "questionnaire": q.reference,
      "questionnaire_title": q.title.text(language),
      "generated": ReportContext.date(generatedAt, language),
      "min_cell": String(writer.minCell),
      "statement": DisclosureControl.statement(minCell: writer.minCell, language),
      "method": DisclosureControl.method,
      "levels": levels(),
      "heat": heat(),
      "trend": trend(),
    ]
    if let period = writer.period { values["period"] = period }
    if let province = table("province")?.cells.last, let count = province.count {
      values["total"] = ["count": String(count), "mean": province.overall.map { number($0.mean) } ?? "–"]
    } else {
      values["total_hidden"] = true
    }
    return values
  }

  /// The province's businesses at each level: a bar, the count and the share.
  func levels() -> [String: Any] {
    let levels = writer.questionnaire.levels
    let cell = table("province")?.cells.last
    let rows: [[String: Any]] = levels.enumerated().map { index, level in
      let share = cell?.levelShares?[index]
      let count = cell?.levelCounts?[index]
      let width = (share ?? 0) * 420
      return [
        "number": String(index), "name": level.name.text(language),
        "share": share.map { number($0 * 100) + " %" } ?? "c", "count": count.map(String.init) ?? "c",
        "y": coordinate(Double(index) * 30 + 6), "text_y": coordinate(Double(index) * 30 + 21),
        "width": coordinate(max(width, share == nil ? 0 : 1)), "value_x": coordinate(230 + width + 6),
      ]
    }
    return ["rows": rows, "height": coordinate(Double(levels.count) * 30 + 10), "published": cell?.count != nil]
  }

  /// Each former district's mean score on each dimension, coloured on a scale fitted to the
  /// published means (the lowest lightest, the highest darkest), with a legend.
  func heat() -> [String: Any] {
    let q = writer.questionnaire
    guard let table = table("former-district") else {
      return ["rows": [[String: Any]](), "columns": [[String: Any]]()]
    }
    let out = StatsOutput(
      table: table, questionnaire: q, reference: writer.reference, language: language, period: writer.period)
    let means = table.cells.flatMap { $0.dimensions?.compactMap { $0?.mean } ?? [] }
    let low = means.min() ?? 0
    let high = max(means.max() ?? 100, low + 1)
    func colour(_ value: Double) -> (fill: String, ink: String) {
      let t = (value - low) / (high - low)
      // From #e6f0fa to #0b3d91.
      let (r, g, b) = (230 + (11 - 230) * t, 240 + (61 - 240) * t, 250 + (145 - 250) * t)
      return (String(format: "#%02x%02x%02x", Int(r), Int(g), Int(b)), t > 0.55 ? "#ffffff" : "#13222f")
    }
    let (left, top, width, height) = (200.0, 30.0, 92.0, 26.0)
    let columns: [[String: Any]] = q.dimensions.enumerated().map { index, dimension in
      [
        "number": String(index + 1), "title": dimension.title.text(language),
        "x": coordinate(left + Double(index) * width + width / 2),
      ]
    }
    // The districts, then the province's total last.
    // Every former district in the reference list's order, one with no published figures
    // shown with its code (so that none silently drops out of a period), then the province.
    let byKey = Dictionary(table.cells.compactMap { cell in cell.keys.first.map { ($0, cell) } }) { a, _ in a }
    var ordered = writer.reference.localities.former.map { unit in
      byKey[.value(unit.id)] ?? StatisticsTable.Cell(keys: [.value(unit.id)], suppression: .primary)
    }
    let known = Set(writer.reference.localities.former.map { GroupKey.value($0.id) })
    ordered += table.cells.filter { cell in cell.keys.first.map { $0 != .all && !known.contains($0) } ?? false }
    ordered += table.cells.filter { ($0.keys.first ?? .all) == .all }
    let rows: [[String: Any]] = ordered.enumerated().map { row, cell in
      let y = top + Double(row) * height
      let cells: [[String: Any]] = q.dimensions.indices.map { column in
        let x = left + Double(column) * width
        var values: [String: Any] = [
          "x": coordinate(x), "y": coordinate(y), "w": coordinate(width - 2), "h": coordinate(height - 2),
          "text_x": coordinate(x + width / 2), "text_y": coordinate(y + height / 2 + 4),
        ]
        if let mean = cell.dimensions?[column]?.mean {
          let (fill, ink) = colour(mean)
          values["text"] = number(mean)
          values["fill"] = fill
          values["ink"] = ink
        } else {
          values["text"] = cell.suppression?.rawValue ?? "–"
          values["fill"] = "#eeeeee"
          values["ink"] = "#555555"
        }
        return values
      }
      return [
        "name": out.label(cell.keys.first ?? .all, .formerDistrict), "count": cell.count.map(String.init) ?? "c",
        "y": coordinate(y + height / 2 + 4), "cells": cells,
      ]
    }
    let legend: [[String: Any]] = (0...4).map { step in
      let value = low + (high - low) * Double(step) / 4
      return ["x": coordinate(left + Double(step) * 60), "fill": colour(value).fill, "value": number(value)]
    }
    return [
      "columns": columns, "rows": rows,
      "width": coordinate(left + Double(q.dimensions.count) * width + 10),
      "height": coordinate(top + Double(rows.count) * height + 50),
      "legend_y": coordinate(top + Double(rows.count) * height + 12),
      "legend_text_y": coordinate(top + Double(rows.count) * height + 40),
      "legend": legend, "low": number(low), "high": number(high),
    ]
  }

  /// The province's mean overall score in each quarter (or year), on axes from 0 to 100.
  func trend() -> [String: Any] {
    let points = writer.quarters
    // Narrower bars when there are many quarters, so that the chart fits the page.
    let (left, top, plot) = (50.0, 20.0, 200.0)
    let step = max(40, min(70, 880 / Double(max(1, points.count))))
    let scale =
      writer.questionnaire.scoring.overall == .count
      ? Double(writer.questionnaire.questions.filter(\.isScored).count) : 100
    let bars: [[String: Any]] = points.enumerated().map { index, point in
      let x = left + 10 + Double(index) * step
      var values: [String: Any] = [
        "label": point.label, "x": coordinate(x), "label_x": coordinate(x + step * 0.35),
        "count": point.cell.count.map(String.init) ?? "c",
      ]
      if let mean = point.cell.overall?.mean {
        let height = plot * mean / scale
        values["mean"] = number(mean)
        values["bar_y"] = coordinate(top + plot - height)
        values["bar_h"] = coordinate(max(1, height))
        values["value_y"] = coordinate(top + plot - height - 4)
      } else {
        values["mean"] = point.cell.suppression?.rawValue ?? "–"
        values["bar_y"] = coordinate(top + plot)
        values["bar_h"] = "0"
        values["value_y"] = coordinate(top + plot - 4)
      }
      return values
    }
    // The quarter the dashboard is made in is still under way: its figures are not final.
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(secondsFromGMT: Period.provinceOffsetHours * 3600)!
    let now = calendar.dateComponents([.year, .month], from: generatedAt)
    let current = "\(now.year ?? 0)-Q\(((now.month ?? 1) - 1) / 3 + 1)"
    let marked = bars.map { bar -> [String: Any] in
      var bar = bar
      bar["partial"] = (bar["label"] as? String) == current
      return bar
    }
    let ticks: [[String: Any]] = stride(from: 0.0, through: 1.0, by: 0.25).map { share in
      [
        "y": coordinate(top + plot - plot * share), "text_y": coordinate(top + plot - plot * share + 4),
        "value": NumberText.plain(scale * share, language),
      ]
    }
    return [
      "bars": marked, "ticks": ticks, "bar_w": coordinate(step * 0.7),
      "width": coordinate(left + 20 + Double(max(1, points.count)) * step),
      "axis_x": coordinate(left), "axis_end": coordinate(left + 10 + Double(max(1, points.count)) * step),
      "axis_y": coordinate(top + plot), "label_y": coordinate(top + plot + 18),
      "count_y": coordinate(top + plot + 32), "height": coordinate(top + plot + 44),
    ]
  }
}
