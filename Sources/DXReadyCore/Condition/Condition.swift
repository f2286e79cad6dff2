/// A parsed, type-checked condition: `show_if` in questionnaires, and the rules of the
/// service catalogue.
///
/// The text form is small on purpose:
///
/// ```
/// online_sales = yes and (staff_count >= 10 or not answered(website))
/// channels has marketplace
/// strategy_plan >= written            # ladders compare by step
/// e_invoice in (partial, full)
/// score(data) < 50 and level(strategy) <= 2   # where scores are known
/// ```
public indirect enum Condition: Sendable, Hashable {
  case and(Condition, Condition)
  case or(Condition, Condition)
  case not(Condition)
  /// The question has any answer, including "not applicable" and "don't know".
  case answered(QuestionID)
  /// A multiple-choice answer includes the option.
  case has(QuestionID, OptionID)
  /// A single-choice, ladder or yes/no answer is one of the options.
  case oneOf(QuestionID, [OptionID])
  /// A choice answer compared with an option: equality, or order for ladders.
  case compareOption(QuestionID, Comparison, OptionID)
  /// A number compared with a constant: a number answer, or a score or level.
  case compareNumber(NumericOperand, Comparison, Double)
}

/// `=`, `!=`, `<`, `<=`, `>`, `>=`.
public enum Comparison: String, Sendable, Hashable, CaseIterable {
  case equal = "="
  case notEqual = "!="
  case less = "<"
  case lessOrEqual = "<="
  case greater = ">"
  case greaterOrEqual = ">="

  /// Whether the comparison needs an order, not only equality.
  public var isOrdering: Bool { self != .equal && self != .notEqual }

  func holds<T: Comparable>(_ lhs: T, _ rhs: T) -> Bool {
    switch self {
    case .equal: lhs == rhs
    case .notEqual: lhs != rhs
    case .less: lhs < rhs
    case .lessOrEqual: lhs <= rhs
    case .greater: lhs > rhs
    case .greaterOrEqual: lhs >= rhs
    }
  }
}

/// Something a condition can compare with a number.
public enum NumericOperand: Sendable, Hashable {
  /// The answer to a number question.
  case answer(QuestionID)
  /// A dimension's score, 0–100.
  case dimensionScore(DimensionID)
  /// A dimension's level index, from 0.
  case dimensionLevel(DimensionID)
  /// The overall score.
  case overallScore
  /// The overall level index, from 0.
  case overallLevel
}

extension Condition: CustomStringConvertible {
  /// The condition in canonical text form, fully parenthesised where it matters.
  public var description: String {
    switch self {
    case .and(let l, let r): "(\(l) and \(r))"
    case .or(let l, let r): "(\(l) or \(r))"
    case .not(let c): "not \(c)"
    case .answered(let q): "answered(\(q))"
    case .has(let q, let o): "\(q) has \(o)"
    case .oneOf(let q, let os): "\(q) in (\(os.map(\.rawValue).joined(separator: ", ")))"
    case .compareOption(let q, let op, let o): "\(q) \(op.rawValue) \(o)"
    case .compareNumber(let operand, let op, let n): "\(operand) \(op.rawValue) \(formatNumber(n))"
    }
  }

  /// Every question the condition reads.
  public var questions: Set<QuestionID> {
    switch self {
    case .and(let l, let r), .or(let l, let r): l.questions.union(r.questions)
    case .not(let c): c.questions
    case .answered(let q), .has(let q, _), .oneOf(let q, _), .compareOption(let q, _, _): [q]
    case .compareNumber(.answer(let q), _, _): [q]
    case .compareNumber: []
    }
  }
}

extension Condition {
  /// Every score or level the condition reads, as they are written (`level(strategy)`).
  public var scoreOperands: [NumericOperand] {
    switch self {
    case .and(let l, let r), .or(let l, let r): l.scoreOperands + r.scoreOperands
    case .not(let c): c.scoreOperands
    case .compareNumber(.answer, _, _): []
    case .compareNumber(let operand, _, _): [operand]
    default: []
    }
  }
}

extension NumericOperand: CustomStringConvertible {
  /// The operand as a condition writes it.
  public var description: String {
    switch self {
    case .answer(let q): q.rawValue
    case .dimensionScore(let d): "score(\(d))"
    case .dimensionLevel(let d): "level(\(d))"
    case .overallScore: "score(overall)"
    case .overallLevel: "level(overall)"
    }
  }
}

/// A number as a person writes it: no `.0` on whole numbers.
func formatNumber(_ value: Double) -> String {
  if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
  return String(value)
}

extension Condition: Encodable {
  /// Conditions are stored in their canonical text form.
  public func encode(to encoder: any Encoder) throws {
    try description.encode(to: encoder)
  }
}
