import Foundation

/// Slots that concurrent work fills, one each.
public final class ConcurrentResults<Value>: @unchecked Sendable {
  private let lock = NSLock()
  private var storage: [Value?]

  /// `count` empty slots.
  public init(count: Int) { storage = Array(repeating: nil, count: count) }

  /// The value in slot `index`, once filled.
  public subscript(index: Int) -> Value? {
    get { lock.withLock { storage[index] } }
    set { lock.withLock { storage[index] = newValue } }
  }

  /// Every slot, filled or not.
  public var values: [Value?] { lock.withLock { storage } }
}
