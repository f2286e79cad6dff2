import DXReadyCore
import Foundation

/// A submitted assessment's answers as both engines keep them: one JSON object per assessment,
/// `{"question":answer,…}`, each answer's JSON exactly as dxready wrote it (a draft's answers,
/// saved one at a time, stay rows until it is submitted).
///
/// One row instead of one per answer: an import writes a row where it wrote 43, and the
/// database holds the question ids once per assessment rather than in a key per answer.
enum AnswerSet {
  /// The object of `answers`, in their order.
  static func text(_ answers: [(question: QuestionID, json: String)]) -> String {
    ImportedAssessment.answerSet(answers)
  }

  /// The answers of an object made by ``text(_:)`` (or by the schema's SQL, which writes the
  /// same), sorted by question id, each answer's JSON text as stored; `nil` when `text` is not
  /// such an object.
  static func entries(_ text: String) -> [(question: String, json: String)]? {
    var scanner = Scanner(Array(text.utf8))
    guard let entries = scanner.object(), scanner.atEnd else { return nil }
    // Sets packed by SQL (on submit, by the migration) are in order already; imported ones
    // keep the questionnaire's order and are sorted here.
    if zip(entries, entries.dropFirst()).allSatisfy({ $0.question < $1.question }) { return entries }
    return entries.sorted { $0.question < $1.question }
  }

  /// A reader of one JSON object whose values it keeps as text, not parsed.
  private struct Scanner {
    let bytes: [UInt8]
    var at = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var atEnd: Bool {
      mutating get {
        skipSpace()
        return at == bytes.count
      }
    }

    mutating func object() -> [(question: String, json: String)]? {
      guard take(UInt8(ascii: "{")) else { return nil }
      var entries: [(question: String, json: String)] = []
      if take(UInt8(ascii: "}")) { return entries }
      repeat {
        skipSpace()
        let keyStart = at
        guard skipString(), let key = Self.unquoted(bytes[keyStart..<at]), take(UInt8(ascii: ":")) else {
          return nil
        }
        skipSpace()
        let valueStart = at
        guard skipValue() else { return nil }
        var valueEnd = at
        while valueEnd > valueStart, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[valueEnd - 1]) { valueEnd -= 1 }
        entries.append((key, String(decoding: bytes[valueStart..<valueEnd], as: UTF8.self)))
      } while take(UInt8(ascii: ","))
      return take(UInt8(ascii: "}")) ? entries : nil
    }

    /// A JSON string's text: its bytes inside the quotes, unless it has escapes.
    private static func unquoted(_ string: ArraySlice<UInt8>) -> String? {
      let inside = string.dropFirst().dropLast()
      if !inside.contains(UInt8(ascii: "\\")) { return String(decoding: inside, as: UTF8.self) }
      return try? JSONDecoder().decode(String.self, from: Data(string))
    }

    /// Skips spaces, then takes `byte` if it is next.
    private mutating func take(_ byte: UInt8) -> Bool {
      skipSpace()
      guard at < bytes.count, bytes[at] == byte else { return false }
      at += 1
      return true
    }

    private mutating func skipSpace() {
      while at < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[at]) { at += 1 }
    }

    /// Skips a string, its quotes included.
    private mutating func skipString() -> Bool {
      guard at < bytes.count, bytes[at] == UInt8(ascii: "\"") else { return false }
      at += 1
      while at < bytes.count {
        switch bytes[at] {
        case UInt8(ascii: "\""):
          at += 1
          return true
        case UInt8(ascii: "\\"): at += 2
        default: at += 1
        }
      }
      return false
    }

    /// Skips one value: a string, or anything up to the `,` or `}` that ends it outside
    /// strings and brackets.
    private mutating func skipValue() -> Bool {
      if at < bytes.count, bytes[at] == UInt8(ascii: "\"") { return skipString() }
      var depth = 0
      let start = at
      while at < bytes.count {
        switch bytes[at] {
        case UInt8(ascii: "\""):
          guard skipString() else { return false }
          continue
        case UInt8(ascii: "["), UInt8(ascii: "{"): depth += 1
        case UInt8(ascii: "]"), UInt8(ascii: "}"):
          if depth == 0 { return at > start }
          depth -= 1
        case UInt8(ascii: ","):
          if depth == 0 { return at > start }
        default: break
        }
        at += 1
      }
      return false
    }
  }
}
