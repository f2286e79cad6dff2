import Foundation

/// Slots that concurrent work fills, one each.
public final class ConcurrentResults<Value>: @unchecked Sendable {
  private let lock = NSLock()
  private var storage: [Value?]

  public init(count: Int) { storage = Array(repeating: nil, count: count) }

  public subscript(index: Int) -> Value? {
    get { lock.withLock { storage[index] } }
    set { lock.withLock { storage[index] = newValue } }
  }

  public var values: [Value?] { lock.withLock { storage } }
}
