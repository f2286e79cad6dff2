/// An enterprise tax code (mã số thuế): 10 digits, or 13 with a branch suffix `-NNN` — the forms
/// of Circular 86/2024/TT-BTC (in force 6 February 2025, replacing Circular 105/2020/TT-BTC),
/// under which household businesses and individuals use their 12-digit personal identification
/// number instead (not accepted here yet).
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

    /// The problem for a person typing the code, in each language.
    public var text: LocalizedText {
      switch self {
      case .wrongShape(let text):
        LocalizedText(
          vi:
            "“\(text)” không phải là mã số thuế: gồm 10 chữ số, hoặc 10 chữ số, dấu - và 3 chữ số của chi nhánh (0100109106-001).",
          en:
            "“\(text)” is not a tax code: use 10 digits, or 10 digits, - and a 3-digit branch number (0100109106-001)."
        )
      }
    }
  }

  /// Reads a tax code, accepting spaces and a branch suffix with or without `-`.
  public init(parsing text: String) throws(FormProblem) {
    // Bytes, not characters: this runs for every file of a bulk import.
    var digits: [UInt8] = []
    var dash: Int?
    for byte in text.utf8 {
      switch byte {
      case UInt8(ascii: "0")...UInt8(ascii: "9"): digits.append(byte)
      case UInt8(ascii: "-"):
        guard dash == nil else { throw .wrongShape(text) }
        dash = digits.count
      case UInt8(ascii: " "), UInt8(ascii: "."), 0x09: continue
      default: throw .wrongShape(text)
      }
    }
    guard digits.count == 10 && dash == nil || digits.count == 13 && (dash == nil || dash == 10) else {
      throw .wrongShape(text)
    }
    let enterprise = String(decoding: digits.prefix(10), as: UTF8.self)
    if digits.count == 10 {
      value = enterprise
    } else {
      let branch = String(decoding: digits.suffix(3), as: UTF8.self)
      guard branch != "000" else { throw .wrongShape(text) }
      value = enterprise + "-" + branch
    }
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
