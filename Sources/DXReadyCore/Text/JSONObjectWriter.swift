/// A JSON object written field by field, in the order given: how dxready writes the JSON it
/// stores and sends (profiles, bundle lines, audit details, answer sets, the kiosk log) without
/// an encoder's cost. Strings go through ``JSONQuote``; a field whose value is `nil` is left out.
///
/// ```swift
/// var object = JSONObjectWriter()
/// object.string("id", "a1")
/// object.number("level", 2)
/// object.string("reviewer", nil)
/// object.text  // {"id":"a1","level":2}
/// ```
public struct JSONObjectWriter: Sendable {
  /// The object's UTF-8 so far, from its `{`: bytes, which grow more cheaply than a string.
  private var body: [UInt8] = [UInt8(ascii: "{")]
  private let separator: [UInt8]
  private let colon: [UInt8]

  /// An empty object.
  /// - Parameter spaced: whether a space follows each `,` and `:` (the kiosk log's form, for
  ///   people reading it); compact otherwise.
  public init(spaced: Bool = false) {
    separator = Array((spaced ? ", " : ",").utf8)
    colon = Array((spaced ? ": " : ":").utf8)
    body.reserveCapacity(512)
  }

  /// Adds a field whose value is already JSON text (a number as dxready writes it, an answer's
  /// ``AnswerValue/jsonText``, a nested object); `nil` adds nothing.
  public mutating func json(_ key: String, _ value: String?) {
    guard let value else { return }
    self.key(key)
    body.append(contentsOf: value.utf8)
  }

  /// Adds a string field; `nil` adds nothing.
  public mutating func string(_ key: String, _ value: String?) {
    guard let value else { return }
    self.key(key)
    JSONQuote.quote(value, into: &body)
  }

  /// Starts a field: the separator after the one before, the quoted key and the colon.
  private mutating func key(_ key: String) {
    if body.count > 1 { body.append(contentsOf: separator) }
    JSONQuote.quote(key, into: &body)
    body.append(contentsOf: colon)
  }

  /// Adds a whole-number field; `nil` adds nothing.
  public mutating func number(_ key: String, _ value: Int?) {
    json(key, value.map { String($0) })
  }

  /// The object as JSON text.
  public var text: String {
    String(unsafeUninitializedCapacity: body.count + 1) { text in
      _ = text.initialize(fromContentsOf: body)
      text[body.count] = UInt8(ascii: "}")
      return body.count + 1
    }
  }
}
