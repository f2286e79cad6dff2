/// The business an assessment is about, collected before the questions and never scored.
///
/// The fields are the same for every questionnaire, so they are defined here rather than in
/// questionnaire files; `Questionnaires/README.md` documents them.
public struct BusinessProfile: Sendable, Hashable, Codable {
  /// The business's registered name.
  public var name: String?
  /// Tax code: 10 digits, or 13 with a branch suffix (`0100109106-001`); for a household
  /// business, also the owner's 12-digit personal identification number (personal data).
  public var taxCode: String?
  /// Enterprise, cooperative or household business; `nil` when not given (older profiles).
  public var legalForm: LegalForm?
  /// An id from the province's locality list.
  public var locality: String?
  /// Its main activity in the industry classification.
  public var industry: Industry?
  /// Average employees with social insurance over the year.
  public var employees: Int?
  /// Annual revenue, billion VND.
  public var revenueBillionVND: Double?
  /// Total capital, billion VND.
  public var capitalBillionVND: Double?

  /// A profile; see each property.
  public init(
    name: String? = nil, taxCode: String? = nil, locality: String? = nil, industry: Industry? = nil,
    employees: Int? = nil, revenueBillionVND: Double? = nil, capitalBillionVND: Double? = nil,
    legalForm: LegalForm? = nil
  ) {
    self.legalForm = legalForm
    self.name = name
    self.taxCode = taxCode
    self.locality = locality
    self.industry = industry
    self.employees = employees
    self.revenueBillionVND = revenueBillionVND
    self.capitalBillionVND = capitalBillionVND
  }

  /// The profile as outputs show it: a household's personal identification number masked
  /// (see ``TaxCode/masked``).
  public var masked: BusinessProfile {
    var copy = self
    copy.taxCode = taxCode.map(TaxCode.masked)
    return copy
  }

  enum CodingKeys: String, CodingKey {
    case name, taxCode = "tax_code", legalForm = "legal_form", locality, industry, employees
    case revenueBillionVND = "revenue_billion_vnd", capitalBillionVND = "capital_billion_vnd"
  }
}

/// An industry classification: a VSIC code is meaningless without its version.
public struct Industry: Sendable, Hashable, Codable {
  /// `2018` or `2025`.
  public var vsic: Int
  /// The section letter, such as `G`.
  public var section: String
  /// An optional more detailed code, such as `4711`.
  public var code: String?

  /// An activity; see each property.
  public init(vsic: Int, section: String, code: String? = nil) {
    self.vsic = vsic
    self.section = section
    self.code = code
  }
}
