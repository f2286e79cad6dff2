import DXReadyCore

/// The keys of each phase of `take` outside the profile form and the question screens (which
/// have their own), each with its help: handlers match keys through these, and footers are
/// made from them.
extension TakeModel {
  /// The language screen speaks both languages at once.
  static let languageKeys = (
    move: KeyBinding(help: KeyBinding.both("↑↓ chọn · select")) { key in
      [.up, .down, .character("j"), .character("k"), .tab, .home].contains(key) || key.digitIndex(below: 2) != nil
    },
    confirm: KeyBinding([.enter], help: KeyBinding.both("Enter tiếp · next")),
    quit: KeyBinding([.interrupt, .escape, .character("q")], help: KeyBinding.both("Ctrl+C thoát · quit"))
  )

  static let introKeys = (
    start: KeyBinding([.enter, .space], help: LocalizedText(vi: "Enter bắt đầu", en: "Enter start")),
    quit: KeyBinding([.interrupt, .escape, .character("q")], help: LocalizedText(vi: "q thoát", en: "q quit"))
  )

  static let consentKeys = (
    agree: KeyBinding(
      [.enter], help: LocalizedText(vi: "Enter đồng ý và tiếp tục", en: "Enter agree and go on")),
    scroll: KeyBinding(
      [.down, .character("j"), .pageDown, .up, .character("k"), .pageUp],
      help: LocalizedText(vi: "↑↓ cuộn", en: "↑↓ scroll")),
    quit: KeyBinding(
      [.interrupt, .escape, .character("q")],
      help: LocalizedText(vi: "q thoát (không lưu gì)", en: "q leave (nothing is stored)"))
  )

  /// The offer to resume a draft: `count` items, the drafts and "start over".
  static func resumeKeys(count: Int) -> (move: KeyBinding, confirm: KeyBinding, quit: KeyBinding) {
    (
      move: KeyBinding(help: LocalizedText(vi: "↑↓ chọn", en: "↑↓ move")) { key in
        [.up, .character("k"), .down, .character("j"), .tab, .home].contains(key) || key.digitIndex(below: count) != nil
      },
      confirm: KeyBinding([.enter], help: LocalizedText(vi: "Enter xác nhận", en: "Enter confirm")),
      quit: KeyBinding([.interrupt, .character("q")], help: LocalizedText(vi: "q thoát", en: "q quit"))
    )
  }

  static let reviewKeys = (
    move: KeyBinding(
      [.up, .character("k"), .down, .character("j"), .pageUp, .pageDown, .home, .end],
      help: LocalizedText(vi: "↑↓ chọn", en: "↑↓ move")),
    open: KeyBinding([.enter], help: LocalizedText(vi: "Enter sửa câu / gửi", en: "Enter change / submit")),
    // Not a key: what the marker in the list means, where the footer explains the screen.
    legend: KeyBinding(
      help: LocalizedText(vi: "! bắt buộc chưa trả lời", en: "! required, unanswered"), where: { _ in false }),
    back: KeyBinding([.escape, .left], help: LocalizedText(vi: "Esc về câu cuối", en: "Esc last question")),
    quit: KeyBinding([.interrupt, .character("q")], help: LocalizedText(vi: "q lưu và thoát", en: "q save and quit"))
  )

  /// While the review asks to confirm the submission: any other key goes back.
  static let submitKeys = (
    submit: KeyBinding(
      [.enter, .character("y"), .character("c")], help: LocalizedText(vi: "Enter gửi", en: "Enter submit")),
    back: KeyBinding([.escape], help: LocalizedText(vi: "Esc quay lại", en: "Esc go back")),
    quit: KeyBinding([.interrupt, .character("q")], help: LocalizedText(vi: "q lưu và thoát", en: "q save and quit"))
  )

  static let resultKeys = (
    leave: KeyBinding(
      [.enter, .escape, .interrupt, .character("q")],
      help: LocalizedText(
        vi: "Đã gửi và lưu · Enter hoặc q để thoát", en: "Submitted and stored · Enter or q to leave")),
    scroll: KeyBinding(
      [.up, .character("k"), .down, .character("j"), .pageUp, .pageDown, .space, .home],
      help: LocalizedText(vi: "↑↓ PgUp/PgDn cuộn", en: "↑↓ PgUp/PgDn scroll"))
  )

  /// After a store failure, only leaving.
  static let leaveAfterFailure = KeyBinding(
    [.enter, .escape, .interrupt, .character("q")],
    help: LocalizedText(vi: "Enter hoặc q để thoát", en: "Enter or q to leave"))
}
