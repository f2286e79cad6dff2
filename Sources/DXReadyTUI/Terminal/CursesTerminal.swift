import CNcursesw
import DXReadyCore
import Foundation

/// The real terminal, through ncursesw: the only file that talks to curses.
///
/// Raw mode, so that Ctrl+C arrives as a key (the questionnaire then leaves cleanly; every
/// answer is already stored). SIGTERM, SIGHUP, SIGINT and crashes restore the terminal before
/// the process ends. `NO_COLOR` leaves colours off; the selection is then reverse video.
public final class CursesTerminal: Terminal {
  private let window: UnsafeMutablePointer<WINDOW>
  private let colours: Bool
  private var lastGrid: Grid?

  /// Sets the terminal up; `nil` when curses cannot start (no terminal, unknown `TERM`).
  public init?(environment: [String: String] = ProcessInfo.processInfo.environment) {
    setlocale(LC_ALL, "")
    // Vietnamese needs a UTF-8 character set. An SSH session often carries no LANG (sshd passes
    // it only when its client sends it and AcceptEnv allows it), which leaves the C locale:
    // then C.UTF-8, which every Debian system has, for the characters.
    if String(cString: nl_langinfo(nl_item(CODESET))) != "UTF-8" { setlocale(LC_CTYPE, "C.UTF-8") }
    guard let window = dxready_start() else { return nil }
    self.window = window
    raw()
    noecho()
    nonl()
    keypad(window, true)
    set_escdelay(25)
    curs_set(0)
    let noColour = !(environment["NO_COLOR"] ?? "").isEmpty
    colours = !noColour && has_colors()
    if colours {
      start_color()
      use_default_colors()
      init_pair(1, Int16(COLOR_BLACK), Int16(COLOR_CYAN))
    }
    CursesTerminal.installRestorers()
  }

  deinit { restore() }

  /// Gives the terminal back as it was.
  public func restore() {
    if isendwin() == false { endwin() }
  }

  public var size: (width: Int, height: Int) {
    (Int(getmaxx(window)), Int(getmaxy(window)))
  }

  public func draw(_ grid: Grid) {
    for row in 0..<grid.height {
      var column = 0
      while column < grid.width {
        let style = grid.cells[row * grid.width + column].style
        var run = ""
        let start = column
        while column < grid.width, grid.cells[row * grid.width + column].style == style {
          if let character = grid.cells[row * grid.width + column].character { run.append(character) }
          column += 1
        }
        _ = dxready_wattrset(window, attributes(style))
        mvwaddstr(window, Int32(row), Int32(start), run)
      }
    }
    _ = dxready_wattrset(window, Int32(truncatingIfNeeded: dxready_a_normal()))
    wrefresh(window)
    lastGrid = grid
  }

  private func attributes(_ style: Grid.Style) -> Int32 {
    var value: attr_t = dxready_a_normal()
    if style.contains(.bold) { value |= dxready_a_bold() }
    if style.contains(.dim) { value |= dxready_a_dim() }
    if style.contains(.reverse) { value |= colours ? dxready_color_pair(1) | dxready_a_bold() : dxready_a_reverse() }
    return Int32(truncatingIfNeeded: value)
  }

  public var hasPendingInput: Bool {
    var descriptor = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
    return poll(&descriptor, 1, 0) > 0 && descriptor.revents & Int16(POLLIN) != 0
  }

  public func nextKey() -> Key? {
    while true {
      var character: wint_t = 0
      let code = wget_wch(window, &character)
      if code == dxready_err() {
        // Input closed (the terminal went away).
        if isatty(STDIN_FILENO) == 0 { return nil }
        continue
      }
      if code == dxready_key_code_yes() {
        switch Int32(character) {
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_PPAGE: return .pageUp
        case KEY_NPAGE: return .pageDown
        case KEY_HOME: return .home
        case KEY_END: return .end
        case KEY_BACKSPACE: return .backspace
        case KEY_DC: return .delete
        case KEY_BTAB: return .backTab
        case KEY_ENTER: return .enter
        case KEY_RESIZE: return .resize(width: size.width, height: size.height)
        default: continue
        }
      }
      switch character {
      case 3: return .interrupt
      case 9: return .tab
      case 10, 13: return .enter
      case 27: return .escape
      case 8, 127: return .backspace
      case 32: return .space
      default:
        guard character >= 32, let scalar = Unicode.Scalar(UInt32(character)) else { continue }
        return .character(Character(scalar))
      }
    }
  }

  // MARK: Leaving cleanly

  /// Whether the signal message is in Vietnamese; read by the signal handler, which can carry
  /// no context (a plain word, written between keys and read once at the end).
  nonisolated(unsafe) private static var vietnamese = true

  public func use(_ language: Language) { CursesTerminal.vietnamese = language == .vi }

  /// Whether the signal message speaks to a business at a kiosk (which cannot run commands).
  nonisolated(unsafe) private static var atKiosk = false

  /// Set for `take --kiosk`: the signal message then names the resume code, not a command.
  public var kiosk: Bool {
    get { CursesTerminal.atKiosk }
    set { CursesTerminal.atKiosk = newValue }
  }

  /// On a signal or a crash: the terminal back to normal, then the default end.
  private static func installRestorers() {
    for signal in [SIGTERM, SIGHUP, SIGINT, SIGQUIT] {
      _ = Glibc.signal(signal) { number in
        endwin()
        let message =
          switch (CursesTerminal.vietnamese, CursesTerminal.atKiosk) {
          case (true, false):
            "\ndxready: dừng vì nhận tín hiệu; mọi câu trả lời đã nhập đều đã được lưu — chạy lại “dxready take” để tiếp tục.\n"
          case (false, false):
            "\ndxready: stopped by a signal; every answer given so far is saved — run “dxready take” again to resume.\n"
          case (true, true):
            "\ndxready: dừng vì nhận tín hiệu; mọi câu trả lời đã nhập đều đã được lưu — kết nối lại và tiếp tục bằng mã tiếp tục.\n"
          case (false, true):
            "\ndxready: stopped by a signal; every answer given so far is saved — connect again and carry on with the resume code.\n"
          }
        _ = message.withCString { write(STDERR_FILENO, $0, strlen($0)) }
        _exit(128 + number)
      }
    }
    for signal in [SIGILL, SIGTRAP, SIGABRT, SIGSEGV, SIGBUS] {
      _ = Glibc.signal(signal) { number in
        endwin()
        Glibc.signal(number, SIG_DFL)
        raise(number)
      }
    }
  }
}
