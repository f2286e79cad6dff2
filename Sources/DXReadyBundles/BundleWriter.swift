import Crypto
import DXReadyCore
import Foundation
import ZIPFoundation

/// Writes a field bundle: a ZIP file that anyone can open with standard tools, holding
///
/// - `manifest.json` — the format, who signed it, counts, and every other entry's size and
///   SHA-256;
/// - `manifest.sig` — the Ed25519 signature of `manifest.json`'s exact bytes, in base 64;
/// - `assessments.jsonl` — one ``BundleRecord`` per line;
/// - `questionnaires/HASH.yaml` — the text of each questionnaire the assessments were taken
///   with, named by its hash;
/// - `reviews.jsonl` — when some of the assessments were reviewed, one ``CarriedReview`` per
///   line: the review and the audit entries that made it.
///
/// The file appears whole or not at all: it is written beside its name and renamed at the end.
public final class BundleWriter {
  let path: String
  let key: SigningKey
  /// The dxready that makes it (`dxready 0.1.0`).
  let createdWith: String
  let partial: String
  let lines: String
  let handle: FileHandle
  var hasher = SHA256()
  var count = 0
  var bytes: Int64 = 0
  var earliest: String?
  var latest: String?
  var buffer = Data()

  /// Starts a bundle at `path`, which must not exist yet.
  public init(path: String, key: SigningKey, createdWith: String) throws {
    guard !FileManager.default.fileExists(atPath: path) else {
      throw BundleError.file(path, "already exists; it was left as it is (name a new file with -o)")
    }
    self.path = path
    self.key = key
    self.createdWith = createdWith
    partial = path + ".partial-\(getpid())"
    lines = partial + ".jsonl"
    guard FileManager.default.createFile(atPath: lines, contents: nil),
      let handle = FileHandle(forWritingAtPath: lines)
    else {
      throw BundleError.file(path, "cannot be written here (check the folder and its permissions)")
    }
    self.handle = handle
    buffer.reserveCapacity(1 << 20)
  }

  deinit {
    try? handle.close()
    try? FileManager.default.removeItem(atPath: partial)
    try? FileManager.default.removeItem(atPath: lines)
  }

  /// Adds one assessment's line (``BundleRecord/line(_:)``).
  public func append(_ line: String, submittedAt: String) throws {
    var data = Data(line.utf8)
    data.append(10)
    hasher.update(data: data)
    buffer.append(data)
    bytes += Int64(data.count)
    count += 1
    if earliest.map({ submittedAt < $0 }) ?? true { earliest = submittedAt }
    if latest.map({ submittedAt > $0 }) ?? true { latest = submittedAt }
    if buffer.count >= 1 << 20 {
      try handle.write(contentsOf: buffer)
      buffer.removeAll(keepingCapacity: true)
    }
  }

  /// Signs and writes the bundle, with the questionnaire texts its lines name (by hash) and the
  /// reviews of its assessments (``CarriedReview/line()``), and gives it its name; returns its
  /// manifest. `now` is the bundle's time (when its assessments were read).
  public func finish(questionnaires: [String: String], reviews: [String] = [], now: Date = Date()) throws
    -> BundleManifest
  {
    try handle.write(contentsOf: buffer)
    buffer.removeAll()
    try handle.close()
    var entries = [
      BundleManifest.Entry(path: "assessments.jsonl", bytes: bytes, sha256: hexadecimal(hasher.finalize()))
    ]
    let texts = questionnaires.sorted { $0.key < $1.key }.map {
      (path: BundleManifest.entryName(forQuestionnaire: $0.key), data: Data($0.value.utf8))
    }
    var extra = texts
    if !reviews.isEmpty {
      extra.append((path: "reviews.jsonl", data: Data(reviews.map { $0 + "\n" }.joined().utf8)))
    }
    for text in extra {
      entries.append(
        BundleManifest.Entry(
          path: text.path, bytes: Int64(text.data.count), sha256: hexadecimal(SHA256.hash(data: text.data))))
    }
    let manifest = BundleManifest(
      format: BundleManifest.currentFormat, createdAt: StoredTime.string(now), createdWith: createdWith,
      signer: BundleManifest.Signer(keyID: key.publicKey.id, publicKey: key.publicKey.base64, name: key.name),
      counts: BundleManifest.Counts(
        assessments: count, questionnaires: texts.count, reviews: reviews.isEmpty ? nil : reviews.count),
      submittedFrom: earliest,
      submittedTo: latest, entries: entries)
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    let manifestData = try encoder.encode(manifest)
    let signature = Data((try key.sign(manifestData).base64EncodedString() + "\n").utf8)

    let archive = try Archive(url: URL(fileURLWithPath: partial), accessMode: .create)
    for (name, data) in [("manifest.json", manifestData), ("manifest.sig", signature)]
      + extra.map({ ($0.path, $0.data) })
    {
      try archive.addEntry(
        with: name, type: .file, uncompressedSize: Int64(data.count), modificationDate: now,
        compressionMethod: .deflate
      ) { position, size in data.subdata(in: Int(position)..<Int(position) + size) }
    }
    try archive.addEntry(with: "assessments.jsonl", fileURL: URL(fileURLWithPath: lines), compressionMethod: .deflate)
    // On disk before it takes its name: a power cut leaves the bundle whole or absent.
    if let written = FileHandle(forUpdatingAtPath: partial) {
      try written.synchronize()
      try written.close()
    }
    guard rename(partial, path) == 0 else {
      throw BundleError.file(path, "cannot be written (\(String(cString: strerror(errno))))")
    }
    return manifest
  }
}
