import DXReadyCore
import Foundation

/// The questionnaire files of one folder, loaded and checked.
///
/// The folder is the first of: `--questionnaires DIR`, `$DXREADY_QUESTIONNAIRES`,
/// `./Questionnaires`, and the data folder installed beside the binary
/// (`BIN/../share/dxready/Questionnaires` or `BIN/Questionnaires`).
struct QuestionnaireCatalog: Sendable {
  /// A questionnaire file's outcome.
  struct Entry: Sendable {
    var path: String
    var outcome: QuestionnaireLoader.Outcome
  }

  /// Files in the folder that are data but not questionnaires.
  static let otherDataFiles: Set<String> = ["services.yaml", "privacy-notice.yaml"]

  /// A reference list's outcome.
  struct ReferenceEntry: Sendable {
    var path: String
    var outcome: ReferenceLoader.Outcome
  }

  var folder: String
  var entries: [Entry]
  /// The lists in `reference/`: localities and industry sections.
  var references: [ReferenceEntry] = []
  /// The service catalogue, `services.yaml`, when the folder has one.
  var services: ServiceEntry?
  /// The personal-data notice, `privacy-notice.yaml`, when the folder has one.
  var notice: NoticeEntry?
  /// Problems between files: one `id@version` in two files, a file not named after its id.
  var crossFileDiagnostics: [Diagnostic] = []
  /// `id@version`s defined by more than one file with different content, and those files:
  /// neither is used, since it cannot be known which one answers were given for.
  var conflicting: [String: [String]] = [:]

  /// The privacy notice's outcome.
  struct NoticeEntry: Sendable {
    var path: String
    var outcome: PrivacyNoticeLoader.Outcome
  }

  /// The service catalogue's outcome.
  struct ServiceEntry: Sendable {
    var path: String
    var outcome: ServiceCatalogLoader.Outcome
  }

  /// The folder to use, or why none was found.
  static func locateFolder(_ option: String?) throws -> String {
    let environment = ProcessInfo.processInfo.environment
    if let option { return try existingFolder(option, from: "--questionnaires") }
    if let fromEnvironment = environment["DXREADY_QUESTIONNAIRES"], !fromEnvironment.isEmpty {
      return try existingFolder(fromEnvironment, from: "DXREADY_QUESTIONNAIRES")
    }
    var candidates = ["Questionnaires"]
    let binary = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
    candidates.append(binary.appendingPathComponent("../share/dxready/Questionnaires").standardized.path)
    candidates.append(binary.appendingPathComponent("Questionnaires").path)
    for candidate in candidates where isFolder(candidate) { return candidate }
    throw CommandFailure(
      "no questionnaire folder found: tried \(candidates.joined(separator: ", ")); pass --questionnaires DIR or set DXREADY_QUESTIONNAIRES"
    )
  }

  /// Loads every questionnaire file directly inside `folder`, in name order, and the reference
  /// lists; the service catalogue too unless `services` is false (statistics do not need it).
  /// Questionnaires have their hashes unless `hashes` is false.
  static func load(folder: String, services loadsServices: Bool = true, hashes: Bool = true) throws
    -> QuestionnaireCatalog
  {
    let names: [String]
    do {
      names = try FileManager.default.contentsOfDirectory(atPath: folder)
    } catch {
      throw CommandFailure("\(folder): cannot list the folder (check its permissions)")
    }
    let files = names.filter { ($0.hasSuffix(".yaml") || $0.hasSuffix(".yml")) && !otherDataFiles.contains($0) }
      .sorted()
      .map { (folder as NSString).appendingPathComponent($0) }
    let referenceFolder = (folder as NSString).appendingPathComponent("reference")
    let referenceFiles = ((try? FileManager.default.contentsOfDirectory(atPath: referenceFolder)) ?? [])
      .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
      .map { (referenceFolder as NSString).appendingPathComponent($0) }
    // The files are independent: read and check them side by side.
    let count = files.count + referenceFiles.count
    let entries = ConcurrentResults<Result<Entry, any Error>>(count: files.count)
    let references = ConcurrentResults<Result<ReferenceEntry, any Error>>(count: referenceFiles.count)
    DispatchQueue.concurrentPerform(iterations: count) { index in
      if index < files.count {
        entries[index] = Result { try loadFile(files[index], hashing: hashes) }
      } else {
        references[index - files.count] = Result { try loadReference(referenceFiles[index - files.count]) }
      }
    }
    return try assemble(
      folder: folder, entries: entries.values.map { try $0!.get() },
      references: references.values.map { try $0!.get() }, services: loadsServices)
  }

  static func assemble(folder: String, entries: [Entry], references: [ReferenceEntry], services loadsServices: Bool)
    throws -> QuestionnaireCatalog
  {
    let servicesPath = (folder as NSString).appendingPathComponent("services.yaml")
    // The catalogue's rules are checked against the newest version of each questionnaire.
    let services =
      loadsServices && FileManager.default.fileExists(atPath: servicesPath)
      ? try loadServices(servicesPath, questionnaires: newest(entries.compactMap(\.outcome.questionnaire))) : nil
    var catalog = QuestionnaireCatalog(folder: folder, entries: entries, references: references, services: services)
    let noticePath = (folder as NSString).appendingPathComponent("privacy-notice.yaml")
    if FileManager.default.fileExists(atPath: noticePath) { catalog.notice = try loadNotice(noticePath) }
    catalog.checkAcrossFiles()
    return catalog
  }

  /// Where a file says `id:` at the top level (line 1 when it does not).
  static func idLocation(_ path: String) -> SourceLocation {
    let text = (try? readTextFile(path)) ?? ""
    for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
    where line.hasPrefix("id:") {
      return SourceLocation(file: path, line: index + 1, column: 1)
    }
    return SourceLocation(file: path, line: 1, column: 1)
  }

  /// One `id@version` in two files is an error when their contents differ (which one answers
  /// were given for cannot be known) and a warning when they are the same; a file should be
  /// named after its questionnaire's id (`ID.yaml`, or `ID@VERSION.yaml` / `ID-VERSION.yaml`
  /// when several versions sit side by side).
  mutating func checkAcrossFiles() {
    var byReference: [String: [Entry]] = [:]
    for entry in entries {
      guard let questionnaire = entry.outcome.questionnaire else { continue }
      byReference[questionnaire.reference, default: []].append(entry)
      let name = ((entry.path as NSString).lastPathComponent as NSString).deletingPathExtension
      let id = questionnaire.id.rawValue
      let allowed = [id] + ["@", "-", "_"].map { id + $0 + questionnaire.version }
      if !allowed.contains(name) {
        crossFileDiagnostics.append(
          Diagnostic(
            .warning, at: Self.idLocation(entry.path),
            "the file is named `\((entry.path as NSString).lastPathComponent)` but the questionnaire's id is `\(questionnaire.id)`; name the file `\(questionnaire.id).yaml` (or `\(questionnaire.id)@\(questionnaire.version).yaml` beside other versions)"
          ))
      }
    }
    for (reference, files) in byReference.sorted(by: { $0.key < $1.key }) where files.count > 1 {
      let hashes = Set(files.compactMap { $0.outcome.questionnaire?.hash })
      let differ = hashes.count > 1
      if differ { conflicting[reference] = files.map(\.path) }
      for file in files.dropFirst() {
        crossFileDiagnostics.append(
          Diagnostic(
            differ ? .error : .warning, at: Self.idLocation(file.path),
            differ
              ? "\(reference) is also defined in \(files[0].path) with different content; a version names one text: give this file a new `version`, or remove one of the two"
              : "\(reference) is also defined, with the same content, in \(files[0].path); remove one of the two"
          ))
      }
    }
  }

  static func loadServices(_ path: String, questionnaires: [Questionnaire]) throws -> ServiceEntry {
    ServiceEntry(
      path: path,
      outcome: ServiceCatalogLoader.load(try readTextFile(path), file: path, questionnaires: questionnaires))
  }

  /// The service catalogue, or why it cannot be used.
  func serviceCatalog() throws -> ServiceCatalog {
    guard let services else { throw CommandFailure("\(folder) has no services.yaml (the service catalogue)") }
    guard let catalog = services.outcome.catalog else {
      throw CommandFailure(Self.problems(services.path, services.outcome.diagnostics))
    }
    return catalog
  }

  static func loadNotice(_ path: String) throws -> NoticeEntry {
    NoticeEntry(path: path, outcome: PrivacyNoticeLoader.load(try readTextFile(path), file: path))
  }

  /// The personal-data notice `take` shows and records consent to, or why it cannot be used.
  func privacyNotice() throws -> PrivacyNotice {
    guard let notice else {
      throw CommandFailure(
        "\(folder) has no privacy-notice.yaml: `take` shows it and records the business's consent to it before storing anything"
      )
    }
    guard let loaded = notice.outcome.notice else {
      throw CommandFailure(Self.problems(notice.path, notice.outcome.diagnostics))
    }
    return loaded
  }

  static func loadReference(_ path: String) throws -> ReferenceEntry {
    ReferenceEntry(path: path, outcome: ReferenceLoader.load(try readTextFile(path), file: path))
  }

  /// Every problem in every file, questionnaires first.
  var diagnostics: [Diagnostic] {
    (entries.flatMap(\.outcome.diagnostics) + crossFileDiagnostics).sortedByLocation()
      + references.flatMap(\.outcome.diagnostics) + (services?.outcome.diagnostics ?? [])
      + (notice?.outcome.diagnostics ?? [])
  }

  /// The locality list and the VSIC sections, or why they cannot be used.
  func referenceData() throws -> ReferenceData {
    var localities: LocalityList?
    var vsic: VSIC?
    for entry in references {
      guard let loaded = entry.outcome.loaded else {
        throw CommandFailure(Self.problems(entry.path, entry.outcome.diagnostics))
      }
      switch loaded {
      case .localities(let list): localities = list
      case .vsic(let sections): vsic = sections
      }
    }
    guard let localities, let vsic else {
      throw CommandFailure(
        "\(folder)/reference must hold a locality list and a VSIC list (kinds `localities` and `vsic`)")
    }
    return ReferenceData(localities: localities, vsic: vsic)
  }

  static func loadFile(_ path: String, hashing: Bool = true) throws -> Entry {
    Entry(path: path, outcome: QuestionnaireLoader.load(try readTextFile(path), file: path, hashing: hashing))
  }

  /// Questionnaires that loaded without errors.
  var questionnaires: [Questionnaire] { entries.compactMap(\.outcome.questionnaire) }

  /// Whether version `a` comes before `b`: dot-separated parts compared as numbers where both
  /// are numbers (1.10.0 after 1.9.0), as text otherwise.
  static func isOlder(_ a: String, than b: String) -> Bool {
    let left = a.split(separator: ".")
    let right = b.split(separator: ".")
    for (x, y) in zip(left, right) where x != y {
      if let m = Int(x), let n = Int(y) { return m < n }
      return x < y
    }
    return left.count < right.count
  }

  /// The newest version of each questionnaire, in the order of their first files.
  static func newest(_ questionnaires: [Questionnaire]) -> [Questionnaire] {
    var chosen: [QuestionnaireID: Questionnaire] = [:]
    var order: [QuestionnaireID] = []
    for questionnaire in questionnaires {
      if let other = chosen[questionnaire.id] {
        if isOlder(other.version, than: questionnaire.version) { chosen[questionnaire.id] = questionnaire }
      } else {
        chosen[questionnaire.id] = questionnaire
        order.append(questionnaire.id)
      }
    }
    return order.compactMap { chosen[$0] }
  }

  /// The questionnaire with this id (and version, when given), or a message saying what exists.
  func questionnaire(id: QuestionnaireID, version: String? = nil) throws -> Questionnaire {
    let matching = questionnaires.filter { $0.id == id }
    // Without a version, the newest: what a new assessment is taken with.
    let newest = Self.newest(matching).first
    let chosen = version.map { "\(id)@\($0)" } ?? newest?.reference
    if let chosen, let files = conflicting[chosen] {
      throw CommandFailure(
        "\(chosen) is defined in \(files.joined(separator: " and ")) with different content; run `dxready questionnaire lint` and keep one"
      )
    }
    if let version {
      if let exact = matching.first(where: { $0.version == version }) { return exact }
      if !matching.isEmpty {
        let have = matching.map(\.reference).joined(separator: ", ")
        throw CommandFailure(
          "questionnaire \(id)@\(version) is not in \(folder) (it has \(have)); answers are only scored against the version they were given for"
        )
      }
    } else if let newest {
      return newest
    }
    if let broken = entries.first(where: { $0.outcome.questionnaire == nil && $0.path.contains(id.rawValue) }) {
      throw CommandFailure(Self.problems(broken.path, broken.outcome.diagnostics))
    }
    let known = questionnaires.map(\.reference).joined(separator: ", ")
    throw CommandFailure("no questionnaire `\(id)` in \(folder); known: \(known.isEmpty ? "none" : known)")
  }

  /// A file's errors, located, as the reason it cannot be used (the first 20; lint lists all).
  static func problems(_ path: String, _ diagnostics: [Diagnostic]) -> String {
    let errors = diagnostics.filter { $0.severity == .error }
    var lines = ["\(path) cannot be used: \(errors.count) error(s)"] + errors.prefix(20).map(\.description)
    if errors.count > 20 { lines.append("… and \(errors.count - 20) more: run `dxready questionnaire lint \(path)`") }
    return lines.joined(separator: "\n")
  }

  private static func isFolder(_ path: String) -> Bool {
    var isDirectory: ObjCBool = false
    return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
  }

  private static func existingFolder(_ path: String, from source: String) throws -> String {
    guard isFolder(path) else { throw CommandFailure("\(path) (from \(source)): no such folder") }
    return path
  }
}
