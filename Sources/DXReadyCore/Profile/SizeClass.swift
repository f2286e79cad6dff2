/// Enterprise size classes of Decree 80/2021/NĐ-CP, Article 5.
public enum SizeClass: String, Sendable, Hashable, Codable, CaseIterable {
  case micro
  case small
  case medium
  /// Above medium: not an SME.
  case large

  /// The class's name, in both languages.
  public var name: LocalizedText {
    switch self {
    case .micro: Words.localized("size_micro")
    case .small: Words.localized("size_small")
    case .medium: Words.localized("size_medium")
    case .large: Words.localized("size_large")
    }
  }

  /// The sector groups whose thresholds differ.
  public enum Sector: String, Sendable, Hashable, Codable {
    /// Agriculture, forestry, fishing; industry and construction.
    case agricultureIndustry = "agriculture-industry"
    /// Trade and services.
    case tradeServices = "trade-services"
  }

  /// (employees, revenue, capital) ceilings, billion VND, for micro, small, medium.
  static func ceilings(_ sector: Sector) -> [(SizeClass, Int, Double, Double)] {
    switch sector {
    case .agricultureIndustry: [(.micro, 10, 3, 3), (.small, 100, 50, 20), (.medium, 200, 200, 100)]
    case .tradeServices: [(.micro, 10, 10, 3), (.small, 50, 100, 50), (.medium, 100, 300, 100)]
    }
  }

  /// The class of a business: the smallest class whose employee ceiling it meets **and** whose
  /// revenue **or** capital ceiling it meets. `nil` when employees, or both revenue and capital,
  /// are unknown.
  public static func classify(
    sector: Sector, employees: Int?, revenueBillionVND: Double?, capitalBillionVND: Double?
  ) -> SizeClass? {
    guard let employees, revenueBillionVND != nil || capitalBillionVND != nil else { return nil }
    for (sizeClass, maxEmployees, maxRevenue, maxCapital) in ceilings(sector) where employees <= maxEmployees {
      let revenueFits = revenueBillionVND.map { $0 <= maxRevenue } ?? false
      let capitalFits = capitalBillionVND.map { $0 <= maxCapital } ?? false
      if revenueFits || capitalFits { return sizeClass }
    }
    return .large
  }
}
