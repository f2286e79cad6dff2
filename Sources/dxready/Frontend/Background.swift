import Foundation

/// Work started on a background thread, whose result (or error) the caller takes later.
final class Background<Value: Sendable>: @unchecked Sendable {
  private let condition = NSCondition()
  private var outcome: Result<Value, any Error>?

  init(_ work: @escaping @Sendable () throws -> Value) {
    Thread.detachNewThread { [self] in
      let result = Result { try work() }
      condition.lock()
      outcome = result
      condition.broadcast()
      condition.unlock()
    }
  }

  /// Waits for the work to end; its value, or the error it threw.
  func result() throws -> Value {
    condition.lock()
    defer { condition.unlock() }
    while outcome == nil { condition.wait() }
    return try outcome!.get()
  }
}
