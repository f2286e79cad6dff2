/// What kind of business a profile describes. Household businesses (hộ kinh doanh) are most of
/// the province's businesses; since 1 July 2025 they use the 12-digit personal identification
/// number of their owner as tax code (Circular 86/2024/TT-BTC; see ``TaxCode``).
public enum LegalForm: String, Sendable, Hashable, Codable, CaseIterable {
  /// An enterprise under the Law on Enterprises (company or private enterprise).
  case enterprise
  /// A cooperative or cooperative union.
  case cooperative
  /// A household business.
  case household

  /// The form's name, in both languages.
  public var name: LocalizedText {
    switch self {
    case .enterprise: Words.localized("legal_form_enterprise")
    case .cooperative: Words.localized("legal_form_cooperative")
    case .household: Words.localized("legal_form_household")
    }
  }

  /// Whether Decree 80/2021's size classes apply: the decree classifies enterprises only.
  public var hasSizeClass: Bool { self == .enterprise }
}
