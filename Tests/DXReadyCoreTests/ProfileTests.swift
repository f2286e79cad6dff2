import Foundation
import Testing

@testable import DXReadyCore

@Suite("Business profile: tax codes, size classes, reference lists")
struct ProfileTests {
  @Test(
    "published example tax codes pass the check digit",
    arguments: ["0100109106", "0300588569", "0100112437", "5700100256"])
  func validCheckDigits(code: String) throws {
    #expect(try TaxCode(parsing: code).checkDigitMatches == true)
  }

  @Test("the check digit, worked by hand")
  func checkDigitArithmetic() throws {
    // 0100109106: 0×31 + 1×29 + 0×23 + 0×19 + 1×17 + 0×13 + 9×7 + 1×5 + 0×3 = 29 + 17 + 63 + 5 = 114;
    // 114 mod 11 = 4; 10 − 4 = 6, the tenth digit.
    #expect(try TaxCode(parsing: "0100109106").checkDigitMatches == true)
    #expect(try TaxCode(parsing: "0100109107").checkDigitMatches == false)
  }

  @Test(
    "accepted forms are normalised",
    arguments: [
      ("0100109106", "0100109106"), ("0100109106-001", "0100109106-001"), ("0100109106001", "0100109106-001"),
      (" 0100 109 106 ", "0100109106"),
    ])
  func forms(text: String, normal: String) throws {
    #expect(try TaxCode(parsing: text).value == normal)
  }

  @Test(
    "malformed tax codes are refused",
    arguments: ["12345", "01001091060", "0100109106-000", "01001O9106", "0100-109106", ""])
  func malformed(text: String) {
    #expect(throws: TaxCode.FormProblem.self) { _ = try TaxCode(parsing: text) }
  }

  struct SizeCase: Sendable, CustomTestStringConvertible {
    var sector: SizeClass.Sector
    var employees: Int?
    var revenue: Double?
    var capital: Double?
    var expected: SizeClass?
    var testDescription: String {
      "\(sector.rawValue) E=\(employees.map(String.init) ?? "–") R=\(revenue.map { "\($0)" } ?? "–") C=\(capital.map { "\($0)" } ?? "–")"
    }
  }

  // Decree 80/2021, Article 5: employees ≤ E and (revenue ≤ R or capital ≤ C).
  static let sizes: [SizeCase] = [
    SizeCase(sector: .tradeServices, employees: 8, revenue: 9, capital: 50, expected: .micro),  // R ≤ 10
    SizeCase(sector: .agricultureIndustry, employees: 8, revenue: 9, capital: 50, expected: .small),  // R > 3, C > 3
    SizeCase(sector: .agricultureIndustry, employees: 8, revenue: 90, capital: 2, expected: .micro),  // C ≤ 3 suffices
    SizeCase(sector: .tradeServices, employees: 60, revenue: 50, capital: 10, expected: .medium),  // E > 50
    SizeCase(sector: .agricultureIndustry, employees: 60, revenue: 50, capital: 10, expected: .small),
    SizeCase(sector: .tradeServices, employees: 100, revenue: 300, capital: 500, expected: .medium),
    SizeCase(sector: .tradeServices, employees: 101, revenue: 1, capital: 1, expected: .large),
    SizeCase(sector: .agricultureIndustry, employees: 150, revenue: 500, capital: 100, expected: .medium),
    SizeCase(sector: .agricultureIndustry, employees: 150, revenue: 500, capital: 101, expected: .large),
    // Only one of revenue and capital known: the other cannot help.
    SizeCase(sector: .tradeServices, employees: 5, revenue: nil, capital: 2, expected: .micro),
    SizeCase(sector: .tradeServices, employees: 5, revenue: nil, capital: nil, expected: nil),
    SizeCase(sector: .tradeServices, employees: nil, revenue: 1, capital: 1, expected: nil),
  ]

  @Test("size classes", arguments: sizes)
  func sizeClass(_ c: SizeCase) {
    #expect(
      SizeClass.classify(
        sector: c.sector, employees: c.employees, revenueBillionVND: c.revenue, capitalBillionVND: c.capital)
        == c.expected)
  }

  static func reference() throws -> ReferenceData {
    var localities: LocalityList?
    var vsic: VSIC?
    for name in ["quang-ninh.yaml", "vsic.yaml"] {
      let url = Paths.questionnaires.appendingPathComponent("reference/\(name)")
      let outcome = ReferenceLoader.load(try Paths.text(url), file: name)
      #expect(outcome.diagnostics.isEmpty, "\(outcome.diagnostics)")
      switch outcome.loaded {
      case .localities(let list)?: localities = list
      case .vsic(let sections)?: vsic = sections
      case nil: Issue.record("\(name) did not load")
      }
    }
    return ReferenceData(localities: try #require(localities), vsic: try #require(vsic))
  }

  @Test(
    "the reference lists: 54 current units (30 wards, 22 communes, 2 special zones), 13 former, VSIC 21 and 22 sections"
  )
  func referenceLists() throws {
    let data = try Self.reference()
    let types = Dictionary(grouping: data.localities.current, by: \.type).mapValues(\.count)
    #expect(types == ["ward": 30, "commune": 22, "special-zone": 2])
    #expect(data.localities.former.count == 13)
    #expect(data.vsic.versions[2018]?.count == 21)
    #expect(data.vsic.versions[2025]?.count == 22)
    #expect(data.vsic.section(version: 2025, id: "K")?.name.text(.en).hasPrefix("Telecommunications") == true)
    // Every current unit has its own national code and a former unit; the units formed from
    // several former units name the others.
    let codes = data.localities.current.compactMap(\.code)
    #expect(codes.count == 54 && Set(codes).count == 54)
    #expect(data.localities.current.allSatisfy { $0.former != nil })
    #expect(data.localities.unit("hai-hoa")?.code == "06799")
    #expect(data.localities.partlyFrom("tp-ha-long").map(\.id) == ["ky-thuong", "luong-minh"])
    #expect(data.localities.partlyFrom("h-tien-yen").map(\.id) == ["hai-hoa"])
  }

  @Test(
    "a name with control characters (an escape sequence, a line break, a direction override) is refused",
    arguments: ["Công ty \u{1B}[31mĐỏ", "Công ty\nA", "Công ty \u{202E}A", "Công ty \u{9B}31m", "A\u{7F}"])
  func controlCharacters(name: String) throws {
    let data = try Self.reference()
    let profile = BusinessProfile(name: name, taxCode: "5700100256", locality: "ha-long", legalForm: .enterprise)
    let problems = ProfileChecker.check(profile, reference: data).problems
    #expect(
      problems.contains { $0.field == "name" && $0.severity == .error && $0.message.contains("control characters") })
    var plain = profile
    plain.name = "Công ty TNHH Thương mại – Dịch vụ Hạ Long (chi nhánh 2) & Cộng sự"
    #expect(!ProfileChecker.check(plain, reference: data).problems.contains { $0.field == "name" })
  }

  @Test("profile checks: errors, confirmable warnings, and the size class")
  func checks() throws {
    let data = try Self.reference()
    let good = BusinessProfile(
      name: "Công ty A", taxCode: "5700100256", locality: "ha-long", industry: Industry(vsic: 2018, section: "G"),
      employees: 8, revenueBillionVND: 9, legalForm: .enterprise)
    let report = ProfileChecker.check(good, reference: data)
    #expect(report.problems.isEmpty)
    #expect(report.sizeClass == .micro)

    var mismatch = good
    mismatch.taxCode = "5700100257"
    #expect(ProfileChecker.check(mismatch, reference: data).problems.map(\.severity) == [.warning])

    var former = good
    former.locality = "tp-ha-long"
    #expect(ProfileChecker.check(former, reference: data).problems.map(\.field) == ["locality"])
    #expect(!ProfileChecker.check(former, reference: data).hasErrors)

    let bad = BusinessProfile(
      name: " ", taxCode: "12", locality: "atlantis", industry: Industry(vsic: 2018, section: "V", code: "47x"))
    let fields = ProfileChecker.check(bad, reference: data).problems.filter { $0.severity == .error }.map(\.field)
    #expect(fields == ["name", "tax_code", "locality", "industry.section", "industry.code"])
  }

  @Test("household businesses: the 12-digit personal identification number, masked, for households only")
  func household() throws {
    let data = try Self.reference()
    let code = try TaxCode(parsing: "022 185 000 123")
    #expect(code.value == "022185000123" && code.isPersonalID)
    #expect(code.masked == "*********123")
    #expect(code.personalIDDoubt == nil)
    #expect(try TaxCode(parsing: "5700100256").masked == "5700100256", "an enterprise's code is public")
    #expect(try TaxCode(parsing: "003185000123").personalIDDoubt != nil, "003 is no province code")
    #expect(try TaxCode(parsing: "022985000123").personalIDDoubt != nil, "9: born in the 1800s")
    #expect(throws: TaxCode.FormProblem.self) { try TaxCode(parsing: "02218500012") }
    #expect(throws: TaxCode.FormProblem.self) { try TaxCode(parsing: "02218500-0123") }

    var shop = BusinessProfile(
      name: "Hộ kinh doanh Tạp hóa Minh Anh", taxCode: "022185000123", locality: "ha-long",
      industry: Industry(vsic: 2025, section: "G"), employees: 3, revenueBillionVND: 1.2, legalForm: .household)
    let report = ProfileChecker.check(shop, reference: data)
    #expect(report.problems.isEmpty)
    #expect(report.sizeClass == nil, "Decree 80/2021 classifies enterprises, not household businesses")
    #expect(ProfileChecker.check(shop, reference: data).taxCode?.value == "022185000123")

    shop.legalForm = nil
    let unstated = ProfileChecker.check(shop, reference: data)
    #expect(unstated.problems.map(\.field) == ["legal_form"] && unstated.hasErrors)
    shop.legalForm = .enterprise
    let enterprise = ProfileChecker.check(shop, reference: data)
    #expect(enterprise.problems.map(\.field) == ["tax_code"] && enterprise.hasErrors)
    shop.legalForm = .cooperative
    #expect(ProfileChecker.check(shop, reference: data).hasErrors)
    // No message repeats the number in full.
    for form in [LegalForm?.none, .enterprise, .household] {
      shop.legalForm = form
      shop.taxCode = "003185000123"
      for problem in ProfileChecker.check(shop, reference: data).problems {
        #expect(!problem.message.contains("003185000123") && !problem.text.text(.vi).contains("003185000123"))
      }
    }
    // A household may still give the 10-digit tax code it had before July 2025.
    shop.legalForm = .household
    shop.taxCode = "5700100256"
    #expect(!ProfileChecker.check(shop, reference: data).hasErrors)
  }

  @Test("reference list problems are located")
  func referenceProblems() {
    let text = """
      format: 1
      kind: localities
      province: {id: p, name: P}
      former:
        - {id: old, name: Old, type: district}
      current:
        - {id: a, name: A, type: ward, code: "00001", former: nowhere}
        - {id: a, name: A2, type: ward, code: "00001", former: old}
        - {id: b, name: B, type: ward, code: "1", former: old, also_from: [old, gone]}
        - {id: c, name: C, type: ward}
      """
    let outcome = ReferenceLoader.load(text, file: "l.yaml")
    #expect(outcome.loaded.map { _ in true } == nil)
    #expect(
      outcome.diagnostics.map { "\($0.location.line): \($0.message)" } == [
        "7: locality `a` names unknown former unit `nowhere`", "8: duplicate locality id `a`",
        "8: locality `a` has the code 00001 of `a`: each unit has its own",
        "9: locality `b`: `1` is not a unit code: 5 digits, quoted (\"06652\")",
        "9: locality `b`: `also_from` repeats its `former` unit `old`; list only the others",
        "9: locality `b`: `also_from` names unknown former unit `gone`",
        "10: locality `c` has no `former`", "10: locality `c` has no `code`",
      ])
  }
}
