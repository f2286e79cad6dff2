import Crypto
import DXReadyCore
import Foundation
import ZIPFoundation

/// A bundle whose signature, signer and every entry were checked.
public struct OpenedBundle: Sendable {
  public var manifest: BundleManifest
  public var signer: PublicKey
  /// The questionnaire texts, by the hash their entry is named with.
  public var questionnaires: [String: String]
  /// `assessments.jsonl`, extracted and checked, in a scratch folder the caller removes.
  public var assessments: URL
  /// `reviews.jsonl`, likewise, when the bundle carries reviews.
  public var reviews: URL?
}

/// Opens a bundle as someone who does not trust it yet: every check is made before anything
/// is read as an assessment, and every refusal says which check failed.
///
/// 1. It is a ZIP file, whole (a file cut short has no central directory).
/// 2. Its entries are only those a bundle has, each once, each a plain file.
/// 3. `manifest.json` is a manifest of a format this dxready reads; `manifest.sig` is there
///    (an unsigned bundle is refused) and is the signature of the manifest by the key it names.
/// 4. That key is trusted here, and not revoked (the caller's `trust` decides).
/// 5. The entries are exactly those the manifest lists, each of the size and SHA-256 it says;
///    extraction stops at the size the signed manifest gives, and an entry that claims to
///    inflate far beyond its compressed size is refused before it is read (a zip bomb).
public enum BundleReader {
  /// The largest manifest, signature and questionnaire text read.
  static let smallEntryLimit: Int64 = 4 << 20
  /// How much larger than its compressed size an entry may claim to be: text compresses
  /// about tenfold; far more is a zip bomb.
  static let inflationLimit: Int64 = 200

  public static func open(
    _ path: String, scratch: URL, trust: (PublicKey) throws -> Void
  ) throws -> OpenedBundle {
    func refuse(_ why: String) -> BundleError { .refused(path, why) }
    guard FileManager.default.fileExists(atPath: path) else { throw refuse("no such file; nothing was imported") }
    // Only a regular file: a folder, a device or a pipe is never read as a ZIP.
    var status = stat()
    guard stat(path, &status) == 0, status.st_mode & S_IFMT == S_IFREG else {
      throw refuse("not a file (a folder, a device or a pipe); name a bundle file; nothing was imported")
    }
    let archive: Archive
    do {
      archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
    } catch {
      throw refuse("not a dxready bundle: not a ZIP file, or one cut short (truncated); nothing was imported")
    }
    var byName: [String: Entry] = [:]
    for entry in archive {
      let name = entry.path
      guard entry.type == .file, !name.hasPrefix("/"), !name.contains(".."), Self.allowed(name) else {
        throw refuse("entry “\(name)” does not belong in a dxready bundle; nothing was imported")
      }
      guard byName[name] == nil else { throw refuse("entry “\(name)” is there twice; nothing was imported") }
      if entry.uncompressedSize
        > Swift.max(
          UInt64(1 << 20), entry.compressedSize.multipliedReportingOverflow(by: UInt64(inflationLimit)).partialValue)
      {
        throw refuse(
          "entry “\(name)” claims to inflate from \(entry.compressedSize) to \(entry.uncompressedSize) bytes: a zip bomb, not a bundle; nothing was imported"
        )
      }
      byName[name] = entry
    }
    guard let manifestEntry = byName["manifest.json"] else {
      throw refuse("not a dxready bundle: it has no manifest.json; nothing was imported")
    }
    guard let signatureEntry = byName["manifest.sig"] else {
      throw refuse(
        "unsigned: the bundle has no manifest.sig, and only signed bundles are imported; nothing was imported")
    }
    let manifestData = try extract(manifestEntry, from: archive, limit: smallEntryLimit, path: path)
    let manifest: BundleManifest
    do {
      manifest = try JSONDecoder().decode(BundleManifest.self, from: manifestData)
    } catch {
      if let format = (try? JSONSerialization.jsonObject(with: manifestData) as? [String: Any])?["format"] as? String,
        format.hasPrefix("dxready.bundle/"), format != BundleManifest.currentFormat
      {
        throw refuse(
          "made in format \(format) by a newer dxready; this one reads \(BundleManifest.currentFormat): upgrade dxready to import it; nothing was imported"
        )
      }
      throw refuse("manifest.json is not a dxready bundle manifest; nothing was imported")
    }
    guard manifest.format == BundleManifest.currentFormat else {
      throw refuse(
        manifest.format.hasPrefix("dxready.bundle/")
          ? "made in format \(manifest.format) by a newer dxready; this one reads \(BundleManifest.currentFormat): upgrade dxready to import it; nothing was imported"
          : "manifest.json is not a dxready bundle manifest (format \(manifest.format)); nothing was imported")
    }
    let signatureText = try extract(signatureEntry, from: archive, limit: 4096, path: path)
    guard let raw = Data(base64Encoded: manifest.signer.publicKey), raw.count == 32,
      let signature = Data(
        base64Encoded: String(decoding: signatureText, as: UTF8.self).trimmingCharacters(
          in: .whitespacesAndNewlines))
    else {
      throw refuse("manifest.sig or the signer's key in manifest.json is malformed; nothing was imported")
    }
    let signer = PublicKey(raw: raw, name: manifest.signer.name)
    guard signer.id == manifest.signer.keyID, signer.verifies(signature, of: manifestData) else {
      throw refuse(
        "the signature does not match manifest.json: the bundle was changed after it was signed; nothing was imported")
    }
    try trust(signer)

    // The entries, exactly as the signed manifest lists them.
    let listed = Dictionary(manifest.entries.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
    guard listed.count == manifest.entries.count else {
      throw refuse("manifest.json lists an entry twice; nothing was imported")
    }
    for name in listed.keys.sorted() where byName[name] == nil {
      throw refuse(
        "entry “\(name)” is listed in the signed manifest but missing from the file (removed?); nothing was imported")
    }
    for name in byName.keys.sorted() where !["manifest.json", "manifest.sig"].contains(name) && listed[name] == nil {
      throw refuse("entry “\(name)” is not in the signed manifest (added?); nothing was imported")
    }
    guard listed["assessments.jsonl"] != nil else {
      throw refuse("the bundle has no assessments.jsonl; nothing was imported")
    }
    let questionnaireCount = listed.keys.filter { $0.hasPrefix("questionnaires/") }.count
    guard questionnaireCount == manifest.counts.questionnaires else {
      throw refuse(
        "the manifest counts \(manifest.counts.questionnaires) questionnaire(s) but lists \(questionnaireCount); nothing was imported"
      )
    }
    guard (listed["reviews.jsonl"] != nil) == (manifest.counts.reviews != nil) else {
      throw refuse(
        listed["reviews.jsonl"] != nil
          ? "the bundle has reviews.jsonl but its manifest counts no reviews; nothing was imported"
          : "the manifest counts \(manifest.counts.reviews ?? 0) review(s) but lists no reviews.jsonl; nothing was imported"
      )
    }
    var questionnaires: [String: String] = [:]
    let assessments = scratch.appendingPathComponent("assessments.jsonl")
    let reviews = scratch.appendingPathComponent("reviews.jsonl")
    for (name, expected) in listed.sorted(by: { $0.key < $1.key }) {
      guard let entry = byName[name] else { continue }
      guard Int64(exactly: entry.uncompressedSize) == expected.bytes else {
        throw refuse(
          "entry “\(name)” is \(entry.uncompressedSize) bytes where the signed manifest says \(expected.bytes) (changed?); nothing was imported"
        )
      }
      var hasher = SHA256()
      var received: Int64 = 0
      var kept = Data()
      let output: FileHandle?
      if name == "assessments.jsonl" || name == "reviews.jsonl" {
        let target = name == "assessments.jsonl" ? assessments : reviews
        guard FileManager.default.createFile(atPath: target.path, contents: nil) else {
          throw refuse("cannot be unpacked in \(scratch.path); nothing was imported")
        }
        output = FileHandle(forWritingAtPath: target.path)
      } else {
        guard expected.bytes <= smallEntryLimit else {
          throw refuse(
            "entry “\(name)” is too large for a questionnaire (\(expected.bytes) bytes); nothing was imported")
        }
        output = nil
      }
      do {
        _ = try archive.extract(entry, skipCRC32: false) { chunk in
          received += Int64(chunk.count)
          // Never more than the signed size, whatever the entry inflates to.
          guard received <= expected.bytes else { throw BundleError.refused(path, "oversize") }
          hasher.update(data: chunk)
          if let output { try output.write(contentsOf: chunk) } else { kept.append(chunk) }
        }
      } catch {
        try? output?.close()
        throw refuse(
          "entry “\(name)” is damaged or changed (it does not unpack to what was signed); nothing was imported")
      }
      try? output?.close()
      let digest = hexadecimal(hasher.finalize())
      guard received == expected.bytes, digest == expected.sha256 else {
        throw refuse(
          "entry “\(name)” does not match its SHA-256 in the signed manifest: it was changed; nothing was imported")
      }
      if let hash = BundleManifest.questionnaireHash(ofEntry: name) {
        guard let text = String(data: kept, encoding: .utf8) else {
          throw refuse("entry “\(name)” is not UTF-8 text; nothing was imported")
        }
        questionnaires[hash] = text
      }
    }
    return OpenedBundle(
      manifest: manifest, signer: signer, questionnaires: questionnaires, assessments: assessments,
      reviews: listed["reviews.jsonl"] == nil ? nil : reviews)
  }

  /// The names a bundle's entries may have.
  static func allowed(_ name: String) -> Bool {
    ["manifest.json", "manifest.sig", "assessments.jsonl", "reviews.jsonl"].contains(name)
      || BundleManifest.questionnaireHash(ofEntry: name) != nil
  }

  /// A small entry's bytes, no more than `limit`.
  static func extract(_ entry: Entry, from archive: Archive, limit: Int64, path: String) throws -> Data {
    guard entry.uncompressedSize <= UInt64(limit) else {
      throw BundleError.refused(
        path, "entry “\(entry.path)” is too large (\(entry.uncompressedSize) bytes); nothing was imported")
    }
    var data = Data()
    do {
      _ = try archive.extract(entry, skipCRC32: false) { chunk in
        data.append(chunk)
        guard Int64(data.count) <= limit else { throw BundleError.refused(path, "oversize") }
      }
    } catch {
      throw BundleError.refused(
        path, "entry “\(entry.path)” is damaged (it does not unpack as it was written); nothing was imported")
    }
    return data
  }
}
