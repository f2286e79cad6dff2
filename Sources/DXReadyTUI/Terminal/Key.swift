/// A key press, or a terminal event, as screens see it.
public enum Key: Sendable, Hashable {
  case up, down, left, right
  case pageUp, pageDown, home, end
  case enter, escape, space, backspace, delete, tab, backTab
  /// Ctrl+C: save what is given and leave (every answer is already stored).
  case interrupt
  /// A printable character (in a text field, every letter is text).
  case character(Character)
  /// The terminal changed size.
  case resize(width: Int, height: Int)
}
