import Foundation

/// A time in the form stores keep it: UTC with milliseconds, `2026-11-26T11:21:00.123Z`.
public enum StoredTime {
  /// The stored form of `date`, to the nearest millisecond, so that a time read back from a
  /// store gives the same text again.
  public static func string(_ date: Date) -> String {
    let total = Int64((date.timeIntervalSince1970 * 1000).rounded())
    var seconds = time_t(total >= 0 ? total / 1000 : (total - 999) / 1000)
    let millis = Int(total - Int64(seconds) * 1000)
    var parts = tm()
    gmtime_r(&seconds, &parts)
    return String(
      format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1,
      Int(parts.tm_mday), Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec), millis)
  }

  /// `text` in the stored form when it is a time an answers file may give (`submitted:`), or
  /// already in that form; `nil` otherwise.
  public static func parse(_ text: String) -> String? { SubmissionTime.utc(text) }
}
