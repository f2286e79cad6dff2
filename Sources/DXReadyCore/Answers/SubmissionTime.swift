/// The `submitted:` time of an answers file, read into the stored UTC form.
enum SubmissionTime {
  /// `2026-04-01T03:00:00+07:00`, `2026-03-31T20:00:00Z` (seconds and fractions optional) or a
  /// date alone, `2026-04-01`, taken as midnight in Vietnam (UTC+7): as UTC text with
  /// milliseconds (`2026-03-31T20:00:00.000Z`); `nil` when the text is none of these or not a
  /// real date.
  static func utc(_ text: String) -> String? {
    let bytes = Array(text.utf8)
    func number(_ range: Range<Int>) -> Int? { Self.digits(bytes, range) }
    guard bytes.count >= 10, bytes[4] == 45, bytes[7] == 45, let year = number(0..<4), let month = number(5..<7),
      let day = number(8..<10), (1...12).contains(month), (1...Period.daysIn(year: year, month: month)).contains(day),
      year >= 1900
    else { return nil }
    var (hour, minute, second, offsetMinutes) = (0, 0, 0, Period.provinceOffsetHours * 60)
    if bytes.count > 10 {
      guard bytes[10] == 84 || bytes[10] == 32, let h = number(11..<13), bytes.count > 13, bytes[13] == 58,
        let m = number(14..<16), h < 24, m < 60
      else { return nil }
      (hour, minute) = (h, m)
      var index = 16
      if index < bytes.count, bytes[index] == 58 {
        guard let s = number(17..<19), s < 60 else { return nil }
        second = s
        index = 19
        if index < bytes.count, bytes[index] == 46 {
          index += 1
          while index < bytes.count, (48...57).contains(bytes[index]) { index += 1 }
        }
      }
      guard index < bytes.count else { return nil }  // a time needs its offset
      if bytes[index] == 90, index + 1 == bytes.count {
        offsetMinutes = 0
      } else if bytes[index] == 43 || bytes[index] == 45, index + 6 == bytes.count, bytes[index + 3] == 58,
        let oh = number(index + 1..<index + 3), let om = number(index + 4..<index + 6), oh < 15, om < 60
      {
        offsetMinutes = (oh * 60 + om) * (bytes[index] == 43 ? 1 : -1)
      } else {
        return nil
      }
    }
    // Minutes since the epoch of the civil date, less the offset.
    let days = daysFromCivil(year: year, month: month, day: day)
    var total = days * 1440 + hour * 60 + minute - offsetMinutes
    let dayCount = Int((Double(total) / 1440).rounded(.down))
    total -= dayCount * 1440
    let (y, mo, d) = civil(fromDays: dayCount)
    func two(_ n: Int) -> String { n < 10 ? "0\(n)" : String(n) }
    let yyyy = String(repeating: "0", count: max(0, 4 - String(y).count)) + String(y)
    return "\(yyyy)-\(two(mo))-\(two(d))T\(two(total / 60)):\(two(total % 60)):\(two(second)).000Z"
  }

  /// The decimal number written with ASCII digits at `range` of `bytes`; `nil` when the range
  /// runs past the end or holds anything else.
  static func digits(_ bytes: [UInt8], _ range: Range<Int>) -> Int? {
    guard range.upperBound <= bytes.count else { return nil }
    var value = 0
    for byte in bytes[range] {
      guard (48...57).contains(byte) else { return nil }
      value = value * 10 + Int(byte - 48)
    }
    return value
  }

  /// Days from 1970-01-01 to a civil date (proleptic Gregorian; Howard Hinnant's algorithm).
  static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146097 + doe - 719468
  }

  /// The civil date of a day count from 1970-01-01.
  static func civil(fromDays days: Int) -> (year: Int, month: Int, day: Int) {
    let z = days + 719468
    let era = (z >= 0 ? z : z - 146096) / 146097
    let doe = z - era * 146097
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let day = doy - (153 * mp + 2) / 5 + 1
    let month = mp + (mp < 10 ? 3 : -9)
    return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
  }
}
