import DXReadyCore
import DXReadyStore
import Foundation

/// Writes realistic synthetic answers files for benchmarks and load tests: each business has a
/// hidden maturity that shapes its answers, answers respect `show_if`, tax codes carry valid
/// check digits, and localities and sectors come from the reference lists. The same seed gives
/// the same files.
///
///     dxready-synth --count 20000 --out /tmp/answers [--format yaml|json] [--questionnaire enterprise-dx] [--seed 1]
///     dxready-synth --count 1000000 --database /tmp/big.sqlite   # straight into a database
///     dxready-synth --count 3000 --database /tmp/province.sqlite --province
///
/// `--province` makes a synthetic province that looks like a real one, for the dashboard's
/// screenshots and the benchmarks (it is synthetic: every business is "Doanh nghiệp mẫu N"):
/// more businesses in the cities' wards than on the islands and in the mountain communes, each
/// kind of place with its own mix of sectors, sizes and maturity (urban wards ahead, industrial
/// towns next, islands and mountains behind), about 8 % cooperatives, submissions spread over
/// every quarter from 2023 to November 2026, and about 15 % of businesses assessed again
/// 9–15 months later, a little more mature. `--count` is the number of businesses.
@main
struct Synth {
  /// Runs ``generate()``; a failure is one line on standard error and exit status 1, never a
  /// stack trace.
  static func main() {
    do {
      try generate()
    } catch {
      FileHandle.standardError.write(Data("dxready-synth: \(error.localizedDescription)\n".utf8))
      exit(1)
    }
  }

  static func generate() throws {
    var arguments = Array(CommandLine.arguments.dropFirst())
    func option(_ name: String, _ fallback: String?) -> String? {
      guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return fallback }
      defer { arguments.removeSubrange(index...index + 1) }
      return arguments[index + 1]
    }
    let database = option("--database", nil)
    guard let count = option("--count", nil).flatMap(Int.init), count > 0,
      let out = option("--out", nil) ?? database
    else {
      FileHandle.standardError.write(
        Data(
          "usage: dxready-synth --count N (--out DIR [--format yaml|json] | --database FILE) [--questionnaire ID] [--questionnaires DIR] [--seed S]\n"
            .utf8))
      exit(2)
    }
    let folder = option("--questionnaires", "Questionnaires")!
    let id = option("--questionnaire", "enterprise-dx")!
    let json = option("--format", "yaml") == "json"
    var random = SplitMix64(seed: UInt64(option("--seed", "1").flatMap(Int.init) ?? 1))
    let province = arguments.contains("--province")
    if province, database == nil {
      FileHandle.standardError.write(
        Data("dxready-synth: --province writes into a database: add --database FILE\n".utf8))
      exit(2)
    }

    guard FileManager.default.fileExists(atPath: folder + "/\(id).yaml") else {
      throw NSError(
        domain: "dxready-synth", code: 1,
        userInfo: [
          NSLocalizedDescriptionKey:
            "\(folder)/\(id).yaml: no such file; run from the project folder or pass --questionnaires DIR"
        ])
    }
    let questionnaire = try load(folder + "/\(id).yaml")
    let (localities, sections) = try referenceLists(folder + "/reference")
    if province {
      try makeProvince(
        count: count, questionnaire: questionnaire,
        source: try String(contentsOfFile: folder + "/\(id).yaml", encoding: .utf8),
        reference: folder + "/reference", sections: Set(sections), database: database!, random: &random)
      return
    }
    if database == nil { try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true) }
    let store = try database.map(openStore)
    let source = try String(contentsOfFile: folder + "/\(id).yaml", encoding: .utf8)
    var batch: [ImportedAssessment] = []
    for index in 0..<count {
      let maturity = min(1, max(0, 0.45 + 0.22 * random.normal()))
      var answers: [QuestionID: AnswerValue] = [:]
      for question in questionnaire.questions {
        guard question.showIf?.evaluate(in: AnswerMap(answers), questionnaire: questionnaire) ?? true else { continue }
        if let answer = answer(question, maturity: maturity, random: &random) { answers[question.id] = answer }
      }
      let employees = Int(exp(1.5 + 1.3 * abs(random.normal())))
      let profile = BusinessProfile(
        name: "Doanh nghiệp mẫu \(index + 1)", taxCode: taxCode(UInt64(index) &+ random.next() % 1_000_000_000),
        locality: localities[Int(random.next() % UInt64(localities.count))],
        industry: Industry(vsic: 2018, section: sections[Int(random.next() % UInt64(sections.count))]),
        employees: employees, revenueBillionVND: Double(employees * 4 / 5), legalForm: .enterprise)
      if let store {
        let sector = SizeClass.Sector.tradeServices
        batch.append(
          ImportedAssessment(
            id: nil, profile: profile,
            sizeClass: SizeClass.classify(
              sector: sector, employees: profile.employees, revenueBillionVND: profile.revenueBillionVND,
              capitalBillionVND: nil),
            questionnaire: questionnaire, questionnaireSource: source, answers: answers,
            result: Scorer.score(answers, questionnaire: questionnaire), origin: "synthetic \(index)"))
        batch[batch.count - 1].consent = ConsentRecord(
          notice: "2026-11", givenAt: "2026-11-30T02:00:00.000Z", method: .file)
        if batch.count == 10_000 || index == count - 1 {
          _ = try store.importSubmitted(batch)
          batch.removeAll(keepingCapacity: true)
        }
        continue
      }
      let ordered = questionnaire.questions.compactMap { q in answers[q.id].map { (q.id, $0) } }
      var text: String
      if json {
        text = "{\"questionnaire\": \"\(questionnaire.reference)\",\n \"profile\": \(profile.jsonText),\n"
        text += " \"consent\": {\"notice\": \"2026-11\", \"given_at\": \"2026-11-30T09:00:00+07:00\"},\n"
        text += " \"answers\": {\n" + ordered.map { "  \"\($0.0)\": \($0.1.jsonText)" }.joined(separator: ",\n")
        text += "\n }\n}\n"
      } else {
        text = "questionnaire: \(questionnaire.reference)\nprofile: \(profile.jsonText)\n"
        text += "consent: {notice: \"2026-11\", given_at: 2026-11-30T09:00:00+07:00}\nanswers:\n"
        for (question, answer) in ordered { text += "  \(question): \(answer.jsonText)\n" }
      }
      let name = "synthetic-\(String(format: "%07d", index)).\(json ? "json" : "yaml")"
      try text.write(toFile: out + "/" + name, atomically: false, encoding: .utf8)
    }
  }

  /// The kinds of place in the province, by the former district a locality lay in.
  enum Place: CaseIterable {
    case urban, industrial, island, mountain

    static func of(former: String?) -> Place {
      switch former {
      case "tp-ha-long", "tp-cam-pha", "tp-uong-bi", "tp-mong-cai": .urban
      case "tp-dong-trieu", "tx-quang-yen": .industrial
      case "h-van-don", "h-co-to": .island
      default: .mountain
      }
    }

    /// How many businesses a locality of this kind has, relative to the others.
    var weight: Int {
      switch self {
      case .urban: 12
      case .industrial: 7
      case .island: 3
      case .mountain: 2
      }
    }

    var maturity: Double {
      switch self {
      case .urban: 0.52
      case .industrial: 0.47
      case .island: 0.38
      case .mountain: 0.33
      }
    }

    /// VSIC 2018 sections, repeated by how common they are here.
    var sections: [String] {
      switch self {
      case .urban:
        Array(repeating: "G", count: 6) + ["I", "I", "I", "M", "M", "J", "H", "H", "K", "L", "N", "F", "C", "P", "Q"]
      case .industrial: ["C", "C", "C", "C", "C", "F", "F", "F", "H", "H", "G", "G", "G", "B", "D", "E"]
      case .island: ["I", "I", "I", "I", "A", "A", "A", "G", "G", "G", "H", "N"]
      case .mountain: ["A", "A", "A", "A", "G", "G", "G", "C", "I", "F"]
      }
    }

    /// The median number of employees is about e to this power.
    var size: Double {
      switch self {
      case .urban: 1.8
      case .industrial: 2.4
      case .island: 1.2
      case .mountain: 1.0
      }
    }
  }

  static func makeProvince(
    count: Int, questionnaire: Questionnaire, source: String, reference: String, sections: Set<String>,
    database: String, random: inout SplitMix64
  ) throws {
    var units: [LocalityList.Unit] = []
    for name in try FileManager.default.contentsOfDirectory(atPath: reference) where name.hasSuffix(".yaml") {
      let path = reference + "/" + name
      if case .localities(let list)? = ReferenceLoader.load(
        try String(contentsOfFile: path, encoding: .utf8), file: path
      )
      .loaded {
        units = list.current
      }
    }
    let weighted = units.flatMap { unit in Array(repeating: unit, count: Place.of(former: unit.former).weight) }
    let store = try openStore(database)
    // From 1 January 2023 to 30 November 2026, UTC.
    let (start, end) = (1_672_531_200.0, 1_796_083_200.0)
    var batch: [ImportedAssessment] = []
    func assessment(_ profile: BusinessProfile, _ size: SizeClass?, maturity: Double, at date: Double, _ index: Int)
      -> ImportedAssessment
    {
      var answers: [QuestionID: AnswerValue] = [:]
      for question in questionnaire.questions {
        guard question.showIf?.evaluate(in: AnswerMap(answers), questionnaire: questionnaire) ?? true else { continue }
        if let answer = answer(question, maturity: maturity, random: &random) { answers[question.id] = answer }
      }
      let when = ConsentRecord.utcText(Date(timeIntervalSince1970: date))
      var item = ImportedAssessment(
        id: nil, profile: profile, sizeClass: size, questionnaire: questionnaire, questionnaireSource: source,
        answers: answers, result: Scorer.score(answers, questionnaire: questionnaire),
        origin: "synthetic province \(index)",
        submittedAt: when)
      item.consent = ConsentRecord(notice: "2026-11", givenAt: when, method: .file)
      return item
    }
    for index in 0..<count {
      let unit = weighted[Int(random.next() % UInt64(weighted.count))]
      let place = Place.of(former: unit.former)
      let choices = place.sections.filter(sections.contains)
      let section = choices[Int(random.next() % UInt64(choices.count))]
      let employees = max(1, Int(exp(place.size + 1.2 * abs(random.normal()))))
      let cooperative = random.unit() < 0.08
      let profile = BusinessProfile(
        name: "Doanh nghiệp mẫu \(index + 1)", taxCode: taxCode(UInt64(index) &+ random.next() % 1_000_000_000),
        locality: unit.id, industry: Industry(vsic: 2018, section: section), employees: employees,
        revenueBillionVND: Double(employees) * (0.6 + random.unit()),
        legalForm: cooperative ? .cooperative : .enterprise)
      let sector: SizeClass.Sector =
        ["A", "B", "C", "D", "E", "F"].contains(section) ? .agricultureIndustry : .tradeServices
      let size =
        cooperative
        ? nil
        : SizeClass.classify(
          sector: sector, employees: profile.employees, revenueBillionVND: profile.revenueBillionVND,
          capitalBillionVND: nil)
      let maturity = min(1, max(0, place.maturity + 0.2 * random.normal()))
      let first = start + (end - start) * random.unit()
      batch.append(assessment(profile, size, maturity: maturity, at: first, index))
      // Some businesses come back 9–15 months later, a little further on.
      let again = first + 86_400 * (270 + 180 * random.unit())
      if random.unit() < 0.15, again < end {
        batch.append(
          assessment(profile, size, maturity: min(1, maturity + 0.06 + 0.05 * random.normal()), at: again, index))
      }
      if batch.count >= 10_000 {
        _ = try store.importSubmitted(batch)
        batch.removeAll(keepingCapacity: true)
      }
    }
    if !batch.isEmpty { _ = try store.importSubmitted(batch) }
  }

  static func answer(_ question: Question, maturity: Double, random: inout SplitMix64) -> AnswerValue? {
    let roll = random.unit()
    if question.offersNotApplicable, roll < 0.05 { return .notApplicable }
    if question.offersDontKnow, roll > 0.96 { return .dontKnow }
    let level = min(1, max(0, maturity + 0.2 * random.normal()))
    switch question.kind {
    case .single, .ladder:
      let index = min(question.options.count - 1, Int(level * Double(question.options.count)))
      return .option(question.options[index].id)
    case .yesNo:
      return .option(random.unit() < level ? "yes" : "no")
    case .multiple:
      let chosen = question.options.filter { !$0.exclusive && random.unit() < level }.map(\.id)
      if chosen.isEmpty, let none = question.options.first(where: \.exclusive) { return .options([none.id]) }
      return .options(chosen)
    case .number:
      let low = question.number?.minimum ?? 0
      return .number(low + Double(Int(level * level * 6)))
    case .text:
      return nil
    }
  }

  /// A 10-digit tax code whose check digit follows the common rule (never one where it gives 10).
  static func taxCode(_ seed: UInt64) -> String {
    var value = seed
    while true {
      let body = String(format: "%09llu", value % 1_000_000_000)
      let digits = body.compactMap(\.wholeNumberValue)
      let sum = zip(digits, [31, 29, 23, 19, 17, 13, 7, 5, 3]).map { $0 * $1 }.reduce(0, +)
      let check = 10 - sum % 11
      if check < 10 { return body + String(check) }
      value &+= 1
    }
  }

  static func load(_ path: String) throws -> Questionnaire {
    let outcome = QuestionnaireLoader.load(try String(contentsOfFile: path, encoding: .utf8), file: path)
    guard let questionnaire = outcome.questionnaire else {
      throw NSError(domain: "dxready-synth", code: 1, userInfo: [NSLocalizedDescriptionKey: "\(path) has errors"])
    }
    return questionnaire
  }

  static func referenceLists(_ folder: String) throws -> ([String], [String]) {
    var localities: [String] = []
    var sections: [String] = []
    for name in try FileManager.default.contentsOfDirectory(atPath: folder) where name.hasSuffix(".yaml") {
      let path = folder + "/" + name
      switch ReferenceLoader.load(try String(contentsOfFile: path, encoding: .utf8), file: path).loaded {
      case .localities(let list)?: localities = list.current.map(\.id)
      case .vsic(let vsic)?: sections = vsic.versions[2018]?.map(\.id) ?? []
      case nil: break
      }
    }
    return (localities, sections)
  }
}

/// A small, fast, seeded random number generator.
struct SplitMix64: RandomNumberGenerator {
  var state: UInt64

  init(seed: UInt64) { state = seed }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// Uniform in [0, 1).
  mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }

  /// Standard normal, by Box–Muller.
  mutating func normal() -> Double {
    let u = max(unit(), 1e-12)
    return (-2 * log(u)).squareRoot() * cos(2 * .pi * unit())
  }
}

/// The database to write into: an SQLite file, or a PostgreSQL database (`postgresql://…`)
/// whose schema `dxready db init` made.
func openStore(_ location: String) throws -> any AssessmentStore {
  PostgresStore.isLocation(location) ? try PostgresStore.open(location) : try SQLiteStore.open(path: location)
}
