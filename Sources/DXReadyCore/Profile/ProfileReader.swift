/// Reads the `profile:` block of an answers file: the shape of each field. Whether a tax code
/// or a locality is right is for the profile checks to say.
enum ProfileReader {
  static func read(_ node: YAMLNode, reader: inout YAMLReader, locations: inout [String: SourceLocation])
    -> BusinessProfile?
  {
    guard let map = reader.mapping(node, "`profile`") else { return nil }
    for (key, value) in map {
      guard let name = key.scalar?.string else { continue }
      locations["profile.\(name)"] = reader.location(value)
      if name == "industry", let industry = value.mapping {
        for (inner, innerValue) in industry {
          if let innerName = inner.scalar?.string {
            locations["profile.industry.\(innerName)"] = reader.location(innerValue)
          }
        }
      }
    }
    reader.rejectUnknownKeys(
      map,
      allowed: [
        "name", "tax_code", "legal_form", "locality", "industry", "employees", "revenue_billion_vnd",
        "capital_billion_vnd",
      ],
      in: "`profile`")
    var profile = BusinessProfile()
    profile.name = map["name"].flatMap { reader.string($0, "`profile.name`") }
    profile.taxCode = map["tax_code"].flatMap { reader.string($0, "`profile.tax_code`") }
    profile.locality = map["locality"].flatMap { reader.string($0, "`profile.locality`") }
    if let node = map["legal_form"], let word = reader.string(node, "`profile.legal_form`") {
      if let form = LegalForm(rawValue: word) {
        profile.legalForm = form
      } else {
        reader.error(node, "`profile.legal_form` is `\(word)`; use `enterprise`, `cooperative` or `household`")
      }
    }
    if let node = map["employees"], let count = reader.int(node, "`profile.employees`") {
      if count < 0 { reader.error(node, "`profile.employees` cannot be negative") }
      profile.employees = count
    }
    for (key, path) in [
      ("revenue_billion_vnd", \BusinessProfile.revenueBillionVND), ("capital_billion_vnd", \.capitalBillionVND),
    ] {
      guard let node = map[key], let amount = reader.double(node, "`profile.\(key)`") else { continue }
      if amount < 0 { reader.error(node, "`profile.\(key)` cannot be negative") }
      profile[keyPath: path] = amount
    }
    if let node = map["industry"], let industry = reader.mapping(node, "`profile.industry`") {
      reader.rejectUnknownKeys(industry, allowed: ["vsic", "section", "code"], in: "`profile.industry`")
      let vsic = reader.value(industry, "vsic", in: "`profile.industry`", at: node, required: true)
        .flatMap { reader.int($0, "`profile.industry.vsic`") }
      let section = reader.value(industry, "section", in: "`profile.industry`", at: node, required: true)
        .flatMap { reader.string($0, "`profile.industry.section`") }
      let code = industry["code"].flatMap { reader.string($0, "`profile.industry.code`") }
      if let vsic, let section { profile.industry = Industry(vsic: vsic, section: section, code: code) }
    }
    return profile
  }
}
