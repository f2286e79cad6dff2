/// An enterprise tax code (mã số thuế): 10 digits, or 13 with a branch suffix `-NNN`.
///
/// The tenth digit is commonly checked with weights 31, 29, 23, 19, 17, 13, 7, 5, 3 on the first
/// nine: `N10 = 10 − (S mod 11)`. No official text of the rule was found, so a mismatch is a
/// warning the user may confirm, never a rejection.
public struct TaxCode: Sendable, Hashable, Codable, CustomStringConvertible {
  /// The normalised form: `NNNNNNNNNN` or `NNNNNNNNNN-NNN`.
  public var value: String

  public var description: String { value }

  /// What is wrong with a tax code's form.
  public enum FormProblem: Error, Sendable, Equatable, CustomStringConvertible {
    case wrongShape(String)

    public var description: String {
      switch self {
      case .wrongShape(let text):
        "`\(text)` is not a tax code: use 10 digits, or 10 digits, `-` and a 3-digit branch number (0100109106-001)"
      }
    }
  }

  /// Reads a tax code, accepting spaces and a branch suffix with or without `-`.
  public init(parsing text: String) throws(FormProblem) {
    let compact = text.filter { !$0.isWhitespace && $0 != "." }
    let digits = compact.filter(\.isASCII).filter(\.isNumber)
    let onlyDigitsAndDash = compact.allSatisfy { ($0.isASCII && $0.isNumber) || $0 == "-" }
    guard onlyDigitsAndDash, compact.filter({ $0 == "-" }).count <= 1 else { throw .wrongShape(text) }
    switch (digits.count, compact.firstIndex(of: "-")) {
    case (10, nil):
      value = digits
    case (13, nil):
      value = String(digits.prefix(10)) + "-" + String(digits.suffix(3))
    case (13, let dash?) where compact.distance(from: compact.startIndex, to: dash) == 10:
      value = String(digits.prefix(10)) + "-" + String(digits.suffix(3))
    default:
      throw .wrongShape(text)
    }
    if value.count == 14, value.hasSuffix("-000") { throw .wrongShape(text) }
  }

  /// The 10-digit enterprise part, without a branch suffix.
  public var enterprise: String { String(value.prefix(10)) }

  /// The branch number, when the code has one.
  public var branch: String? { value.count == 14 ? String(value.suffix(3)) : nil }

  /// Whether the check digit agrees with the common rule; `nil` when the rule gives 10,
  /// where implementations disagree.
  public var checkDigitMatches: Bool? {
    let digits = enterprise.compactMap(\.wholeNumberValue)
    let weights = [31, 29, 23, 19, 17, 13, 7, 5, 3]
    let sum = zip(digits, weights).map { $0 * $1 }.reduce(0, +)
    let expected = 10 - sum % 11
    guard expected < 10 else { return nil }
    return digits[9] == expected
  }
}
