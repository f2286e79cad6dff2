/// The province's locality list and the industry classification: the lists a business profile
/// is checked against, read from `Questionnaires/reference/`.
public struct ReferenceData: Sendable, Hashable {
  public var localities: LocalityList
  public var vsic: VSIC

  public init(localities: LocalityList, vsic: VSIC) {
    self.localities = localities
    self.vsic = vsic
  }
}

/// One province's administrative units: the current ones and the former district-level ones.
public struct LocalityList: Sendable, Hashable {
  public struct Unit: Sendable, Hashable {
    public var id: String
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

  public var provinceID: String
  public var provinceName: String
  /// Units since 1 July 2025.
  public var current: [Unit]
  /// District-level units before 1 July 2025, for history and coarse statistics.
  public var former: [Unit]

  public init(provinceID: String, provinceName: String, current: [Unit], former: [Unit]) {
    self.provinceID = provinceID
    self.provinceName = provinceName
    self.current = current
    self.former = former
  }

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
  public struct Section: Sendable, Hashable {
    public var id: String
    public var name: LocalizedText
    /// The Decree 80/2021 sector group, which sets the size thresholds.
    public var sector: SizeClass.Sector
    /// `agriculture`, `industry-construction` or `services`, for coarse statistics.
    public var broad: String

    public init(id: String, name: LocalizedText, sector: SizeClass.Sector, broad: String) {
      self.id = id
      self.name = name
      self.sector = sector
      self.broad = broad
    }
  }

  /// Sections by VSIC version (2018, 2025).
  public var versions: [Int: [Section]]

  public init(versions: [Int: [Section]]) {
    self.versions = versions
  }

  public func section(version: Int, id: String) -> Section? {
    versions[version]?.first { $0.id == id }
  }
}
