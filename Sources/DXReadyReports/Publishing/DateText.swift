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

  /// `2026-11-26 11:21`.
  public static func minutes(_ date: Date) -> String {
    let p = parts(date)
    return String(
      format: "%04d-%02d-%02d %02d:%02d", Int(p.tm_year) + 1900, Int(p.tm_mon) + 1, Int(p.tm_mday), Int(p.tm_hour),
      Int(p.tm_min))
  }
}
