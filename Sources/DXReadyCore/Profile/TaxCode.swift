/// A tax code (mã số thuế): 10 digits, or 13 with a branch suffix `-NNN` — the forms of
/// Circular 86/2024/TT-BTC (in force 6 February 2025, replacing Circular 105/2020/TT-BTC), kept
/// by Circular 90/2026/TT-BTC, which public transcriptions say replaced it on 1 July 2026 (its
/// Article 5; the official text was not at hand) — or, for a household business, its owner's
/// 12-digit personal identification number, the tax code of individuals and household
/// businesses since 1 July 2025 under Circular 86/2024/TT-BTC.
///
/// A personal identification number is personal data: ``masked`` is the only form any output
/// shows, and statistics never read it.
///
/// The tenth digit is commonly checked with weights 31, 29, 23, 19, 17, 13, 7, 5, 3 on the first
/// nine: `N10 = 10 − (S mod 11)`. No official text of the rule was found, so a mismatch is a
/// warning the user may confirm, never a rejection.
public struct TaxCode: Sendable, Hashable, Codable, CustomStringConvertible {
  /// The normalised form: `NNNNNNNNNN` or `NNNNNNNNNN-NNN`.
  public var value: String

  /// The normalised form.
  public var description: String { value }

  /// What is wrong with a tax code's form.
  public enum FormProblem: Error, Sendable, Equatable, CustomStringConvertible {
    case wrongShape(String)

    /// What is wrong and the forms accepted.
    public var description: String {
      switch self {
      case .wrongShape(let text):
        "`\(text)` is not a tax code: use 10 digits, or 10 digits, `-` and a 3-digit branch number (0100109106-001); a household business may give its owner's 12-digit personal identification number"
      }
    }

    /// The problem for a person typing the code, in each language.
    public var text: LocalizedText {
      switch self {
      case .wrongShape(let text):
        Words.localized("tax_code_malformed", ["text": "\(text)"])
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
    if digits.count == 12 && dash == nil {
      value = String(decoding: digits, as: UTF8.self)
      return
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

  /// Whether this is a 12-digit personal identification number (a household business's).
  public var isPersonalID: Bool { value.utf8.count == 12 }

  /// The code as outputs show it: a personal identification number keeps only its last three
  /// digits (`*********789`); an enterprise code is public and shown whole.
  public var masked: String { Self.masked(value) }

  /// `text` masked when it is a 12-digit personal identification number, else unchanged: for
  /// stored codes, which are always in normal form.
  public static func masked(_ text: String) -> String {
    guard text.utf8.count == 12, text.utf8.allSatisfy({ (48...57).contains($0) }) else { return text }
    return String(repeating: "*", count: 9) + text.suffix(3)
  }

  /// What a personal identification number's first six digits say, when they are not what
  /// Circular 59/2021/TT-BCA lays out (a province code of birth registration, a digit for
  /// sex and century, two digits of the birth year): `nil` when they are plausible. Only a
  /// warning: a number is never refused on these grounds. The text never repeats a digit.
  public var personalIDDoubt: LocalizedText? {
    guard isPersonalID else { return nil }
    let digits = value.compactMap(\.wholeNumberValue)
    let province = digits[0] * 100 + digits[1] * 10 + digits[2]
    if !Self.provinceCodes.contains(province) {
      return Words.localized("personal_number_province")
    }
    // 0/1: born 1900–1999, 2/3: 2000–2099; other digits mean other centuries.
    if digits[3] > 3 {
      return Words.localized("personal_number_century")
    }
    return nil
  }

  /// The 63 province codes of birth registration used in personal identification numbers.
  static let provinceCodes: Set<Int> = [
    1, 2, 4, 6, 8, 10, 11, 12, 14, 15, 17, 19, 20, 22, 24, 25, 26, 27, 30, 31, 33, 34, 35, 36, 37, 38, 40, 42, 44,
    45, 46, 48, 49, 51, 52, 54, 56, 58, 60, 62, 64, 66, 67, 68, 70, 72, 74, 75, 77, 79, 80, 82, 83, 84, 86, 87, 89,
    91, 92, 93, 94, 95, 96,
  ]

  /// The 10-digit enterprise part, without a branch suffix.
  public var enterprise: String { String(value.prefix(10)) }

  /// The branch number, when the code has one.
  public var branch: String? { value.count == 14 ? String(value.suffix(3)) : nil }

  /// Whether the check digit agrees with the common rule; `nil` when the rule gives 10,
  /// where implementations disagree, and for a personal identification number, which has no
  /// check digit (see ``personalIDDoubt``).
  public var checkDigitMatches: Bool? {
    guard !isPersonalID else { return nil }
    let digits = enterprise.compactMap(\.wholeNumberValue)
    let weights = [31, 29, 23, 19, 17, 13, 7, 5, 3]
    let sum = zip(digits, weights).map { $0 * $1 }.reduce(0, +)
    let expected = 10 - sum % 11
    guard expected < 10 else { return nil }
    return digits[9] == expected
  }
}
