/// Scores on their fixed grid of tenths, counted: exact quartiles and means without keeping
/// the scores themselves, and histograms of groups add up to the histogram of their union.
public struct ScoreHistogram: Sendable, Hashable {
  /// Counts by score × 10: 0.0 … 100.0 (or a count questionnaire's 0 … 12).
  public private(set) var counts: [Int32] = Array(repeating: 0, count: 1001)
  public private(set) var n = 0
  public private(set) var sum = 0.0

  public init() {}

  public mutating func add(_ score: Double) {
    let bin = min(counts.count - 1, max(0, Int((score * 10).rounded())))
    counts[bin] += 1
    n += 1
    sum += score
  }

  public mutating func merge(_ other: ScoreHistogram) {
    for index in counts.indices { counts[index] += other.counts[index] }
    n += other.n
    sum += other.sum
  }

  public var mean: Double? { n == 0 ? nil : sum / Double(n) }

  /// The score at fraction `p` of the way up: the smallest score with at least ⌈p × n⌉ scores
  /// at or below it (the "nearest rank" quantile, always a score that was given).
  public func quantile(_ p: Double) -> Double? {
    guard n > 0 else { return nil }
    let rank = max(1, Int((p * Double(n)).rounded(.up)))
    var seen = 0
    for (bin, count) in counts.enumerated() where count > 0 {
      seen += Int(count)
      if seen >= rank { return Double(bin) / 10 }
    }
    return nil
  }
}
