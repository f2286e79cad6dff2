/// One problem found in a data file, located so that an editor can jump to it.
///
/// Loaders collect every problem they can find instead of stopping at the first, so a
/// questionnaire author sees the whole list at once.
public struct Diagnostic: Error, Sendable, Hashable, Codable, CustomStringConvertible {
  /// How bad a problem is.
  public enum Severity: String, Sendable, Hashable, Codable {
    /// The file cannot be used until it is fixed.
    case error
    /// The file works, but something is probably not what its author meant.
    case warning
  }

  /// An error (the file is refused) or a warning.
  public var severity: Severity
  /// Where, in the file.
  public var location: SourceLocation
  /// What is wrong and, where possible, what to do.
  public var message: String

  /// A diagnostic; see each property.
  public init(_ severity: Severity, at location: SourceLocation, _ message: String) {
    self.severity = severity
    self.location = location
    self.message = message
  }

  /// `file:line:column: error: message`, the form compilers and editors understand.
  public var description: String { "\(location): \(severity.rawValue): \(message)" }
}

extension Array where Element == Diagnostic {
  /// Whether any of the problems is an error.
  public var hasErrors: Bool { contains { $0.severity == .error } }

  /// The problems in file order: by file, line, then column.
  public func sortedByLocation() -> [Diagnostic] {
    enumerated().sorted { a, b in
      let (l, r) = (a.element.location, b.element.location)
      if l.file != r.file { return l.file < r.file }
      if l.line != r.line { return l.line < r.line }
      if l.column != r.column { return l.column < r.column }
      return a.offset < b.offset
    }.map(\.element)
  }
}
