/// One business's latest assessment, as statistics see it: its groups and its scores, never
/// its name, tax code or answers.
public struct StatisticsRecord: Sendable, Hashable {
  /// The business's commune-level unit.
  public var locality: String?
  /// The VSIC edition of its sector.
  public var vsicVersion: Int?
  /// The VSIC section.
  public var section: String?
  /// Its size class, when it has one.
  public var sizeClass: SizeClass?
  /// Enterprise, cooperative or household business, when the profile says.
  public var legalForm: LegalForm?
  /// `2026-11-26T…`: the time the assessment was submitted.
  public var submittedAt: String
  /// The overall score, when there is one.
  public var overallScore: Double?
  /// The maturity level, when there is one.
  public var overallLevel: Int?
  /// Dimension scores in questionnaire order; `nil` where there was not enough data.
  public var dimensionScores: [Double?]

  /// A record; see each property.
  public init(
    locality: String?, vsicVersion: Int?, section: String?, sizeClass: SizeClass?, submittedAt: String,
    overallScore: Double?, overallLevel: Int?, dimensionScores: [Double?], legalForm: LegalForm? = nil
  ) {
    self.legalForm = legalForm
    self.locality = locality
    self.vsicVersion = vsicVersion
    self.section = section
    self.sizeClass = sizeClass
    self.submittedAt = submittedAt
    self.overallScore = overallScore
    self.overallLevel = overallLevel
    self.dimensionScores = dimensionScores
  }

  func groups(quarterly: Bool) -> StatisticsGroups {
    StatisticsGroups(
      locality: locality, vsicVersion: vsicVersion, section: section, sizeClass: sizeClass,
      period: Period.of(submittedAt, quarterly: quarterly), legalForm: legalForm)
  }
}

/// A period of submission: a year (`2026`) or a quarter (`2026-Q3`). Periods sort by year, a
/// year before its quarters.
public struct Period: Sendable, Hashable, Comparable, CustomStringConvertible {
  /// The year.
  public var year: Int
  /// The quarter (1–4) of a quarterly period; `nil` for a whole year.
  public var quarter: Int?

  /// A year, or one of its quarters (1–4). Unlike ``init(_:)``, which reads what a person
  /// types (a year of four digits from 1900), any year is taken: a period worked out from a
  /// submission time may fall just outside (1899 for the first hours of 1900 in UTC+14).
  public init(year: Int, quarter: Int? = nil) {
    self.year = year
    self.quarter = quarter
  }

  /// A period as a person writes it (`2026` or `2026-Q3`, a year from 1900 to 9999): the text
  /// of a period (``init(stored:)``) in that range; `nil` for anything else.
  public init?(_ text: String) {
    guard let period = Period(stored: text), (1900...9999).contains(period.year) else { return nil }
    self = period
  }

  /// The period as text: `2026` or `2026-Q3`.
  public var description: String { quarter.map { "\(year)-Q\($0)" } ?? String(year) }

  /// A period from the text a store keeps (its ``description``), whatever its year; `nil`
  /// for any text that is not exactly the description of a period (`2026-`, `+2026`,
  /// `2026-Q9`): a damaged row.
  public init?(stored text: String) {
    let parts = text.split(separator: "-", omittingEmptySubsequences: false)
    guard (1...2).contains(parts.count), let year = Int(parts[0]) else { return nil }
    var quarter: Int?
    if parts.count == 2 {
      guard parts[1].first == "Q", let number = Int(parts[1].dropFirst()), (1...4).contains(number) else { return nil }
      quarter = number
    }
    self.init(year: year, quarter: quarter)
    guard description == text else { return nil }
  }

  /// By year, a year before its quarters, quarters in order (the order of their texts).
  public static func < (a: Period, b: Period) -> Bool { (a.year, a.quarter ?? 0) < (b.year, b.quarter ?? 0) }

  /// The province's offset from UTC: Vietnam time (Asia/Ho_Chi_Minh), UTC+7 all year (no
  /// daylight saving). Periods are cut at midnight there, not in UTC.
  public static let provinceOffsetHours = 7

  /// The half-open range of stored (UTC) ISO 8601 timestamps in the period: from midnight
  /// Vietnam time on its first day, which is 17:00 UTC the day before.
  public var timestamps: (from: String, to: String) {
    let start = quarter.map { ($0 - 1) * 3 + 1 } ?? 1
    let end = quarter.map { ($0 - 1) * 3 + 4 } ?? 13
    return (
      Self.utcStart(year: year, month: start),
      Self.utcStart(year: end > 12 ? year + 1 : year, month: (end - 1) % 12 + 1)
    )
  }

  /// The UTC timestamp of midnight, Vietnam time, on the first day of a month.
  static func utcStart(year: Int, month: Int) -> String {
    // The day before at 24 − 7 = 17:00 UTC.
    var (y, m) = (year, month - 1)
    if m == 0 { (y, m) = (year - 1, 12) }
    let day = daysIn(year: y, month: m)
    let hour = 24 - provinceOffsetHours
    return "\(y)-\(two(m))-\(two(day))T\(two(hour)):00:00Z"
  }

  static func two(_ n: Int) -> String { n < 10 ? "0\(n)" : String(n) }

  static func daysIn(year: Int, month: Int) -> Int {
    switch month {
    case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
  }

  /// The year and month of a stored UTC timestamp (`2026-03-31T20:00:00Z`) in Vietnam time
  /// (`2026`, 4): seven hours later, which may be the next day, month or year.
  static func local(_ timestamp: String) -> (year: Int, month: Int) {
    let utf8 = Array(timestamp.utf8.prefix(13))
    func number(_ range: Range<Int>) -> Int? { SubmissionTime.digits(utf8, range) }
    guard let year = number(0..<4), let month = number(5..<7), (1...12).contains(month) else {
      return (Int(timestamp.prefix(4)) ?? 0, 1)
    }
    guard let day = number(8..<10), let hour = number(11..<13),
      hour + provinceOffsetHours >= 24, day >= daysIn(year: year, month: month)
    else { return (year, month) }
    // The last day of the month, late enough in UTC to be the next day in Vietnam.
    return month == 12 ? (year + 1, 1) : (year, month + 1)
  }

  /// The year (`2026`) of a stored UTC timestamp, in Vietnam time.
  static func year(_ timestamp: String) -> Period { Period(year: local(timestamp).year) }

  /// The year or the quarter of a stored UTC timestamp, in Vietnam time.
  static func of(_ timestamp: String, quarterly: Bool) -> Period {
    let (year, month) = local(timestamp)
    return Period(year: year, quarter: quarterly ? (month - 1) / 3 + 1 : nil)
  }
}
