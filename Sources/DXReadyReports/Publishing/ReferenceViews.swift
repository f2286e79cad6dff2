import DXReadyCore

/// The reference data and questionnaires as the operator commands list them: `dxready
/// reference localities|vsic` and `dxready questionnaire show`.
public enum ReferenceViews {
  static func padded(_ text: String, _ width: Int) -> String {
    text + String(repeating: " ", count: max(0, width - text.count))
  }

  /// A number without `.0` when whole.
  static func plain(_ value: Double) -> String {
    value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
  }

  /// Each unit: its code, id, type, name, and the former unit(s) it lies in, mainly the first.
  public static func localities(_ units: [LocalityList.Unit]) -> String {
    var text = ""
    for unit in units {
      let from = unit.former.map { ([$0] + unit.alsoFrom).joined(separator: ", ") }
      text +=
        "\(unit.code.map { $0 + "  " } ?? "")\(padded(unit.id, 14))  \(padded(unit.type, 12))  \(unit.name)\(from.map { "  (\($0))" } ?? "")\n"
    }
    return text
  }

  /// Each VSIC section: its letter, broad sector and name.
  public static func sections(_ sections: [VSIC.Section], _ language: Language) -> String {
    sections.map { "\($0.id)  \(padded($0.broad, 21))  \($0.name.text(language))\n" }.joined()
  }

  /// A questionnaire: title and version, hash, description, levels, dimensions and questions.
  public static func questionnaire(_ q: Questionnaire, _ lang: Language) -> String {
    var text = "\(q.title.text(lang)) (\(q.reference))\n"
    text += "hash: \(q.hash)\n"
    if let description = q.description { text += description.text(lang) + "\n" }
    text += "\n"
    let unit = q.scoring.overall == .count ? "count" : "score"
    text += "Levels (by overall \(unit)):\n"
    for level in q.levels {
      text += "  \(level.index)  ≥ \(padded(plain(level.minimum), 5))  \(level.name.text(lang))\n"
    }
    text += "\nDimensions (weight, questions):\n"
    let idWidth = q.dimensions.map(\.id.rawValue.count).max() ?? 0
    for dimension in q.dimensions {
      let questions = q.questions(in: dimension.id)
      let conditional = questions.filter { $0.showIf != nil }.count
      let count = "\(questions.count)" + (conditional > 0 ? " (\(conditional) conditional)" : "")
      text +=
        "  \(padded(dimension.id.rawValue, idWidth))  \(padded(plain(dimension.weight), 6))"
        + "\(padded(count, 19))\(dimension.title.text(lang))\n"
    }
    text += "\n"
    let byKind = Dictionary(grouping: q.questions, by: \.kind)
    let kinds = Question.Kind.allCases.compactMap { kind in byKind[kind].map { "\($0.count) \(kind.rawValue)" } }
    text += "\(q.questions.count) questions: \(kinds.joined(separator: ", "))\n"
    return text
  }
}
