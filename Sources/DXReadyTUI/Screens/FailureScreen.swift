import DXReadyCore
import Foundation

/// A store failure: why, and that what was confirmed before is stored; trying again (a server
/// back, a network back) or leaving.
extension TakeModel {
  /// After a store failure: store what failed again, and carry on where it was.
  static let retryAfterFailure = KeyBinding(
    [.enter], help: LocalizedText(vi: "Enter thử lưu lại", en: "Enter try again"))
  /// After a store failure: leave, with everything confirmed before it stored.
  static let leaveAfterFailure = KeyBinding(
    [.escape, .interrupt, .character("q")], help: LocalizedText(vi: "q thoát", en: "q leave"))

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

  var failureTitle: String { language == .vi ? "Không lưu được" : "Could not save" }

  /// What happened, in the session's language: the database's own message (in English) follows
  /// as a technical detail.
  /// Whether trying again can help: not when the database refuses this account the right.
  var canRetry: Bool { !(failure ?? "").contains("permission denied") }

  var failureSummary: String {
    if !canRetry {
      return language == .vi
        ? "Tài khoản cơ sở dữ liệu này không được phép lưu bài đánh giá; hãy chạy lại bằng tài khoản được cấp cho việc đánh giá."
        : "This database account may not store assessments; run again with an account given for assessments."
    }
    let connection = (failure ?? "").contains("connect") || (failure ?? "").contains("connection")
    switch (language, connection) {
    case (.vi, true): return "Mất kết nối với máy chủ cơ sở dữ liệu (mạng hoặc máy chủ đang gián đoạn)."
    case (.vi, false): return "Cơ sở dữ liệu báo lỗi khi lưu."
    case (_, true): return "The connection to the database server is lost (the network or the server is down)."
    case (_, false): return "The database reported an error while saving."
    }
  }

  var technicalDetail: String { language == .vi ? "Chi tiết kỹ thuật (tiếng Anh): " : "Details: " }

  /// What a failure leaves behind, and how to carry on.
  public var failureAdvice: String {
    let vi = language == .vi
    // How to come back: at a kiosk, a command cannot be run; the resume code opens the draft.
    let again =
      kiosk
      ? (vi ? "kết nối lại và mở bản nháp bằng mã tiếp tục" : "connect again and open the draft with its resume code")
      : (vi ? "chạy lại “dxready take”" : "run “dxready take” again")
    if draft == nil {
      // Before the draft exists (the profile, the tax code), nothing has been stored.
      return canRetry
        ? (vi
          ? "Chưa có gì được lưu. Nhấn Enter để thử lại khi cơ sở dữ liệu hoạt động trở lại, hoặc q để thoát."
          : "Nothing is stored yet. Press Enter to try again once the database is back, or q to leave.")
        : (vi ? "Chưa có gì được lưu. Nhấn q để thoát." : "Nothing is stored yet. Press q to leave.")
    }
    if interrupted == .review || interrupted == .results {
      return vi
        ? "Mọi câu trả lời đã được lưu, nhưng bài đánh giá chưa được gửi. Nhấn Enter để thử gửi lại, hoặc q để thoát rồi \(again) để gửi."
        : "Every answer is stored, but the assessment is not yet submitted. Press Enter to try again, or q to leave and \(again) to submit it."
    }
    guard canRetry else {
      return vi
        ? "Mọi câu trả lời đã xác nhận trước lúc này đều đã được lưu. Nhấn q để thoát."
        : "Every answer confirmed before this is stored. Press q to leave."
    }
    return vi
      ? "Mọi câu trả lời đã xác nhận trước lúc này đều đã được lưu. Câu trả lời vừa xác nhận chưa được lưu: nhấn Enter để thử lưu lại khi cơ sở dữ liệu hoạt động trở lại, hoặc q để thoát rồi \(again) để tiếp tục."
      : "Every answer confirmed before this is stored. The one just confirmed is not yet: press Enter to try again once the database is back, or q to leave and \(again) to carry on."
  }
}
