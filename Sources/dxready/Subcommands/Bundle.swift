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
      ZIP that any tool can open (see README, "Field bundles"), with the reviews made on the
      laptop (notes, corrections, roadmap decisions, targets, state) and the audit entries that
      made them. At the office, `dxready bundle
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

  @Flag(
    help:
      "Only assessments stored after those in the last bundle made from this database, or reviewed since it was made.")
  var sinceLast = false

  /// The states a bundle carries.
  enum State: String, ExpressibleByArgument, CaseIterable {
    case submitted, reviewed
  }

  @Option(
    help: ArgumentHelp(
      "Only assessments in this state (repeat for both; default both; a rejected one counts as submitted and travels with its review, so that the office leaves it out too).",
      valueName: "state"))
  var status: [State] = []

  @OptionGroup var key: KeyOption
  @OptionGroup var database: DatabaseOption

  func validate() throws {
    if since != nil, sinceLast { throw ValidationError("--since and --since-last: give one of them") }
  }

  func run() throws {
    try reportingFailures {
      let signing = try key.read()
      // A mistyped path is not "nothing to send": there is no database there.
      if !PostgresStore.isLocation(database.resolvedPath),
        !FileManager.default.fileExists(atPath: database.resolvedPath)
      {
        throw CommandFailure(
          "\(database.resolvedPath): no database here, so nothing to bundle; name the laptop's database with --database"
        )
      }
      let store = try database.open()
      var from: String?
      var last: BundleMade?
      if let since {
        guard let parsed = StoredTime.parse(since) else {
          throw CommandFailure(
            "--since \(since): not a date or time; write 2026-11-01 or 2026-11-01T08:00:00+07:00")
        }
        from = parsed
      }
      if sinceLast {
        last = try storeCall { () throws(StoreError) in try store.bundlesMade() }.last
      }
      let writer: BundleWriter
      do {
        writer = try BundleWriter(path: output, key: signing, createdWith: "dxready \(DXReady.configuration.version)")
      } catch {
        throw CommandFailure("\(error)")
      }
      var hashes: Set<String> = []
      var lastStored = last?.lastStored ?? 0
      var reviewed: [String] = []
      // The bundle's time is when its assessments are read: a review made while it is written
      // travels in the next one.
      let started = Date()
      do {
        try store.exportSubmitted(
          statuses: status.map { AssessmentStatus(rawValue: $0.rawValue)! }, from: from, storedAfter: last?.lastStored,
          changedSince: last?.madeAt
        ) { stored in
          hashes.insert(stored.questionnaireHash)
          if stored.reviewed { reviewed.append(stored.id) }
          lastStored = max(lastStored, stored.stored)
          try writer.append(BundleRecord.line(stored), submittedAt: stored.submittedAt)
        }
      } catch let error as StoreError {
        throw CommandFailure(error)
      } catch {
        throw CommandFailure(
          "\(output): the bundle could not be written (\(Self.reason(error))); nothing was left behind", status: 1)
      }
      guard !hashes.isEmpty else {
        store.discardIfNew()
        let states = status.isEmpty ? "submitted or reviewed" : status.map(\.rawValue).joined(separator: " or ")
        print(
          "no \(states) assessments\(last.map { " stored or reviewed since the last bundle (made \($0.madeAt))" } ?? from.map { " submitted since \($0)" } ?? ""); no bundle was written"
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
      // Each reviewed assessment's review and the audit entries that made it.
      var reviews: [String] = []
      for id in reviewed {
        let assessment = AssessmentID(stored: id)
        let review = try storeCall { () throws(StoreError) in try store.review(assessment) }
        guard review.version > 0 else { continue }
        let entries = try storeCall { () throws(StoreError) in try store.auditLog(assessment) }
        do {
          reviews.append(try CarriedReview(assessment: assessment, review: review, entries: entries).line())
        } catch {
          throw CommandFailure("the review of assessment \(id) could not be written (\(error))", status: 1)
        }
      }
      let manifest: BundleManifest
      do {
        manifest = try writer.finish(questionnaires: sources, reviews: reviews, now: started)
      } catch {
        throw CommandFailure(
          "\(output): the bundle could not be written (\(Self.reason(error))); nothing was left behind", status: 1)
      }
      // Only a bundle of everything new counts for the next --since-last: one chosen by state or
      // date leaves assessments behind that must still travel.
      let counts = since == nil && status.isEmpty
      if counts {
        try storeCall { () throws(StoreError) in
          try store.recordBundleMade(
            BundleMade(
              madeAt: manifest.createdAt, submittedTo: manifest.submittedTo ?? "", lastStored: lastStored,
              assessments: manifest.counts.assessments,
              file: output))
        }
      }
      print(
        "wrote \(output)\(counts ? "" : " (chosen by --status or --since: the next --since-last bundle still starts after the last bundle of everything new)"): \(manifest.counts.assessments) assessment(s)\(reviews.isEmpty ? "" : " (\(reviews.count) with their review)") submitted \(manifest.submittedFrom ?? "")–\(manifest.submittedTo ?? ""), signed by \(signing.publicKey.id) (\(signing.name))"
      )
    }
  }

  /// A file error in words (a full disk, a folder that cannot be written), not Foundation's
  /// domain and code.
  static func reason(_ error: any Error) -> String {
    if let bundle = error as? BundleError { return bundle.description }
    let code = (error as NSError).code
    switch code {
    case NSFileWriteOutOfSpaceError: return "the disk is full"
    case NSFileWriteNoPermissionError: return "no permission to write there"
    case NSFileWriteVolumeReadOnlyError: return "the disk is read-only"
    default: return (error as NSError).localizedDescription
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

      Reviews made on the laptop arrive with their assessments, with the laptop's audit entries
      appended to this database's log. A review is applied only where nobody reviewed the
      assessment here (or only through earlier bundles of the same review); one reviewed on both
      sides refuses the bundle, unless --skip-conflicting-reviews leaves that review out.

      Examples:
        dxready bundle import coto-2026-12-01.zip
        dxready bundle import field/*.zip --database postgresql://tuvan@db.tinh.example/dxready
      """))

  @Argument(help: "The bundles, imported in the order given.")
  var files: [String]

  @Flag(
    help:
      "Import a bundle even when some of its reviews conflict with reviews made here: those reviews are left out (each named), everything else is stored."
  )
  var skipConflictingReviews = false

  @OptionGroup var folder: QuestionnaireFolderOption
  @OptionGroup var database: DatabaseOption

  func run() throws {
    try reportingFailures {
      let catalog = try folder.catalog()
      let reference = try catalog.referenceData()
      // The questionnaires this office uses: a bundle may carry only these (or one whose text
      // the database already holds), never its own version of one.
      let known = Dictionary(
        catalog.questionnaires.map { ("\($0.id)@\($0.version)", $0.hash) }, uniquingKeysWith: { first, _ in first })
      let store = try database.open()
      for (index, file) in files.enumerated() {
        do {
          let conflicts = skipConflictingReviews ? ReviewConflicts() : nil
          let (outcome, carried, signer) = try importBundle(
            file, into: store, reference: reference, known: known, catalog: catalog, conflicts: conflicts)
          let skipped = conflicts?.messages ?? []
          for message in skipped { printError("warning: \(message); left out, as --skip-conflicting-reviews asks") }
          let reviews =
            carried == 0
            ? ""
            : "; \(outcome.reviews) of \(carried) review(s) brought up to date"
              + (skipped.isEmpty ? "" : ", \(skipped.count) left out (reviewed here too)")
          print(
            "\(file): imported \(outcome.added) assessment(s); \(outcome.unchanged) already stored\(reviews); signed by \(signer.id) (\(signer.name)); database \(store.location)"
          )
        } catch var failure as CommandFailure {
          // A database this command created for nothing is not left behind.
          store.discardIfNew()
          let rest = files.dropFirst(index + 1)
          if !rest.isEmpty {
            failure.message += "\nnot read, after the refused bundle: \(rest.joined(separator: ", "))"
          }
          throw failure
        }
      }
    }
  }

  /// Imports one bundle; returns what the store did, how many reviews the bundle carries, and
  /// who signed it.
  func importBundle(
    _ file: String, into store: any OpenedStore, reference: ReferenceData, known: [String: String],
    catalog: QuestionnaireCatalog, conflicts: ReviewConflicts?
  ) throws -> ((added: Int, unchanged: Int, reviews: Int), Int, PublicKey) {
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

    // The questionnaires, each the text its name's hash says, and each one this office uses.
    var questionnaires: [String: (Questionnaire, String)] = [:]
    for (hash, text) in opened.questionnaires {
      let loaded = QuestionnaireLoader.load(text, file: "\(file): questionnaire \(hash)")
      guard let questionnaire = loaded.questionnaire else {
        throw refuse(
          "the questionnaire entry for \(hash) is not a valid questionnaire (\(loaded.diagnostics.first.map { "\($0)" } ?? "unreadable"))"
        )
      }
      guard questionnaire.hash == hash else {
        throw refuse("the questionnaire entry for \(hash) is not the questionnaire its name says")
      }
      let reference = "\(questionnaire.id)@\(questionnaire.version)"
      let stored = try storeCall { () throws(StoreError) in try store.questionnaireSource(hash: hash) } != nil
      if !stored {
        guard let ours = known[reference] else {
          throw refuse(
            "it carries questionnaire \(reference), which this office does not use: add its file to the questionnaire folder first"
          )
        }
        guard ours == hash else {
          throw refuse(
            "it carries a questionnaire \(reference) whose text differs from this office's \(reference) (a questionnaire is never changed under the same version)"
          )
        }
      }
      questionnaires[hash] = (questionnaire, text)
    }
    guard let data = MappedFile(path: opened.assessments.path) else {
      throw CommandFailure(
        "\(file): cannot read the unpacked assessments (\(String(cString: strerror(errno))))", status: 1)
    }
    // Where each line is, found with memchr; the checkers copy a line's bytes out of the
    // mapped file only when they check it, and the pages read are given back as the import
    // goes, so memory stays bounded by the checking window.
    var lines: [(number: Int, range: Range<Int>)] = []
    scan: do {
      let buffer = data.bytes
      guard let base = buffer.baseAddress else { break scan }
      var start = 0
      while start < buffer.count {
        var end = buffer.count
        if let newline = memchr(base + start, 0x0A, buffer.count - start) {
          end = base.distance(to: UnsafeRawPointer(newline))
        }
        lines.append((lines.count + 1, start..<end))
        start = end + 1
      }
    }
    data.release(before: data.bytes.count)
    guard lines.count == opened.manifest.counts.assessments else {
      throw refuse(
        "the signed manifest counts \(opened.manifest.counts.assessments) assessment(s) but assessments.jsonl holds \(lines.count)"
      )
    }
    let reviews = try Self.reviews(opened, file: file)
    var services: Set<String> = []
    if !reviews.isEmpty {
      // Roadmap decisions name services of this office's catalogue.
      services = Set(try catalog.serviceCatalog().services.map(\.id))
    }
    let checker = BundleRecordChecker(
      file: file, questionnaires: questionnaires, reference: reference,
      latestAllowed: String(StoredTime.string(Date().addingTimeInterval(3600)).prefix(19)), reviews: reviews,
      services: services, signer: opened.signer.id, conflicts: conflicts)
    var reviewed: Set<String> = []
    let cores = ProcessInfo.processInfo.activeProcessorCount
    let checked = CheckedQueue(lines, workers: max(1, cores - 1)) { line in
      checker.item(line.number, data[line.range])
    }
    var index = 0
    let outcome: (added: Int, unchanged: Int, reviews: Int)
    do {
      outcome = try store.importSubmitted { () throws(StoreError) -> ImportedAssessment? in
        guard index < checked.count else {
          // Every review must belong to an assessment of the bundle.
          if let stray = reviews.filter({ !reviewed.contains($0.key) }).min(by: { $0.value.line < $1.value.line }) {
            throw StoreError.rejected(
              "\(file): reviews.jsonl line \(stray.value.line): a review of assessment \(stray.key), which the bundle does not carry; nothing was imported"
            )
          }
          return nil
        }
        defer { index += 1 }
        // Every line before this one has been checked: their pages go back.
        if index % 4096 == 0 { data.release(before: lines[index].range.lowerBound) }
        switch checked.take(index) {
        case .success(let item):
          if item.review != nil { reviewed.insert(item.id.rawValue) }
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
    return (outcome, reviews.count, opened.signer)
  }

  /// The reviews a bundle carries, by assessment id, each with its line; a line that is not a
  /// review, a second review of one assessment, or a count other than the manifest's refuses
  /// the bundle.
  static func reviews(_ opened: OpenedBundle, file: String) throws -> [String: (line: Int, review: CarriedReview)] {
    guard let url = opened.reviews else { return [:] }
    func refuse(_ why: String) -> CommandFailure { CommandFailure("\(file): \(why); nothing was imported") }
    let text: String
    do {
      guard let read = String(data: try Data(contentsOf: url), encoding: .utf8) else {
        throw refuse("reviews.jsonl is not UTF-8 text")
      }
      text = read
    } catch let failure as CommandFailure {
      throw failure
    } catch {
      throw CommandFailure("\(file): cannot read the unpacked reviews (\(error))", status: 1)
    }
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    if lines.last == "" { lines.removeLast() }
    guard lines.count == opened.manifest.counts.reviews else {
      throw refuse(
        "the signed manifest counts \(opened.manifest.counts.reviews ?? 0) review(s) but reviews.jsonl holds \(lines.count)"
      )
    }
    var reviews: [String: (line: Int, review: CarriedReview)] = [:]
    for (index, line) in lines.enumerated() {
      switch CarriedReview.parse(Data(line.utf8)) {
      case .failure(let why): throw refuse("reviews.jsonl line \(index + 1): not a review (\(why))")
      case .success(let review):
        if let earlier = reviews[review.assessment.rawValue] {
          throw refuse(
            "reviews.jsonl lines \(earlier.line) and \(index + 1) both review assessment \(review.assessment)")
        }
        reviews[review.assessment.rawValue] = (index + 1, review)
      }
    }
    return reviews
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
  /// The reviews the bundle carries, by assessment id, with their lines in `reviews.jsonl`.
  var reviews: [String: (line: Int, review: CarriedReview)]
  /// The ids of this office's services (what roadmap decisions may name).
  var services: Set<String>
  /// The key that signed the bundle.
  var signer: String
  /// Where conflicting reviews are noted and left out; `nil` refuses the bundle.
  var conflicts: ReviewConflicts?

  func item(_ number: Int, _ bytes: [UInt8]) -> Result<ImportedAssessment, Problem> {
    let place = "\(file): assessments.jsonl line \(number)"
    guard String(validating: bytes, as: UTF8.self) != nil else {
      return .failure(Problem(line: "\(place): not UTF-8 text"))
    }
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
    // Scores are left out of a reviewed assessment (they may be those of corrected answers).
    if problems.isEmpty, record.overallScore != nil || record.overallLevel != nil,
      result.overall.score != record.overallScore || result.overall.level != record.overallLevel
    {
      func shown(_ score: Double?, _ level: Int?) -> String {
        "\(score.map { "\($0)" } ?? "none"), level \(level.map(String.init) ?? "none")"
      }
      problems.append(
        "\(place): assessment \(id): its scores (\(shown(record.overallScore, record.overallLevel))) are not what its answers give (\(shown(result.overall.score, result.overall.level)))"
      )
    }
    var arriving: ArrivingReview?
    if let (line, carried) = reviews[record.id] {
      let origin = "\(file): reviews.jsonl line \(line)"
      problems += carried.problems(questionnaire: questionnaire, services: services).map {
        "\(origin): assessment \(id): \($0)"
      }
      arriving = ArrivingReview(
        carried: carried, from: signer,
        rescored: Scorer.score(carried.review.correctedAnswers(validated.answers), questionnaire: questionnaire),
        origin: origin, conflicts: conflicts)
    }
    // The size class is worked out again from the profile, as an answers file's is: the one
    // the line declares is never taken on trust.
    guard problems.isEmpty else { return .failure(Problem(line: problems.joined(separator: "\n"))) }
    var profile = record.profile
    profile.taxCode = report.taxCode?.value
    var item = ImportedAssessment(
      id: id, profile: profile, sizeClass: report.sizeClass,
      questionnaire: questionnaire, questionnaireSource: source, answers: validated.answers, result: result,
      origin: place, submittedAt: submitted)
    item.consent = record.consent
    item.review = arriving
    return .success(item)
  }

}
