/// A position in a text file, as a person would count it: lines and columns from 1.
public struct SourceLocation: Sendable, Hashable, Codable, CustomStringConvertible {
  /// The file's path as the user named it, or a label such as `<stdin>`.
  public var file: String
  /// The line, counted from 1.
  public var line: Int
  /// The column, counted in Unicode scalars from 1.
  public var column: Int

  /// A location; lines and columns count from 1.
  public init(file: String, line: Int, column: Int) {
    self.file = file
    self.line = line
    self.column = column
  }

  /// `FILE:LINE:COLUMN`, as compilers write it.
  public var description: String { "\(file):\(line):\(column)" }

  /// The same line, `offset` scalars further right.
  public func advanced(by offset: Int) -> SourceLocation {
    SourceLocation(file: file, line: line, column: column + offset)
  }
}
