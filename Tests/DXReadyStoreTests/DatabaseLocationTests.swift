import Foundation
import Testing

@testable import DXReadyStore

@Suite("Telling a PostgreSQL location from an SQLite file's path")
struct DatabaseLocationTests {
  @Test("PostgreSQL addresses and connection strings are told from file paths")
  func examples() {
    for location in [
      "postgresql://dxready@db/dxready", "postgres://localhost/x", "POSTGRESQL://db/x", "host=db port=5432 dbname=x",
      "  dbname = dxready", "\thostaddr=10.0.0.1", "sslmode=require host=db", "service=dxready", "user=a",
    ] {
      #expect(PostgresStore.isLocation(location), "\(location)")
    }
    for location in [
      "dxready.sqlite", "/var/lib/dxready/db.sqlite", "hostname=db", "host", "host db", "=host", "Host=db",
      "postgresq://db/x", "ftp://x", "./host=db", "", " ",
    ] {
      #expect(!PostgresStore.isLocation(location), "\(location)")
    }
    #expect(PostgresStore.malformedLocation("postgresq://db/x") != nil)
    #expect(PostgresStore.malformedLocation("c:/data/db.sqlite") != nil, "a scheme-like start: refused, not a file")
    #expect(PostgresStore.malformedLocation("db.sqlite") == nil)
    #expect(PostgresStore.malformedLocation("./a:/b") == nil)
  }

  /// Every string of up to three of the pieces the patterns look at.
  static func samples() -> [String] {
    let pieces = [
      "host", "hostaddr", "port", "dbname", "user", "service", "sslmode", "hos", "x", "A", "9", "+", ".", "-", ":", "/",
      "=", " ", "\t", "\n", "\u{0B}", "\u{0C}", "\r", "\u{A0}", "\u{2003}", "\u{2028}", "\u{85}", "é", "ß",
    ]
    var strings = [""]
    var last = [""]
    for _ in 1...3 {
      last = last.flatMap { prefix in pieces.map { prefix + $0 } }
      strings += last
    }
    return strings
  }

  @Test("the hand-written readers agree with the regular expressions they replace")
  func sameAsRegularExpressions() {
    var keywordForms = 0
    for sample in Self.samples() {
      let keyword =
        sample.range(of: #"^\s*(host|hostaddr|port|dbname|user|service|sslmode)\s*="#, options: .regularExpression)
        != nil
      #expect(PostgresStore.isKeywordForm(sample) == keyword, "\(sample.unicodeScalars.map { $0.value })")
      let scheme = sample.range(of: #"^[A-Za-z][A-Za-z0-9+.-]*:/"#, options: .regularExpression) != nil
      #expect(PostgresStore.hasSchemePrefix(sample) == scheme, "\(sample.unicodeScalars.map { $0.value })")
      if keyword { keywordForms += 1 }
    }
    #expect(keywordForms > 200, "the samples reach the keyword form often enough: \(keywordForms)")
  }
}
