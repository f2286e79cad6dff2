/// A stable identifier from a data file, typed by what it names so that a question id cannot
/// be passed where a dimension id is expected.
public struct Identifier<Kind: IdentifierKind>: Sendable, Hashable, Comparable, Codable,
  ExpressibleByStringLiteral, CustomStringConvertible
{
  public var rawValue: String

  public init(_ rawValue: String) {
    self.rawValue = rawValue
  }

  public init(stringLiteral value: String) {
    self.rawValue = value
  }

  public init(from decoder: any Decoder) throws {
    rawValue = try String(from: decoder)
  }

  public func encode(to encoder: any Encoder) throws {
    try rawValue.encode(to: encoder)
  }

  public var description: String { rawValue }

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

public enum QuestionKindTag: IdentifierKind {}
public enum DimensionKindTag: IdentifierKind {}
public enum OptionKindTag: IdentifierKind {}

/// Identifies a question within a questionnaire; stable across versions.
public typealias QuestionID = Identifier<QuestionKindTag>
/// Identifies a dimension within a questionnaire.
public typealias DimensionID = Identifier<DimensionKindTag>
/// Identifies an option within a question; stable across versions.
public typealias OptionID = Identifier<OptionKindTag>
