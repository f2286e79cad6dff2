import DXReadyCore
import Foundation

/// `take` as numbered line-by-line prompts, for screen readers, dumb terminals and scripts
/// (`printf '…' | dxready take --plain`). Each line becomes intents (``TakeIntent``) sent to the
/// same model, so the validation and the saving are the same as on screen: only the drawing
/// differs.
public struct PlainTake {
  public var session: TakeSession
  let input: () -> String?
  let output: (String) -> Void
  var lastQuestion: QuestionID?
  /// Whether the input ended before the questionnaire did.
  public private(set) var inputEnded = false

  public init(session: TakeSession, input: @escaping () -> String?, output: @escaping (String) -> Void) {
    self.session = session
    self.input = input
    self.output = output
  }

  var model: TakeModel { session.model }
  var vi: Bool { model.language == .vi }

  /// Sends intents to the model, in order.
  mutating func send(_ intents: TakeIntent...) {
    for intent in intents { session.send(.intent(intent)) }
  }

  mutating func ask(_ prompt: String) -> String? {
    output(prompt)
    guard let line = input() else {
      // The input ended: leave, with everything given already stored.
      inputEnded = true
      output("\n")
      send(.quit)
      return nil
    }
    return line.trimmingCharacters(in: .whitespacesAndNewlines)
  }

  public mutating func run() {
    output(model.questionnaire.title.text(model.language) + " (\(model.questionnaire.reference))\n")
    output(
      vi
        ? "Chế độ dòng lệnh: trả lời từng câu rồi nhấn Enter; mỗi câu trả lời được lưu ngay. q: lưu và thoát.\n"
        : "Line mode: answer each prompt and press Enter; every answer is stored at once. q: save and quit.\n")
    while model.phase != .finished {
      switch model.phase {
      case .language: send(.confirm)
      case .intro:
        if let description = model.questionnaire.description?.text(model.language) { output(description + "\n") }
        send(.confirm)
      case .consent: askConsent()
      case .profile: askProfile()
      case .resume: askResume()
      case .kioskStart: askKioskStart()
      case .resumeCode: askResumeCode()
      case .codeShown:
        let (before, after) = model.codeShownWords
        output("\n\(before)\n\n    \(model.shownCode ?? "")\n\n\(after)\n")
        guard ask(vi ? "Nhấn Enter khi đã ghi lại mã: " : "Press Enter once the code is written down: ") != nil else {
          break
        }
        send(.confirm)
      case .questions: askQuestion()
      case .review: askReview()
      case .results:
        output("\n" + model.resultLines(width: 100).joined(separator: "\n") + "\n")
        send(.confirm)
      case .failed:
        // The command says why, on standard error, with a failing exit status.
        send(.quit)
      case .finished: break
      }
    }
    if model.failure != nil || model.lockedOut {
      return
    } else if model.kiosk {
      if let draft = model.draft, model.result != nil {
        output((vi ? "\nĐã gửi bài đánh giá " : "\nSubmitted assessment ") + draft.rawValue + "\n")
      }
      output(model.kioskClosingWords + "\n")
    } else if let draft = model.draft, model.result != nil {
      output(
        (vi ? "\nĐã gửi bài đánh giá " : "\nSubmitted assessment ") + draft.rawValue
          + (vi
            ? "\nXem lại: dxready show \(draft.rawValue.prefix(8)) · Lộ trình: dxready recommend \(draft.rawValue.prefix(8))\n"
            : "\nShow it: dxready show \(draft.rawValue.prefix(8)) · Roadmap: dxready recommend \(draft.rawValue.prefix(8))\n")
      )
    } else if model.draft != nil {
      output(
        vi
          ? "Đã lưu. Chạy lại “dxready take” với cùng mã số thuế để tiếp tục.\n"
          : "Saved. Run “dxready take” again with the same tax code to carry on.\n")
    } else if model.hasEarlierDraft {
      output(
        vi
          ? "Không lưu gì mới; bản nháp trước đó vẫn được giữ. Chạy lại “dxready take” với cùng mã số thuế để tiếp tục.\n"
          : "Nothing new was stored; the earlier draft is kept. Run “dxready take” again with the same tax code to carry on.\n"
      )
    } else {
      output(vi ? "Chưa lưu gì.\n" : "Nothing was stored.\n")
    }
  }

  /// The personal-data notice in full, then an empty line (or yes) agrees and q leaves; any
  /// other line asks again, so that a tax code typed too early is never taken as agreement.
  mutating func askConsent() {
    guard let notice = model.notice else { return send(.confirm) }
    output("\n" + notice.title.text(model.language) + "\n")
    for part in PrivacyNotice.Part.allCases {
      output("  \(part.heading.text(model.language)): \(notice.parts[part]?.text(model.language) ?? "")\n")
    }
    while model.phase == .consent {
      guard
        let line = ask(
          vi
            ? "Đồng ý với thông báo trên? (Enter: đồng ý; q: thoát, không lưu gì): "
            : "Agree to the notice above? (Enter: agree; q: leave, nothing is stored): ")
      else { return }
      switch ProfileForm.folded(line) {
      case "", "y", "yes", "c", "co", "dong y": send(.confirm)
      case "q": send(.quit)
      default:
        output(
          vi ? "  Nhấn Enter để đồng ý, hoặc gõ q để thoát.\n" : "  Press Enter to agree, or type q to leave.\n")
      }
    }
  }

  mutating func askProfile() {
    let form = model.form
    let field = form.focus
    if field == .done {
      output("\n" + form.sizeLine + "\n")
      send(.confirm)
      if model.phase == .profile { reportErrors() }
      return
    }
    // A value the form refused is not offered as the one to keep.
    let current = form.errors[field] == nil ? form.value(field) : ""
    let isList = field.isList
    var prompt = "\(field.rawValue + 1). \(form.label(field))"
    if !current.isEmpty { prompt += " [\(current)]" }
    if isList {
      prompt +=
        vi
        ? " (số thứ tự hoặc một phần tên; ? xem danh sách; để trống: bỏ qua)"
        : " (number or part of the name; ? lists them; empty: skip)"
    }
    guard let line = ask(prompt + ": ") else { return }
    // q leaves from any prompt, as the first line says.
    if line == "q" { return send(.quit) }
    if isList {
      let items = form.items(field)
      if line.isEmpty {
        // Skipped: the field keeps what it has, and the next one is asked.
        return send(.skip)
      }
      if line == "?" {
        output(items.enumerated().map { "  \($0.offset + 1). \($0.element.label)" }.joined(separator: "\n") + "\n")
        return
      }
      // A number, an id (`G`, `ha-long`), a whole name, or a part that only one item has.
      let wanted = ProfileForm.folded(line)
      let exact =
        Int(line).flatMap { (1...items.count).contains($0) ? $0 - 1 : nil }
        ?? items.firstIndex { ProfileForm.folded($0.id) == wanted || ProfileForm.folded($0.label) == wanted }
      let matching = ProfileForm.matching(items, line)
      if let chosen = exact.map({ items[$0] }) ?? (matching.count == 1 ? matching[0] : nil) {
        send(.setListField(field, chosen.id))
        echo(field)
        return
      }
      if matching.isEmpty {
        output(vi ? "  Không có mục nào khớp với “\(line)”.\n" : "  Nothing matches “\(line)”.\n")
      } else {
        output((vi ? "  Nhiều mục khớp; gõ số thứ tự:\n" : "  Several match; type the number:\n"))
        for item in matching.prefix(20) {
          let number = (items.firstIndex { $0.id == item.id } ?? 0) + 1
          output("  \(number). \(item.label)\n")
        }
      }
      return
    }
    // A typed field: an empty line keeps what is there.
    if !line.isEmpty { send(.setText(line)) }
    send(.confirm)
    if field == .taxCode, model.phase == .profile, model.form.focus == .taxCode, model.form.pendingWarning != nil {
      // A check-digit mismatch is a warning, as in `import`: said, and the code kept, so that
      // the next line still answers the next field.
      output(
        vi
          ? "  ⚠ Chữ số kiểm tra của mã không khớp; vẫn dùng mã này. Nếu mã sai, gõ q rồi chạy lại.\n"
          : "  ⚠ The code's check digit does not match; it is kept. If it is wrong, type q and start again.\n")
      send(.confirm)
    }
    if model.phase == .profile, model.form.focus == field { reportErrors() }
  }

  /// Says what a list field was set to, so that a partial name is seen to have picked the
  /// right item.
  func echo(_ field: ProfileForm.Field) {
    output("  → \(model.form.label(field)): \(model.form.value(field))\n")
  }

  func reportErrors() {
    let form = model.form
    for field in ProfileForm.Field.allCases {
      if let error = form.errors[field] { output("  ⚠ \(form.label(field)): \(error)\n") }
    }
  }

  mutating func askResume() {
    output(
      vi
        ? "\nDoanh nghiệp này có bản nháp chưa gửi:\n" : "\nThis business has an unsent draft:\n")
    let drafts = model.drafts
    for (index, draft) in drafts.enumerated() {
      output(
        vi
          ? "  \(index + 1). Tiếp tục bản nháp (\(draft.answers.count) câu đã trả lời)\n"
          : "  \(index + 1). Carry on with the draft (\(draft.answers.count) answered)\n")
    }
    output(
      vi
        ? "  \(drafts.count + 1). Bắt đầu lại (xoá bản nháp cũ)\n"
        : "  \(drafts.count + 1). Start over (deletes the old draft)\n")
    guard let line = ask(vi ? "Chọn: " : "Choose: ") else { return }
    if line == "q" { return send(.quit) }
    guard let number = Int(line), (1...(drafts.count + 1)).contains(number) else {
      output(vi ? "  Gõ một số từ 1 đến \(drafts.count + 1).\n" : "  Type a number from 1 to \(drafts.count + 1).\n")
      return
    }
    send(.choose(number - 1), .confirm)
  }

  /// At a kiosk: a new assessment, or a draft carried on with its resume code.
  mutating func askKioskStart() {
    output(
      vi
        ? "\n  1. Bắt đầu bài đánh giá mới\n  2. Mở bản nháp đã lưu bằng mã tiếp tục\n"
        : "\n  1. Start a new assessment\n  2. Carry on with a resume code\n")
    guard let line = ask(vi ? "Chọn: " : "Choose: ") else { return }
    if line == "q" { return send(.quit) }
    guard let number = Int(line), (1...2).contains(number) else {
      output(vi ? "  Gõ 1 hoặc 2.\n" : "  Type 1 or 2.\n")
      return
    }
    send(.choose(number - 1), .confirm)
  }

  /// At a kiosk: the tax code, then the resume code; an empty line goes back, q leaves.
  mutating func askResumeCode() {
    let taxCodeAsked = model.codeEntry.focus == .taxCode
    let prompt =
      taxCodeAsked
      ? (vi ? "Mã số thuế (trống: quay lại): " : "Tax code (empty: back): ")
      : (vi ? "Mã tiếp tục (8 chữ và số; trống: quay lại): " : "Resume code (8 letters and digits; empty: back): ")
    guard let line = ask(prompt) else { return }
    if line == "q" { return send(.quit) }
    if line.isEmpty { return send(.back) }
    send(.setText(line), .confirm)
    if model.phase == .resumeCode, let error = model.codeEntry.error { output("  ⚠ \(error)\n") }
  }

  mutating func askQuestion() {
    guard let screen = model.screen else { return }
    let question = screen.question
    let language = model.language
    if let notice = screen.notice { output("  ℹ \(notice)\n") }
    output("\n[\(vi ? "Câu" : "Question") \(screen.number)/\(screen.total) · \(screen.dimensionTitle)]\n")
    output(question.prompt.text(language) + "\n")
    let choices = screen.choices
    if screen.typed {
      var hint =
        question.kind == .number ? (vi ? "gõ một số" : "type a number") : (vi ? "gõ câu trả lời" : "type the answer")
      if let spec = question.number {
        if let minimum = spec.minimum, let maximum = spec.maximum {
          hint += " \(AnswerValue.number(minimum))–\(AnswerValue.number(maximum))"
        }
        if let unit = spec.unit { hint += " (\(unit.text(language)))" }
      }
      if question.offersNotApplicable { hint += vi ? "; na = không áp dụng" : "; na = not applicable" }
      if question.offersDontKnow { hint += vi ? "; dk = không biết" : "; dk = don't know" }
      if !question.required { hint += vi ? "; để trống: bỏ qua" : "; empty: skip" }
      output("  (\(hint))\n")
    } else {
      for (index, choice) in choices.enumerated() { output("  \(index + 1). \(choice.label)\n") }
      if question.kind == .multiple {
        output(
          vi
            ? "  (chọn nhiều: gõ các số, cách nhau bởi dấu phẩy)\n"
            : "  (several: type the numbers, separated by commas)\n")
      }
    }
    if let current = model.answers[question.id] {
      output((vi ? "  Đang trả lời: " : "  Current answer: ") + model.answerText(current, question) + "\n")
    }
    let help = question.help == nil ? "" : (vi ? ", ? trợ giúp" : ", ? help")
    let keep = model.answers[question.id] == nil ? "" : (vi ? ", để trống: giữ" : ", empty: keep")
    guard
      let line = ask(
        vi
          ? "Trả lời (b lùi\(help)\(keep), q lưu và thoát): " : "Answer (b back\(help)\(keep), q save and quit): ")
    else { return }
    if line.isEmpty, model.answers[question.id] != nil {
      // An empty line keeps the answer shown (as Enter does on screen).
      return send(.confirm)
    }
    switch line {
    case "q": return send(.quit)
    case "b": return send(.back)
    case "?":
      output(
        "  "
          + (question.help?.text(language) ?? (vi ? "(câu này không có phần trợ giúp)" : "(no help for this question)"))
          + "\n")
      return
    default: break
    }
    if screen.typed {
      let extras = choices.map(\.answer)
      if line == "na" || line == "dk", let index = extras.firstIndex(of: line == "na" ? .notApplicable : .dontKnow) {
        send(.choose(index + 1), .confirm)
      } else {
        send(.setText(line), .confirm)
      }
    } else {
      let numbers = line.split { $0 == "," || $0 == " " }.map { Int($0) }
      guard !numbers.isEmpty, numbers.allSatisfy({ $0.map { (1...choices.count).contains($0) } ?? false }),
        question.kind == .multiple || numbers.count == 1
      else {
        output(
          vi
            ? "  Gõ số thứ tự của một lựa chọn (1–\(choices.count))\(question.kind == .multiple ? ", hoặc vài số cách nhau bởi dấu phẩy" : "").\n"
            : "  Type the number of a choice (1–\(choices.count))\(question.kind == .multiple ? ", or several separated by commas" : "").\n"
        )
        return
      }
      if question.kind == .multiple {
        // The options given are ticked (and no others); "not applicable" or "don't know", if
        // given, is the answer on its own, as Enter on it gives on screen.
        let chosen = numbers.compactMap { $0 }
        send(.tick(Set(chosen.filter { choices[$0 - 1].answer.isOption }.map { $0 - 1 })))
        send(.choose((chosen.first { !choices[$0 - 1].answer.isOption } ?? chosen[0]) - 1), .confirm)
      } else {
        send(.choose(numbers[0]! - 1), .confirm)
      }
    }
    if model.phase == .questions, let after = model.screen, after.question.id == question.id, let error = after.error {
      output("  ⚠ \(error)\n")
    }
  }

  mutating func askReview() {
    let shown = model.shown
    let missing = model.missing
    if let message = model.message { output("  ℹ \(message)\n") }
    if !missing.isEmpty {
      output(
        vi
          ? "\nCòn \(missing.count) câu bắt buộc chưa trả lời; hỏi lại từ câu đầu tiên.\n"
          : "\n\(missing.count) required question(s) unanswered; asking from the first.\n")
      send(.choose(shown.count), .confirm, .confirm)
      return
    }
    let answered = shown.filter { model.answers[$0.id] != nil }.count
    output(
      vi
        ? "\nĐã trả lời \(answered)/\(shown.count) câu.\n" : "\n\(answered) of \(shown.count) questions answered.\n")
    guard
      let line = ask(
        vi
          ? "Gửi bài đánh giá? (c: gửi · số câu để sửa · q: lưu và thoát): "
          : "Submit the assessment? (y: submit · a question's number to change it · q: save and quit): ")
    else { return }
    switch line.lowercased() {
    case "c", "có", "y", "yes":
      // The line is the confirmation the screen asks for with a second Enter.
      send(.choose(shown.count), .confirm, .confirm)
    case "q": send(.quit)
    default:
      guard let number = Int(line), (1...shown.count).contains(number) else {
        output(
          vi
            ? "  Gõ c, q hoặc một số từ 1 đến \(shown.count).\n" : "  Type y, q or a number from 1 to \(shown.count).\n"
        )
        return
      }
      send(.choose(number - 1), .confirm)
    }
  }
}
