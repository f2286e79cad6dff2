import ArgumentParser
import DXReadyBundles
import DXReadyCore
import Foundation

struct Keys: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "keys",
    abstract: "A laptop's signing key, and the keys whose field bundles a database accepts.",
    discussion: helpText(
      """
      Each laptop that makes field bundles has its own key: `dxready keys init` makes it once (the
      private key stays on the laptop, readable by its owner only) and writes the public key beside
      it. At the office, `dxready keys trust FILE.pub` makes the database accept bundles signed by
      that key; `dxready keys revoke` stops it (a lost or retired laptop): its bundles are refused
      from then on, whenever they were made.

      Examples:
        dxready keys init --name laptop-coto-01
        dxready keys trust laptop-coto-01.pub --database postgresql://tuvan@db.tinh.example/dxready
        dxready keys list
        dxready keys revoke laptop-coto-01
      """),
    subcommands: [KeysInit.self, KeysTrust.self, KeysList.self, KeysRevoke.self]
  )
}

/// `--key FILE`: the laptop's private signing key.
struct KeyOption: ParsableArguments {
  @Option(
    name: .customLong("key"),
    help: ArgumentHelp(
      "The signing key (default: $DXREADY_SIGNING_KEY, else $XDG_CONFIG_HOME/dxready/signing-key, else ~/.config/dxready/signing-key).",
      valueName: "file"))
  var path: String?

  var resolvedPath: String {
    let environment = ProcessInfo.processInfo.environment
    if let path { return path }
    if let given = environment["DXREADY_SIGNING_KEY"], !given.isEmpty { return given }
    let config =
      environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 }
      ?? (NSHomeDirectory() as NSString).appendingPathComponent(".config")
    return (config as NSString).appendingPathComponent("dxready/signing-key")
  }

  func read() throws -> SigningKey {
    do {
      return try SigningKey.read(resolvedPath)
    } catch {
      throw CommandFailure("\(error)")
    }
  }
}

struct KeysInit: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "init", abstract: "Make this laptop's signing key (once; an existing key is never replaced).")

  @Option(help: "What the key is called where it is trusted, e.g. the laptop's name (default: this host's name).")
  var name: String?

  @OptionGroup var key: KeyOption

  func run() throws {
    try reportingFailures {
      let chosen = (name ?? ProcessInfo.processInfo.hostName).trimmingCharacters(in: .whitespacesAndNewlines)
      guard !chosen.isEmpty, !chosen.contains("\n") else { throw CommandFailure("--name: give the key a name") }
      let made = SigningKey(name: chosen)
      do {
        try made.write(to: key.resolvedPath)
      } catch {
        throw CommandFailure("\(error)")
      }
      print(
        """
        made signing key \(made.publicKey.id) (\(chosen))
          private key: \(key.resolvedPath) (keep it on this laptop; never send it)
          public key:  \(key.resolvedPath).pub (give this file to the office: dxready keys trust FILE)
        """)
    }
  }
}

struct KeysTrust: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "trust", abstract: "Accept bundles signed by this public key (a .pub file from `keys init`).")

  @Argument(help: "The public key file.")
  var file: String

  @Option(help: "Call the key this instead of the name in its file.")
  var name: String?

  @OptionGroup var database: DatabaseOption

  func run() throws {
    try reportingFailures {
      guard FileManager.default.fileExists(atPath: file) else { throw CommandFailure("\(file): no such file") }
      guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
        throw CommandFailure(
          "\(file): not a public key file (one line, `dxready-ed25519 BASE64 NAME`: the laptop's signing-key.pub)")
      }
      let key: PublicKey
      do {
        key = try PublicKey.parse(text, file: file)
      } catch {
        throw CommandFailure("\(error)")
      }
      let store = try database.open()
      let trusted = TrustedKey(
        id: key.id, publicKey: key.base64, name: name ?? key.name, addedAt: StoredTime.string(Date()))
      let before = try storeCall { () throws(StoreError) in try store.trustedKeys() }
      if let same = before.first(where: { $0.id == key.id }), same.revokedAt == nil {
        print("\(key.id) was already trusted by \(store.location), as \(same.name)")
        return
      }
      // Names tell keys apart in every message: two keys never share one.
      if let other = before.first(where: { $0.name == trusted.name && $0.id != key.id }) {
        throw CommandFailure(
          "a key named \(trusted.name) is already trusted (\(other.id)); give this one another name with --name")
      }
      try storeCall { () throws(StoreError) in try store.trustKey(trusted) }
      do {
        print("\(store.location) now accepts bundles signed by \(key.id) (\(trusted.name))")
      }
    }
  }
}

struct KeysList: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "list", abstract: "The keys this database trusts, and those it revoked.")

  @OptionGroup var database: DatabaseOption

  func run() throws {
    try reportingFailures {
      let store = try database.open(readOnly: true)
      let keys = try storeCall { () throws(StoreError) in try store.trustedKeys() }
      guard !keys.isEmpty else {
        print("no trusted keys: bundles are refused until one is trusted (dxready keys trust FILE.pub)")
        return
      }
      // Every column as wide as its widest entry (a name may be long, a time is 24 characters).
      let idWidth = max(6, keys.map { DisplayWidth.of($0.id) }.max() ?? 0)
      let nameWidth = max(4, keys.map { DisplayWidth.of($0.name) }.max() ?? 0)
      let sinceWidth = max(13, keys.map { DisplayWidth.of($0.addedAt) }.max() ?? 0)
      print(
        [pad("key id", to: idWidth), pad("name", to: nameWidth), pad("trusted since", to: sinceWidth), "status"]
          .joined(separator: "  "))
      for key in keys {
        let status = key.revokedAt.map { "revoked \($0)" } ?? "trusted"
        print(
          [pad(key.id, to: idWidth), pad(key.name, to: nameWidth), pad(key.addedAt, to: sinceWidth), status]
            .joined(separator: "  "))
      }
    }
  }
}

/// `text` followed by spaces up to `width` columns.
private func pad(_ text: String, to width: Int) -> String {
  text + String(repeating: " ", count: max(0, width - DisplayWidth.of(text)))
}

struct KeysRevoke: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "revoke", abstract: "Refuse bundles signed by this key from now on (a lost or retired laptop).")

  @Argument(help: "The key's id (ed25519:…) or its name.")
  var key: String

  @OptionGroup var database: DatabaseOption

  func run() throws {
    try reportingFailures {
      let store = try database.open()
      let revoked = try storeCall { () throws(StoreError) in try store.revokeKey(key, at: StoredTime.string(Date())) }
      print(
        "\(revoked.id) (\(revoked.name)) is revoked since \(revoked.revokedAt ?? ""): its bundles are refused by \(store.location)"
      )
    }
  }
}
