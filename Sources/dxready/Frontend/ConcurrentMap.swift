import Foundation

extension Array where Element: Sendable {
  /// `map` spread over the machine's cores, keeping the order. For independent, CPU-bound work
  /// such as reading and checking thousands of answers files.
  func concurrentMap<T: Sendable>(_ transform: @escaping @Sendable (Element) -> T) -> [T] {
    let results = ResultSlots<T>(count: count)
    let chunks = Swift.max(1, Swift.min(count, ProcessInfo.processInfo.activeProcessorCount * 4))
    let elements = self
    DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
      var index = chunk
      var local: [(Int, T)] = []
      while index < elements.count {
        local.append((index, transform(elements[index])))
        index += chunks
      }
      results.store(local)
    }
    return results.values()
  }
}

/// Results written by several threads, each slot once.
private final class ResultSlots<T>: @unchecked Sendable {
  private var slots: [T?]
  private let lock = NSLock()

  init(count: Int) { slots = Array(repeating: nil, count: count) }

  func store(_ items: [(Int, T)]) {
    lock.lock()
    defer { lock.unlock() }
    for (index, value) in items { slots[index] = value }
  }

  func values() -> [T] {
    lock.lock()
    defer { lock.unlock() }
    return slots.map { $0! }
  }
}
