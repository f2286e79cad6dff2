/// One question, its options and how its answer scores.
public struct Question: Sendable, Hashable, Encodable {
  /// What kind of answer a question takes.
  public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
    /// One option from a list.
    case single
    /// Any number of options from a list; scores add up, capped at 1.
    case multiple
    /// One step of an ordered adoption ladder, lowest first.
    case ladder
    /// Yes (scores 1) or no (scores 0).
    case yesNo = "yes_no"
    /// A number within a range, scored by bands when the question has them.
    case number
    /// Free text; never scored.
    case text

    /// Whether answers pick from ``Question/options``.
    public var hasOptions: Bool { self != .number && self != .text }
  }

  /// The question's id, unique in its questionnaire: answers files name questions by it.
  public var id: QuestionID
  /// The dimension whose score it counts towards.
  public var dimension: DimensionID
  /// How it is answered.
  public var kind: Kind
  /// The question as it is asked, in both languages.
  public var prompt: LocalizedText
  /// More help shown with it, when there is some.
  public var help: LocalizedText?
  /// The choices, in display order. Yes/no questions get `yes` and `no`.
  public var options: [AnswerOption]
  /// The question's weight within its dimension.
  public var weight: Double
  /// Whether a submitted assessment must answer it (when it is shown).
  public var required: Bool
  /// Whether “not applicable” is an answer (left out of the scores).
  public var offersNotApplicable: Bool
  /// Whether “don't know” is an answer (scored as the lowest).
  public var offersDontKnow: Bool
  /// When the question is shown; `nil` means always.
  public var showIf: Condition?
  /// Range, unit and scoring bands of a number question.
  public var number: NumberSpec?

  /// A question; see each property.
  public init(
    id: QuestionID, dimension: DimensionID, kind: Kind, prompt: LocalizedText,
    help: LocalizedText? = nil, options: [AnswerOption] = [], weight: Double = 1, required: Bool = true,
    offersNotApplicable: Bool = false, offersDontKnow: Bool = false, showIf: Condition? = nil,
    number: NumberSpec? = nil
  ) {
    self.id = id
    self.dimension = dimension
    self.kind = kind
    self.prompt = prompt
    self.help = help
    self.options = options
    self.weight = weight
    self.required = required
    self.offersNotApplicable = offersNotApplicable
    self.offersDontKnow = offersDontKnow
    self.showIf = showIf
    self.number = number
  }

  /// The option with this id, if the question offers it.
  public func option(_ id: OptionID) -> AnswerOption? {
    options.first { $0.id == id }
  }

  /// Whether an answer to this question counts towards its dimension's score.
  public var isScored: Bool {
    switch kind {
    case .text: false
    case .number: !(number?.bands.isEmpty ?? true)
    default: true
    }
  }

  /// The fixed options of a yes/no question.
  public static let yesNoOptions = [
    AnswerOption(id: "yes", label: Words.localized("option_yes"), score: 1),
    AnswerOption(id: "no", label: Words.localized("option_no"), score: 0),
  ]
}

/// One choice of a question.
public struct AnswerOption: Sendable, Hashable, Codable {
  /// The option's id: answers files name options by it.
  public var id: OptionID
  /// The option as it is shown, in both languages.
  public var label: LocalizedText
  /// The score, 0–1, of choosing this option.
  public var score: Double
  /// In a multiple-choice question, whether choosing it rules out every other option
  /// (such as "none of these").
  public var exclusive: Bool

  /// An option; see each property.
  public init(id: OptionID, label: LocalizedText, score: Double, exclusive: Bool = false) {
    self.id = id
    self.label = label
    self.score = score
    self.exclusive = exclusive
  }
}

/// The range, unit and scoring of a number question.
public struct NumberSpec: Sendable, Hashable, Codable {
  /// The unit shown after the number, when there is one.
  public var unit: LocalizedText?
  /// The smallest number accepted, when there is a limit.
  public var minimum: Double?
  /// The largest number accepted, when there is a limit.
  public var maximum: Double?
  /// Whether only whole numbers are accepted.
  public var integer: Bool
  /// Score bands, lowest first: a number scores the band with the highest `from` it reaches.
  public var bands: [ScoreBand]

  /// A number question's specification; see each property.
  public init(
    unit: LocalizedText? = nil, minimum: Double? = nil, maximum: Double? = nil,
    integer: Bool = false, bands: [ScoreBand] = []
  ) {
    self.unit = unit
    self.minimum = minimum
    self.maximum = maximum
    self.integer = integer
    self.bands = bands
  }

  /// The score of `value`, or `nil` when the question has no bands.
  public func score(_ value: Double) -> Double? {
    guard !bands.isEmpty else { return nil }
    return bands.last { value >= $0.from }?.score ?? 0
  }
}

/// Numbers from `from` upwards (to the next band) score `score`.
public struct ScoreBand: Sendable, Hashable, Codable {
  /// The band's lowest number.
  public var from: Double
  /// The score, 0–1, of a number in the band.
  public var score: Double

  /// A band; see each property.
  public init(from: Double, score: Double) {
    self.from = from
    self.score = score
  }
}
