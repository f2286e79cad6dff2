import DXReadyCore
import Foundation

/// A store failure: why, and that what was confirmed before is stored; trying again (a server
/// back, a network back) or leaving.
extension TakeModel {
  /// After a store failure: store what failed again, and carry on where it was.
  static let retryAfterFailure = KeyBinding(
    [.enter], help: Words.localized("key_enter_try_again"))
  /// After a store failure: leave, with everything confirmed before it stored.
  static let leaveAfterFailure = KeyBinding(
    [.escape, .interrupt, .character("q")], help: Words.localized("key_q_leave"))

  /// Why storing failed; what was confirmed before is stored.
  func renderFailure(_ grid: inout Grid) {
    header(&grid, failureTitle)
    let bottom = footer(
      &grid, (canRetry ? [Self.retryAfterFailure, Self.leaveAfterFailure] : [Self.leaveAfterFailure]).footer(language))
    var row = 3
    for paragraph in [failureSummary, technicalDetail + (failure ?? ""), failureAdvice] {
      for line in DisplayWidth.wrap(paragraph, width: grid.width - 4) where row < bottom - 1 {
        grid.write(line, x: 2, y: row)
        row += 1
      }
      row += 1
    }
  }

  var failureTitle: String { Words.text("could_not_save", language) }

  /// What happened, in the session's language: the database's own message (in English) follows
  /// as a technical detail.
  /// Whether trying again can help: not when the database refuses this account the right.
  var canRetry: Bool { !(failure ?? "").contains("permission denied") }

  var failureSummary: String {
    if !canRetry {
      return Words.text("failure_not_permitted", language)
    }
    let connection = (failure ?? "").contains("connect") || (failure ?? "").contains("connection")
    return connection
      ? Words.text("failure_connection_lost", language) : Words.text("failure_database_error", language)
  }

  var technicalDetail: String { Words.text("failure_details", language) + " " }

  /// What a failure leaves behind, and how to carry on.
  public var failureAdvice: String {
    // How to come back: at a kiosk, a command cannot be run; the resume code opens the draft.
    let again =
      kiosk
      ? Words.text("failure_again_kiosk", language)
      : Words.text("failure_again_take", language)
    if draft == nil {
      // Before the draft exists (the profile, the tax code), nothing has been stored.
      return canRetry
        ? Words.text("failure_nothing_stored_retry", language)
        : Words.text("failure_nothing_stored_leave", language)
    }
    if interrupted == .review || interrupted == .results {
      return Words.text("failure_not_submitted", language, ["again": "\(again)"])
    }
    guard canRetry else {
      return Words.text("failure_answers_stored_leave", language)
    }
    return Words.text("failure_answer_not_stored", language, ["again": "\(again)"])
  }
}
