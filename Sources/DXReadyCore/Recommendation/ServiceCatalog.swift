/// The consulting services of the digital-economy workstream, and when each one is recommended.
public struct ServiceCatalog: Sendable, Hashable {
  /// The services, in the catalogue's order.
  public var services: [Service]
  /// The names of the memorandum's eight areas of cooperation, by number.
  public var areas: [Int: LocalizedText]

  /// A catalogue; see each property.
  public init(services: [Service], areas: [Int: LocalizedText] = [:]) {
    self.services = services
    self.areas = areas
  }

  /// "3 — name of area 3", in `language`; the number alone when the area has no name.
  public func area(_ number: Int, _ language: Language) -> String {
    areas[number].map { "\(number) — \($0.text(language))" } ?? String(number)
  }

  /// The service with this id, if the catalogue has one.
  public func service(_ id: String) -> Service? {
    services.first { $0.id == id }
  }
}

/// One consulting service.
public struct Service: Sendable, Hashable {
  /// How long a service takes.
  public enum Effort: String, Sendable, Hashable, CaseIterable, Comparable {
    /// Up to a month.
    case quick
    /// One to three months.
    case short
    /// Three to six months.
    case medium
    /// Six to twelve months.
    case long

    /// Shorter before longer.
    public static func < (lhs: Self, rhs: Self) -> Bool {
      allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// How long, as a person reads it, in both languages.
    public var label: LocalizedText {
      switch self {
      case .quick: Words.localized("duration_quick")
      case .short: Words.localized("duration_short")
      case .medium: Words.localized("duration_medium")
      case .long: Words.localized("duration_long")
      }
    }
  }

  /// What a service costs a business.
  public enum Cost: String, Sendable, Hashable, CaseIterable {
    /// Under 20 million VND.
    case low
    /// 20 to 100 million VND.
    case medium
    /// Over 100 million VND.
    case high

    /// How much, as a person reads it, in both languages.
    public var label: LocalizedText {
      switch self {
      case .low: Words.localized("cost_low")
      case .medium: Words.localized("cost_medium")
      case .high: Words.localized("cost_high")
      }
    }
  }

  /// How a service applies to the businesses of one questionnaire.
  public struct Rule: Sendable, Hashable {
    /// The dimensions the service improves.
    public var dimensions: [DimensionID]
    /// The range of current levels (in any of those dimensions) the service suits.
    public var levels: ClosedRange<Int>
    /// The service is recommended when any of these holds.
    public var when: [Condition]
    /// The service is never recommended when any of these holds, whatever `when` says: the
    /// business already has what the service brings (a CRM for a CRM adoption, say).
    public var unless: [Condition]

    /// A rule; see each property.
    public init(dimensions: [DimensionID], levels: ClosedRange<Int>, when: [Condition], unless: [Condition] = []) {
      self.dimensions = dimensions
      self.levels = levels
      self.when = when
      self.unless = unless
    }
  }

  /// The service's id, stable: roadmaps and review decisions name it.
  public var id: String
  /// Which of the eight cooperation areas of the memorandum it belongs to (1–8).
  public var area: Int
  /// Its name, in both languages.
  public var name: LocalizedText
  /// What it does for a business, in both languages.
  public var description: LocalizedText
  /// How long it takes.
  public var effort: Effort
  /// What it costs a business.
  public var cost: Cost
  /// 1 (some), 2 (clear) or 3 (large): the service's impact in the priority.
  public var impact: Int
  /// Services that must come first.
  public var prerequisites: [String]
  /// The rules, by questionnaire id.
  public var rules: [QuestionnaireID: Rule]

  /// Little effort: done within a month, or within three months at low cost.
  public var isQuickWin: Bool { effort == .quick || (effort == .short && cost == .low) }
}
