import ArgumentParser
import DXReadyBundles
import DXReadyCore
import DXReadyStore
import Foundation

struct BundleCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "bundle",
    abstract: "Carry assessments from an offline laptop to the office database, signed.",
    discussion: helpText(
      """
      On the laptop, `dxready bundle create` writes the submitted assessments (with their profiles,
      answers, consent and the questionnaire texts they were taken with) into one signed file: a
      ZIP that any tool can open (see README, "Field bundles"). At the office, `dxready bundle
      import` checks the signature against the keys the database trusts (`dxready keys`), and
      every entry against the signed manifest, then stores the assessments, all or nothing per
      bundle. Importing a bundle again, or bundles that overlap, stores each assessment once.

      Examples:
        dxready keys init --name laptop-coto-01
        dxready bundle create --since-last -o coto-2026-12-01.zip
        dxready bundle import coto-2026-12-01.zip --database postgresql://tuvan@db.tinh.example/dxready
      """),
    subcommands: [BundleCreate.self, BundleImport.self]
  )
}

struct BundleCreate: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "create", abstract: "Write the submitted assessments into a signed bundle.")

  @Option(name: .short, help: ArgumentHelp("The bundle to write (must not exist yet).", valueName: "file"))
  var output: String

  @Option(help: "Only assessments submitted on or after this date or time (2026-11-01, 2026-11-01T08:00:00+07:00).")
  var since: String?

  @Flag(help: "Only assessments submitted after those in the last bundle made from this database.")
  var sinceLast = false

  @Option(
    help: ArgumentHelp(
      "Only assessments in this state: submitted or reviewed (repeat for both; default both).", valueName: "state"))
  var status: [AssessmentStatus] = []

  @OptionGroup var key: KeyOption
  @OptionGroup var database: DatabaseOption

  func validate() throws {
    if since != nil, sinceLast { throw ValidationError("--since and --since-last: give one of them") }
    if status.contains(.draft) { throw ValidationError("--status: a draft is not bundled; give submitted or reviewed") }
  }

  func run() throws {
    try reportingFailures {
      let signing = try key.read()
      let store = try database.open()
      var from: String?
      var after: String?
      if let since {
        guard let parsed = StoredTime.parse(since) else {
          throw CommandFailure(
            "--since \(since): not a date or time; write 2026-11-01 or 2026-11-01T08:00:00+07:00")
        }
        from = parsed
      }
      if sinceLast {
        after = try storeCall { () throws(StoreError) in try store.bundlesMade() }.last?.submittedTo
      }
      let writer: BundleWriter
      do {
        writer = try BundleWriter(path: output, key: signing, createdWith: "dxready \(DXReady.configuration.version)")
      } catch {
        throw CommandFailure("\(error)")
      }
      var hashes: Set<String> = []
      do {
        try store.exportSubmitted(statuses: status, from: from, after: after) { stored in
          hashes.insert(stored.questionnaireHash)
          try writer.append(BundleRecord.line(stored), submittedAt: stored.submittedAt)
        }
      } catch let error as StoreError {
        throw CommandFailure(error)
      } catch {
        throw CommandFailure(
          "\(output): the bundle could not be written (\(error)); nothing was left behind", status: 1)
      }
      guard !hashes.isEmpty else {
        print(
          "no submitted assessments\(after.map { " since the last bundle (\($0))" } ?? from.map { " since \($0)" } ?? ""); no bundle was written"
        )
        return
      }
      var sources: [String: String] = [:]
      for hash in hashes {
        guard let source = try storeCall({ () throws(StoreError) in try store.questionnaireSource(hash: hash) }) else {
          throw CommandFailure("the database holds assessments of questionnaire \(hash) but not its text", status: 1)
        }
        sources[hash] = source
      }
      let manifest: BundleManifest
      do {
        manifest = try writer.finish(questionnaires: sources)
      } catch {
        throw CommandFailure(
          "\(output): the bundle could not be written (\(error)); nothing was left behind", status: 1)
      }
      try storeCall { () throws(StoreError) in
        try store.recordBundleMade(
          BundleMade(
            madeAt: manifest.createdAt, submittedTo: manifest.submittedTo ?? "",
            assessments: manifest.counts.assessments,
            file: output))
      }
      print(
        "wrote \(output): \(manifest.counts.assessments) assessment(s) submitted \(manifest.submittedFrom ?? "")–\(manifest.submittedTo ?? ""), signed by \(signing.publicKey.id) (\(signing.name))"
      )
    }
  }
}

struct BundleImport: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "import",
    abstract: "Check signed bundles and store their assessments (all or nothing per bundle).",
    discussion: helpText(
      """
      Each bundle must be signed by a key this database trusts (`dxready keys trust`) and not
      revoked, and every entry must match the signed manifest; each assessment is then checked as
      an answers file is (questionnaire, answers, profile, consent) and its scores worked out again
      and compared. Any problem refuses the whole bundle, with a message saying which, and nothing
      of it is stored (exit status 2); bundles named before it stay imported. An assessment already
      stored with the same content is counted, not stored twice; the same id with other content is
      refused.

      Examples:
        dxready bundle import coto-2026-12-01.zip
        dxready bundle import field/*.zip --database postgresql://tuvan@db.tinh.example/dxready
      """))

  @Argument(help: "The bundles, imported in the order given.")
  var files: [String]

  @OptionGroup var folder: QuestionnaireFolderOption
  @OptionGroup var database: DatabaseOption

  func run() throws {
    try reportingFailures {
      let reference = try folder.catalog(services: false, hashes: false).referenceData()
      let store = try database.open()
      for file in files {
        let (added, unchanged, signer) = try importBundle(file, into: store, reference: reference)
        print(
          "\(file): imported \(added) assessment(s); \(unchanged) already stored; signed by \(signer.id) (\(signer.name)); database \(store.location)"
        )
      }
    }
  }

  func importBundle(_ file: String, into store: any OpenedStore, reference: ReferenceData) throws -> (
    Int, Int, PublicKey
  ) {
    let trusted = try storeCall { () throws(StoreError) in try store.trustedKeys() }
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("dxready-bundle-\(UUID().uuidString)")
    do {
      try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    } catch {
      throw CommandFailure("\(scratch.path): cannot make a scratch folder to unpack \(file) (\(error))", status: 1)
    }
    defer { try? FileManager.default.removeItem(at: scratch) }
    let opened: OpenedBundle
    do {
      opened = try BundleReader.open(file, scratch: scratch) { signer in
        guard let known = trusted.first(where: { $0.id == signer.id }), known.publicKey == signer.base64 else {
          throw BundleError.refused(
            file,
            "signed by \(signer.id) (\(signer.name)), a key this database does not trust: if the laptop is the programme's, trust its public key first (dxready keys trust FILE.pub); nothing was imported"
          )
        }
        if let revoked = known.revokedAt {
          throw BundleError.refused(
            file,
            "signed by \(known.id) (\(known.name)), a key revoked at \(revoked): its bundles are refused; nothing was imported"
          )
        }
      }
    } catch let error as BundleError {
      throw CommandFailure(error.description)
    }
    func refuse(_ why: String) -> CommandFailure { CommandFailure("\(file): \(why); nothing was imported") }

    // The questionnaires, each the text its name's hash says.
    var questionnaires: [String: (Questionnaire, String)] = [:]
    for (hash, text) in opened.questionnaires {
      let loaded = QuestionnaireLoader.load(text, file: "\(file): questionnaire \(hash)")
      guard let questionnaire = loaded.questionnaire, questionnaire.hash == hash else {
        throw refuse("the questionnaire entry for \(hash) is not the questionnaire its name says")
      }
      questionnaires[hash] = (questionnaire, text)
    }
    let data: Data
    do {
      data = try Data(contentsOf: opened.assessments, options: .alwaysMapped)
    } catch {
      throw CommandFailure("\(file): cannot read the unpacked assessments (\(error))", status: 1)
    }
    // Each line as its own bytes, found with memchr (the checkers read them on other threads).
    var lines: [(number: Int, bytes: [UInt8])] = []
    data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) -> Void in
      guard let base = buffer.baseAddress else { return }
      var start = 0
      while start < buffer.count {
        var end = buffer.count
        if let newline = memchr(base + start, 0x0A, buffer.count - start) {
          end = base.distance(to: UnsafeRawPointer(newline))
        }
        let line: [UInt8] = Array(buffer[start..<end])
        lines.append((lines.count + 1, line))
        start = end + 1
      }
    }
    guard lines.count == opened.manifest.counts.assessments else {
      throw refuse(
        "the signed manifest counts \(opened.manifest.counts.assessments) assessment(s) but assessments.jsonl holds \(lines.count)"
      )
    }
    let checker = BundleRecordChecker(
      file: file, questionnaires: questionnaires, reference: reference,
      latestAllowed: String(StoredTime.string(Date().addingTimeInterval(3600)).prefix(19)))
    let cores = ProcessInfo.processInfo.activeProcessorCount
    let checked = CheckedQueue(lines, workers: max(1, cores - 1)) { checker.item($0.number, $0.bytes) }
    var index = 0
    let outcome: (added: Int, unchanged: Int)
    do {
      outcome = try store.importSubmitted { () throws(StoreError) -> ImportedAssessment? in
        guard index < checked.count else { return nil }
        defer { index += 1 }
        switch checked.take(index) {
        case .success(let item):
          // Profile warnings were the laptop's to show when the assessment was taken.
          return item
        case .failure(let failure):
          var problems = [failure.line]
          for later in index + 1..<checked.count {
            if case .failure(let other) = checked.take(later) { problems.append(other.line) }
          }
          throw StoreError.rejected(
            CommandFailure.capped(problems)
              + "\n\(file): nothing was imported: \(problems.count) problem(s) in \(lines.count) assessment(s)")
        }
      }
    } catch {
      throw CommandFailure(error)
    }
    return (outcome.added, outcome.unchanged, opened.signer)
  }
}

/// Reads one line of a bundle as an assessment to import, checked as an answers file is.
struct BundleRecordChecker: Sendable {
  struct Problem: Error, Sendable {
    var line: String
  }

  var file: String
  var questionnaires: [String: (Questionnaire, String)]
  var reference: ReferenceData
  /// The latest submission time accepted (an hour ahead of now, for clocks a little fast).
  var latestAllowed: String

  func item(_ number: Int, _ bytes: [UInt8]) -> Result<ImportedAssessment, Problem> {
    let place = "\(file): assessments.jsonl line \(number)"
    let record: BundleRecord
    switch BundleRecord.parse(bytes: bytes) {
    case .success(let parsed): record = parsed
    case .failure(let problem): return .failure(Problem(line: "\(place): not an assessment record (\(problem))"))
    }
    guard let id = AssessmentID(record.id) else {
      return .failure(Problem(line: "\(place): `id` \(record.id) is not an assessment id (a UUID)"))
    }
    guard let (questionnaire, source) = questionnaires[record.questionnaireHash],
      "\(questionnaire.id)@\(questionnaire.version)" == record.questionnaire
    else {
      return .failure(
        Problem(
          line: "\(place): assessment \(id) names questionnaire \(record.questionnaire) that the bundle does not carry")
      )
    }
    let sheet = AnswerSheet(
      questionnaireID: questionnaire.id, questionnaireVersion: questionnaire.version, assessmentID: record.id,
      profile: record.profile,
      answers: Dictionary(uniqueKeysWithValues: record.answers.map { (QuestionID($0.key), $0.value) }))
    let validated = AnswerValidator.validate(sheet, against: questionnaire, file: place)
    var problems = validated.diagnostics.filter { $0.severity == .error }.map {
      "\(place): assessment \(id): \($0.message)"
    }
    let report = ProfileChecker.check(record.profile, reference: reference)
    problems += report.problems.filter { $0.severity == .error }.map { "\(place): assessment \(id): \($0)" }
    guard let submitted = StoredTime.parse(record.submittedAt) else {
      return .failure(Problem(line: "\(place): assessment \(id): `submitted_at` \(record.submittedAt) is not a time"))
    }
    if submitted.prefix(19) > latestAllowed {
      problems.append("\(place): assessment \(id): submitted in the future (\(submitted))")
    }
    if record.consent == nil {
      problems.append("\(place): assessment \(id): no consent record")
    }
    let result = Scorer.score(validated.answers, questionnaire: questionnaire)
    if problems.isEmpty, result.overall.score != record.overallScore || result.overall.level != record.overallLevel {
      problems.append(
        "\(place): assessment \(id): its scores (\(record.overallScore.map { "\($0)" } ?? "none")) are not what its answers give (\(result.overall.score.map { "\($0)" } ?? "none"))"
      )
    }
    guard problems.isEmpty else { return .failure(Problem(line: problems.joined(separator: "\n"))) }
    var profile = record.profile
    profile.taxCode = report.taxCode?.value
    var item = ImportedAssessment(
      id: id, profile: profile, sizeClass: record.sizeClass.flatMap(SizeClass.init(rawValue:)) ?? report.sizeClass,
      questionnaire: questionnaire, questionnaireSource: source, answers: validated.answers, result: result,
      origin: place, submittedAt: submitted)
    item.consent = record.consent
    return .success(item)
  }

}
