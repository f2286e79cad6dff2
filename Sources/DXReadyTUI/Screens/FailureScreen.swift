import DXReadyCore
import Foundation

/// A store failure: why, and that what was confirmed before is stored; only leaving remains.
extension TakeModel {
  /// After a store failure, only leaving.
  static let leaveAfterFailure = KeyBinding(
    [.enter, .escape, .interrupt, .character("q")],
    help: LocalizedText(vi: "Enter hoặc q để thoát", en: "Enter or q to leave"))

  /// Why storing failed; what was confirmed before is stored.
  func renderFailure(_ grid: inout Grid) {
    header(&grid, failureTitle)
    let bottom = footer(&grid, [Self.leaveAfterFailure].footer(language))
    var row = 3
    for paragraph in [failure ?? "", failureAdvice] {
      for line in DisplayWidth.wrap(paragraph, width: grid.width - 4) where row < bottom - 1 {
        grid.write(line, x: 2, y: row)
        row += 1
      }
      row += 1
    }
  }

  var failureTitle: String { language == .vi ? "Không lưu được" : "Could not save" }

  /// What a failure leaves behind, and how to carry on.
  public var failureAdvice: String {
    language == .vi
      ? "Mọi câu trả lời đã xác nhận trước lúc này đều đã được lưu; chạy lại “dxready take” để tiếp tục."
      : "Every answer confirmed before this is stored; run “dxready take” again to carry on."
  }
}
