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
  static let otherDataFiles: Set<String> = ["services.yaml"]

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
    let services =
      loadsServices && FileManager.default.fileExists(atPath: servicesPath)
      ? try loadServices(servicesPath, questionnaires: entries.compactMap(\.outcome.questionnaire)) : nil
    return QuestionnaireCatalog(folder: folder, entries: entries, references: references, services: services)
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
      throw CommandFailure("\(services.path) has errors; run `dxready questionnaire lint` to see them")
    }
    return catalog
  }

  static func loadReference(_ path: String) throws -> ReferenceEntry {
    ReferenceEntry(path: path, outcome: ReferenceLoader.load(try readTextFile(path), file: path))
  }

  /// Every problem in every file, questionnaires first.
  var diagnostics: [Diagnostic] {
    entries.flatMap(\.outcome.diagnostics) + references.flatMap(\.outcome.diagnostics)
      + (services?.outcome.diagnostics ?? [])
  }

  /// The locality list and the VSIC sections, or why they cannot be used.
  func referenceData() throws -> ReferenceData {
    var localities: LocalityList?
    var vsic: VSIC?
    for entry in references {
      guard let loaded = entry.outcome.loaded else {
        throw CommandFailure("\(entry.path) has errors; run `dxready questionnaire lint` to see them")
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

  /// The questionnaire with this id (and version, when given), or a message saying what exists.
  func questionnaire(id: String, version: String? = nil) throws -> Questionnaire {
    let matching = questionnaires.filter { $0.id == id }
    if let version {
      if let exact = matching.first(where: { $0.version == version }) { return exact }
      if !matching.isEmpty {
        let have = matching.map(\.reference).joined(separator: ", ")
        throw CommandFailure(
          "questionnaire \(id)@\(version) is not in \(folder) (it has \(have)); answers are only scored against the version they were given for"
        )
      }
    } else if let first = matching.first {
      return first
    }
    if let broken = entries.first(where: { $0.outcome.questionnaire == nil && $0.path.contains(id) }) {
      throw CommandFailure(
        "\(broken.path) has errors; run `dxready questionnaire lint \(broken.path)` to see them")
    }
    let known = questionnaires.map(\.reference).joined(separator: ", ")
    throw CommandFailure("no questionnaire `\(id)` in \(folder); known: \(known.isEmpty ? "none" : known)")
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

/// Slots that concurrent work fills, one each.
final class ConcurrentResults<Value>: @unchecked Sendable {
  private let lock = NSLock()
  private var storage: [Value?]

  init(count: Int) { storage = Array(repeating: nil, count: count) }

  subscript(index: Int) -> Value? {
    get { lock.withLock { storage[index] } }
    set { lock.withLock { storage[index] = newValue } }
  }

  var values: [Value?] { lock.withLock { storage } }
}
