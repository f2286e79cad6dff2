import Crypto
import DXReadyBundles
import DXReadyCore
import Foundation
import Testing
import ZIPFoundation

/// Field bundles end to end: laptops with their own keys make bundles; the office trusts the
/// keys and imports them, in any order, as often as it likes; every damaged, forged or
/// untrusted bundle is refused with its reason, the database left byte for byte as it was.
@Suite("dxready keys and bundle, end to end")
struct BundleCommandTests {
  static let questionnaires = Binary.package.appendingPathComponent("Questionnaires").path

  static func dx(_ arguments: [String], _ database: URL, in folder: URL) throws -> Binary.Run {
    try Binary.run(
      arguments + ["--database", database.path], in: folder,
      environment: ["DXREADY_QUESTIONNAIRES": questionnaires])
  }

  /// A laptop: `count` synthetic assessments (the same businesses for the same seed), each
  /// submitted at `submitted`, in its own database, with its own key, and the bundle it makes.
  static func laptop(
    _ name: String, submitted: String, seed: Int = 5, count: Int = 12, in folder: URL
  ) throws -> (bundle: URL, publicKey: URL, key: URL, database: URL) {
    let work = folder.appendingPathComponent(name)
    try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
    let answers = try Binary.synthesize(count, seed: seed, in: work)
    for file in try FileManager.default.contentsOfDirectory(atPath: answers) {
      let path = (answers as NSString).appendingPathComponent(file)
      let text = try String(contentsOfFile: path, encoding: .utf8)
      try text.replacingOccurrences(
        of: "{\"questionnaire\"", with: "{\"submitted\": \"\(submitted)\", \"questionnaire\""
      )
      .write(toFile: path, atomically: true, encoding: .utf8)
    }
    let database = work.appendingPathComponent("laptop.sqlite")
    var run = try dx(["import", answers, "--quiet"], database, in: work)
    #expect(run.status == 0, "\(run.stderr)")
    let key = work.appendingPathComponent("keys/signing-key")
    run = try Binary.run(["keys", "init", "--name", name, "--key", key.path], in: work)
    #expect(run.status == 0 && run.stdout.contains("made signing key ed25519:"), "\(run.stderr)")
    let bundle = work.appendingPathComponent("\(name).zip")
    run = try dx(["bundle", "create", "-o", bundle.path, "--key", key.path], database, in: work)
    #expect(run.status == 0 && run.stdout.contains("wrote \(bundle.path): \(count) assessment(s)"), "\(run.stderr)")
    return (bundle, URL(fileURLWithPath: key.path + ".pub"), key, database)
  }

  /// The database's files, to compare before and after a refusal.
  static func snapshot(_ database: URL) -> [Data?] {
    ["", "-wal", "-shm"].map { FileManager.default.contents(atPath: database.path + $0) }
  }

  @Test("two laptops' bundles land once each, in either order, with the same statistics; the 2024 round stays in 2024")
  func orderAndIdempotence() throws {
    let folder = try TakeCommandTests.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    // The same twelve businesses, assessed in 2026 on one laptop and in 2024 on another.
    let recent = try Self.laptop("laptop-coto", submitted: "2026-03-01T09:00:00+07:00", in: folder)
    let earlier = try Self.laptop("laptop-bache", submitted: "2024-05-01T09:00:00+07:00", in: folder)

    // One office database, trusting both keys, copied before any import (the same secret).
    let first = folder.appendingPathComponent("office.sqlite")
    let untrusted = try Self.dx(["bundle", "import", recent.bundle.path], first, in: folder)
    #expect(untrusted.status == 2 && untrusted.stderr.contains("a key this database does not trust"))
    for key in [recent.publicKey, earlier.publicKey] {
      let run = try Self.dx(["keys", "trust", key.path], first, in: folder)
      #expect(run.status == 0 && run.stdout.contains("now accepts bundles signed by ed25519:"), "\(run.stderr)")
    }
    let second = folder.appendingPathComponent("office-2.sqlite")
    try FileManager.default.copyItem(at: first, to: second)

    for (database, order) in [(first, [recent, earlier]), (second, [earlier, recent])] {
      for laptop in order {
        let run = try Self.dx(["bundle", "import", laptop.bundle.path], database, in: folder)
        #expect(run.status == 0 && run.stdout.contains("imported 12 assessment(s); 0 already stored"), "\(run.stderr)")
      }
    }
    // Again, and one over the other: each assessment once.
    let again = try Self.dx(["bundle", "import", recent.bundle.path, earlier.bundle.path], first, in: folder)
    #expect(again.status == 0 && again.stdout.components(separatedBy: "0 assessment(s); 12 already stored").count == 3)
    for database in [first, second] {
      let list = try Self.dx(["list", "--format", "json", "--limit", "100"], database, in: folder)
      let rows = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
      #expect(rows.count == 24, "both rounds of every business are kept")
    }
    for arguments in [
      ["stats", "--format", "json"], ["stats", "--period", "2024", "--format", "json"],
      ["stats", "--period", "2026", "--by", "size", "--format", "json"],
    ] {
      let a = try Self.dx(arguments, first, in: folder)
      let b = try Self.dx(arguments, second, in: folder)
      #expect(a.status == 0 && a.stdout == b.stdout, "\(arguments)")
    }
    // The 2024 round is counted in 2024 (a published figure: about 12, with its noise).
    let in2024 = try Self.dx(["stats", "--period", "2024", "--format", "json"], first, in: folder).stdout
    let cells = try #require(
      (try JSONSerialization.jsonObject(with: Data(in2024.utf8)) as? [String: Any])?["cells"] as? [[String: Any]])
    let count = try #require(cells.first?["count"] as? Int, "\(in2024.prefix(400))")
    #expect((10...14).contains(count))

    // --since-last: nothing new on the laptop, so no bundle; a key's trust is listed.
    let next = try Self.dx(
      [
        "bundle", "create", "--since-last", "-o", folder.appendingPathComponent("next.zip").path, "--key",
        recent.key.path,
      ],
      recent.database, in: folder)
    #expect(next.status == 0 && next.stdout.contains("no bundle was written"), "\(next.stdout)\(next.stderr)")
    let keys = try Self.dx(["keys", "list"], first, in: folder)
    #expect(
      keys.stdout.contains("laptop-coto") && keys.stdout.contains("laptop-bache") && keys.stdout.contains("trusted"))
    // Each column starts where its heading does, on every row.
    let rows = keys.stdout.split(separator: "\n").map(String.init)
    for heading in ["name", "trusted since", "status"] {
      let column = try #require(rows.first?.range(of: heading)).lowerBound.utf16Offset(in: rows[0])
      for row in rows.dropFirst() {
        let units = Array(row.utf16)
        #expect(units.count > column && units[column - 1] == 0x20 && units[column] != 0x20, "\(heading): \(row)")
      }
    }
  }

  /// A copy of `bundle` with its entries changed by `edit`; `resign` signs the edited manifest
  /// again with `key` (what a laptop with a trusted key, or a stranger with its own, could do).
  static func forged(
    _ bundle: URL, to path: URL, resign key: SigningKey? = nil, refreshHashes: Bool = true,
    _ edit: (inout [String: Data], inout BundleManifest) throws -> Void
  ) throws {
    let archive = try Archive(url: bundle, accessMode: .read)
    var entries: [String: Data] = [:]
    var order: [String] = []
    for entry in archive {
      var data = Data()
      _ = try archive.extract(entry) { data.append($0) }
      entries[entry.path] = data
      order.append(entry.path)
    }
    var manifest = try JSONDecoder().decode(BundleManifest.self, from: entries["manifest.json"]!)
    try edit(&entries, &manifest)
    if refreshHashes {
      manifest.entries = manifest.entries.compactMap { listed in
        guard let data = entries[listed.path] else { return listed }
        return BundleManifest.Entry(
          path: listed.path, bytes: Int64(data.count),
          sha256: SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined())
      }
    }
    if let key {
      manifest.signer = BundleManifest.Signer(keyID: key.publicKey.id, publicKey: key.publicKey.base64, name: key.name)
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
      let data = try encoder.encode(manifest)
      entries["manifest.json"] = data
      if entries["manifest.sig"] != nil {
        entries["manifest.sig"] = Data((try key.sign(data).base64EncodedString() + "\n").utf8)
      }
    }
    let out = try Archive(url: path, accessMode: .create)
    for name in order + entries.keys.filter({ !order.contains($0) }).sorted() {
      guard let data = entries[name] else { continue }
      try out.addEntry(with: name, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) {
        position, size in data.subdata(in: Int(position)..<Int(position) + size)
      }
    }
  }

  @Test(
    "reviewed and rejected assessments travel with their reviews; --since-last follows the order stored"
  )
  func reviewsAndSinceLast() throws {
    let folder = try TakeCommandTests.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let laptop = try Self.laptop("laptop-coto", submitted: "2026-03-01T09:00:00+07:00", in: folder)
    let list = try Self.dx(["list", "--format", "json", "--limit", "100"], laptop.database, in: folder)
    let ids = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
      .compactMap { $0["id"] as? String }
    // One corrected and reviewed, one rejected, on the laptop.
    var run = try Self.dx(
      ["review", ids[0], "--correct", "st_plan=partial", "--reason", "xem lại", "--state", "reviewed"], laptop.database,
      in: folder)
    #expect(run.status == 0, "\(run.stderr)")
    run = try Self.dx(["review", ids[1], "--state", "rejected", "--reason", "trùng"], laptop.database, in: folder)
    #expect(run.status == 0, "\(run.stderr)")
    let reviewed = folder.appendingPathComponent("reviewed.zip")
    run = try Self.dx(["bundle", "create", "-o", reviewed.path, "--key", laptop.key.path], laptop.database, in: folder)
    #expect(run.status == 0 && run.stdout.contains(": 12 assessment(s) (2 with their review)"), "\(run.stdout)")
    let office = folder.appendingPathComponent("office.sqlite")
    #expect(try Self.dx(["keys", "trust", laptop.publicKey.path], office, in: folder).status == 0)
    run = try Self.dx(["bundle", "import", reviewed.path], office, in: folder)
    #expect(
      run.status == 0 && run.stdout.contains("imported 12 assessment(s); 0 already stored; 2 of 2 review(s)"),
      "\(run.stdout)\(run.stderr)")

    // Assessments stored after the last bundle travel with --since-last, whenever submitted.
    try FileManager.default.createDirectory(
      at: folder.appendingPathComponent("older"), withIntermediateDirectories: true)
    let older = try Binary.synthesize(3, seed: 99, in: folder.appendingPathComponent("older"))
    for file in try FileManager.default.contentsOfDirectory(atPath: older) {
      let path = (older as NSString).appendingPathComponent(file)
      let text = try String(contentsOfFile: path, encoding: .utf8)
      try text.replacingOccurrences(of: "{\"questionnaire\"", with: "{\"submitted\": \"2025-09-01\", \"questionnaire\"")
        .write(toFile: path, atomically: true, encoding: .utf8)
    }
    #expect(try Self.dx(["import", older, "--quiet"], laptop.database, in: folder).status == 0)
    let next = folder.appendingPathComponent("next.zip")
    run = try Self.dx(
      ["bundle", "create", "--since-last", "-o", next.path, "--key", laptop.key.path], laptop.database, in: folder)
    #expect(
      run.status == 0 && run.stdout.contains(": 3 assessment(s) submitted 2025-08-31"), "\(run.stdout)\(run.stderr)")
    run = try Self.dx(["bundle", "import", next.path], office, in: folder)
    #expect(run.status == 0 && run.stdout.contains("imported 3 assessment(s)"), "\(run.stderr)")
  }

  @Test("bad bundles are refused with their reason, exit 2, the database byte for byte unchanged")
  func badBundles() throws {
    let folder = try TakeCommandTests.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let laptop = try Self.laptop("laptop-coto", submitted: "2026-03-01T09:00:00+07:00", in: folder)
    let key = try SigningKey.read(laptop.key.path)
    let office = folder.appendingPathComponent("office.sqlite")
    #expect(try Self.dx(["keys", "trust", laptop.publicKey.path], office, in: folder).status == 0)
    let revokedOffice = folder.appendingPathComponent("revoked.sqlite")
    #expect(try Self.dx(["keys", "trust", laptop.publicKey.path], revokedOffice, in: folder).status == 0)
    let revoke = try Self.dx(["keys", "revoke", "laptop-coto"], revokedOffice, in: folder)
    #expect(revoke.status == 0 && revoke.stdout.contains("is revoked since"), "\(revoke.stderr)")
    let stranger = SigningKey(name: "not-ours")
    let original = try Data(contentsOf: laptop.bundle)
    var cases: [(name: String, expected: String, database: URL)] = []
    func bundle(_ name: String) -> URL { folder.appendingPathComponent("\(name).zip") }

    // Cut short, and one byte changed in the middle.
    try original.prefix(original.count / 2).write(to: bundle("truncated"))
    cases.append(("truncated", "not a ZIP file, or one cut short", office))
    var flipped = original
    flipped[flipped.count / 3] ^= 0x55
    try flipped.write(to: bundle("flipped"))
    cases.append(("flipped", "nothing was imported", office))
    // An entry removed; one added; a manifest changed without signing again.
    try Self.forged(laptop.bundle, to: bundle("removed"), refreshHashes: false) { entries, _ in
      for name in entries.keys where name.hasPrefix("questionnaires/") { entries[name] = nil }
    }
    cases.append(("removed", "is listed in the signed manifest but missing from the file", office))
    try Self.forged(laptop.bundle, to: bundle("added"), refreshHashes: false) { entries, _ in
      entries["questionnaires/" + String(repeating: "a", count: 64) + ".yaml"] = Data("id: x\n".utf8)
    }
    cases.append(("added", "is not in the signed manifest", office))
    try Self.forged(laptop.bundle, to: bundle("unsigned-edit")) { entries, _ in
      let text = String(decoding: entries["manifest.json"]!, as: UTF8.self)
      entries["manifest.json"] = Data(text.replacingOccurrences(of: "dxready 0.1.0", with: "dxready 9.9.9").utf8)
    }
    cases.append(("unsigned-edit", "the signature does not match manifest.json", office))
    // Answers changed, the manifest not: by their size, and (the same size) by their SHA-256.
    try Self.forged(laptop.bundle, to: bundle("answers"), refreshHashes: false) { entries, _ in
      let text = String(decoding: entries["assessments.jsonl"]!, as: UTF8.self)
      entries["assessments.jsonl"] = Data(text.replacingOccurrences(of: "\"yes\"", with: "\"no\"").utf8)
    }
    cases.append(("answers", "where the signed manifest says", office))
    try Self.forged(laptop.bundle, to: bundle("answer"), refreshHashes: false) { entries, _ in
      let text = String(decoding: entries["assessments.jsonl"]!, as: UTF8.self)
      entries["assessments.jsonl"] = Data(text.replacingOccurrences(of: "\"no\"", with: "\"NO\"").utf8)
    }
    cases.append(("answer", "does not match its SHA-256 in the signed manifest", office))
    // Signed again by the trusted key, but lying: about its counts, about a score.
    try Self.forged(laptop.bundle, to: bundle("counts"), resign: key) { _, manifest in
      manifest.counts.assessments += 1
    }
    cases.append(("counts", "the signed manifest counts 13 assessment(s) but assessments.jsonl holds 12", office))
    try Self.forged(laptop.bundle, to: bundle("score"), resign: key) { entries, _ in
      var lines = String(decoding: entries["assessments.jsonl"]!, as: UTF8.self).components(separatedBy: "\n")
      let range = try #require(lines[0].range(of: "\"overall_score\":"))
      lines[0].replaceSubrange(range, with: "\"overall_score\":9")
      entries["assessments.jsonl"] = Data(lines.joined(separator: "\n").utf8)
    }
    cases.append(("score", "are not what its answers give", office))
    // Signed by the trusted key, but carrying its own version of a questionnaire the office
    // uses (a level's threshold lowered), or one the office does not use.
    for (name, expected, change) in [
      ("changed", "whose text differs from this office's enterprise-dx@1.2.0", ("min: 30", "min: 29")),
      ("unknown", "which this office does not use", ("id: enterprise-dx", "id: evil-q")),
    ] {
      try Self.forged(laptop.bundle, to: bundle(name), resign: key) { entries, manifest in
        let entry = try #require(entries.keys.first { $0.hasPrefix("questionnaires/") })
        let text = String(decoding: entries[entry]!, as: UTF8.self).replacingOccurrences(of: change.0, with: change.1)
        let questionnaire = try #require(QuestionnaireLoader.load(text, file: "q").questionnaire)
        let newEntry = "questionnaires/" + questionnaire.hash.dropFirst("sha256:".count) + ".yaml"
        let oldHash = "sha256:" + entry.dropFirst("questionnaires/".count).dropLast(".yaml".count)
        entries[entry] = nil
        entries[newEntry] = Data(text.utf8)
        let lines = String(decoding: entries["assessments.jsonl"]!, as: UTF8.self)
          .replacingOccurrences(of: oldHash, with: questionnaire.hash)
          .replacingOccurrences(of: "enterprise-dx@", with: "\(questionnaire.id)@")
        entries["assessments.jsonl"] = Data(lines.utf8)
        manifest.entries = manifest.entries.map { listed in
          listed.path == entry ? BundleManifest.Entry(path: newEntry, bytes: 0, sha256: "") : listed
        }
      }
      cases.append((name, expected, office))
    }
    // Unsigned; signed by a stranger; by a revoked key; in a newer format.
    try Self.forged(laptop.bundle, to: bundle("unsigned"), refreshHashes: false) { entries, _ in
      entries["manifest.sig"] = nil
    }
    cases.append(("unsigned", "unsigned: the bundle has no manifest.sig", office))
    try Self.forged(laptop.bundle, to: bundle("stranger"), resign: stranger) { _, _ in }
    cases.append(("stranger", "a key this database does not trust", office))
    try FileManager.default.copyItem(at: laptop.bundle, to: bundle("revoked"))
    cases.append(("revoked", "a key revoked at", revokedOffice))
    try Self.forged(laptop.bundle, to: bundle("newer"), resign: key) { _, manifest in
      manifest.format = "dxready.bundle/2"
    }
    cases.append(("newer", "made in format dxready.bundle/2 by a newer dxready", office))
    // A zip bomb: 64 MiB of zeros in a few kilobytes, even with a signed manifest that says so.
    try Self.forged(laptop.bundle, to: bundle("bomb"), resign: key) { entries, _ in
      entries["assessments.jsonl"] = Data(count: 64 << 20)
    }
    cases.append(("bomb", "a zip bomb, not a bundle", office))

    // Reviews, signed by the trusted key but not what a dxready writes: an audit entry changed,
    // a review of an assessment the bundle does not carry, a correction of an unknown question,
    // a decision on an unknown service, a count that lies.
    let list = try Self.dx(["list", "--format", "json", "--limit", "1"], laptop.database, in: folder)
    let first = try #require((try Self.json(list) as? [[String: Any]])?.first?["id"] as? String)
    var made = try Self.dx(
      [
        "review", first, "--as", "tester", "--correct", "st_plan=partial", "--reason", "r", "--add", "cloud-backup",
      ], laptop.database, in: folder)
    #expect(made.status == 0, "\(made.stderr)")
    let reviewed = bundle("reviewed")
    made = try Self.dx(
      ["bundle", "create", "-o", reviewed.path, "--key", laptop.key.path], laptop.database, in: folder)
    #expect(made.status == 0 && made.stdout.contains("(1 with their review)"), "\(made.stdout)\(made.stderr)")
    for (name, from, to, expected) in [
      ("review-entry", "\"actor\":\"tester\"", "\"actor\":\"someone\"", "does not match its hash"),
      (
        "review-stray", "\"id\":\"\(first)\"", "\"id\":\"\(UUID().uuidString.lowercased())\"",
        "which the bundle does not carry"
      ),
      ("review-question", "\"question\":\"st_plan\"", "\"question\":\"zz_nope\"", "which is not a question of"),
      (
        "review-service", "\"service\":\"cloud-backup\"", "\"service\":\"evil\"",
        "not a service of this office's catalogue"
      ),
      ("review-value", "\"value\":\"partial\"", "\"value\":\"maybe\"", "correction of `st_plan`"),
    ] {
      try Self.forged(reviewed, to: bundle(name), resign: key) { entries, _ in
        let text = String(decoding: try #require(entries["reviews.jsonl"]), as: UTF8.self)
        #expect(text.contains(from), "\(name): \(text.prefix(600))")
        entries["reviews.jsonl"] = Data(text.replacingOccurrences(of: from, with: to).utf8)
      }
      cases.append((name, expected, office))
    }
    try Self.forged(reviewed, to: bundle("review-count"), resign: key) { _, manifest in
      manifest.counts.reviews = 2
    }
    cases.append(("review-count", "the signed manifest counts 2 review(s) but reviews.jsonl holds 1", office))

    for (name, expected, database) in cases {
      let before = Self.snapshot(database)
      let run = try Self.dx(["bundle", "import", bundle(name).path], database, in: folder)
      #expect(run.status == 2, "\(name): \(run.status) \(run.stderr)")
      #expect(run.stderr.contains(expected) && run.stderr.contains("nothing was imported"), "\(name): \(run.stderr)")
      #expect(!run.stderr.contains("Fatal error") && !run.stderr.contains("crashed"), "\(name)")
      #expect(Self.snapshot(database) == before, "\(name): the database changed")
    }
    // Two keys never share a name; an unknown key is not revoked; a private key is not trusted.
    let namesake = folder.appendingPathComponent("namesake.pub")
    try SigningKey(name: "laptop-coto").publicKey.fileText.write(to: namesake, atomically: true, encoding: .utf8)
    var run = try Self.dx(["keys", "trust", namesake.path], office, in: folder)
    #expect(run.status == 2 && run.stderr.contains("a key named laptop-coto is already trusted"), "\(run.stderr)")
    run = try Self.dx(["keys", "revoke", "nobody"], office, in: folder)
    #expect(run.status == 2 && run.stderr.contains("no trusted key has the id or name nobody"), "\(run.stderr)")
    run = try Self.dx(["keys", "trust", laptop.key.path], office, in: folder)
    #expect(run.status == 2 && run.stderr.contains("this is a private key"), "\(run.stderr)")
    run = try Self.dx(["keys", "trust", laptop.bundle.path], office, in: folder)
    #expect(run.status == 2 && run.stderr.contains("not a public key file"), "a bundle is not a key: \(run.stderr)")
    // A folder is not read as a bundle (it used to spin for ever).
    let notAFile = try Self.dx(["bundle", "import", folder.path], office, in: folder)
    #expect(notAFile.status == 2 && notAFile.stderr.contains("not a file (a folder, a device or a pipe)"))
    // `dxready import` of a bundle points to `bundle import`.
    let misnamed = try Self.dx(["import", laptop.bundle.path], office, in: folder)
    #expect(
      misnamed.status == 2
        && misnamed.stderr.contains("a field bundle, not an answers file; import it with `dxready bundle import"))
    // After all that, the true bundle still imports.
    let good = try Self.dx(["bundle", "import", laptop.bundle.path], office, in: folder)
    #expect(good.status == 0 && good.stdout.contains("imported 12 assessment(s)"), "\(good.stderr)")
  }
}

extension BundleCommandTests {
  static func json(_ run: Binary.Run) throws -> Any {
    try JSONSerialization.jsonObject(with: Data(run.stdout.utf8))
  }

  /// The parts of `review ID --format json` that travel (not the version, which counts changes
  /// in each database).
  static func reviewContent(_ id: String, _ database: URL, in folder: URL) throws -> String {
    let run = try dx(["review", id, "--format", "json"], database, in: folder)
    #expect(run.status == 0, "\(run.stderr)")
    var review = try #require(try json(run) as? [String: Any])
    review["version"] = nil
    let data = try JSONSerialization.data(withJSONObject: review, options: [.sortedKeys])
    return String(decoding: data, as: UTF8.self)
  }

  static func auditEntries(_ id: String, _ database: URL, in folder: URL) throws -> [[String: Any]] {
    let run = try dx(["audit", id, "--format", "json"], database, in: folder)
    #expect(run.status == 0, "\(run.stderr)")
    return try #require(try json(run) as? [[String: Any]])
  }

  @Test(
    "a review made on the laptop reaches the office with its audit entries, once; later changes follow; a review made on both sides is refused"
  )
  func reviewsTravel() throws {
    let folder = try TakeCommandTests.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let laptop = try Self.laptop("laptop-coto", submitted: "2026-03-01T09:00:00+07:00", in: folder)
    let office = folder.appendingPathComponent("office.sqlite")
    #expect(try Self.dx(["keys", "trust", laptop.publicKey.path], office, in: folder).status == 0)
    var run = try Self.dx(["bundle", "import", laptop.bundle.path], office, in: folder)
    #expect(run.status == 0 && run.stdout.contains("imported 12 assessment(s)"), "\(run.stderr)")
    let list = try Self.dx(["list", "--format", "json", "--limit", "100"], laptop.database, in: folder)
    let ids = try #require(try Self.json(list) as? [[String: Any]]).compactMap { $0["id"] as? String }

    // A copy of the office (the same secret behind its published figures), where the same
    // review is made by hand: the office's statistics after the bundle must equal it.
    let mirror = folder.appendingPathComponent("mirror.sqlite")
    try FileManager.default.copyItem(at: office, to: mirror)

    // Reviewed on the laptop after the first bundle left: a correction, notes, a roadmap
    // decision, a target; another rejected.
    for database in [laptop.database, mirror] {
      for arguments in [
        [
          "review", ids[0], "--as", "Trần Thị Bình", "--correct", "st_plan=partial", "--reason", "đã xem kế hoạch",
          "--note", "Gặp giám đốc ngày 2/3", "--add", "cloud-backup", "--target", "strategy=3",
        ],
        ["review", ids[0], "--as", "Trần Thị Bình", "--state", "reviewed"],
        ["review", ids[1], "--as", "Trần Thị Bình", "--state", "rejected", "--reason", "trùng"],
      ] {
        run = try Self.dx(arguments, database, in: folder)
        #expect(run.status == 0, "\(run.stderr)")
      }
    }
    let second = folder.appendingPathComponent("second.zip")
    run = try Self.dx(
      ["bundle", "create", "--since-last", "-o", second.path, "--key", laptop.key.path], laptop.database, in: folder)
    #expect(run.status == 0 && run.stdout.contains(": 2 assessment(s) (2 with their review)"), "\(run.stdout)")
    run = try Self.dx(["bundle", "import", second.path], office, in: folder)
    #expect(
      run.status == 0 && run.stdout.contains("0 assessment(s); 2 already stored; 2 of 2 review(s) brought up to date"),
      "\(run.stdout)\(run.stderr)")

    for id in ids.prefix(2) {
      #expect(try Self.reviewContent(id, office, in: folder) == Self.reviewContent(id, laptop.database, in: folder))
      // Each of the laptop's entries, with its actor, time, action and detail, and where it came from.
      let there = try Self.auditEntries(id, laptop.database, in: folder)
      let here = try Self.auditEntries(id, office, in: folder)
      #expect(here.count == there.count && !here.isEmpty)
      for (mine, theirs) in zip(here, there) {
        #expect(mine["actor"] as? String == "Trần Thị Bình" && mine["actor"] as? String == theirs["actor"] as? String)
        #expect(
          mine["at"] as? String == theirs["at"] as? String && mine["action"] as? String == theirs["action"] as? String)
        let detail = try #require(mine["detail"] as? String)
        #expect(
          detail.contains("\"carried\":{\"from\":\"ed25519:") && detail.contains(theirs["hash"] as? String ?? "?"))
      }
    }
    run = try Self.dx(["audit", "verify"], office, in: folder)
    #expect(run.status == 0, "the office's chain stays whole: \(run.stdout)\(run.stderr)")
    for arguments in [
      ["stats", "--format", "json"], ["stats", "--by", "size", "--status", "reviewed", "--format", "json"],
    ] {
      let here = try Self.dx(arguments, office, in: folder)
      let there = try Self.dx(arguments, mirror, in: folder)
      #expect(
        here.status == 0 && here.stdout == there.stdout, "the correction and the rejection count at the office")
    }
    let queue = try Self.dx(["review", "list", "--format", "json"], office, in: folder)
    let mirrored = try Self.dx(["review", "list", "--format", "json"], mirror, in: folder)
    #expect(queue.status == 0 && queue.stdout == mirrored.stdout, "the same scores, states and reviewers")

    // The same bundle again: nothing changes, no entry is added.
    let entriesBefore = try Self.auditEntries(ids[0], office, in: folder).count
    run = try Self.dx(["bundle", "import", second.path, laptop.bundle.path], office, in: folder)
    #expect(run.status == 0 && run.stdout.contains("0 of 2 review(s) brought up to date"), "\(run.stdout)\(run.stderr)")
    #expect(try Self.auditEntries(ids[0], office, in: folder).count == entriesBefore)

    // Later on the laptop: a note on the reviewed one travels with --since-last; only the new
    // entries are added at the office.
    run = try Self.dx(
      ["review", ids[0], "--as", "Trần Thị Bình", "--note", "Đã gửi lộ trình"], laptop.database, in: folder)
    #expect(run.status == 0, "\(run.stderr)")
    let third = folder.appendingPathComponent("third.zip")
    run = try Self.dx(
      ["bundle", "create", "--since-last", "-o", third.path, "--key", laptop.key.path], laptop.database, in: folder)
    #expect(run.status == 0 && run.stdout.contains(": 1 assessment(s) (1 with their review)"), "\(run.stdout)")
    run = try Self.dx(["bundle", "import", third.path], office, in: folder)
    #expect(run.status == 0 && run.stdout.contains("1 of 1 review(s) brought up to date"), "\(run.stdout)\(run.stderr)")
    #expect(try Self.auditEntries(ids[0], office, in: folder).count == entriesBefore + 1)
    #expect(
      try Self.reviewContent(ids[0], office, in: folder) == Self.reviewContent(ids[0], laptop.database, in: folder))

    // A fresh office that gets only the last bundle takes the whole review.
    let fresh = folder.appendingPathComponent("fresh.sqlite")
    #expect(try Self.dx(["keys", "trust", laptop.publicKey.path], fresh, in: folder).status == 0)
    run = try Self.dx(["bundle", "import", third.path], fresh, in: folder)
    #expect(run.status == 0 && run.stdout.contains("imported 1 assessment(s)"), "\(run.stdout)\(run.stderr)")
    #expect(
      try Self.reviewContent(ids[0], fresh, in: folder) == Self.reviewContent(ids[0], laptop.database, in: folder))
    #expect(try Self.auditEntries(ids[0], fresh, in: folder).count == entriesBefore + 1)
    // The older bundle arriving after it brings its other assessment, and nothing older of
    // the review.
    run = try Self.dx(["bundle", "import", second.path], fresh, in: folder)
    #expect(
      run.status == 0 && run.stdout.contains("imported 1 assessment(s); 1 already stored; 1 of 2 review(s)"),
      "\(run.stdout)\(run.stderr)")
    #expect(
      try Self.reviewContent(ids[0], fresh, in: folder) == Self.reviewContent(ids[0], laptop.database, in: folder))
    #expect(try Self.auditEntries(ids[0], fresh, in: folder).count == entriesBefore + 1)

    // Reviewed on both sides: the bundle is refused, naming the assessment, and nothing changes.
    run = try Self.dx(["review", ids[2], "--as", "Lê Văn C", "--note", "ở văn phòng"], office, in: folder)
    #expect(run.status == 0, "\(run.stderr)")
    run = try Self.dx(["review", ids[2], "--as", "Trần Thị Bình", "--note", "ở Cô Tô"], laptop.database, in: folder)
    #expect(run.status == 0, "\(run.stderr)")
    let fourth = folder.appendingPathComponent("fourth.zip")
    run = try Self.dx(
      ["bundle", "create", "--since-last", "-o", fourth.path, "--key", laptop.key.path], laptop.database, in: folder)
    #expect(run.status == 0 && run.stdout.contains(": 1 assessment(s) (1 with their review)"), "\(run.stdout)")
    let before = Self.snapshot(office)
    run = try Self.dx(["bundle", "import", fourth.path], office, in: folder)
    #expect(
      run.status == 2 && run.stderr.contains("reviewed both in this database and where the bundle was made")
        && run.stderr.contains(ids[2]) && run.stderr.contains("nothing was imported"), "\(run.stderr)")
    #expect(Self.snapshot(office) == before)
    // Asked to, the office takes the rest of the bundle and leaves the conflicting review out.
    run = try Self.dx(["bundle", "import", fourth.path, "--skip-conflicting-reviews"], office, in: folder)
    #expect(
      run.status == 0 && run.stderr.contains("left out, as --skip-conflicting-reviews asks")
        && run.stdout.contains("0 of 1 review(s) brought up to date, 1 left out (reviewed here too)"),
      "\(run.stdout)\(run.stderr)")
    let kept = try #require(
      try Self.json(Self.dx(["review", ids[2], "--format", "json"], office, in: folder)) as? [String: Any])
    #expect((kept["notes"] as? [[String: Any]])?.compactMap { $0["text"] as? String } == ["ở văn phòng"])
    // After an office change to a carried review, the laptop's later change is refused too.
    run = try Self.dx(["review", ids[0], "--as", "Lê Văn C", "--note", "văn phòng đã xem"], office, in: folder)
    #expect(run.status == 0, "\(run.stderr)")
    run = try Self.dx(["review", ids[0], "--as", "Trần Thị Bình", "--note", "thêm"], laptop.database, in: folder)
    let fifth = folder.appendingPathComponent("fifth.zip")
    run = try Self.dx(
      ["bundle", "create", "--since-last", "-o", fifth.path, "--key", laptop.key.path], laptop.database, in: folder)
    run = try Self.dx(["bundle", "import", fifth.path], office, in: folder)
    #expect(
      run.status == 2 && run.stderr.contains("reviewed in this database after its review arrived"), "\(run.stderr)")

    // A bundle chosen by state does not move the --since-last mark: what it left behind
    // still travels.
    run = try Self.dx(["review", ids[3], "--as", "Trần Thị Bình", "--note", "sau"], laptop.database, in: folder)
    #expect(run.status == 0, "\(run.stderr)")
    let chosen = folder.appendingPathComponent("chosen.zip")
    run = try Self.dx(
      ["bundle", "create", "--status", "reviewed", "-o", chosen.path, "--key", laptop.key.path], laptop.database,
      in: folder)
    #expect(run.status == 0 && run.stdout.contains("chosen by --status or --since"), "\(run.stdout)\(run.stderr)")
    let later = folder.appendingPathComponent("later.zip")
    run = try Self.dx(
      ["bundle", "create", "--since-last", "-o", later.path, "--key", laptop.key.path], laptop.database, in: folder)
    #expect(
      run.status == 0 && run.stdout.contains(": 1 assessment(s) (1 with their review)"),
      "ids[3], reviewed before the bundle by state was made: \(run.stdout)")
    // A mistyped laptop database is named, not taken for "nothing new".
    run = try Self.dx(
      ["bundle", "create", "-o", folder.appendingPathComponent("none.zip").path, "--key", laptop.key.path],
      folder.appendingPathComponent("no-such.sqlite"), in: folder)
    #expect(run.status != 0 && run.stderr.contains("no database here"), "\(run.stdout)\(run.stderr)")
  }
}
