/// A prioritised, phased roadmap of services for one assessment, with its reasons.
public struct Roadmap: Sendable, Hashable {
  /// The three phases, by months from now.
  public static let phaseMonths = ["0–3", "3–12", "12–24"]

  /// One dimension's place: where it is, where it aims, and where each phase should take it.
  public struct DimensionPlan: Sendable, Hashable {
    /// The dimension.
    public var id: DimensionID
    /// `nil` when the dimension has insufficient data.
    public var current: Int?
    /// The level it aims at (one above the current by default); `nil` without data.
    public var target: Int?
    /// Levels between the current one and the target.
    public var gap: Int
    /// The expected level after each phase.
    public var projected: [Int]
  }

  /// Why a service is recommended.
  public struct Reason: Sendable, Hashable {
    /// The rule that fired, in canonical form.
    public var rule: String
    /// The answers it read.
    public var answers: [QuestionID: AnswerValue]
    /// The scores and levels it read, with their values (`level(strategy)` → 1).
    public var figures: [String: Double]
  }

  /// One service in the roadmap.
  public struct Item: Sendable, Hashable {
    /// The service's id in the catalogue.
    public var service: String
    /// Σ over the service's dimensions of gap × dimension weight, × the service's impact.
    public var priority: Double
    /// Little effort (``Service/isQuickWin``) for a real gap.
    public var quickWin: Bool
    /// The dimensions it improves that have a gap.
    public var dimensions: [DimensionID]
    /// Why it is recommended: each rule that fired.
    public var reasons: [Reason]
    /// Whether it is advice to keep a top level rather than to close a gap.
    public var maintain: Bool
    /// Whether a consultant added it (no rule recommended it).
    public var addedByConsultant: Bool = false
  }

  /// The questionnaire the assessment was taken with.
  public var questionnaire: QuestionnaireReference
  /// Each dimension's plan, in questionnaire order.
  public var dimensions: [DimensionPlan]
  /// Three phases of services, in order.
  public var phases: [[Item]]
  /// Services that fired but did not fit in the phases' limits.
  public var deferred: [Item]
  /// Dimensions without enough data to plan for.
  public var insufficient: [DimensionID]
  /// Whether every dimension is already at its top level.
  public var atTop: Bool
  /// At most this many services per phase.
  public var perPhase: Int
}
