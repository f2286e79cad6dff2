/// Every variable a report template can use, as paths: `a.b` a value inside a group, `a[]` a
/// list whose items have the names after it, `labels.*` any key of `labels.yaml`. A value that
/// may be absent (an optional section such as `previous`) is listed like any other: a template
/// guards it with `{{#previous}}…{{/previous}}`. `Reports/README.md` documents each path, and a
/// test checks that the variables ``ReportContext`` makes are exactly these.
public enum ReportSchema {
  public static let paths: [String] = [
    "lang", "labels.*",
    "business.name", "business.tax_code", "business.locality", "business.former_district", "business.sector",
    "business.size", "business.legal_form",
    "assessment.id", "assessment.submitted", "assessment.generated", "assessment.questionnaire_title",
    "assessment.questionnaire", "assessment.hash", "assessment.scoring_method",
    "overall.score", "overall.scale", "overall.level", "overall.level_name", "overall.level_description",
    "levels[].number", "levels[].name", "levels[].current",
    "dimensions[].number", "dimensions[].title", "dimensions[].score", "dimensions[].level",
    "dimensions[].level_name", "dimensions[].bar", "dimensions[].weakest", "dimensions[].peer",
    "dimensions[].previous", "dimensions[].change",
    "radar.rings[].points", "radar.rings[].value", "radar.axes[].x", "radar.axes[].y", "radar.axes[].label_x",
    "radar.axes[].label_y", "radar.axes[].anchor", "radar.axes[].number", "radar.shape", "radar.peer_shape",
    "radar.center_x", "radar.center_y",
    "strengths[].title", "strengths[].score", "strengths[].level_name",
    "gaps[].title", "gaps[].score", "gaps[].level_name",
    "raise.dimension", "raise.answers[].prompt", "raise.answers[].now", "raise.answers[].next", "raise.answers[].gain",
    "roadmap.owned", "roadmap.phases[].number", "roadmap.phases[].months", "roadmap.phases[].empty",
    "roadmap.phases[].services[].name", "roadmap.phases[].services[].description", "roadmap.phases[].services[].area",
    "roadmap.phases[].services[].effort", "roadmap.phases[].services[].cost", "roadmap.phases[].services[].why[].text",
    "roadmap.phases[].services[].added", "roadmap.phases[].services[].quick_win", "roadmap.later[].name",
    "roadmap.has_later",
    "review.state", "review.reviewer", "review.answered_score", "review.corrections[].question",
    "review.corrections[].before", "review.corrections[].after", "review.corrections[].reason", "review.notes[].text",
    "review.notes[].by", "review.decisions[].service", "review.decisions[].kind", "review.decisions[].reason",
    "previous.date", "previous.overall_before", "previous.overall_change", "previous.rows[].title",
    "previous.rows[].before", "previous.rows[].after",
    "previous.rows[].change",
    "peers.count", "peers.rows[].title", "peers.rows[].mean", "peers.rows[].own",
    "peers_hidden.minimum", "peers_none",
  ]

  /// Every variable of the officials' dashboard (`dashboard.html.mustache`).
  public static let dashboardPaths: [String] = [
    "lang", "labels.*", "province", "questionnaire", "questionnaire_title", "generated", "min_cell", "statement",
    "method", "period", "total.count", "total.mean", "total_hidden",
    "levels.rows[].number", "levels.rows[].name", "levels.rows[].share", "levels.rows[].count", "levels.rows[].y",
    "levels.rows[].text_y", "levels.rows[].width", "levels.rows[].value_x", "levels.height", "levels.published",
    "heat.columns[].number", "heat.columns[].title", "heat.columns[].x", "heat.rows[].name", "heat.rows[].count",
    "heat.rows[].y", "heat.rows[].cells[].x", "heat.rows[].cells[].y", "heat.rows[].cells[].w",
    "heat.rows[].cells[].h", "heat.rows[].cells[].text_x", "heat.rows[].cells[].text_y", "heat.rows[].cells[].text",
    "heat.rows[].cells[].fill", "heat.rows[].cells[].ink", "heat.width", "heat.height", "heat.legend_y",
    "heat.legend_text_y", "heat.legend[].x", "heat.legend[].fill", "heat.legend[].value", "heat.low", "heat.high",
    "trend.bars[].label", "trend.bars[].x", "trend.bars[].label_x", "trend.bars[].count", "trend.bars[].mean",
    "trend.bars[].bar_y", "trend.bars[].bar_h", "trend.bars[].value_y", "trend.ticks[].y", "trend.ticks[].text_y",
    "trend.ticks[].value", "trend.width", "trend.axis_x", "trend.axis_end", "trend.axis_y", "trend.label_y",
    "trend.height", "trend.bar_w", "trend.count_y", "trend.bars[].partial",
  ]

  /// A name's place in the schema: a value, a group of names, or a list of such groups.
  public final class Node {
    public var children: [String: Node] = [:]
    public var isList = false
    /// `labels.*`: any name, checked against the labels file.
    public var isLabels = false
    public var isLeaf: Bool { children.isEmpty && !isLabels }
  }

  /// The schema as a tree, its root the template's top level.
  public static func tree(_ paths: [String] = paths) -> Node {
    let root = Node()
    for path in paths {
      var node = root
      for part in path.split(separator: ".") {
        if part == "*" {
          node.isLabels = true
          continue
        }
        let list = part.hasSuffix("[]")
        let name = String(list ? part.dropLast(2) : part)
        let child = node.children[name] ?? Node()
        if list { child.isList = true }
        node.children[name] = child
        node = child
      }
    }
    return root
  }

  /// The paths of a context made by ``ReportContext/variables()``, in the schema's notation.
  public static func paths(of value: Any, prefix: String = "") -> Set<String> {
    var found: Set<String> = []
    if let group = value as? [String: Any] {
      if prefix == "labels" { return ["labels.*"] }
      if group.isEmpty { return [prefix] }
      for (key, child) in group {
        found.formUnion(paths(of: child, prefix: prefix.isEmpty ? key : "\(prefix).\(key)"))
      }
    } else if let group = value as? [String: String], prefix == "labels", !group.isEmpty {
      return ["labels.*"]
    } else if let list = value as? [Any] {
      // An empty list says nothing about its items' names.
      for item in list { found.formUnion(paths(of: item, prefix: prefix + "[]")) }
    } else {
      found.insert(prefix)
    }
    return found
  }
}
