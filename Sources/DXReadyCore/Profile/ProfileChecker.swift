import Foundation

/// Checks a business profile against the reference lists and works out its size class.
public enum ProfileChecker {
  /// One problem with one profile field.
  public struct Problem: Sendable, Hashable, CustomStringConvertible {
    /// The field, as the profile names it (`tax_code`, `industry.section`).
    public var field: String
    /// An error (not stored) or a warning (stored, shown).
    public var severity: Diagnostic.Severity
    /// The message for files and scripts (ids in backticks, English).
    public var message: String
    /// The same problem for a person filling in the profile, in each language.
    public var text: LocalizedText

    /// `severity: profile.FIELD: message`.
    public var description: String { "\(severity.rawValue): profile.\(field): \(message)" }
  }

  /// What checking a profile found.
  public struct Report: Sendable, Hashable {
    /// Every problem, in field order.
    public var problems: [Problem]
    /// The tax code in normal form, when it is well formed.
    public var taxCode: TaxCode?
    /// The size class, when the inputs allow it.
    public var sizeClass: SizeClass?

    /// Whether a problem stops the profile being stored.
    public var hasErrors: Bool { problems.contains { $0.severity == .error } }
  }

  /// Control characters (C0, DEL, C1) and the bidirectional overrides and isolates, which a
  /// name never needs.
  static func isControl(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x00...0x1F, 0x7F...0x9F, 0x202A...0x202E, 0x2066...0x2069: true
    default: false
    }
  }

  /// Checks every field; a business can only be stored with a name and a well-formed tax code.
  /// A check-digit mismatch is a warning: the user may confirm the code.
  public static func check(_ profile: BusinessProfile, reference: ReferenceData) -> Report {
    var problems: [Problem] = []
    func error(_ field: String, _ message: String, _ text: LocalizedText) {
      problems.append(Problem(field: field, severity: .error, message: message, text: text))
    }
    func warning(_ field: String, _ message: String, _ text: LocalizedText) {
      problems.append(Problem(field: field, severity: .warning, message: message, text: text))
    }

    if (profile.name ?? "").allSatisfy(\.isWhitespace) {
      error(
        "name", "the business's name is required",
        Words.localized("profile_name_required"))
    } else if let name = profile.name, name.unicodeScalars.contains(where: Self.isControl) {
      // A name is printed on terminals and in reports: escape sequences or text-direction
      // overrides in it could repaint a consultant's screen or reverse what it shows.
      error(
        "name", "the business's name contains control characters (escape sequences, line breaks or direction marks)",
        Words.localized("profile_name_control_characters"))
    }
    var taxCode: TaxCode?
    if let text = profile.taxCode {
      do {
        taxCode = try TaxCode(parsing: text)
        if let code = taxCode, code.isPersonalID {
          checkPersonalID(code, legalForm: profile.legalForm, error: error, warning: warning)
        } else {
          switch taxCode?.checkDigitMatches {
          case false?:
            warning(
              "tax_code", "`\(text)`: the check digit does not match; confirm the code is copied correctly",
              Words.localized("profile_check_digit_mismatch", ["code": "\(text)"]))
          case nil:
            warning(
              "tax_code", "`\(text)`: the check digit cannot be verified (the rule gives 10); confirm the code",
              Words.localized("profile_check_digit_unverifiable", ["code": "\(text)"]))
          default: break
          }
        }
      } catch let problem {
        error("tax_code", problem.description, problem.text)
      }
    } else {
      error(
        "tax_code", "the tax code is required: it identifies the business across assessments",
        Words.localized("profile_tax_code_required_why"))
    }
    if profile.legalForm == nil, taxCode?.isPersonalID != true {
      warning(
        "legal_form",
        "no legal form (`enterprise`, `cooperative` or `household`): statistics by legal form will leave the business out",
        Words.localized("profile_no_legal_form"))
    }
    if let locality = profile.locality {
      if let unit = reference.localities.unit(locality) {
        if reference.localities.former.contains(unit) {
          warning(
            "locality",
            "`\(locality)` is a former district-level unit (before 1 July 2025); use a current unit where known",
            Words.localized("profile_former_unit", ["name": "\(unit.name)"]))
        }
      } else {
        error(
          "locality",
          "`\(locality)` is not a locality of \(reference.localities.provinceName); see `dxready reference localities`",
          Words.localized(
            "profile_unknown_locality", ["locality": "\(locality)", "province": "\(reference.localities.provinceName)"])
        )
      }
    } else {
      warning(
        "locality", "no locality: the business will not appear in statistics by locality",
        Words.localized("profile_no_locality"))
    }
    var sector: SizeClass.Sector?
    if let industry = profile.industry {
      if let sections = reference.vsic.versions[industry.vsic] {
        if let section = sections.first(where: { $0.id == industry.section }) {
          sector = section.sector
        } else {
          error(
            "industry.section",
            "VSIC \(industry.vsic) has no section `\(industry.section)`; sections are \(sections.first?.id ?? "")–\(sections.last?.id ?? "")",
            Words.localized("profile_unknown_section", ["vsic": "\(industry.vsic)", "section": "\(industry.section)"]))
        }
      } else {
        let known = reference.vsic.versions.keys.sorted().map(String.init).joined(separator: ", ")
        error(
          "industry.vsic", "unknown VSIC version \(industry.vsic); known: \(known)",
          Words.localized("profile_unknown_vsic", ["vsic": "\(industry.vsic)", "known": "\(known)"]))
      }
      if let code = industry.code,
        !(code.count >= 2 && code.count <= 5 && code.allSatisfy { $0.isASCII && $0.isNumber })
      {
        error(
          "industry.code", "`\(code)` is not a VSIC code: 2 to 5 digits",
          Words.localized("profile_bad_vsic_code", ["code": "\(code)"]))
      }
    } else {
      warning(
        "industry", "no industry: the size class cannot be computed and statistics by sector will not include it",
        Words.localized("profile_no_industry"))
    }
    // Decree 80/2021 classifies enterprises; an older profile without a legal form is taken
    // as one, as it always was.
    let sizeClass = (profile.legalForm?.hasSizeClass ?? true ? sector : nil).flatMap {
      SizeClass.classify(
        sector: $0, employees: profile.employees, revenueBillionVND: profile.revenueBillionVND,
        capitalBillionVND: profile.capitalBillionVND)
    }
    return Report(problems: problems, taxCode: taxCode, sizeClass: sizeClass)
  }

  /// A 12-digit personal identification number is a household business's tax code: refused
  /// for another legal form, and doubted (never refused) when its first digits are implausible.
  /// Messages never repeat the number: it is personal data.
  static func checkPersonalID(
    _ code: TaxCode, legalForm: LegalForm?, error: (String, String, LocalizedText) -> Void,
    warning: (String, String, LocalizedText) -> Void
  ) {
    switch legalForm {
    case .household?:
      if let doubt = code.personalIDDoubt {
        warning(
          "tax_code", "the personal identification number \(code.masked): \(doubt.text(.en)); confirm the number",
          LocalizedText(
            vi: Words.text("profile_personal_number_doubt", .vi, ["number": code.masked, "doubt": doubt.text(.vi)]),
            en: Words.text("profile_personal_number_doubt", .en, ["number": code.masked, "doubt": doubt.text(.en)])))
      }
    case nil:
      error(
        "legal_form",
        "a 12-digit personal identification number is the tax code of a household business: add `legal_form: household`",
        Words.localized("profile_personal_number_household"))
    case let other?:
      error(
        "tax_code",
        "a 12-digit personal identification number is accepted only for a household business, not for `legal_form: \(other.rawValue)`; give the \(other.rawValue)'s 10-digit tax code",
        LocalizedText(
          vi: Words.text("profile_personal_number_not_household", .vi, ["form": other.name.text(.vi).lowercased()]),
          en: Words.text("profile_personal_number_not_household", .en, ["form": other.name.text(.en).lowercased()])
        ))
    }
  }
}
