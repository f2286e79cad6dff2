/// What statistics can be grouped by.
public enum Grouping: String, Sendable, Hashable, CaseIterable {
  /// The current commune-level unit.
  case locality
  /// The former district-level unit (before 1 July 2025) the locality mainly lies in.
  case formerDistrict = "former-district"
  /// The VSIC section (with its version).
  case sector
  /// Agriculture, industry-construction or services.
  case broadSector = "broad-sector"
  /// The Decree 80/2021 size class.
  case size
  /// The year, or the quarter when `--period` names a quarter.
  case period
  /// Enterprise, cooperative or household business.
  case legalForm = "legal-form"

  /// The group of a business; `nil` when its assessment does not say (it then counts only in
  /// totals).
  func key(_ record: StatisticsGroups, reference: ReferenceData) -> String? {
    switch self {
    case .locality:
      return record.locality
    case .formerDistrict:
      guard let locality = record.locality, let unit = reference.localities.unit(locality) else { return nil }
      return unit.former ?? (reference.localities.former.contains(unit) ? unit.id : nil)
    case .sector:
      guard let version = record.vsicVersion, let section = record.section else { return nil }
      return "\(version)/\(section)"
    case .broadSector:
      guard let version = record.vsicVersion, let section = record.section else { return nil }
      return reference.vsic.section(version: version, id: section)?.broad
    case .size:
      return record.sizeClass?.rawValue
    case .period:
      return record.period
    case .legalForm:
      return record.legalForm?.rawValue
    }
  }
}

/// What a business's counted assessment says about the groups it belongs to.
public struct StatisticsGroups: Sendable, Hashable {
  /// The commune-level unit; `nil` when the profile has none.
  public var locality: String?
  /// The VSIC edition of the section.
  public var vsicVersion: Int?
  /// The VSIC section; `nil` when the profile has none.
  public var section: String?
  /// The size class; `nil` for a business without one.
  public var sizeClass: SizeClass?
  /// The year it was submitted in, or the quarter when statistics are for a quarter.
  public var period: String
  /// The legal form; `nil` when the profile does not say.
  public var legalForm: LegalForm?

  /// Groups; see each property.
  public init(
    locality: String?, vsicVersion: Int?, section: String?, sizeClass: SizeClass?, period: String,
    legalForm: LegalForm? = nil
  ) {
    self.legalForm = legalForm
    self.locality = locality
    self.vsicVersion = vsicVersion
    self.section = section
    self.sizeClass = sizeClass
    self.period = period
  }
}
