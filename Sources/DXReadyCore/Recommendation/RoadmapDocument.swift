/// The documented JSON form of a roadmap (`dxready recommend --format json`), schema
/// `dxready.roadmap/1`. Fields are only ever added within a schema version.
public struct RoadmapDocument: Sendable, Encodable {
  /// The document's schema name and version.
  public static let schema = "dxready.roadmap/1"

  struct Dimension: Sendable, Encodable {
    var id: String
    var status: String
    var current: Int?
    var target: Int?
    var gap: Int
    var projected: [Int]
  }

  struct Reason: Sendable, Encodable {
    var rule: String
    var answers: [String: AnswerValue]
    var figures: [String: Double]
  }

  struct Item: Sendable, Encodable {
    var service: String
    var name: String
    var area: Int
    /// The memorandum area's name, in the document's language.
    var areaName: String?
    var effort: String
    var cost: String
    var priority: Double
    var quickWin: Bool
    var maintain: Bool
    /// Only when a consultant added it, so that documents without review stay as they were.
    var addedByConsultant: Bool?
    var dimensions: [String]
    var prerequisites: [String]
    var reasons: [Reason]

    enum CodingKeys: String, CodingKey {
      case service, name, area, areaName = "area_name", effort, cost, priority, quickWin = "quick_win", maintain
      case addedByConsultant = "added_by_consultant"
      case dimensions
      case prerequisites, reasons
    }
  }

  struct Phase: Sendable, Encodable {
    var phase: Int
    var months: String
    var services: [Item]
  }

  var schema = RoadmapDocument.schema
  var questionnaire: QuestionnaireReference
  var language: Language
  var assessment: String?
  var atTop: Bool
  var perPhase: Int
  var dimensions: [Dimension]
  var phases: [Phase]
  var deferred: [Item]
  var insufficientData: [String]

  enum CodingKeys: String, CodingKey {
    case schema, questionnaire, language, assessment, atTop = "at_top", perPhase = "per_phase", dimensions
    case phases, deferred, insufficientData = "insufficient_data"
  }

  /// The roadmap as a document in `language`, naming its assessment when given.
  public init(_ roadmap: Roadmap, catalog: ServiceCatalog, language: Language, assessment: String? = nil) {
    func item(_ entry: Roadmap.Item) -> Item {
      let service = catalog.service(entry.service)
      return Item(
        service: entry.service, name: service?.name.text(language) ?? entry.service, area: service?.area ?? 0,
        areaName: service.flatMap { catalog.areas[$0.area]?.text(language) },
        effort: service?.effort.rawValue ?? "", cost: service?.cost.rawValue ?? "", priority: entry.priority,
        quickWin: entry.quickWin, maintain: entry.maintain,
        addedByConsultant: entry.addedByConsultant ? true : nil, dimensions: entry.dimensions.map(\.rawValue),
        prerequisites: service?.prerequisites ?? [],
        reasons: entry.reasons.map { reason in
          Reason(
            rule: reason.rule,
            answers: Dictionary(uniqueKeysWithValues: reason.answers.map { ($0.key.rawValue, $0.value) }),
            figures: reason.figures)
        })
    }
    questionnaire = roadmap.questionnaire
    self.language = language
    self.assessment = assessment
    atTop = roadmap.atTop
    perPhase = roadmap.perPhase
    dimensions = roadmap.dimensions.map {
      Dimension(
        id: $0.id.rawValue, status: $0.current == nil ? "insufficient_data" : "scored", current: $0.current,
        target: $0.target, gap: $0.gap, projected: $0.projected)
    }
    phases = roadmap.phases.enumerated().map {
      Phase(phase: $0.offset + 1, months: Roadmap.phaseMonths[$0.offset], services: $0.element.map(item))
    }
    deferred = roadmap.deferred.map(item)
    insufficientData = roadmap.insufficient.map(\.rawValue)
  }
}
