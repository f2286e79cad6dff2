import DXReadyCore

/// The keys whose field bundles this database accepts, and the bundles made from it.
extension PostgresStore {
  static let keyColumns = "id, public_key, name, added_at, revoked_at"

  static func trustedKeys(_ rows: PGResult) -> [TrustedKey] {
    (0..<rows.count).map { row in
      TrustedKey(
        id: rows.text(row, 0) ?? "", publicKey: rows.text(row, 1) ?? "", name: rows.text(row, 2) ?? "",
        addedAt: rows.text(row, 3) ?? "", revokedAt: rows.text(row, 4))
    }
  }

  public func trustedKeys() throws(StoreError) -> [TrustedKey] {
    try guarded { db in
      Self.trustedKeys(try db.execute("SELECT \(Self.keyColumns) FROM trusted_key ORDER BY added_at, id"))
    }
  }

  public func trustKey(_ key: TrustedKey) throws(StoreError) {
    try write { db in
      let stored = Self.trustedKeys(
        try db.execute("SELECT \(Self.keyColumns) FROM trusted_key WHERE id = $1", [key.id]))
      if let stored = stored.first {
        if let revoked = stored.revokedAt {
          throw StoreError.conflict(
            "key \(key.id) (\(stored.name)) was revoked at \(revoked) and stays revoked; the laptop needs a new key (dxready keys init)"
          )
        }
        return
      }
      try db.execute(
        "INSERT INTO trusted_key (id, public_key, name, added_at) VALUES ($1, $2, $3, $4)",
        [key.id, key.publicKey, key.name, key.addedAt])
    }
  }

  public func revokeKey(_ idOrName: String, at time: String) throws(StoreError) -> TrustedKey {
    try write { db in
      let keys = Self.trustedKeys(
        try db.execute("SELECT \(Self.keyColumns) FROM trusted_key WHERE id = $1 OR name = $1", [idOrName]))
      let chosen = keys.first { $0.id == idOrName } ?? (keys.count == 1 ? keys[0] : nil)
      guard var key = chosen else {
        throw keys.isEmpty
          ? StoreError.notFound("trusted key \(idOrName) (dxready keys list shows them)")
          : StoreError.conflict(
            "\(keys.count) keys are named \(idOrName) (\(keys.map(\.id).joined(separator: ", "))); give the key's id")
      }
      if key.revokedAt == nil {
        try db.execute("UPDATE trusted_key SET revoked_at = $1 WHERE id = $2", [time, key.id])
        key.revokedAt = time
      }
      return key
    }
  }

  public func bundlesMade() throws(StoreError) -> [BundleMade] {
    try guarded { db in
      let rows = try db.execute("SELECT made_at, submitted_to, assessments, file FROM bundle_made ORDER BY made_at")
      return (0..<rows.count).map { row in
        BundleMade(
          madeAt: rows.text(row, 0) ?? "", submittedTo: rows.text(row, 1) ?? "", assessments: rows.integer(row, 2) ?? 0,
          file: rows.text(row, 3) ?? "")
      }
    }
  }

  public func recordBundleMade(_ bundle: BundleMade) throws(StoreError) {
    try write { db in
      try db.execute(
        "INSERT INTO bundle_made (made_at, submitted_to, assessments, file) VALUES ($1, $2, $3, $4)",
        [bundle.madeAt, bundle.submittedTo, bundle.assessments, bundle.file])
    }
  }
}
