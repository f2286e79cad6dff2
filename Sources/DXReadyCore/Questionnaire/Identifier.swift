/// A stable identifier from a data file, typed by what it names so that a question id cannot
/// be passed where a dimension id is expected.
public struct Identifier<Kind: IdentifierKind>: Sendable, Hashable, Comparable, Codable,
  ExpressibleByStringLiteral, CustomStringConvertible
{
  /// The identifier as the file writes it.
  public var rawValue: String

  /// An identifier of this text (check it with ``isValid(_:)`` where it comes from a file).
  public init(_ rawValue: String) {
    self.rawValue = rawValue
  }

  /// An identifier written as a literal.
  public init(stringLiteral value: String) {
    self.rawValue = value
  }

  /// An identifier from JSON text.
  public init(from decoder: any Decoder) throws {
    rawValue = try String(from: decoder)
  }

  /// The identifier as JSON text.
  public func encode(to encoder: any Encoder) throws {
    try rawValue.encode(to: encoder)
  }

  /// The identifier as the file writes it.
  public var description: String { rawValue }

  /// Identifiers in the order of their text.
  public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

  /// Whether `text` is usable as an identifier: a lower-case letter, then lower-case letters,
  /// digits, `_` or `-`. Identifiers are stored with answers, so they must stay plain.
  public static func isValid(_ text: String) -> Bool {
    guard let first = text.unicodeScalars.first, ("a"..."z").contains(first) else { return false }
    return text.unicodeScalars.allSatisfy {
      ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "-"
    }
  }
}

/// What an ``Identifier`` names.
public protocol IdentifierKind: Sendable {}

/// Tags question ids.
public enum QuestionKindTag: IdentifierKind {}
/// Tags dimension ids.
public enum DimensionKindTag: IdentifierKind {}
/// Tags option ids.
public enum OptionKindTag: IdentifierKind {}
/// Tags questionnaire ids.
public enum QuestionnaireKindTag: IdentifierKind {}

/// Identifies a question within a questionnaire; stable across versions.
public typealias QuestionID = Identifier<QuestionKindTag>
/// Identifies a dimension within a questionnaire.
public typealias DimensionID = Identifier<DimensionKindTag>
/// Identifies an option within a question; stable across versions.
public typealias OptionID = Identifier<OptionKindTag>
/// Names a questionnaire, such as `enterprise-dx`; stable across its versions.
public typealias QuestionnaireID = Identifier<QuestionnaireKindTag>
