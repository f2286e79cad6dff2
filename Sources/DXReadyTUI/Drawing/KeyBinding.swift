import DXReadyCore

/// Keys that do one thing, and what the footer says of them — as bubbles' `key.Binding` holds
/// both, so that what a screen does with a key and what its footer says it does cannot drift
/// apart: every screen matches keys through its bindings and writes its footer from them.
public struct KeyBinding: Sendable {
  /// What the footer says, in each language; `nil` for a binding the footer leaves out.
  public let help: LocalizedText?
  let test: @Sendable (Key) -> Bool

  /// A binding for these keys.
  public init(_ keys: [Key], help: LocalizedText?) {
    self.help = help
    test = { keys.contains($0) }
  }

  /// A binding for the keys `test` accepts (a digit, any printable character).
  public init(help: LocalizedText?, where test: @escaping @Sendable (Key) -> Bool) {
    self.help = help
    self.test = test
  }

  /// Whether `key` is one of this binding's keys.
  public func matches(_ key: Key) -> Bool { test(key) }

  /// The same help in both languages (the language screen speaks both at once).
  static func both(_ text: String) -> LocalizedText { LocalizedText(vi: text, en: text) }
}

extension [KeyBinding] {
  /// The footer: the help of each binding that has one, in order.
  func footer(_ language: Language) -> String {
    compactMap { $0.help?.text(language) }.joined(separator: " · ")
  }
}

extension Key {
  /// The digit `1`…`count` as a 0-based index, for keys that pick an item by number.
  func digitIndex(below count: Int) -> Int? {
    guard case .character(let c) = self, let value = c.wholeNumberValue, (1...max(1, count)).contains(value) else {
      return nil
    }
    return value - 1
  }
}
