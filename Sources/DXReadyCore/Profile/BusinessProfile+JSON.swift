extension BusinessProfile {
  /// The profile as compact JSON with sorted keys, as `JSONEncoder` would write it, without the
  /// encoder's cost: stores write one per assessment.
  public var jsonText: String {
    var object = JSONObjectWriter()
    object.json("capital_billion_vnd", capitalBillionVND.map(formatNumber))
    object.number("employees", employees)
    if let industry {
      var parts = JSONObjectWriter()
      parts.string("code", industry.code)
      parts.string("section", industry.section)
      parts.number("vsic", industry.vsic)
      object.json("industry", parts.text)
    }
    object.string("legal_form", legalForm?.rawValue)
    object.string("locality", locality)
    object.string("name", name)
    object.json("revenue_billion_vnd", revenueBillionVND.map(formatNumber))
    object.string("tax_code", taxCode)
    return object.text
  }
}
