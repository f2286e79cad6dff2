import Foundation

/// Checks files on background threads, in order, while the caller takes the results one by one:
/// the database writer stores file N while later files are still being read and checked.
final class CheckedQueue<Output: Sendable>: @unchecked Sendable {
  private var slots: [Output?]
  private var nextToCheck = 0
  private var nextToTake = 0
  /// How far checking may run ahead of the taker, so that memory stays bounded.
  private let window = 256
  private let condition = NSCondition()

  /// Starts checking `inputs` with `check` on `workers` threads.
  init<Input: Sendable>(_ inputs: [Input], workers: Int, check: @escaping @Sendable (Input) -> Output) {
    slots = Array(repeating: nil, count: inputs.count)
    let workers = max(1, min(inputs.count, workers))
    for _ in 0..<workers {
      Thread.detachNewThread { [self] in
        while let index = claim() {
          let result = check(inputs[index])
          condition.lock()
          slots[index] = result
          condition.broadcast()
          condition.unlock()
        }
      }
    }
  }

  var count: Int { slots.count }

  private func claim() -> Int? {
    condition.lock()
    defer { condition.unlock() }
    while nextToCheck < slots.count, nextToCheck >= nextToTake + window { condition.wait() }
    guard nextToCheck < slots.count else { return nil }
    nextToCheck += 1
    return nextToCheck - 1
  }

  /// The result for input `index`, waiting for it if need be; each is given out once.
  func take(_ index: Int) -> Output {
    condition.lock()
    defer { condition.unlock() }
    while slots[index] == nil { condition.wait() }
    let result = slots[index]!
    slots[index] = nil
    nextToTake = max(nextToTake, index + 1)
    condition.broadcast()
    return result
  }
}
