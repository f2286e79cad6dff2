import DXReadyCore
import Foundation

extension PostgresStore {
  /// Adds a person (a login role, made when it does not exist) to one of dxready's group
  /// roles: `consultant` or `official`.
  public func grant(role: String, to user: String) throws(StoreError) -> Bool {
    guard let group = PostgresSchema.roleNames[role] else {
      throw .rejected("unknown role `\(role)`: give consultant, official or intake")
    }
    return try guarded { db in
      let exists = try db.execute("SELECT 1 FROM pg_roles WHERE rolname = $1", [user]).count == 1
      try db.execute(
        """
        DO $$ BEGIN
          IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = \(Self.literal(user))) THEN
            EXECUTE format('CREATE ROLE %I LOGIN', \(Self.literal(user)));
          END IF;
          EXECUTE format('GRANT %I TO %I', \(Self.literal(group)), \(Self.literal(user)));
        END $$
        """)
      if role == "intake" {
        // A kiosk's session never holds a lock, a transaction or an idle connection for long:
        // one that escaped the kiosk cannot keep the writers waiting.
        try db.execute(
          """
          DO $$ BEGIN
            EXECUTE format('ALTER ROLE %I SET statement_timeout = %L', \(Self.literal(user)), '1min');
            EXECUTE format('ALTER ROLE %I SET idle_in_transaction_session_timeout = %L', \(Self.literal(user)), '1min');
            EXECUTE format('ALTER ROLE %I SET idle_session_timeout = %L', \(Self.literal(user)), '30min');
          END $$
          """)
      }
      return !exists
    }
  }

  /// Takes a person out of one of dxready's group roles; whether they were in it.
  public func revoke(role: String, from user: String) throws(StoreError) -> Bool {
    guard let group = PostgresSchema.roleNames[role] else {
      throw .rejected("unknown role `\(role)`: give consultant, official or intake")
    }
    return try guarded { db in
      let member = try roles(of: user, db).contains(role)
      if member {
        try db.execute(
          "DO $$ BEGIN EXECUTE format('REVOKE %I FROM %I', \(Self.literal(group)), \(Self.literal(user))); END $$")
      }
      return member
    }
  }

  /// The dxready roles (consultant, official) a person is in.
  public func roles(of user: String) throws(StoreError) -> [String] {
    try guarded { db in try roles(of: user, db) }
  }

  func roles(of user: String, _ db: PGConnection) throws -> [String] {
    let rows = try db.execute(
      """
      SELECT g.rolname FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid
      JOIN pg_roles u ON u.oid = m.member WHERE u.rolname = $1 ORDER BY 1
      """, [user])
    return (0..<rows.count).compactMap { row in
      PostgresSchema.roleNames.first { $0.value == rows.text(row, 0) }?.key
    }.sorted()
  }

  /// A string as an SQL literal (for the few statements that cannot take parameters).
  static func literal(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "''") + "'" }

  /// Whether this connection may read only the published statistics (the official role): it
  /// cannot read the statistics cells.
  public func readsPublishedOnly() throws(StoreError) -> Bool {
    try guarded { db in try db.execute("SELECT has_table_privilege('dxready.stat_cell', 'SELECT')").text(0, 0) != "t" }
  }

  /// The slots that have statistics cells: what `publish` publishes.
  public func statisticsSlots() throws(StoreError) -> [StatisticsSlot] {
    try guarded { db in
      let rows = try db.execute(
        "SELECT DISTINCT questionnaire_id, reviewed_only, period FROM stat_cell ORDER BY 1, 2, 3")
      var slots = try (0..<rows.count).map {
        guard
          let slot = StatisticsSlot(
            questionnaireID: QuestionnaireID(rows.text($0, 0) ?? ""), reviewedOnly: rows.integer($0, 1) == 1,
            storedPeriod: rows.text($0, 2) ?? "")
        else { throw PostgresStatistics.damaged }
        return slot
      }
      // With the slots that only submissions waiting to be counted have.
      let waiting = try PostgresStatistics.pendingChanges(db)?.filter { $0.value.count > 0 }.keys.map(\.slot)
      for slot in Set(waiting ?? []) where !slots.contains(slot) { slots.append(slot) }
      return slots.sorted {
        ($0.questionnaireID, $0.reviewedOnly ? 1 : 0, $0.storedPeriod) < (
          $1.questionnaireID, $1.reviewedOnly ? 1 : 0, $1.storedPeriod
        )
      }
    }
  }

  /// A table as `publish` keys it.
  public struct PublishedKey: Sendable, Hashable {
    public var slot: StatisticsSlot
    public var groupings: [Grouping]
    public var minCell: Int

    public init(slot: StatisticsSlot, groupings: [Grouping], minCell: Int) {
      self.slot = slot
      self.groupings = groupings
      self.minCell = minCell
    }

    var groupingsText: String { groupings.map(\.rawValue).joined(separator: ",") }
  }

  /// Replaces every published table with these, in one transaction: an official reads the old
  /// tables or the new ones, never a mixture.
  public func publish(_ tables: [(key: PublishedKey, table: StatisticsTable)]) throws(StoreError) {
    let time = Self.now()
    try write(serialised: true) { db in
      try db.execute("DELETE FROM published_table")
      for chunk in stride(from: 0, to: tables.count, by: 200) {
        var values: [String] = []
        var parameters: [any PGParameter] = []
        for (key, table) in tables[chunk..<min(chunk + 200, tables.count)] {
          let body = String(decoding: try JSONEncoder().encode(table), as: UTF8.self)
          let base = parameters.count
          values.append(
            "($\(base + 1), $\(base + 2)::int, $\(base + 3), $\(base + 4), $\(base + 5)::int, $\(base + 6), $\(base + 7))"
          )
          parameters +=
            [
              key.slot.questionnaireID.rawValue, key.slot.reviewedOnly, key.slot.storedPeriod, key.groupingsText,
              key.minCell,
              body,
              time,
            ] as [any PGParameter]
        }
        try db.execute(
          """
          INSERT INTO published_table (questionnaire_id, reviewed_only, period, groupings, min_cell, body, published_at)
          VALUES \(values.joined(separator: ", "))
          """, parameters)
      }
    }
  }

  /// A published table and when it was published; `nil` when none was published under `key`.
  public func publishedTable(_ key: PublishedKey) throws(StoreError) -> (table: StatisticsTable, publishedAt: String)? {
    try guarded { db in
      let row = try db.execute(
        """
        SELECT body, published_at FROM published_table WHERE questionnaire_id = $1 AND reviewed_only = $2
          AND period = $3 AND groupings = $4 AND min_cell = $5
        """,
        [
          key.slot.questionnaireID.rawValue, key.slot.reviewedOnly, key.slot.storedPeriod, key.groupingsText,
          key.minCell,
        ])
      guard let body = row.text(0, 0) else { return nil }
      do {
        return (try JSONDecoder().decode(StatisticsTable.self, from: Data(body.utf8)), row.text(0, 1) ?? "")
      } catch {
        throw StoreError.failure("\(db.label): a published table cannot be read (\(error)); publish again")
      }
    }
  }

  /// The minimum cells and periods published, for a message when a table was not.
  public func publishedChoices() throws(StoreError) -> (minCells: [Int], periods: [String]) {
    try guarded { db in
      let cells = try db.execute("SELECT DISTINCT min_cell FROM published_table ORDER BY 1")
      let periods = try db.execute("SELECT DISTINCT period FROM published_table ORDER BY 1")
      return (
        (0..<cells.count).compactMap { cells.integer($0, 0) }, (0..<periods.count).compactMap { periods.text($0, 0) }
      )
    }
  }
}
