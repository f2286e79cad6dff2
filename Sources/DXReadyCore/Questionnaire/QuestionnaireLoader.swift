import Foundation

/// Reads a `format: 1` questionnaire file and checks everything that can be checked before
/// anyone answers it.
///
/// ```swift
/// let loaded = QuestionnaireLoader.load(text, file: "Questionnaires/enterprise-dx.yaml")
/// for problem in loaded.diagnostics { print(problem) }
/// guard let questionnaire = loaded.questionnaire else { return }
/// ```
public enum QuestionnaireLoader {
  /// A questionnaire, when it has no errors, and every problem found in it.
  public struct Outcome: Sendable {
    /// The questionnaire, when the file has no error.
    public var questionnaire: Questionnaire?
    /// Every problem, located.
    public var diagnostics: [Diagnostic]
  }

  /// The file format version this loader reads.
  public static let formatVersion = 1

  /// Loads and checks a questionnaire.
  /// - Parameters:
  ///   - text: the file's contents.
  ///   - file: the path to name in problems.
  ///   - hashing: whether to work out the questionnaire's ``Questionnaire/hash``. Without it
  ///     the hash is empty: only for reading figures that never name or store the
  ///     questionnaire (statistics), where the canonical encoding would be a large share of
  ///     the time.
  /// - Returns: the questionnaire (`nil` when there is any error) and all problems, in file order.
  public static func load(_ text: String, file: String, hashing: Bool = true) -> Outcome {
    var reader = YAMLReader(file: file)
    guard let root = reader.parse(text), let top = reader.mapping(root, "a questionnaire") else {
      return Outcome(questionnaire: nil, diagnostics: reader.diagnostics)
    }
    var builder = Builder(reader: reader)
    let built = builder.questionnaire(top, root)
    let diagnostics = builder.reader.diagnostics.sortedByLocation()
    guard !diagnostics.hasErrors, var questionnaire = built else {
      return Outcome(questionnaire: nil, diagnostics: diagnostics)
    }
    if hashing { questionnaire.hash = questionnaire.computeHash() }
    return Outcome(questionnaire: questionnaire, diagnostics: diagnostics)
  }
}

extension QuestionnaireLoader {
  struct Builder {
    var reader: YAMLReader
    var defaultLanguage: Language = .vi

    mutating func questionnaire(_ top: YAMLMapping, _ root: YAMLNode) -> Questionnaire? {
      reader.rejectUnknownKeys(
        top,
        allowed: [
          "format", "id", "version", "default_language", "title", "description", "scoring",
          "levels", "dimensions", "questions",
        ], in: "the questionnaire")
      if let node = reader.value(top, "format", in: "the questionnaire", at: root, required: true),
        let format = reader.int(node, "`format`"), format != QuestionnaireLoader.formatVersion
      {
        reader.error(node, "format \(format) is not supported; this dxready reads `format: 1`")
      }
      let id = identifier(top, "id", in: "the questionnaire", at: root) ?? ""
      var version = ""
      if let node = reader.value(top, "version", in: "the questionnaire", at: root, required: true) {
        version = reader.string(node, "`version`") ?? ""
        if version.isEmpty || version.contains(where: { $0 == "@" || $0.isWhitespace }) {
          reader.error(node, "`version` must be a word such as `1.0.0`, without spaces or `@`")
        }
      }
      if let node = top["default_language"], let word = reader.string(node, "`default_language`") {
        if let language = Language(rawValue: word) {
          defaultLanguage = language
        } else {
          reader.error(node, "unknown language `\(word)`; use `vi` or `en`")
        }
      }
      let title = text(top, "title", in: "the questionnaire", at: root, required: true)
      let description = text(top, "description", in: "the questionnaire", at: root, required: false)
      let scoring = scoringRules(top["scoring"])
      let levels = levelList(top, root, scoring: scoring)
      let dimensions = dimensionList(top, root)
      let questions = questionList(top, root, dimensions: dimensions)
      checkEveryDimensionScored(dimensions, questions, top)

      guard let title, !levels.isEmpty else { return nil }
      return Questionnaire(
        id: QuestionnaireID(id), version: version, defaultLanguage: defaultLanguage, title: title,
        description: description, scoring: scoring, levels: levels, dimensions: dimensions.map(\.0),
        questions: questions)
    }

    // MARK: Parts

    mutating func scoringRules(_ node: YAMLNode?) -> ScoringRules {
      var rules = ScoringRules()
      guard let node, let map = reader.mapping(node, "`scoring`") else { return rules }
      reader.rejectUnknownKeys(map, allowed: ["overall", "max_not_applicable"], in: "`scoring`")
      if let overall = map["overall"], let word = reader.string(overall, "`scoring.overall`") {
        if let method = ScoringRules.Overall(rawValue: word) {
          rules.overall = method
        } else {
          reader.error(overall, "unknown overall method `\(word)`; use `weighted_mean` or `count`")
        }
      }
      if let share = map["max_not_applicable"], let value = reader.double(share, "`max_not_applicable`") {
        if (0...1).contains(value) {
          rules.maxNotApplicableShare = value
        } else {
          reader.error(share, "`max_not_applicable` is a share of answers, from 0 to 1")
        }
      }
      return rules
    }

    mutating func levelList(_ top: YAMLMapping, _ root: YAMLNode, scoring: ScoringRules) -> [Level] {
      guard let node = reader.value(top, "levels", in: "the questionnaire", at: root, required: true),
        let items = reader.sequence(node, "`levels`")
      else { return [] }
      if items.count < 2 { reader.error(node, "a questionnaire needs at least two levels") }
      var levels: [Level] = []
      var seen: Set<String> = []
      for item in items {
        guard let map = reader.mapping(item, "a level") else { continue }
        reader.rejectUnknownKeys(map, allowed: ["id", "name", "description", "min"], in: "a level")
        let id = identifier(map, "id", in: "a level", at: item) ?? ""
        if !id.isEmpty, !seen.insert(id).inserted { reader.error(map["id"], "duplicate level id `\(id)`") }
        let name = text(map, "name", in: "level `\(id)`", at: item, required: true)
        let description = text(map, "description", in: "level `\(id)`", at: item, required: false)
        var minimum = 0.0
        if let minNode = reader.value(map, "min", in: "level `\(id)`", at: item, required: true),
          let value = reader.double(minNode, "`min`")
        {
          minimum = value
          if levels.isEmpty, value != 0 {
            reader.error(minNode, "the lowest level must start at `min: 0` so that every score has a level")
          }
          if let previous = levels.last, value <= previous.minimum {
            reader.error(
              minNode,
              "levels must be listed lowest first: `min` \(formatNumber(value)) is not above \(formatNumber(previous.minimum))"
            )
          }
          if scoring.overall == .weightedMean, value > 100 {
            reader.error(minNode, "scores run from 0 to 100, so `min` cannot be \(formatNumber(value))")
          }
        }
        levels.append(
          Level(
            index: levels.count, id: id, name: name ?? LocalizedText([:]), description: description,
            minimum: minimum))
      }
      return levels
    }

    mutating func dimensionList(_ top: YAMLMapping, _ root: YAMLNode) -> [(Dimension, YAMLNode)] {
      guard let node = reader.value(top, "dimensions", in: "the questionnaire", at: root, required: true),
        let items = reader.sequence(node, "`dimensions`")
      else { return [] }
      if items.isEmpty { reader.error(node, "a questionnaire needs at least one dimension") }
      var dimensions: [(Dimension, YAMLNode)] = []
      for item in items {
        guard let map = reader.mapping(item, "a dimension") else { continue }
        reader.rejectUnknownKeys(map, allowed: ["id", "title", "description", "weight"], in: "a dimension")
        let id = identifier(map, "id", in: "a dimension", at: item) ?? ""
        if dimensions.contains(where: { $0.0.id.rawValue == id }) {
          reader.error(map["id"], "duplicate dimension id `\(id)`")
        }
        let title = text(map, "title", in: "dimension `\(id)`", at: item, required: true)
        let description = text(map, "description", in: "dimension `\(id)`", at: item, required: false)
        let weight = positiveWeight(map["weight"], in: "dimension `\(id)`")
        dimensions.append(
          (
            Dimension(
              id: DimensionID(id), title: title ?? LocalizedText([:]), description: description,
              weight: weight), item
          ))
      }
      return dimensions
    }

    mutating func checkEveryDimensionScored(
      _ dimensions: [(Dimension, YAMLNode)], _ questions: [Question], _ top: YAMLMapping
    ) {
      for (dimension, node) in dimensions
      where !questions.contains(where: { $0.dimension == dimension.id && $0.isScored }) {
        reader.error(node, "dimension `\(dimension.id)` has no scored question, so it could never be scored")
      }
    }

    // MARK: Values

    /// A required identifier under `key`, checked for its form.
    mutating func identifier(_ map: YAMLMapping, _ key: String, in what: String, at owner: YAMLNode) -> String? {
      guard let node = reader.value(map, key, in: what, at: owner, required: true),
        let word = reader.string(node, "`\(key)`")
      else { return nil }
      if !Identifier<QuestionKindTag>.isValid(word) {
        reader.error(
          node, "`\(word)` is not a valid id: use lower-case letters, digits, `_` and `-`, starting with a letter")
      }
      return word
    }

    /// A weight: a number above zero, 1 when absent.
    mutating func positiveWeight(_ node: YAMLNode?, in what: String) -> Double {
      guard let node, let weight = reader.double(node, "the weight of \(what)") else { return 1 }
      if weight <= 0 {
        reader.error(node, "the weight of \(what) must be above 0; remove the question or dimension instead")
      }
      return weight
    }

    /// A `{vi: …, en: …}` text: missing in the default language is an error, elsewhere a warning.
    mutating func text(
      _ map: YAMLMapping, _ key: String, in what: String, at owner: YAMLNode, required: Bool
    ) -> LocalizedText? {
      guard let node = reader.value(map, key, in: what, at: owner, required: required) else { return nil }
      guard let texts = reader.mapping(node, "`\(key)` of \(what) (`{vi: …, en: …}`)") else { return nil }
      var result: [Language: String] = [:]
      for (languageNode, valueNode) in texts {
        let code = languageNode.scalar?.string ?? ""
        guard let language = Language(rawValue: code) else {
          reader.error(languageNode, "unknown language `\(code)` in `\(key)` of \(what); use `vi` and `en`")
          continue
        }
        guard let value = reader.string(valueNode, "the `\(code)` text of `\(key)`") else { continue }
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty {
          reader.error(valueNode, "the `\(code)` text of `\(key)` of \(what) is empty")
        } else {
          result[language] = trimmed
        }
      }
      if result[defaultLanguage] == nil {
        reader.error(
          node, "`\(key)` of \(what) has no text in `\(defaultLanguage.rawValue)`, the questionnaire's default language"
        )
      }
      for language in Language.allCases where language != defaultLanguage && result[language] == nil {
        reader.warning(node, "`\(key)` of \(what) has no `\(language.rawValue)` translation")
      }
      return LocalizedText(result)
    }
  }
}
