/// Reads the reference lists under `Questionnaires/reference/`: a file's `kind` says which.
public enum ReferenceLoader {
  /// The list a file holds.
  public enum Loaded: Sendable {
    case localities(LocalityList)
    case vsic(VSIC)
  }

  /// What reading a file gave.
  public struct Outcome: Sendable {
    /// The list, when the file has no error.
    public var loaded: Loaded?
    /// Every problem, located.
    public var diagnostics: [Diagnostic]
  }

  /// Loads and checks one reference file.
  public static func load(_ text: String, file: String) -> Outcome {
    var reader = YAMLReader(file: file)
    guard let root = reader.parse(text), let top = reader.mapping(root, "a reference file") else {
      return Outcome(loaded: nil, diagnostics: reader.diagnostics)
    }
    var loaded: Loaded?
    if let node = reader.value(top, "format", in: "the reference file", at: root, required: true),
      let format = reader.int(node, "`format`"), format != 1
    {
      reader.error(node, "format \(format) is not supported; this dxready reads `format: 1`")
    }
    let kindNode = reader.value(top, "kind", in: "the reference file", at: root, required: true)
    switch kindNode.flatMap({ reader.string($0, "`kind`") }) {
    case "localities":
      reader.rejectUnknownKeys(
        top, allowed: ["format", "kind", "province", "former", "current"], in: "a locality list")
      loaded = localities(top, root, &reader).map(Loaded.localities)
    case "vsic":
      reader.rejectUnknownKeys(top, allowed: ["format", "kind", "versions"], in: "a VSIC list")
      loaded = vsic(top, root, &reader).map(Loaded.vsic)
    case let other?:
      reader.error(kindNode, "unknown reference kind `\(other)`; use `localities` or `vsic`")
    case nil:
      break
    }
    let diagnostics = reader.diagnostics.sortedByLocation()
    return Outcome(loaded: diagnostics.hasErrors ? nil : loaded, diagnostics: diagnostics)
  }

  static func localities(_ top: YAMLMapping, _ root: YAMLNode, _ reader: inout YAMLReader) -> LocalityList? {
    var list = LocalityList(provinceID: "", provinceName: "", current: [], former: [])
    if let node = reader.value(top, "province", in: "the locality list", at: root, required: true),
      let map = reader.mapping(node, "`province`")
    {
      list.provinceID = map["id"].flatMap { reader.string($0, "`province.id`") } ?? ""
      list.provinceName = map["name"].flatMap { reader.string($0, "`province.name`") } ?? ""
      if list.provinceID.isEmpty || list.provinceName.isEmpty { reader.error(node, "`province` needs `id` and `name`") }
    }
    var seen: Set<String> = []
    func units(_ key: String, withFormer: Bool, _ reader: inout YAMLReader) -> [LocalityList.Unit] {
      guard let node = reader.value(top, key, in: "the locality list", at: root, required: true),
        let items = reader.sequence(node, "`\(key)`")
      else { return [] }
      var result: [LocalityList.Unit] = []
      for item in items {
        guard let map = reader.mapping(item, "a locality") else { continue }
        reader.rejectUnknownKeys(
          map, allowed: withFormer ? ["id", "name", "type", "code", "former", "also_from"] : ["id", "name", "type"],
          in: "a locality")
        let id =
          reader.value(map, "id", in: "a locality", at: item, required: true).flatMap { reader.string($0, "`id`") }
          ?? ""
        let name =
          reader.value(map, "name", in: "locality `\(id)`", at: item, required: true).flatMap {
            reader.string($0, "`name`")
          } ?? ""
        let type =
          reader.value(map, "type", in: "locality `\(id)`", at: item, required: true).flatMap {
            reader.string($0, "`type`")
          } ?? ""
        if !Identifier<QuestionKindTag>.isValid(id) { reader.error(map["id"], "`\(id)` is not a valid id") }
        if !seen.insert(id).inserted { reader.error(map["id"], "duplicate locality id `\(id)`") }
        var unit = LocalityList.Unit(id: id, name: name, type: type)
        if withFormer {
          unit.former = reader.value(map, "former", in: "locality `\(id)`", at: item, required: true).flatMap {
            reader.string($0, "`former`")
          }
          if let node = reader.value(map, "code", in: "locality `\(id)`", at: item, required: true),
            let code = reader.string(node, "`code`")
          {
            if code.count != 5 || !code.allSatisfy({ $0.isASCII && $0.isNumber }) {
              reader.error(node, "locality `\(id)`: `\(code)` is not a unit code: 5 digits, quoted (\"06652\")")
            } else if let other = result.first(where: { $0.code == code }) {
              reader.error(node, "locality `\(id)` has the code \(code) of `\(other.id)`: each unit has its own")
            }
            unit.code = code
          }
          if let node = map["also_from"], let items = reader.sequence(node, "`also_from`") {
            unit.alsoFrom = items.compactMap { reader.string($0, "an `also_from` entry") }
          }
        }
        result.append(unit)
      }
      return result
    }
    list.former = units("former", withFormer: false, &reader)
    list.current = units("current", withFormer: true, &reader)
    let formerIDs = Set(list.former.map(\.id))
    if let items = top["current"]?.sequence {
      for (unit, item) in zip(list.current, items) {
        if let former = unit.former, !formerIDs.contains(former) {
          reader.error(item.mapping?["former"], "locality `\(unit.id)` names unknown former unit `\(former)`")
        }
        for other in unit.alsoFrom where !formerIDs.contains(other) || other == unit.former {
          reader.error(
            item.mapping?["also_from"],
            other == unit.former
              ? "locality `\(unit.id)`: `also_from` repeats its `former` unit `\(other)`; list only the others"
              : "locality `\(unit.id)`: `also_from` names unknown former unit `\(other)`")
        }
      }
    }
    return list
  }

  static func vsic(_ top: YAMLMapping, _ root: YAMLNode, _ reader: inout YAMLReader) -> VSIC? {
    var vsic = VSIC(versions: [:])
    guard let node = reader.value(top, "versions", in: "the VSIC list", at: root, required: true),
      let versions = reader.sequence(node, "`versions`")
    else { return nil }
    for versionNode in versions {
      guard let map = reader.mapping(versionNode, "a VSIC version") else { continue }
      reader.rejectUnknownKeys(map, allowed: ["version", "sections"], in: "a VSIC version")
      guard let yearNode = reader.value(map, "version", in: "a VSIC version", at: versionNode, required: true),
        let year = reader.int(yearNode, "`version`"),
        let sectionsNode = reader.value(map, "sections", in: "VSIC \(year)", at: versionNode, required: true),
        let items = reader.sequence(sectionsNode, "`sections`")
      else { continue }
      if vsic.versions[year] != nil { reader.error(yearNode, "VSIC \(year) is listed twice") }
      var sections: [VSIC.Section] = []
      for item in items {
        guard let section = section(item, &reader) else { continue }
        if sections.contains(where: { $0.id == section.id }) {
          reader.error(item, "VSIC \(year) has section `\(section.id)` twice")
        }
        sections.append(section)
      }
      vsic.versions[year] = sections
    }
    return vsic
  }

  private static func section(_ item: YAMLNode, _ reader: inout YAMLReader) -> VSIC.Section? {
    guard let map = reader.mapping(item, "a VSIC section") else { return nil }
    reader.rejectUnknownKeys(map, allowed: ["id", "name", "sector", "broad"], in: "a VSIC section")
    let id =
      reader.value(map, "id", in: "a section", at: item, required: true).flatMap { reader.string($0, "`id`") } ?? ""
    var name: [Language: String] = [:]
    if let nameNode = reader.value(map, "name", in: "section `\(id)`", at: item, required: true),
      let names = reader.mapping(nameNode, "`name`")
    {
      for (key, value) in names {
        if let language = key.scalar.flatMap({ Language(rawValue: $0.string) }) {
          name[language] = value.scalar?.string
        } else {
          reader.error(key, "unknown language `\(key.scalar?.string ?? "")`")
        }
      }
      if name.count < 2 { reader.warning(nameNode, "section `\(id)` should have `vi` and `en` names") }
    }
    let sectorNode = reader.value(map, "sector", in: "section `\(id)`", at: item, required: true)
    let sectorWord = sectorNode.flatMap { reader.string($0, "`sector`") } ?? ""
    guard let sector = SizeClass.Sector(rawValue: sectorWord) else {
      reader.error(sectorNode ?? item, "unknown sector `\(sectorWord)`; use `agriculture-industry` or `trade-services`")
      return nil
    }
    let broad =
      reader.value(map, "broad", in: "section `\(id)`", at: item, required: true).flatMap {
        reader.string($0, "`broad`")
      } ?? ""
    if !["agriculture", "industry-construction", "services"].contains(broad) {
      reader.error(
        map["broad"] ?? item,
        "unknown broad sector `\(broad)`; use `agriculture`, `industry-construction` or `services`")
    }
    if id.count != 1 || !id.allSatisfy(\.isUppercase) {
      reader.error(map["id"] ?? item, "a VSIC section is one capital letter, not `\(id)`")
    }
    return VSIC.Section(id: id, name: LocalizedText(name), sector: sector, broad: broad)
  }
}
