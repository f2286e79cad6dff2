import DXReadyCore
import GRDB

/// The keys whose field bundles this database accepts, and the bundles made from it.
extension SQLiteStore {
  public func trustedKeys() throws(StoreError) -> [TrustedKey] {
    try guarded {
      try pool.read { db in
        try Row.fetchAll(db, sql: "SELECT * FROM trusted_key ORDER BY added_at, id").map(Self.trustedKey)
      }
    }
  }

  static func trustedKey(_ row: Row) -> TrustedKey {
    TrustedKey(
      id: row["id"], publicKey: row["public_key"], name: row["name"], addedAt: row["added_at"],
      revokedAt: row["revoked_at"])
  }

  public func trustKey(_ key: TrustedKey) throws(StoreError) {
    try guarded {
      try pool.write { db in
        if let row = try Row.fetchOne(db, sql: "SELECT * FROM trusted_key WHERE id = ?", arguments: [key.id]) {
          let stored = Self.trustedKey(row)
          if let revoked = stored.revokedAt {
            throw StoreError.conflict(
              "key \(key.id) (\(stored.name)) was revoked at \(revoked) and stays revoked; the laptop needs a new key (dxready keys init)"
            )
          }
          return
        }
        try db.execute(
          sql: "INSERT INTO trusted_key (id, public_key, name, added_at) VALUES (?, ?, ?, ?)",
          arguments: [key.id, key.publicKey, key.name, key.addedAt])
      }
    }
  }

  public func revokeKey(_ idOrName: String, at time: String) throws(StoreError) -> TrustedKey {
    try guarded {
      try pool.write { db in
        let rows = try Row.fetchAll(
          db, sql: "SELECT * FROM trusted_key WHERE id = ? OR name = ?", arguments: [idOrName, idOrName])
        let keys = rows.map(Self.trustedKey)
        let chosen = keys.first { $0.id == idOrName } ?? (keys.count == 1 ? keys[0] : nil)
        guard var key = chosen else {
          throw keys.isEmpty
            ? StoreError.notFound("trusted key \(idOrName) (dxready keys list shows them)")
            : StoreError.conflict(
              "\(keys.count) keys are named \(idOrName) (\(keys.map(\.id).joined(separator: ", "))); give the key's id")
        }
        if key.revokedAt == nil {
          try db.execute(sql: "UPDATE trusted_key SET revoked_at = ? WHERE id = ?", arguments: [time, key.id])
          key.revokedAt = time
        }
        return key
      }
    }
  }

  public func bundlesMade() throws(StoreError) -> [BundleMade] {
    try guarded {
      try pool.read { db in
        try Row.fetchAll(db, sql: "SELECT * FROM bundle_made ORDER BY made_at").map {
          BundleMade(
            madeAt: $0["made_at"], submittedTo: $0["submitted_to"], assessments: $0["assessments"], file: $0["file"])
        }
      }
    }
  }

  public func recordBundleMade(_ bundle: BundleMade) throws(StoreError) {
    try guarded {
      try pool.write { db in
        try db.execute(
          sql: "INSERT INTO bundle_made (made_at, submitted_to, assessments, file) VALUES (?, ?, ?, ?)",
          arguments: [bundle.madeAt, bundle.submittedTo, bundle.assessments, bundle.file])
      }
    }
  }
}
