/// The province's locality list and the industry classification: the lists a business profile
/// is checked against, read from `Questionnaires/reference/`.
public struct ReferenceData: Sendable, Hashable {
  /// The province's administrative units.
  public var localities: LocalityList
  /// The VSIC sections of each version.
  public var vsic: VSIC

  /// Reference data; see each property.
  public init(localities: LocalityList, vsic: VSIC) {
    self.localities = localities
    self.vsic = vsic
  }
}

/// One province's administrative units: the current ones and the former district-level ones.
public struct LocalityList: Sendable, Hashable {
  /// An administrative unit.
  public struct Unit: Sendable, Hashable {
    /// Its id, as profiles and statistics name it.
    public var id: String
    /// Its name, in Vietnamese as officially written.
    public var name: String
    /// `ward`, `commune`, `special-zone`; for former units `city`, `town`, `district`.
    public var type: String
    /// For a current unit: the former district-level unit where it mainly lies (statistics by
    /// former district count its businesses there).
    public var former: String?
    /// For a current unit: its code in the national list of administrative units.
    public var code: String?
    /// For a current unit formed from parts of several former units: the others.
    public var alsoFrom: [String]

    /// A unit; see each property.
    public init(
      id: String, name: String, type: String, former: String? = nil, code: String? = nil, alsoFrom: [String] = []
    ) {
      self.id = id
      self.name = name
      self.type = type
      self.former = former
      self.code = code
      self.alsoFrom = alsoFrom
    }
  }

  /// The province's id (`quang-ninh`).
  public var provinceID: String
  /// The province's name.
  public var provinceName: String
  /// Units since 1 July 2025.
  public var current: [Unit]
  /// District-level units before 1 July 2025, for history and coarse statistics.
  public var former: [Unit]

  /// A list; see each property.
  public init(provinceID: String, provinceName: String, current: [Unit], former: [Unit]) {
    self.provinceID = provinceID
    self.provinceName = provinceName
    self.current = current
    self.former = former
  }

  /// The unit with this id, current or former.
  public func unit(_ id: String) -> Unit? {
    current.first { $0.id == id } ?? former.first { $0.id == id }
  }

  /// Current units that lie mainly in another former unit but took part of this one's area:
  /// their businesses count under that other unit.
  public func partlyFrom(_ formerID: String) -> [Unit] {
    current.filter { $0.alsoFrom.contains(formerID) }
  }
}

/// The VSIC sections of each version.
public struct VSIC: Sendable, Hashable {
  /// A section of the classification.
  public struct Section: Sendable, Hashable {
    /// The section's letter (`A`–`U`).
    public var id: String
    /// Its name, in both languages.
    public var name: LocalizedText
    /// The Decree 80/2021 sector group, which sets the size thresholds.
    public var sector: SizeClass.Sector
    /// `agriculture`, `industry-construction` or `services`, for coarse statistics.
    public var broad: String

    /// A section; see each property.
    public init(id: String, name: LocalizedText, sector: SizeClass.Sector, broad: String) {
      self.id = id
      self.name = name
      self.sector = sector
      self.broad = broad
    }
  }

  /// Sections by VSIC version (2018, 2025).
  public var versions: [Int: [Section]]

  /// The classification; see ``versions``.
  public init(versions: [Int: [Section]]) {
    self.versions = versions
  }

  /// The section with this letter in this version, if there is one.
  public func section(version: Int, id: String) -> Section? {
    versions[version]?.first { $0.id == id }
  }
}
