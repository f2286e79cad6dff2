/// The fixed words of dxready's own output, in each language.
public enum Phrase {
  /// “Overall score” — the heading of the overall figure.
  public static let overall = Words.localized("overall_score")
  /// “Level” — a maturity level's heading.
  public static let level = Words.localized("level")
  /// “Dimension” — a column heading.
  public static let dimension = Words.localized("dimension")
  /// “Score” — a column heading.
  public static let score = Words.localized("score")
  /// “Coverage” — the share of a dimension's questions whose answers counted.
  public static let coverage = Words.localized("coverage")
  /// “Don't know” — the count of such answers.
  public static let dontKnowCount = Words.localized("dont_know_count")
  /// “Weakest dimension” — where the roadmap starts.
  public static let weakest = Words.localized("weakest_dimension")
  /// “Business” — a heading.
  public static let business = Words.localized("business")
  /// “insufficient data” — a score that was not computed.
  public static let insufficientData = Words.localized("insufficient_data")
  /// The sentence said when a dimension's data leaves no overall score.
  public static let overallInsufficient = Words.localized("overall_insufficient")
  /// “not applicable” — the answer.
  public static let notApplicable = Words.localized("not_applicable")
  /// “don't know” — the answer.
  public static let dontKnow = Words.localized("dont_know")
  /// “unanswered” — a question without an answer.
  public static let unanswered = Words.localized("unanswered")
  /// “not scored” — a question that does not count towards a score.
  public static let notScored = Words.localized("not_scored")
  /// “Method” — the scoring method's heading.
  public static let method = Words.localized("method")
  /// “of” — as in “3 of 5”.
  public static let of = Words.localized("of")
  /// “points” — a question's points.
  public static let points = Words.localized("points")
  /// Why “not applicable” answers do not lower a score: they are left out of both sums.
  public static let excludedNA = Words.localized("excluded_not_applicable")
  /// Why a dimension is not scored: too many “not applicable” answers.
  public static let tooManyNA = Words.localized("too_many_not_applicable")
  /// Why a dimension is not scored: no answer that counts.
  public static let noCountedAnswers = Words.localized("no_counted_answers")
}
