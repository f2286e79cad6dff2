import DXReadyCore
import Foundation

/// Dates as text in UTC, without building a formatter for each one (that costs more than a
/// whole page of `list`).
public enum DateText {
  public static func parts(_ date: Date) -> tm {
    var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
    var parts = tm()
    gmtime_r(&seconds, &parts)
    return parts
  }

  /// `2026-11-26T11:21:00Z`.
  public static func iso(_ date: Date) -> String {
    let p = parts(date)
    return String(
      format: "%04d-%02d-%02dT%02d:%02d:%02dZ", Int(p.tm_year) + 1900, Int(p.tm_mon) + 1, Int(p.tm_mday),
      Int(p.tm_hour), Int(p.tm_min), Int(p.tm_sec))
  }

  /// The day of a stored UTC timestamp (`2026-11-30T20:10:00.000Z`) in the province, UTC+7,
  /// as `2026-12-01`: the day periods and reports count it in.
  public static func provinceDay(_ timestamp: String) -> String {
    let parser = ISO8601DateFormatter()
    parser.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    guard let date = parser.date(from: timestamp) ?? ISO8601DateFormatter().date(from: timestamp) else {
      return String(timestamp.prefix(10))
    }
    let p = parts(date.addingTimeInterval(Double(Period.provinceOffsetHours) * 3600))
    return String(format: "%04d-%02d-%02d", Int(p.tm_year) + 1900, Int(p.tm_mon) + 1, Int(p.tm_mday))
  }

  /// `2026-11-26 11:21`.
  public static func minutes(_ date: Date) -> String {
    let p = parts(date)
    return String(
      format: "%04d-%02d-%02d %02d:%02d", Int(p.tm_year) + 1900, Int(p.tm_mon) + 1, Int(p.tm_mday), Int(p.tm_hour),
      Int(p.tm_min))
  }
}
