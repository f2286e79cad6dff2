/// Scores for statistics sit on a fixed grid of tenths (0.0 … 100.0, or a count
/// questionnaire's 0 … 12): counted by grid point, they give exact quartiles without keeping
/// the scores themselves, and the histograms of groups add up to the histogram of their union.
///
/// Sums are kept in millionths as integers, so that adding and later taking away the same
/// scores (as the maintained statistics do) leaves exactly what was there.
public enum ScoreGrid {
  /// The number of grid points: score × 10 from 0 to 1000.
  public static let binCount = 1001

  /// The grid point a score falls on.
  public static func bin(_ score: Double) -> Int { min(binCount - 1, max(0, Int((score * 10).rounded()))) }

  /// A score in millionths.
  public static func micros(_ score: Double) -> Int64 { Int64((score * 1_000_000).rounded()) }
}
