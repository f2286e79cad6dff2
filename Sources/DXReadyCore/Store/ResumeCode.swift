import Crypto
import Foundation

/// The secret that carries on a draft started at a kiosk (`take --kiosk`): tax codes are public,
/// so the tax code alone must not open a business's draft. Eight symbols of Crockford's base 32
/// (digits and capital letters without I, L, O and U, so that nothing read out or written by
/// hand is mistaken), shown as two groups of four, `K7QF-3MZD`: 40 bits, shown once.
///
/// Only a salted digest is stored (``digest(_:)``); ``matches(_:digest:)`` checks a typed code
/// against it.
///
/// ```swift
/// let code = ResumeCode.generate()          // "K7QF-3MZD"
/// let stored = ResumeCode.digest(code)      // kept with the draft
/// ResumeCode.matches("k7qf 3mzd", digest: stored)  // true: case, spaces and dashes do not matter
/// ```
public enum ResumeCode {
  /// The symbols, in the order of their values.
  static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")
  /// How many symbols a code has.
  public static let length = 8

  /// A new random code, as it is shown: `XXXX-XXXX`.
  public static func generate() -> String {
    var generator = SystemRandomNumberGenerator()
    let symbols = (0..<length).map { _ in alphabet[Int(generator.next(upperBound: UInt8(alphabet.count)))] }
    return String(symbols.prefix(4)) + "-" + String(symbols.dropFirst(4))
  }

  /// The code as typed, in its canonical form (eight capital symbols), or `nil` when it cannot
  /// be a code. Case, spaces and dashes are ignored; O is read as 0, and I and L as 1, as
  /// Crockford's alphabet asks.
  public static func normalized(_ typed: String) -> String? {
    var symbols: [Character] = []
    for character in typed.uppercased() {
      switch character {
      case " ", "-", "\u{2010}", "\u{2013}": continue
      case "O": symbols.append("0")
      case "I", "L": symbols.append("1")
      default:
        guard alphabet.contains(character) else { return nil }
        symbols.append(character)
      }
    }
    return symbols.count == length ? String(symbols) : nil
  }

  /// What is stored for a code: `sha256:SALT:HASH`, a random salt and the hash of the salt and
  /// the canonical code, both in hexadecimal.
  public static func digest(_ code: String) -> String {
    var generator = SystemRandomNumberGenerator()
    let salt = (0..<16).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    return digest(code, salt: salt)
  }

  static func digest(_ code: String, salt: [UInt8]) -> String {
    let canonical = normalized(code) ?? code
    let hash = SHA256.hash(data: salt + Array(canonical.utf8))
    return "sha256:" + hexadecimal(salt) + ":" + hexadecimal(hash)
  }

  /// Whether a typed code is the one a stored digest was made of. A digest in another form
  /// never matches.
  public static func matches(_ typed: String, digest stored: String) -> Bool {
    let parts = stored.split(separator: ":", omittingEmptySubsequences: false)
    guard parts.count == 3, parts[0] == "sha256", let salt = bytes(fromHexadecimal: parts[1]),
      let canonical = normalized(typed)
    else { return false }
    let expected = Array(digest(canonical, salt: salt).utf8)
    let given = Array(stored.utf8)
    guard expected.count == given.count else { return false }
    // Every byte compared, whatever the first difference.
    return zip(expected, given).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
  }

  static func bytes(fromHexadecimal text: Substring) -> [UInt8]? {
    guard text.count % 2 == 0, !text.isEmpty else { return nil }
    var result: [UInt8] = []
    var index = text.startIndex
    while index < text.endIndex {
      let next = text.index(index, offsetBy: 2)
      guard let byte = UInt8(text[index..<next], radix: 16) else { return nil }
      result.append(byte)
      index = next
    }
    return result
  }
}
