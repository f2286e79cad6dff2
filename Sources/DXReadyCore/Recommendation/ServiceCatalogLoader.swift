/// Reads `Questionnaires/services.yaml` and checks it against the questionnaires its rules name.
public enum ServiceCatalogLoader {
  /// What reading the file gave.
  public struct Outcome: Sendable {
    /// The catalogue, when the file has no error.
    public var catalog: ServiceCatalog?
    /// Every problem, located.
    public var diagnostics: [Diagnostic]
  }

  /// Loads and checks a catalogue: unknown services, questionnaires, dimensions, questions and
  /// options, malformed rules and prerequisite cycles are errors with their line.
  public static func load(_ text: String, file: String, questionnaires: [Questionnaire]) -> Outcome {
    var reader = YAMLReader(file: file)
    guard let root = reader.parse(text), let top = reader.mapping(root, "a service catalogue") else {
      return Outcome(catalog: nil, diagnostics: reader.diagnostics)
    }
    reader.rejectUnknownKeys(top, allowed: ["format", "kind", "areas", "services"], in: "a service catalogue")
    if let node = reader.value(top, "format", in: "the catalogue", at: root, required: true),
      let format = reader.int(node, "`format`"), format != 1
    {
      reader.error(node, "format \(format) is not supported; this dxready reads `format: 1`")
    }
    if let node = reader.value(top, "kind", in: "the catalogue", at: root, required: true),
      reader.string(node, "`kind`") != "services"
    {
      reader.error(node, "a service catalogue has `kind: services`")
    }
    var builder = QuestionnaireLoader.Builder(reader: reader)
    // The memorandum's eight areas, by number, with their names.
    var areas: [Int: LocalizedText] = [:]
    if let node = builder.reader.value(top, "areas", in: "the catalogue", at: root, required: true),
      let items = builder.reader.sequence(node, "`areas` (the memorandum's areas)")
    {
      for item in items {
        guard let map = builder.reader.mapping(item, "an area") else { continue }
        builder.reader.rejectUnknownKeys(map, allowed: ["number", "name"], in: "an area")
        let number = builder.reader.value(map, "number", in: "an area", at: item, required: true).flatMap {
          builder.reader.int($0, "`number`")
        }
        let name = builder.text(map, "name", in: "an area", at: item, required: true)
        guard let number, let name else { continue }
        if !(1...8).contains(number) {
          builder.reader.error(map["number"], "the memorandum has eight areas, numbered 1 to 8")
        } else if areas[number] != nil {
          builder.reader.error(map["number"], "area \(number) is named twice")
        }
        areas[number] = name
      }
      if let missing = (1...8).first(where: { areas[$0] == nil }) {
        builder.reader.error(node, "`areas` names the memorandum's eight areas; area \(missing) is missing")
      }
    }
    var services: [(Service, YAMLNode)] = []
    if let node = reader.value(top, "services", in: "the catalogue", at: root, required: true),
      let items = builder.reader.sequence(node, "`services`")
    {
      for item in items {
        if let service = Self.service(item, &builder, questionnaires) { services.append((service, item)) }
      }
    }
    checkReferences(services, &builder.reader)
    let diagnostics = builder.reader.diagnostics.sortedByLocation()
    let catalog = ServiceCatalog(services: services.map(\.0), areas: areas)
    return Outcome(catalog: diagnostics.hasErrors ? nil : catalog, diagnostics: diagnostics)
  }

  static let keys = ["id", "area", "name", "description", "effort", "cost", "impact", "prerequisites", "for"]

  static func service(
    _ item: YAMLNode, _ builder: inout QuestionnaireLoader.Builder, _ questionnaires: [Questionnaire]
  ) -> Service? {
    guard let map = builder.reader.mapping(item, "a service") else { return nil }
    builder.reader.rejectUnknownKeys(map, allowed: keys, in: "a service")
    let id = builder.identifier(map, "id", in: "a service", at: item) ?? ""
    let what = "service `\(id)`"
    let name = builder.text(map, "name", in: what, at: item, required: true)
    let description = builder.text(map, "description", in: what, at: item, required: true)
    var area = 3
    if let node = builder.reader.value(map, "area", in: what, at: item, required: true),
      let value = builder.reader.int(node, "`area`")
    {
      area = value
      if !(1...8).contains(value) {
        builder.reader.error(node, "`area` is one of the memorandum's eight areas, 1 to 8")
      }
    }
    let effort = choice(map, "effort", Service.Effort.self, what, item, &builder.reader) ?? .short
    let cost = choice(map, "cost", Service.Cost.self, what, item, &builder.reader) ?? .medium
    var impact = 1
    if let node = map["impact"], let value = builder.reader.int(node, "`impact`") {
      impact = value
      if !(1...3).contains(value) { builder.reader.error(node, "`impact` is 1, 2 or 3") }
    }
    var prerequisites: [String] = []
    if let node = map["prerequisites"], let items = builder.reader.sequence(node, "`prerequisites`") {
      prerequisites = items.compactMap { builder.reader.string($0, "a prerequisite") }
    }
    var rules: [QuestionnaireID: Service.Rule] = [:]
    if let node = builder.reader.value(map, "for", in: what, at: item, required: true),
      let byQuestionnaire = builder.reader.mapping(node, "`for` (rules by questionnaire id)")
    {
      for (key, value) in byQuestionnaire {
        let questionnaireID = QuestionnaireID(key.scalar?.string ?? "")
        guard let questionnaire = questionnaires.first(where: { $0.id == questionnaireID }) else {
          let known = questionnaires.map { "`\($0.id)`" }.joined(separator: ", ")
          builder.reader.error(key, "\(what) has rules for unknown questionnaire `\(questionnaireID)`; known: \(known)")
          continue
        }
        if let rule = rule(value, what: "\(what) for `\(questionnaireID)`", questionnaire, &builder) {
          rules[questionnaireID] = rule
        }
      }
    }
    guard let name, let description else { return nil }
    return Service(
      id: id, area: area, name: name, description: description, effort: effort, cost: cost, impact: impact,
      prerequisites: prerequisites, rules: rules)
  }

  static func rule(
    _ node: YAMLNode, what: String, _ questionnaire: Questionnaire, _ builder: inout QuestionnaireLoader.Builder
  ) -> Service.Rule? {
    guard let map = builder.reader.mapping(node, "the rules of \(what)") else { return nil }
    builder.reader.rejectUnknownKeys(
      map, allowed: ["dimensions", "levels", "when", "unless"], in: "the rules of \(what)")
    var dimensions: [DimensionID] = []
    if let list = builder.reader.value(map, "dimensions", in: what, at: node, required: true),
      let items = builder.reader.sequence(list, "`dimensions`")
    {
      for item in items {
        guard let word = builder.reader.string(item, "a dimension") else { continue }
        if questionnaire.dimension(DimensionID(word)) == nil {
          builder.reader.error(item, "\(questionnaire.id) has no dimension `\(word)`")
        }
        dimensions.append(DimensionID(word))
      }
      if items.isEmpty { builder.reader.error(list, "\(what) improves no dimension") }
    }
    let top = questionnaire.levels.count - 1
    var levels = 0...top
    if let range = map["levels"], let bounds = builder.reader.mapping(range, "`levels` ({from: 0, to: 2})") {
      let from = bounds["from"].flatMap { builder.reader.int($0, "`levels.from`") } ?? 0
      let to = bounds["to"].flatMap { builder.reader.int($0, "`levels.to`") } ?? top
      if from < 0 || to > top || from > to {
        builder.reader.error(range, "`levels` must run from 0 to \(top) with `from` ≤ `to`")
      } else {
        levels = from...to
      }
    }
    let scope = ConditionScope(
      questions: Dictionary(questionnaire.questions.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a }),
      dimensions: Set(questionnaire.dimensions.map(\.id)), allowsScores: true)
    var conditions: [Condition] = []
    if let list = builder.reader.value(map, "when", in: what, at: node, required: true),
      let items = builder.reader.sequence(list, "`when` (a list of conditions)")
    {
      for item in items {
        if let condition = builder.condition(item, scope: scope, key: "when") { conditions.append(condition) }
      }
      if items.isEmpty { builder.reader.error(list, "\(what) has no condition in `when`, so it could never apply") }
    }
    var exclusions: [Condition] = []
    if let list = map["unless"], let items = builder.reader.sequence(list, "`unless` (a list of conditions)") {
      for item in items {
        if let condition = builder.condition(item, scope: scope, key: "unless") { exclusions.append(condition) }
      }
    }
    return Service.Rule(dimensions: dimensions, levels: levels, when: conditions, unless: exclusions)
  }

  static func choice<T: RawRepresentable & CaseIterable>(
    _ map: YAMLMapping, _ key: String, _ type: T.Type, _ what: String, _ owner: YAMLNode, _ reader: inout YAMLReader
  ) -> T? where T.RawValue == String {
    guard let node = reader.value(map, key, in: what, at: owner, required: true),
      let word = reader.string(node, "`\(key)`")
    else { return nil }
    if let value = T(rawValue: word) { return value }
    let all = T.allCases.map { "`\($0.rawValue)`" }.joined(separator: ", ")
    reader.error(node, "unknown \(key) `\(word)`; use one of \(all)")
    return nil
  }

  /// Duplicate ids, unknown prerequisites and prerequisite cycles.
  static func checkReferences(_ services: [(Service, YAMLNode)], _ reader: inout YAMLReader) {
    var ids: Set<String> = []
    for (service, node) in services where !ids.insert(service.id).inserted {
      reader.error(node, "duplicate service id `\(service.id)`")
    }
    for (service, node) in services {
      for prerequisite in service.prerequisites where !ids.contains(prerequisite) {
        reader.error(
          node.mapping?["prerequisites"] ?? node, "service `\(service.id)` needs unknown service `\(prerequisite)`")
      }
    }
    let byID = Dictionary(services.map { ($0.0.id, $0.0) }, uniquingKeysWith: { a, _ in a })
    for (service, node) in services {
      if let cycle = cycle(from: service.id, byID) {
        reader.error(
          node.mapping?["prerequisites"] ?? node,
          "prerequisites go round in a circle: \(cycle.joined(separator: " → "))")
      }
    }
  }

  /// A path of prerequisites from `start` back to itself, if there is one.
  static func cycle(from start: String, _ services: [String: Service]) -> [String]? {
    var path: [String] = [start]
    var visited: Set<String> = []
    func walk(_ id: String) -> Bool {
      for next in services[id]?.prerequisites ?? [] {
        if next == start {
          path.append(next)
          return true
        }
        guard visited.insert(next).inserted else { continue }
        path.append(next)
        if walk(next) { return true }
        path.removeLast()
      }
      return false
    }
    return walk(start) ? path : nil
  }
}
