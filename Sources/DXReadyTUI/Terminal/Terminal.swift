import DXReadyCore

/// Where screens are shown and keys come from: the curses terminal in use, an in-memory one in
/// tests. Screens never talk to a terminal directly; they render a ``Grid``.
public protocol Terminal: AnyObject {
  /// Columns and rows.
  var size: (width: Int, height: Int) { get }
  /// Shows a whole screen.
  func draw(_ grid: Grid)
  /// The next key, waiting for it; `nil` when input has ended.
  func nextKey() -> Key?
  /// Whether more input is waiting already (a paste, keys typed ahead): the screen is then
  /// drawn once they are handled, not once per key.
  var hasPendingInput: Bool { get }
  /// The language of what the terminal itself says (such as the message when a signal ends
  /// the program).
  func use(_ language: Language)
}

extension Terminal {
  public func use(_ language: Language) {}
  public var hasPendingInput: Bool { false }
}

/// A terminal in memory: keys are queued by the test, the last screen is kept.
public final class MemoryTerminal: Terminal {
  public var size: (width: Int, height: Int)
  public private(set) var screen: Grid
  private var keys: [Key]

  public init(width: Int, height: Int, keys: [Key] = []) {
    size = (width, height)
    screen = Grid(width: width, height: height)
    self.keys = keys
  }

  public func draw(_ grid: Grid) { screen = grid }

  public func nextKey() -> Key? {
    guard !keys.isEmpty else { return nil }
    let key = keys.removeFirst()
    if case .resize(let width, let height) = key { size = (width, height) }
    return key
  }
}
