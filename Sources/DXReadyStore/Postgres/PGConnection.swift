import CLibpq
import DXReadyCore
import Foundation

/// A value bound to a statement's `$n` parameter. Everything goes as text but bytes, which go
/// as binary `bytea`.
protocol PGParameter {
  var pgValue: PGValue { get }
}

enum PGValue {
  case null
  case text(String)
  case bytes([UInt8])
}

extension String: PGParameter { var pgValue: PGValue { .text(self) } }
extension Int: PGParameter { var pgValue: PGValue { .text(String(self)) } }
extension Int64: PGParameter { var pgValue: PGValue { .text(String(self)) } }
// Swift writes the shortest text that reads back as the same double.
extension Double: PGParameter { var pgValue: PGValue { .text("\(self)") } }
extension Bool: PGParameter { var pgValue: PGValue { .text(self ? "1" : "0") } }
extension Array: PGParameter where Element == UInt8 { var pgValue: PGValue { .bytes(self) } }
extension Optional: PGParameter where Wrapped: PGParameter { var pgValue: PGValue { self?.pgValue ?? .null } }

/// One connection to a PostgreSQL server through libpq. Not thread-safe: the store holds it
/// behind a lock.
final class PGConnection {
  private let handle: OpaquePointer
  /// The server and database as people name them, without a password.
  let label: String
  /// The session's settings, said again after a lost connection is made anew.
  private var settings: [String] = []

  private init(handle: OpaquePointer, label: String) {
    self.handle = handle
    self.label = label
  }

  deinit { PQfinish(handle) }

  /// Connects with a libpq connection string or URI (`postgresql://…`); libpq reads `PGHOST`,
  /// `PGSERVICE`, `~/.pgpass` and `sslmode` as `psql` does.
  static func connect(_ given: String) throws(StoreError) -> PGConnection {
    // URI schemes are case-insensitive; libpq knows only the lower-case ones.
    var conninfo = given
    if let scheme = given.range(of: #"^(?i)postgres(ql)?://"#, options: .regularExpression) {
      conninfo.replaceSubrange(scheme, with: given[scheme].lowercased())
    }
    let label = redacted(given)
    try loadLibpq(label)
    guard let handle = PQconnectdb(conninfo) else { throw .failure("\(label): out of memory") }
    guard PQstatus(handle) == CONNECTION_OK else {
      let reason = scrubbed(String(cString: PQerrorMessage(handle)), of: conninfo)
      PQfinish(handle)
      throw .failure(connectionMessage(label, reason, sslRequired: conninfo.lowercased().contains("sslmode=require")))
    }
    let connection = PGConnection(handle: handle, label: label)
    // Messages the server sends to the client (NOTICE) are not printed on the terminal.
    PQsetNoticeProcessor(handle, { _, _ in }, nil)
    try connection.set("SET client_encoding = 'UTF8'")
    return connection
  }

  /// Loads libpq, which a dxready that never opens a PostgreSQL store does not load.
  private static func loadLibpq(_ label: String) throws(StoreError) {
    var reason = [CChar](repeating: 0, count: 512)
    guard dxready_libpq_load(&reason, reason.count) == 1 else {
      throw .failure(
        "\(label): \(String(decoding: reason.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))")
    }
  }

  /// Applies a session setting (`SET …`), and again whenever the connection is made anew.
  func set(_ statement: String) throws(StoreError) {
    try execute(statement)
    settings.append(statement)
  }

  /// Makes a lost connection anew (the server restarted, the network came back), with its
  /// settings; says so when the server still cannot be reached. Nothing is retried here: the
  /// caller runs its whole step again.
  func reconnectIfLost() throws(StoreError) {
    guard PQstatus(handle) != CONNECTION_OK else { return }
    PQreset(handle)
    guard PQstatus(handle) == CONNECTION_OK else {
      throw .failure(Self.connectionMessage(label, String(cString: PQerrorMessage(handle))))
    }
    for statement in settings { try execute(statement) }
  }

  /// A one-line message for a failed connection, saying what to do.
  static func connectionMessage(_ label: String, _ reason: String, sslRequired: Bool = false) -> String {
    let line =
      reason.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
      .filter { !$0.isEmpty }.first ?? "unknown error"
    let advice: String
    if line.contains("password authentication failed") || line.contains("no password supplied") {
      advice = "check the user and password (in the URL, PGPASSWORD or ~/.pgpass)"
    } else if line.contains("role") && line.contains("does not exist") {
      advice = "check the user name; the database's owner adds people with `dxready db grant`"
    } else if line.contains("does not exist") && line.contains("database") {
      advice = "create the database first (createdb), then run `dxready db init`"
    } else if line.contains("SSL") && sslRequired {
      advice =
        "the URL asks for an encrypted connection (sslmode=require) and the server offers none; ask its administrator to enable SSL, or connect without sslmode=require only on a trusted network"
    } else if line.contains("SSL") || line.contains("no pg_hba.conf entry") {
      advice = "the server refuses this connection; ask its administrator, or add ?sslmode=require to the URL"
    } else {
      advice = "check that the server is running and the address is right (--database, DXREADY_DATABASE, PGHOST)"
    }
    return "\(label): cannot connect to the PostgreSQL server (\(line)); \(advice)"
  }

  /// The connection string as it may be shown: a URI's password replaced by `***`.
  static func redacted(_ conninfo: String) -> String {
    if conninfo.isEmpty { return "PostgreSQL (PGHOST…)" }
    var text = conninfo
    // A password in the URL's user part (up to the last @ before the host), or as a parameter.
    text = text.replacingOccurrences(
      of: #"^([A-Za-z][A-Za-z0-9+.-]*://[^:/@?]*):[^/?]*@"#, with: "$1:***@", options: .regularExpression)
    text = text.replacingOccurrences(
      of: #"(?i)(password\s*=\s*)('[^']*'|[^&\s]*)"#, with: "$1***", options: .regularExpression)
    return text
  }

  /// The password `conninfo` carries, if any, so that it can be kept out of libpq's messages.
  static func password(in conninfo: String) -> String? {
    if let match = conninfo.range(of: #"^[A-Za-z][A-Za-z0-9+.-]*://[^:/@?]*:([^/?]*)@"#, options: .regularExpression) {
      let userPart = conninfo[match].dropLast()
      if let colon = userPart.range(
        of: ":", options: .backwards, range: userPart.index(userPart.startIndex, offsetBy: 3)..<userPart.endIndex)
      {
        let secret = String(userPart[colon.upperBound...])
        return secret.isEmpty ? nil : (secret.removingPercentEncoding ?? secret)
      }
    }
    if let match = conninfo.range(of: #"(?i)password\s*=\s*('[^']*'|[^&\s]*)"#, options: .regularExpression) {
      let value = conninfo[match].split(separator: "=", maxSplits: 1).last.map(String.init) ?? ""
      let secret = value.trimmingCharacters(in: CharacterSet(charactersIn: "' "))
      return secret.isEmpty ? nil : (secret.removingPercentEncoding ?? secret)
    }
    return nil
  }

  /// `text` with the password of `conninfo`, and any piece of it of four or more characters,
  /// replaced by `***`.
  static func scrubbed(_ text: String, of conninfo: String) -> String {
    guard let secret = password(in: conninfo) else { return text }
    var result = text.replacingOccurrences(of: secret, with: "***")
    // libpq may quote a piece of a password that an unencoded @ split off.
    for piece in secret.split(whereSeparator: { "@:/".contains($0) }) where piece.count >= 4 {
      result = result.replacingOccurrences(of: String(piece), with: "***")
    }
    return result
  }

  /// Runs one statement with its parameters; the result's rows, if any.
  @discardableResult
  func execute(_ sql: String, _ parameters: [any PGParameter] = []) throws(StoreError) -> PGResult {
    let values = parameters.map(\.pgValue)
    let encoded: [[UInt8]?] = values.map { value in
      switch value {
      case .null: nil
      case .text(let text): Array(text.utf8) + [0]
      case .bytes(let bytes): bytes
      }
    }
    // Every value in one buffer that lives until the call returns.
    let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: max(1, encoded.reduce(0) { $0 + ($1?.count ?? 0) }))
    defer { buffer.deallocate() }
    var pointers: [UnsafePointer<CChar>?] = []
    var offset = 0
    for bytes in encoded {
      guard let bytes else {
        pointers.append(nil)
        continue
      }
      bytes.withUnsafeBytes { raw in
        if let base = raw.baseAddress {
          (buffer + offset).withMemoryRebound(to: UInt8.self, capacity: raw.count) {
            $0.update(from: base.assumingMemoryBound(to: UInt8.self), count: raw.count)
          }
        }
      }
      pointers.append(UnsafePointer(buffer + offset))
      offset += bytes.count
    }
    let lengths = encoded.map { Int32($0?.count ?? 0) }
    let formats: [Int32] = values.map { if case .bytes = $0 { 1 } else { 0 } }
    let types: [Oid] = values.map { if case .bytes = $0 { 17 } else { 0 } }
    // Without parameters, the simple protocol: a migration's several statements in one go.
    let result =
      values.isEmpty
      ? PQexec(handle, sql) : PQexecParams(handle, sql, Int32(values.count), types, pointers, lengths, formats, 0)
    guard let result else { throw .failure("\(label): \(String(cString: PQerrorMessage(handle)))") }
    let status = PQresultStatus(result)
    guard status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_COPY_IN else {
      let error = PGError(result: result, connection: handle)
      PQclear(result)
      throw error.storeError(label, lost: PQstatus(handle) != CONNECTION_OK)
    }
    return PGResult(result)
  }

  /// Loads rows into a table with `COPY … FROM STDIN` (text format), the fastest way in for
  /// many rows, written by `fill` field by field (no array per row).
  func copyIn(_ table: String, columns: [String], _ fill: (inout PGCopyRows) throws(StoreError) -> Void)
    throws(StoreError)
  {
    try execute("COPY \(table) (\(columns.joined(separator: ", "))) FROM STDIN")
    var rows = PGCopyRows()
    rows.flush = { bytes throws(StoreError) in
      let sent = bytes.withUnsafeBufferPointer { pointer in
        pointer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: pointer.count) {
          PQputCopyData(self.handle, $0, Int32(pointer.count))
        }
      }
      guard sent == 1 else {
        throw .failure("\(self.label): COPY failed: \(String(cString: PQerrorMessage(self.handle)))")
      }
    }
    do {
      try fill(&rows)
      try rows.send()
    } catch {
      // The COPY ended as failed, so that the connection can roll the transaction back.
      _ = PQputCopyEnd(handle, "dxready stopped the copy")
      while let result = PQgetResult(handle) { PQclear(result) }
      throw error
    }
    guard PQputCopyEnd(handle, nil) == 1 else {
      throw .failure("\(label): COPY failed: \(String(cString: PQerrorMessage(handle)))")
    }
    // The COPY's own result, then nothing.
    var failure: StoreError?
    while let result = PQgetResult(handle) {
      if PQresultStatus(result) != PGRES_COMMAND_OK, failure == nil {
        failure = PGError(result: result, connection: handle).storeError(label, lost: PQstatus(handle) != CONNECTION_OK)
      }
      PQclear(result)
    }
    if let failure { throw failure }
  }

  /// Runs `body` in a transaction: committed when it returns, rolled back when it throws.
  func transaction<T>(_ body: () throws -> T) throws -> T {
    try execute("BEGIN")
    do {
      let value = try body()
      try execute("COMMIT")
      return value
    } catch {
      _ = try? execute("ROLLBACK")
      throw error
    }
  }
}

/// What the server said about a failed statement.
struct PGError {
  var state: String
  var message: String

  init(result: OpaquePointer, connection: OpaquePointer) {
    func field(_ code: Int32) -> String? { PQresultErrorField(result, code).map { String(cString: $0) } }
    state = field(Int32(UInt8(ascii: "C"))) ?? ""
    message = field(Int32(UInt8(ascii: "M"))) ?? String(cString: PQerrorMessage(connection))
  }

  func storeError(_ label: String, lost: Bool) -> StoreError {
    if lost {
      return .failure(
        "\(label): the connection to the PostgreSQL server was lost (\(message.trimmingCharacters(in: .whitespacesAndNewlines))); nothing of the unfinished step was stored — try again when the server is back"
      )
    }
    switch state {
    case "42501":
      return .failure("\(label): permission denied (\(message)); this database role may not do that")
    case "40001", "40P01":
      return .failure("\(label): the server stopped this change because of another at the same time; try again")
    case "53100":
      return .failure("\(label): the server's disk is full")
    default:
      return .failure("\(label): database error: \(message)")
    }
  }
}

/// The rows of a statement, read as text (libpq's text format).
final class PGResult {
  private let handle: OpaquePointer
  let count: Int

  init(_ handle: OpaquePointer) {
    self.handle = handle
    count = Int(PQntuples(handle))
  }

  deinit { PQclear(handle) }

  func isNull(_ row: Int, _ column: Int32) -> Bool {
    row >= count || column >= PQnfields(handle) || PQgetisnull(handle, Int32(row), column) == 1
  }

  func text(_ row: Int, _ column: Int32) -> String? {
    guard !isNull(row, column) else { return nil }
    return String(cString: PQgetvalue(handle, Int32(row), column))
  }

  /// A text where the empty string stands for "none" (as in the statistics cells' keys).
  func key(_ row: Int, _ column: Int32) -> String? { text(row, column).flatMap { $0.isEmpty ? nil : $0 } }

  func int64(_ row: Int, _ column: Int32) -> Int64? { text(row, column).flatMap { Int64($0) } }

  func integer(_ row: Int, _ column: Int32) -> Int? { text(row, column).flatMap { Int($0) } }

  func real(_ row: Int, _ column: Int32) -> Double? { text(row, column).flatMap { Double($0) } }

  /// A `bytea` column, which the text format gives as `\x` and hexadecimal digits.
  func bytes(_ row: Int, _ column: Int32) -> [UInt8]? {
    guard !isNull(row, column), let value = PQgetvalue(handle, Int32(row), column) else { return nil }
    let length = Int(PQgetlength(handle, Int32(row), column))
    return value.withMemoryRebound(to: UInt8.self, capacity: length) { pointer in
      guard length >= 2, pointer[0] == UInt8(ascii: "\\"), pointer[1] == UInt8(ascii: "x"), length % 2 == 0
      else { return nil }
      var bytes: [UInt8] = []
      bytes.reserveCapacity((length - 2) / 2)
      var index = 2
      while index < length {
        guard let high = Self.nibble(pointer[index]), let low = Self.nibble(pointer[index + 1]) else { return nil }
        bytes.append(high << 4 | low)
        index += 2
      }
      return bytes
    }
  }

  private static func nibble(_ digit: UInt8) -> UInt8? {
    switch digit {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
    default: nil
    }
  }
}

/// The rows of a `COPY … FROM STDIN` in text format, escaped as they are written and sent a
/// megabyte at a time.
struct PGCopyRows {
  private var bytes: [UInt8] = []
  private var fields = 0
  fileprivate var flush: ([UInt8]) throws(StoreError) -> Void = { _ in }

  init() { bytes.reserveCapacity(1 << 20) }

  /// The next field of the row; `nil` is SQL NULL.
  mutating func field(_ value: String?) {
    if fields > 0 { bytes.append(9) }
    fields += 1
    guard var value else {
      bytes.append(92)
      bytes.append(78)  // \N
      return
    }
    value.withUTF8 { utf8 in
      // Nearly every value has nothing to escape: copied whole.
      guard utf8.contains(where: { $0 == 92 || $0 == 9 || $0 == 10 || $0 == 13 }) else {
        bytes.append(contentsOf: utf8)
        return
      }
      for byte in utf8 {
        switch byte {
        case 92: bytes.append(92); bytes.append(92)
        case 9: bytes.append(92); bytes.append(116)
        case 10: bytes.append(92); bytes.append(110)
        case 13: bytes.append(92); bytes.append(114)
        default: bytes.append(byte)
        }
      }
    }
  }

  /// Ends the row; sends what is written once it passes a megabyte.
  mutating func endRow() throws(StoreError) {
    bytes.append(10)
    fields = 0
    if bytes.count >= 1 << 20 { try send() }
  }

  fileprivate mutating func send() throws(StoreError) {
    guard !bytes.isEmpty else { return }
    try flush(bytes)
    bytes.removeAll(keepingCapacity: true)
  }
}
