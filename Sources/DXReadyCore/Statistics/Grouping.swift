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

  /// The group of a business; `nil` when its assessment does not say (it then counts in the
  /// unknown group, ``GroupKey/unknown``).
  func key(_ record: StatisticsGroups, reference: ReferenceData) -> String? {
    switch self {
    case .locality:
      return record.locality
    case .formerDistrict:
      guard let locality = record.locality, let unit = reference.localities.unit(locality) else { return nil }
      return unit.former ?? (reference.localities.former.contains(unit) ? unit.id : nil)
    case .sector:
      guard let version = record.vsicVersion, let section = record.section else { return nil }
      return SectorKey(vsic: version, section: section).id
    case .broadSector:
      guard let version = record.vsicVersion, let section = record.section else { return nil }
      return reference.vsic.section(version: version, id: section)?.broad
    case .size:
      return record.sizeClass?.rawValue
    case .period:
      return record.period.description
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
  public var period: Period
  /// The legal form; `nil` when the profile does not say.
  public var legalForm: LegalForm?

  /// Groups; see each property.
  public init(
    locality: String?, vsicVersion: Int?, section: String?, sizeClass: SizeClass?, period: Period,
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

/// A row's value for one grouping: a group, the group of businesses whose assessment does not
/// give a value (a profile without a locality, say), or all businesses (a margin over that
/// grouping, or the province).
public enum GroupKey: Sendable, Hashable, Comparable {
  /// A group: a locality's or unit's id, a ``SectorKey``'s id, a size class, a period, a legal
  /// form, a broad sector — ids from the reference data and the code, never `(unknown)`.
  case value(String)
  /// The businesses whose assessment does not say.
  case unknown
  /// All businesses: the row is a margin over this grouping.
  case all

  /// The id that data files (CSV, JSON) carry for the unknown group.
  public static let unknownID = "(unknown)"

  /// The key as data files carry it: the group's id, `(unknown)`, or `nil` for all.
  public var id: String? {
    switch self {
    case .value(let id): return id
    case .unknown: return Self.unknownID
    case .all: return nil
    }
  }

  /// The key that data files write as `id` (`nil` for all).
  public init(id: String?) {
    switch id {
    case nil: self = .all
    case Self.unknownID: self = .unknown
    case let id?: self = .value(id)
    }
  }

  /// The group's own value; `nil` for the unknown group and for all.
  public var value: String? {
    if case .value(let value) = self { return value }
    return nil
  }

  /// Groups in the order of their ids (the unknown group by its id, before any value starting
  /// with a digit or a letter), all businesses last.
  public static func < (a: GroupKey, b: GroupKey) -> Bool {
    switch (a.id, b.id) {
    case (let x?, let y?): return x < y
    case (.some, nil): return true
    case (nil, _): return false
    }
  }
}

/// A VSIC section with its edition: `2018/G` is section G of VSIC 2018.
public struct SectorKey: Sendable, Hashable {
  /// The VSIC edition (2018, 2025).
  public var vsic: Int
  /// The section's letter.
  public var section: String

  /// A sector; see each property.
  public init(vsic: Int, section: String) {
    self.vsic = vsic
    self.section = section
  }

  /// A sector from its id (`2018/G`); `nil` for anything else.
  public init?(id: String) {
    let parts = id.split(separator: "/", omittingEmptySubsequences: false)
    guard parts.count == 2, let vsic = Int(parts[0]), !parts[1].isEmpty else { return nil }
    self.init(vsic: vsic, section: String(parts[1]))
  }

  /// The id that statistics tables and data files carry: `2018/G`.
  public var id: String { "\(vsic)/\(section)" }
}
