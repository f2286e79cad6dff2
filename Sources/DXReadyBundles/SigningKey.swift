import Crypto
import DXReadyCore
import Foundation

/// A laptop's own Ed25519 key, which signs the bundles it makes (`dxready keys init`). The
/// private key stays in its file (readable by its owner only); the public key is what the
/// receiving database trusts (`dxready keys trust`).
///
/// File forms, one line each:
/// - private: `dxready-ed25519-private BASE64 NAME`
/// - public:  `dxready-ed25519 BASE64 NAME`
public struct SigningKey: Sendable {
  /// The private key's 32 bytes.
  let raw: Data
  public let name: String
  public let publicKey: PublicKey

  /// A new random key.
  public init(name: String) {
    let key = Curve25519.Signing.PrivateKey()
    self.init(key, name: name)
  }

  init(_ key: Curve25519.Signing.PrivateKey, name: String) {
    raw = key.rawRepresentation
    self.name = name
    publicKey = PublicKey(raw: key.publicKey.rawRepresentation, name: name)
  }

  /// The signature of `data`.
  public func sign(_ data: Data) throws -> Data {
    try Curve25519.Signing.PrivateKey(rawRepresentation: raw).signature(for: data)
  }

  /// The private key's line.
  public var fileText: String {
    "dxready-ed25519-private \(raw.base64EncodedString()) \(name)\n"
  }

  /// Writes the private key to `path`, readable by its owner only, and the public key beside it
  /// (`PATH.pub`); an existing key is never replaced.
  public func write(to path: String) throws(BundleError) {
    let folder = FilePath.folder(of: path)
    if !folder.isEmpty, !FileManager.default.fileExists(atPath: folder) {
      do {
        try FileManager.default.createDirectory(
          atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
      } catch {
        throw .file(path, "the folder cannot be made (\(error.localizedDescription))")
      }
    }
    for (file, text, mode) in [(path, fileText, 0o600), (path + ".pub", publicKey.fileText, 0o644)] {
      let descriptor = open(file, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode_t(mode))
      guard descriptor >= 0 else {
        throw .file(
          file,
          errno == EEXIST
            ? "a key is already there; it was left as it is (a laptop keeps its key: name another file with --key)"
            : "cannot be written (\(String(cString: strerror(errno))))")
      }
      let bytes = Array(text.utf8)
      let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
      let synced = fsync(descriptor) == 0
      close(descriptor)
      guard written == bytes.count, synced else { throw .file(file, "could not be written in full") }
    }
  }

  /// Reads a private key file.
  public static func read(_ path: String) throws(BundleError) -> SigningKey {
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
      throw .file(path, "no signing key here; make one with `dxready keys init` (or name the key with --key)")
    }
    let parts = text.trimmingCharacters(in: .whitespacesAndNewlines).split(
      separator: " ", maxSplits: 2, omittingEmptySubsequences: true)
    guard parts.count >= 2, parts[0] == "dxready-ed25519-private", let raw = Data(base64Encoded: String(parts[1])),
      let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: raw)
    else {
      throw .file(
        path,
        parts.first == "dxready-ed25519"
          ? "this is a public key: sign with the private key beside it (the file without .pub)"
          : "not a dxready signing key (a signing key's line starts `dxready-ed25519-private`; `dxready keys init` makes one)"
      )
    }
    return SigningKey(key, name: parts.count > 2 ? String(parts[2]) : "")
  }
}

/// A public key: what verifies a bundle's signature, and what a database trusts.
public struct PublicKey: Sendable, Hashable {
  /// The 32 bytes of the Ed25519 public key.
  public let raw: Data
  /// What people call the key (a laptop's name: `laptop-coto-01`).
  public let name: String

  public init(raw: Data, name: String) {
    self.raw = raw
    self.name = name
  }

  /// `ed25519:` and the first 16 hexadecimal digits of the key's SHA-256: short enough to read
  /// out, long enough never to collide in a province's laptops.
  public var id: String {
    "ed25519:" + hexadecimal(SHA256.hash(data: raw).prefix(8))
  }

  public var base64: String { raw.base64EncodedString() }

  public var fileText: String { "dxready-ed25519 \(base64) \(name)\n" }

  /// Whether `signature` is this key's signature of `data`.
  public func verifies(_ signature: Data, of data: Data) -> Bool {
    guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: raw) else { return false }
    return key.isValidSignature(signature, for: data)
  }

  /// Reads a public key's line (`dxready-ed25519 BASE64 NAME`).
  public static func parse(_ text: String, file: String) throws(BundleError) -> PublicKey {
    let parts = text.trimmingCharacters(in: .whitespacesAndNewlines).split(
      separator: " ", maxSplits: 2, omittingEmptySubsequences: true)
    guard parts.count >= 2, parts[0] == "dxready-ed25519", let raw = Data(base64Encoded: String(parts[1])),
      raw.count == 32, (try? Curve25519.Signing.PublicKey(rawRepresentation: raw)) != nil
    else {
      throw .file(
        file,
        parts.first == "dxready-ed25519-private"
          ? "this is a private key: trust the public one beside it (the .pub file)"
          : "not a dxready public key (a public key's line starts `dxready-ed25519`; `dxready keys init` writes one beside the private key, as FILE.pub)"
      )
    }
    return PublicKey(raw: raw, name: parts.count > 2 ? String(parts[2]) : "")
  }
}
