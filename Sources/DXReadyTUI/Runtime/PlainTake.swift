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
      Words.text("plain_intro", model.language) + "\n")
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
        guard ask(Words.text("plain_code_written_down", model.language) + " ") != nil else {
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
        output("\n" + Words.text("submitted_assessment", model.language) + " " + draft.rawValue + "\n")
      }
      output(model.kioskClosingWords + "\n")
    } else if let draft = model.draft, model.result != nil {
      output(
        "\n" + Words.text("submitted_assessment", model.language) + " " + draft.rawValue
          + "\n" + Words.text("plain_see_again", model.language, ["id": "\(draft.rawValue.prefix(8))"]) + "\n"
      )
    } else if model.draft != nil {
      output(
        Words.text("plain_saved_carry_on", model.language) + "\n")
    } else if model.hasEarlierDraft {
      output(
        Words.text("nothing_new_stored", model.language) + "\n"
      )
    } else {
      output(Words.text("nothing_stored", model.language) + "\n")
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
          Words.text("plain_consent_prompt", model.language) + " ")
      else { return }
      switch ProfileForm.folded(line) {
      case "", "y", "yes", "c", "co", "dong y": send(.confirm)
      case "q": send(.quit)
      default:
        output(
          "  " + Words.text("plain_consent_retry", model.language) + "\n")
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
        " " + Words.text("plain_list_hint", model.language)
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
        output("  " + Words.text("plain_nothing_matches_input", model.language, ["input": "\(line)"]) + "\n")
      } else {
        output("  " + Words.text("plain_several_match", model.language) + "\n")
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
        "  " + Words.text("plain_check_digit_kept", model.language) + "\n")
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
      "\n" + Words.text("plain_unsent_draft", model.language) + "\n")
    let drafts = model.drafts
    for (index, draft) in drafts.enumerated() {
      output(
        ("  "
          + Words.text(
            "plain_carry_on_draft", model.language, ["number": "\(index + 1)", "answered": "\(draft.answers.count)"])
          + "\n"))
    }
    output(
      "  " + Words.text("start_over_option", model.language, ["number": "\(drafts.count + 1)"]) + "\n")
    guard let line = ask(Words.text("plain_choose", model.language) + " ") else { return }
    if line == "q" { return send(.quit) }
    guard let number = Int(line), (1...(drafts.count + 1)).contains(number) else {
      output("  " + Words.text("plain_type_number_up_to", model.language, ["last": "\(drafts.count + 1)"]) + "\n")
      return
    }
    send(.choose(number - 1), .confirm)
  }

  /// At a kiosk: a new assessment, or a draft carried on with its resume code.
  mutating func askKioskStart() {
    output(
      "\n  " + Words.text("plain_start_or_resume", model.language) + "\n")
    guard let line = ask(Words.text("plain_choose", model.language) + " ") else { return }
    if line == "q" { return send(.quit) }
    guard let number = Int(line), (1...2).contains(number) else {
      output("  " + Words.text("plain_type_1_or_2", model.language) + "\n")
      return
    }
    send(.choose(number - 1), .confirm)
  }

  /// At a kiosk: the tax code, then the resume code; an empty line goes back, q leaves.
  mutating func askResumeCode() {
    let taxCodeAsked = model.codeEntry.focus == .taxCode
    let prompt =
      taxCodeAsked
      ? Words.text("plain_tax_code_prompt", model.language) + " "
      : Words.text("plain_resume_code_prompt", model.language) + " "
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
    output(
      "\n[\(Words.text("plain_question", model.language)) \(screen.number)/\(screen.total) · \(screen.dimensionTitle)]\n"
    )
    output(question.prompt.text(language) + "\n")
    let choices = screen.choices
    if screen.typed {
      var hint =
        question.kind == .number
        ? Words.text("plain_type_a_number", model.language) : Words.text("plain_type_the_answer", model.language)
      if let spec = question.number {
        if let minimum = spec.minimum, let maximum = spec.maximum {
          hint += " \(AnswerValue.number(minimum))–\(AnswerValue.number(maximum))"
        }
        if let unit = spec.unit { hint += " (\(unit.text(language)))" }
      }
      if question.offersNotApplicable { hint += Words.text("plain_na_hint", model.language) }
      if question.offersDontKnow { hint += Words.text("plain_dk_hint", model.language) }
      if !question.required { hint += Words.text("plain_empty_skip", model.language) }
      output("  (\(hint))\n")
    } else {
      for (index, choice) in choices.enumerated() { output("  \(index + 1). \(choice.label)\n") }
      if question.kind == .multiple {
        output(
          "  " + Words.text("plain_several_hint", model.language) + "\n")
      }
    }
    if let current = model.answers[question.id] {
      output(
        "  " + Words.text("plain_current_answer", model.language) + " " + model.answerText(current, question) + "\n")
    }
    let help = question.help == nil ? "" : Words.text("plain_help_hint", model.language)
    let keep = model.answers[question.id] == nil ? "" : Words.text("plain_empty_keep", model.language)
    guard
      let line = ask(
        Words.text("plain_answer_prompt", model.language, ["help": "\(help)", "keep": "\(keep)"]) + " ")
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
          + (question.help?.text(language) ?? Words.text("plain_no_help", model.language))
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
          "  "
            + (question.kind == .multiple
              ? Words.text("plain_type_choice_numbers", model.language, ["last": String(choices.count)])
              : Words.text("plain_type_choice_number", model.language, ["last": String(choices.count)])) + "\n")
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
        "\n" + Words.text("plain_required_missing", model.language, ["count": "\(missing.count)"]) + "\n")
      send(.choose(shown.count), .confirm, .confirm)
      return
    }
    let answered = shown.filter { model.answers[$0.id] != nil }.count
    output(
      ("\n"
        + Words.text("plain_answered_count", model.language, ["answered": "\(answered)", "total": "\(shown.count)"])
        + "\n"))
    guard
      let line = ask(
        Words.text("plain_submit_prompt", model.language) + " ")
    else { return }
    switch line.lowercased() {
    case "c", "có", "y", "yes":
      // The line is the confirmation the screen asks for with a second Enter.
      send(.choose(shown.count), .confirm, .confirm)
    case "q": send(.quit)
    default:
      guard let number = Int(line), (1...shown.count).contains(number) else {
        output(
          "  " + Words.text("plain_submit_retry", model.language, ["last": "\(shown.count)"]) + "\n"
        )
        return
      }
      send(.choose(number - 1), .confirm)
    }
  }
}
