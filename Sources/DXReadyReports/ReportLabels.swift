import DXReadyCore
import Foundation

/// The fixed words of a report, from `labels.yaml` in the templates' folder: each key with its
/// Vietnamese and English text.
public struct ReportLabels: Sendable, Hashable {
  public var entries: [String: LocalizedText]
  /// The line of each key in the file, for lint messages.
  public var lines: [String: Int]

  public init(entries: [String: LocalizedText], lines: [String: Int] = [:]) {
    self.entries = entries
    self.lines = lines
  }

  public func words(_ language: Language) -> [String: String] { entries.mapValues { $0.text(language) } }

  /// Reads `labels.yaml` (a ``BilingualCatalog``); every problem names the file and line.
  public static func load(_ text: String, file: String) throws(ReportProblem) -> ReportLabels {
    do {
      let catalog = try BilingualCatalog.load(text, file: file, owner: "the report")
      return ReportLabels(entries: catalog.entries, lines: catalog.lines)
    } catch {
      throw ReportProblem(error.description)
    }
  }
}

/// A problem with a report's templates, labels or input: the message names the file and line.
public struct ReportProblem: Error, Sendable, Hashable, CustomStringConvertible {
  public var message: String
  public init(_ message: String) { self.message = message }
  public var description: String { message }
}
