/// Numbers as a reader of each language writes them: Vietnamese uses a decimal comma and groups
/// thousands with dots (48,1; 100.000), English a decimal point and commas (48.1; 100,000).
///
/// Only for text a person reads; data files, JSON and CSV keep the plain machine form.
public enum NumberText {
  /// `value` with exactly `decimals` digits after the separator, grouped by thousands.
  ///
  /// ```swift
  /// NumberText.fixed(48.125, decimals: 1, .vi)  // "48,1"
  /// NumberText.fixed(100000, decimals: 0, .vi)  // "100.000"
  /// ```
  public static func fixed(_ value: Double, decimals: Int, _ language: Language) -> String {
    guard value.isFinite else { return String(value) }
    let scale = pow10(decimals)
    var scaled = (abs(value) * scale).rounded()
    let negative = value < 0 && scaled != 0
    var fraction = ""
    for _ in 0..<decimals {
      let digit = Int(scaled.truncatingRemainder(dividingBy: 10))
      fraction = String(digit) + fraction
      scaled = (scaled / 10).rounded(.down)
    }
    // A whole number below 2^53 prints as its integer does; beyond, as printf writes it.
    let whole = grouped(scaled < 0x1p53 ? String(Int64(scaled)) : String(format: "%.0f", scaled), language)
    let sign = negative ? "-" : ""
    return decimals == 0 ? sign + whole : sign + whole + decimalMark(language) + fraction
  }

  /// `value` with no trailing zeros (12; 3,5; 2,25), grouped by thousands.
  public static func plain(_ value: Double, _ language: Language) -> String {
    guard value.isFinite else { return String(value) }
    for decimals in 0...6 where (value * pow10(decimals)).rounded() == value * pow10(decimals) {
      return fixed(value, decimals: decimals, language)
    }
    return fixed(value, decimals: 6, language)
  }

  /// The character between the whole part and the fraction.
  public static func decimalMark(_ language: Language) -> String { language == .vi ? "," : "." }

  /// The character between groups of three digits.
  public static func groupingMark(_ language: Language) -> String { language == .vi ? "." : "," }

  static func grouped(_ digits: String, _ language: Language) -> String {
    let separator = Character(groupingMark(language))
    let count = digits.count
    guard count > 3 else { return digits }
    var result = ""
    for (index, digit) in digits.enumerated() {
      if index > 0, (count - index) % 3 == 0 { result.append(separator) }
      result.append(digit)
    }
    return result
  }

  static func pow10(_ n: Int) -> Double {
    var result = 1.0
    for _ in 0..<max(0, n) { result *= 10 }
    return result
  }
}
