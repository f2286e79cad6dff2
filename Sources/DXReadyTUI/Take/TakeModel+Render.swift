import DXReadyCore
import Foundation

extension TakeModel {
  /// The screen for the current state, at any size (below 80×24, a message to enlarge it).
  public func render(width: Int, height: Int) -> Grid {
    if let small = QuestionScreen.tooSmall(
      width: width, height: height, language: language, saved: !answers.isEmpty || result != nil)
    {
      return small
    }
    var grid = Grid(width: width, height: height)
    switch phase {
    case .language: renderLanguage(&grid)
    case .intro: renderIntro(&grid)
    case .consent: renderConsent(&grid)
    case .profile:
      header(&grid, language == .vi ? "Hồ sơ doanh nghiệp" : "Business profile")
      let bottom = grid.footer(form.keys, message: message)
      form.render(into: &grid, top: 3, bottom: bottom)
    case .resume: renderResume(&grid)
    case .questions:
      if let screen { grid = screen.render(width: width, height: height) }
    case .review: renderReview(&grid)
    case .results, .finished: renderResults(&grid)
    case .failed: renderFailure(&grid)
    }
    return grid
  }

  /// The screen's title, and the questionnaire's on the right where both fit whole (the intro
  /// screen names it in full); neither is ever cut.
  func header(_ grid: inout Grid, _ title: String) {
    let name = questionnaire.title.text(language)
    let end = grid.write(DisplayWidth.truncate(title, width: grid.width), x: 0, y: 0, style: .bold)
    if end + 3 + DisplayWidth.of(name) <= grid.width {
      grid.write(name, x: grid.width - DisplayWidth.of(name), y: 0, style: .dim)
    }
    grid.write(String(repeating: "─", count: grid.width), x: 0, y: 1)
  }

  @discardableResult
  func footer(_ grid: inout Grid, _ keys: String) -> Int {
    grid.footer(keys, message: message)
  }

  func list(_ grid: inout Grid, _ items: [String], cursor: Int, top: Int, bottom: Int) {
    let room = max(1, bottom - top)
    let start = max(0, min(cursor - room / 2, items.count - room))
    for (index, item) in items.enumerated().dropFirst(start).prefix(room) {
      let selected = index == cursor
      grid.write(
        DisplayWidth.truncate((selected ? "› " : "  ") + item, width: grid.width - 2), x: 1, y: top + index - start,
        style: selected ? .reverse : [])
    }
  }

  func renderLanguage(_ grid: inout Grid) {
    header(&grid, "Ngôn ngữ · Language")
    grid.write(questionnaire.title.text(.vi), x: 2, y: 3, style: .bold)
    grid.write(questionnaire.title.text(.en), x: 2, y: 4, style: .dim)
    let keys = Self.languageKeys
    footer(&grid, [keys.move, keys.confirm, keys.quit].footer(language))
    list(&grid, ["1. Tiếng Việt", "2. English"], cursor: listCursor, top: 6, bottom: 8)
  }

  func renderIntro(_ grid: inout Grid) {
    let vi = language == .vi
    header(&grid, vi ? "Giới thiệu" : "Introduction")
    var row = 3
    for line in DisplayWidth.wrap(questionnaire.title.text(language), width: grid.width - 4) {
      grid.write(line, x: 2, y: row, style: .bold)
      row += 1
    }
    row += 1
    var paragraphs: [String] = []
    if let description = questionnaire.description?.text(language), !description.isEmpty {
      paragraphs.append(description)
    }
    let notice =
      self.notice == nil ? "" : (vi ? "thông báo về dữ liệu cá nhân, rồi " : "a notice about personal data, then ")
    paragraphs.append(
      vi
        ? "Trước hết là \(notice)hồ sơ doanh nghiệp (mã số thuế, loại hình, tên, địa bàn, ngành, quy mô), sau đó là các câu hỏi theo từng trụ cột, rồi xem lại và gửi. Kết quả gồm điểm, mức độ chuyển đổi số và các dịch vụ tư vấn phù hợp."
        : "First \(notice)the business profile (tax code, legal form, name, locality, industry, size), then the questions dimension by dimension, then a review before sending. The results give scores, the digital-maturity level and the consulting services that fit."
    )
    paragraphs.append(
      vi
        ? "Mỗi câu trả lời được lưu ngay khi nhập. Có thể thoát bất cứ lúc nào (q hoặc Ctrl+C) và tiếp tục sau với cùng mã số thuế."
        : "Every answer is stored as soon as it is given. You can leave at any time (q or Ctrl+C) and carry on later with the same tax code."
    )
    let bottom = footer(&grid, [Self.introKeys.start, Self.introKeys.quit].footer(language))
    for paragraph in paragraphs {
      for line in DisplayWidth.wrap(paragraph, width: grid.width - 4) where row < bottom - 1 {
        grid.write(line, x: 2, y: row)
        row += 1
      }
      row += 1
    }
  }

  /// The personal-data notice, each part under its heading; ↑↓ scroll when it does not fit.
  func renderConsent(_ grid: inout Grid) {
    guard let notice else { return }
    let vi = language == .vi
    header(&grid, notice.title.text(language))
    var lines: [(text: String, bold: Bool)] = []
    for part in PrivacyNotice.Part.allCases {
      let heading = part.heading.text(language) + ": "
      let text = notice.parts[part]?.text(language) ?? ""
      for (index, line) in DisplayWidth.wrap(heading + text, width: grid.width - 4).enumerated() {
        lines.append((line, index == 0))
      }
    }
    let keys = Self.consentKeys
    let bottom = footer(&grid, [keys.agree, keys.scroll, keys.quit].footer(language))
    let room = max(1, bottom - 4)
    let start = min(scroll, max(0, lines.count - room))
    var row = 3
    for line in lines.dropFirst(start).prefix(room) {
      if line.bold, let colon = line.text.range(of: ": ") {
        // The heading in bold, the text after it plain.
        let end = grid.write(String(line.text[..<colon.upperBound]), x: 2, y: row, style: .bold)
        grid.write(String(line.text[colon.upperBound...]), x: end, y: row)
      } else {
        grid.write(line.text, x: 2, y: row)
      }
      row += 1
    }
    if lines.count > room {
      grid.write(vi ? "(↑↓ để xem tiếp)" : "(↑↓ for more)", x: 2, y: bottom - 1, style: .dim)
    }
  }

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

  func renderResume(_ grid: inout Grid) {
    let vi = language == .vi
    header(&grid, vi ? "Bản nháp chưa xong" : "Unfinished draft")
    let name = form.value(.name)
    let intro =
      vi
      ? "Doanh nghiệp \(name) có bản nháp chưa gửi. Tiếp tục đúng chỗ đã dừng, hay bắt đầu lại?"
      : "\(name) has an unsent draft. Carry on where it stopped, or start over?"
    var row = 3
    for line in DisplayWidth.wrap(intro, width: grid.width - 4) {
      grid.write(line, x: 2, y: row)
      row += 1
    }
    let formatter = DateFormatter()
    formatter.dateFormat = "yyyy-MM-dd HH:mm"
    formatter.timeZone = timeZone
    var items = drafts.enumerated().map { index, draft in
      let answered = draft.answers.count
      return vi
        ? "\(index + 1). Tiếp tục bản nháp lưu lúc \(formatter.string(from: draft.updatedAt)) (\(answered) câu đã trả lời)"
        : "\(index + 1). Carry on with the draft saved \(formatter.string(from: draft.updatedAt)) (\(answered) answered)"
    }
    items.append(
      vi
        ? "\(drafts.count + 1). Bắt đầu lại (xoá bản nháp cũ)"
        : "\(drafts.count + 1). Start over (deletes the old draft)")
    let keys = Self.resumeKeys(count: drafts.count + 1)
    let bottom = footer(&grid, [keys.move, keys.confirm, keys.quit].footer(language))
    list(&grid, items, cursor: listCursor, top: row + 1, bottom: bottom)
  }

  /// An answer as a short text: the option's label, the number, the text.
  func answerText(_ answer: AnswerValue?, _ question: Question) -> String {
    guard let answer else { return "—" }
    switch answer {
    case .option(let id): return question.option(id)?.label.text(language) ?? id.rawValue
    case .options(let ids):
      return ids.isEmpty
        ? (language == .vi ? "(không chọn mục nào)" : "(none ticked)")
        : ids.map { question.option($0)?.label.text(language) ?? $0.rawValue }.joined(separator: "; ")
    case .number, .text: return answer.description
    case .notApplicable, .dontKnow:
      // As the choice reads on the question's screen.
      let text = (answer == .notApplicable ? Phrase.notApplicable : Phrase.dontKnow).text(language)
      return text.prefix(1).uppercased() + text.dropFirst()
    }
  }

  func renderReview(_ grid: inout Grid) {
    let vi = language == .vi
    let list = shown
    let answered = list.filter { answers[$0.id] != nil }.count
    header(
      &grid, vi ? "Xem lại: \(answered)/\(list.count) câu đã trả lời" : "Review: \(answered) of \(list.count) answered")
    var items: [String] = []
    for (index, question) in list.enumerated() {
      let marker = answers[question.id] == nil ? (question.required ? "!" : "·") : "✓"
      let prompt = DisplayWidth.truncate(question.prompt.text(language), width: (grid.width - 12) / 2)
      let padded = prompt + String(repeating: " ", count: max(0, (grid.width - 12) / 2 - DisplayWidth.of(prompt)))
      items.append("\(marker) \(index + 1). \(padded) \(answerText(answers[question.id], question))")
    }
    items.append(vi ? "→ Gửi bài đánh giá" : "→ Submit the assessment")
    let review = Self.reviewKeys
    let submit = Self.submitKeys
    let bottom = footer(
      &grid,
      (confirmingSubmit
        ? [submit.submit, submit.back, submit.quit]
        : [review.move, review.open, review.legend, review.back, review.quit]).footer(language))
    // The highlighted question in full (the list cuts long prompts and answers), above the keys.
    var detail: [String] = []
    if listCursor < list.count {
      let question = list[listCursor]
      detail =
        DisplayWidth.wrap("\(listCursor + 1). \(question.prompt.text(language))", width: grid.width - 4)
        + DisplayWidth.wrap(
          (vi ? "Trả lời: " : "Answer: ") + answerText(answers[question.id], question), width: grid.width - 4)
    }
    let room = bottom - 3
    let shownDetail = room - detail.count - 1 >= min(items.count, 6) ? detail : []
    let listBottom = bottom - (shownDetail.isEmpty ? 0 : shownDetail.count + 1)
    for (offset, line) in shownDetail.enumerated() {
      grid.write(line, x: 2, y: listBottom + 1 + offset, style: .dim)
    }
    self.list(&grid, items, cursor: listCursor, top: 3, bottom: listBottom)
  }

  func renderResults(_ grid: inout Grid) {
    let vi = language == .vi
    header(&grid, vi ? "Kết quả" : "Results")
    let lines = resultLines(width: grid.width)
    // Scrolling is offered where there is more than the screen holds.
    let keys = Self.resultKeys
    let bottom = footer(
      &grid, (lines.count > grid.height - 5 ? [keys.leave, keys.scroll] : [keys.leave]).footer(language))
    let room = max(1, bottom - 4)
    let start = max(0, min(scroll, lines.count - room))
    for (offset, line) in lines.dropFirst(start).prefix(room).enumerated() {
      grid.write(line, x: 1, y: 3 + offset, style: offset + start == 0 ? .bold : [])
    }
  }
}
