extension BusinessProfile {
  /// The profile as compact JSON with sorted keys, as `JSONEncoder` would write it, without the
  /// encoder's cost: stores write one per assessment.
  public var jsonText: String {
    var fields: [String] = []
    if let capitalBillionVND { fields.append("\"capital_billion_vnd\":\(formatNumber(capitalBillionVND))") }
    if let employees { fields.append("\"employees\":\(employees)") }
    if let industry {
      var parts: [String] = []
      if let code = industry.code { parts.append("\"code\":\(AnswerValue.quoted(code))") }
      parts.append("\"section\":\(AnswerValue.quoted(industry.section))")
      parts.append("\"vsic\":\(industry.vsic)")
      fields.append("\"industry\":{\(parts.joined(separator: ","))}")
    }
    if let legalForm { fields.append("\"legal_form\":\"\(legalForm.rawValue)\"") }
    if let locality { fields.append("\"locality\":\(AnswerValue.quoted(locality))") }
    if let name { fields.append("\"name\":\(AnswerValue.quoted(name))") }
    if let revenueBillionVND { fields.append("\"revenue_billion_vnd\":\(formatNumber(revenueBillionVND))") }
    if let taxCode { fields.append("\"tax_code\":\(AnswerValue.quoted(taxCode))") }
    return "{" + fields.joined(separator: ",") + "}"
  }
}
