import Foundation

/// Checks files on background threads, in order, while the caller takes the results one by one:
/// the database writer stores file N while later files are still being read and checked. When
/// the caller would have to wait, it checks the next file itself instead of sitting idle.
final class CheckedQueue<Output: Sendable>: @unchecked Sendable {
  /// The checked results not taken yet, by index: at most a window's worth, so that memory
  /// does not grow with the number of inputs.
  private var slots: [Int: Output] = [:]
  private let total: Int
  private var nextToCheck = 0
  private var nextToTake = 0
  /// How far checking may run ahead of the taker, so that memory stays bounded. More than a
  /// PostgreSQL batch (1,000 assessments): while the server stores one batch, the next is
  /// checked, rather than the checker waiting with the writer.
  private let window = 2560
  private let condition = NSCondition()
  private let check: @Sendable (Int) -> Output

  /// Starts checking `inputs` with `check` on `workers` background threads.
  convenience init<Input: Sendable>(_ inputs: [Input], workers: Int, check: @escaping @Sendable (Input) -> Output) {
    self.init(count: inputs.count, workers: workers) { check(inputs[$0]) }
  }

  /// Starts checking inputs `0..<count`, each given to `check` by its index.
  init(count: Int, workers: Int, check: @escaping @Sendable (Int) -> Output) {
    total = count
    self.check = check
    for _ in 0..<max(0, min(count, workers)) {
      Thread.detachNewThread { [self] in
        while let index = claim(waiting: true) { store(index, self.check(index)) }
      }
    }
  }

  var count: Int { total }

  /// The next unchecked index; a worker waits while it is a full window ahead of the taker.
  private func claim(waiting: Bool) -> Int? {
    condition.lock()
    defer { condition.unlock() }
    while waiting, nextToCheck < total, nextToCheck >= nextToTake + window { condition.wait() }
    guard nextToCheck < total, nextToCheck < nextToTake + window || !waiting else { return nil }
    nextToCheck += 1
    return nextToCheck - 1
  }

  private func store(_ index: Int, _ result: Output) {
    condition.lock()
    slots[index] = result
    condition.broadcast()
    condition.unlock()
  }

  /// The result for input `index`, checking files meanwhile if it is not ready; each is given out once.
  func take(_ index: Int) -> Output {
    condition.lock()
    while slots[index] == nil {
      if nextToCheck < total {
        condition.unlock()
        if let claimed = claim(waiting: false) { store(claimed, check(claimed)) }
        condition.lock()
      } else {
        condition.wait()
      }
    }
    let result = slots.removeValue(forKey: index)!
    nextToTake = max(nextToTake, index + 1)
    condition.broadcast()
    condition.unlock()
    return result
  }
}
