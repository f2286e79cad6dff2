/// Disclosure control of every published statistic: what officials and open data may see of a
/// group of businesses, so that no figure, and no combination of figures from any number of
/// tables, periods or queries, reveals one business's score or level.
///
/// The method (`dxready-sdc/1`) combines a threshold with the *cell key method* of
/// perturbation, used for flexible tables by the Australian Bureau of Statistics' TableBuilder
/// and in the 2021 censuses of the UK and the EU:
///
/// 1. **Threshold.** A group of fewer than `minCell` businesses (10 unless asked for more; the
///    command line accepts no less) publishes nothing but the code `c`.
/// 2. **A key per group of contributors.** Every published figure gets a pseudo-random draw that
///    depends only on the exact figures of the businesses behind it, through a keyed hash
///    (SipHash-2-4) under a secret that each database makes once and never shows. The same
///    businesses with the same assessments always get the same draw, whatever table, grouping
///    or period they are asked for in: repeating or rephrasing a query gives the same numbers,
///    so the noise cannot be averaged away; different contributors get unrelated draws.
/// 3. **Counts** (businesses, and businesses at each level) move by −2 to +2 (probabilities
///    0.05, 0.20, 0.50, 0.20, 0.05). A level count of 0 stays 0; a published level count never
///    passes the group's size, and a group's count never drops below `minCell`.
/// 4. **Scores.** A mean is published as (total + η × B) / n, where η is uniform in [−1, 1] from
///    the draw and B is 30 % of the score's range (30 points for scores out of 100), rounded
///    to two decimals. A group of n businesses moves by at most B / n: ±3 points for 10
///    businesses, ±0.3 for 100. Working one business's score out by subtracting one mean from
///    another leaves an error of up to ±2B (±60 points).
/// 5. **Quartiles** only for groups of at least 20 scores (so that none is the smallest or the
///    largest value: the first quartile is at least the fifth value), shifted together by up to
///    2 % of the range (±2 points) and rounded to whole points. Minimum and maximum are never
///    computed.
///
/// What a user of the figures loses: counts are off by up to 2 and do not add up exactly
/// across a table; a group's mean is off by up to ±30/n points; quartiles are whole points and
/// exist only for groups of 20 or more. Large groups are barely touched (a province of 1,000
/// businesses: means ±0.03 points).
///
/// The attacker test (`Tests/Attack/attack.py`, run by `.ci/run`) checks the whole method
/// against linear programmes over every table a user can publish.
public struct DisclosureControl: Sendable, Hashable {
  /// The method's name, stated in every output.
  public static let method = "dxready-sdc/1"
  /// Counts move by at most this many.
  public static let countNoise = 2
  /// Totals of scores move by at most this share of the score's range.
  public static let totalNoiseShare = 0.3
  /// Quartiles are published only for groups of at least this many scores.
  public static let quartileMinimum = 20
  /// Quartiles move by at most this share of the score's range, then are rounded.
  public static let quartileNoiseShare = 0.02

  /// What the protection is, for readers of the figures: one paragraph, in their language.
  public static func statement(minCell: Int, _ language: Language) -> String {
    Words.text(
      "disclosure_statement", language,
      [
        "method": method, "min_cell": String(minCell), "count_noise": String(countNoise),
        "mean_noise": String(Int(totalNoiseShare * 100)), "quartile_minimum": String(quartileMinimum),
        "quartile_noise": String(Int(quartileNoiseShare * 100)),
      ])
  }

  /// No figure rests on fewer businesses than this.
  public var minCell: Int
  /// The database's secret: the draws cannot be worked out without it.
  public var key: NoiseKey

  /// Disclosure control with this threshold and key.
  public init(minCell: Int, key: NoiseKey) {
    self.minCell = minCell
    self.key = key
  }

  /// The exact figures of one group, before protection.
  public struct ExactFigures: Sendable, Hashable {
    /// Businesses in the group.
    public var count: Int
    /// Businesses at each level.
    public var levelCounts: [Int]
    /// Per measure (the overall score, then each dimension): how many scores, their sum in
    /// millionths, and the nearest-rank quartiles on the grid of tenths (`nil` without scores).
    public var measures: [Measure]

    /// One measure's exact figures in a group.
    public struct Measure: Sendable, Hashable {
      /// How many businesses have a score of it.
      public var n: Int
      /// Their scores' exact sum, in millionths.
      public var sumMicros: Int64
      /// The first quartile, median and third quartile on the grid of tenths; `nil` without scores.
      public var quartiles: (Double, Double, Double)?

      /// A measure's figures; see each property.
      public init(n: Int, sumMicros: Int64, quartiles: (Double, Double, Double)?) {
        self.n = n
        self.sumMicros = sumMicros
        self.quartiles = quartiles
      }

      /// The same counts, sum and quartiles.
      public static func == (a: Self, b: Self) -> Bool {
        a.n == b.n && a.sumMicros == b.sumMicros && a.quartiles?.0 == b.quartiles?.0
          && a.quartiles?.1 == b.quartiles?.1 && a.quartiles?.2 == b.quartiles?.2
      }

      /// Hashes the count and sum.
      public func hash(into hasher: inout Hasher) {
        hasher.combine(n)
        hasher.combine(sumMicros)
      }
    }

    /// A group's exact figures; see each property.
    public init(count: Int, levelCounts: [Int], measures: [Measure]) {
      self.count = count
      self.levelCounts = levelCounts
      self.measures = measures
    }
  }

  /// What is published of one group.
  public struct Published: Sendable, Hashable {
    /// The group's count as published (perturbed).
    public var count: Int
    /// Businesses at each level, as published (perturbed).
    public var levelCounts: [Int]
    /// The share at each level, 0–1, from the published counts.
    public var levelShares: [Double]
    /// Per measure; `nil` where the group has no score of it.
    public var summaries: [StatisticsTable.Summary?]
  }

  /// The protected figures of a group of at least ``minCell`` businesses. `scales` gives each
  /// measure's range (its maximum; 100 for scores out of 100).
  public func publish(_ exact: ExactFigures, scales: [Double]) -> Published {
    let cellKey = fingerprint(exact)
    var draw = 0 as UInt64
    func next(_ tag: UInt64) -> Double {
      draw = key.hash(cellKey, tag)
      return Double(draw >> 11) / Double(1 << 53)
    }
    let count = max(minCell, exact.count + Self.countChange(next(1)))
    let levelCounts = exact.levelCounts.enumerated().map { level, n -> Int in
      guard n > 0 else { return 0 }
      return min(exact.count, max(0, n + Self.countChange(next(100 + UInt64(level)))))
    }
    let sharesTotal = levelCounts.reduce(0, +)
    let levelShares = levelCounts.map { sharesTotal == 0 ? 0 : Double($0) / Double(sharesTotal) }
    let summaries = exact.measures.enumerated().map { index, measure -> StatisticsTable.Summary? in
      guard measure.n > 0 else { return nil }
      let scale = index < scales.count ? scales[index] : 100
      let total = Double(measure.sumMicros) / 1_000_000
      let eta = 2 * next(200 + UInt64(index)) - 1
      let mean = min(scale, max(0, (total + eta * Self.totalNoiseShare * scale) / Double(measure.n)))
      var summary = StatisticsTable.Summary(mean: (mean * 100).rounded() / 100, q1: nil, median: nil, q3: nil)
      if measure.n >= Self.quartileMinimum, let (q1, median, q3) = measure.quartiles {
        let shift = (2 * next(300 + UInt64(index)) - 1) * Self.quartileNoiseShare * scale
        func publish(_ q: Double) -> Double { min(scale, max(0, (q + shift).rounded())) }
        summary.q1 = publish(q1)
        summary.median = publish(median)
        summary.q3 = publish(q3)
      }
      return summary
    }
    return Published(count: count, levelCounts: levelCounts, levelShares: levelShares, summaries: summaries)
  }

  /// The change to a count for a uniform draw `u` in [0, 1): −2 to +2 with probabilities
  /// 0.05, 0.20, 0.50, 0.20, 0.05 (mean 0, variance 0.8).
  static func countChange(_ u: Double) -> Int {
    switch u {
    case ..<0.05: -2
    case ..<0.25: -1
    case ..<0.75: 0
    case ..<0.95: 1
    default: 2
    }
  }

  /// The cell key: a digest of the group's exact figures, which the same contributors always
  /// give and different contributors almost never share.
  func fingerprint(_ exact: ExactFigures) -> UInt64 {
    var hasher = key.hasher()
    hasher.add(UInt64(exact.count))
    for n in exact.levelCounts { hasher.add(UInt64(n)) }
    for measure in exact.measures {
      hasher.add(UInt64(measure.n))
      hasher.add(UInt64(bitPattern: measure.sumMicros))
    }
    return hasher.finish()
  }
}

/// A database's secret for the statistics' noise: 128 random bits, made once when the database
/// is made, used as a SipHash-2-4 key. Published figures depend on it, and it is never shown.
public struct NoiseKey: Sendable, Hashable {
  /// The first 64 bits of the key.
  public var k0: UInt64
  /// The second 64 bits of the key.
  public var k1: UInt64

  /// A key of these two halves.
  public init(k0: UInt64, k1: UInt64) {
    self.k0 = k0
    self.k1 = k1
  }

  /// A key from 16 stored bytes (little-endian); `nil` for any other length.
  public init?(bytes: [UInt8]) {
    guard bytes.count == 16 else { return nil }
    func word(_ offset: Int) -> UInt64 {
      (0..<8).reduce(0) { $0 | UInt64(bytes[offset + $1]) << (8 * UInt64($1)) }
    }
    self.init(k0: word(0), k1: word(8))
  }

  /// 16 bytes from the system's random source.
  public static func random() -> [UInt8] {
    var generator = SystemRandomNumberGenerator()
    return (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
  }

  func hasher() -> SipHasher { SipHasher(k0: k0, k1: k1) }

  /// SipHash-2-4 of two words.
  func hash(_ a: UInt64, _ b: UInt64) -> UInt64 {
    var hasher = hasher()
    hasher.add(a)
    hasher.add(b)
    return hasher.finish()
  }
}

/// SipHash-2-4 (Aumasson and Bernstein, 2012) over 64-bit words: a keyed pseudo-random function,
/// so that the draws look random to anyone without the key.
struct SipHasher {
  var v0: UInt64
  var v1: UInt64
  var v2: UInt64
  var v3: UInt64
  var length: UInt64 = 0

  init(k0: UInt64, k1: UInt64) {
    v0 = k0 ^ 0x736f_6d65_7073_6575
    v1 = k1 ^ 0x646f_7261_6e64_6f6d
    v2 = k0 ^ 0x6c79_6765_6e65_7261
    v3 = k1 ^ 0x7465_6462_7974_6573
  }

  @inline(__always) mutating func round() {
    v0 &+= v1
    v1 = v1.rotateLeft(13) ^ v0
    v0 = v0.rotateLeft(32)
    v2 &+= v3
    v3 = v3.rotateLeft(16) ^ v2
    v0 &+= v3
    v3 = v3.rotateLeft(21) ^ v0
    v2 &+= v1
    v1 = v1.rotateLeft(17) ^ v2
    v2 = v2.rotateLeft(32)
  }

  /// Adds one 8-byte block (the word, little-endian).
  mutating func add(_ word: UInt64) {
    v3 ^= word
    round()
    round()
    v0 ^= word
    length &+= 8
  }

  mutating func finish() -> UInt64 {
    let last = (length & 0xff) << 56
    v3 ^= last
    round()
    round()
    v0 ^= last
    v2 ^= 0xff
    round()
    round()
    round()
    round()
    return v0 ^ v1 ^ v2 ^ v3
  }
}

extension UInt64 {
  @inline(__always) func rotateLeft(_ n: UInt64) -> UInt64 { (self << n) | (self >> (64 - n)) }
}
