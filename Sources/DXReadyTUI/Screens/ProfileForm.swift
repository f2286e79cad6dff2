import DXReadyCore
import Foundation

/// The business profile form: tax code (check digit as a confirmable warning; a 12-digit
/// personal identification number makes the business a household business), legal form, name,
/// locality and industry chosen from lists with type-to-filter, and the figures the size class
/// comes from, which is worked out and shown as they are typed. Validation is `ProfileChecker`'s.
public struct ProfileForm: Sendable {
  public enum Field: Int, Sendable, CaseIterable {
    case taxCode, legalForm, name, locality, industry, employees, revenue, capital, done

    /// The fields chosen from a list.
    public var isList: Bool { self == .legalForm || self == .locality || self == .industry }
  }

  public enum Outcome: Sendable, Hashable {
    case stay
    case quit
    /// A well-formed tax code was entered (and, if its check digit does not match, confirmed).
    case taxCodeConfirmed(String)
    case done(BusinessProfile, SizeClass?)
  }

  /// A list to choose from, narrowed by what is typed.
  struct Picker: Sendable {
    var field: Field
    var items: [(id: String, label: String)]
    var filter = ""
    var cursor = 0

    var matching: [(id: String, label: String)] { ProfileForm.matching(items, filter) }
  }

  let reference: ReferenceData
  var language: Language
  public internal(set) var focus: Field = .taxCode
  var texts: [Field: String] = [:]
  /// Where typing goes in each typed field, in characters; the end when not set.
  var carets: [Field: Int] = [:]
  var legalForm: LegalForm?
  var locality: String?
  var industry: Industry?
  var errors: [Field: String] = [:]
  /// The tax code whose check-digit warning the user confirmed, and the one last looked up.
  var confirmedTaxCode: String?
  var lookedUp: String?
  var picker: Picker?
  /// The VSIC version the industry list offers: the newest known.
  let vsicVersion: Int

  init(profile: BusinessProfile, reference: ReferenceData, language: Language) {
    self.reference = reference
    self.language = language
    vsicVersion = reference.vsic.versions.keys.max() ?? 2018
    fill(from: profile)
  }

  /// Fills the fields that are still empty from a stored profile.
  mutating func fill(from profile: BusinessProfile) {
    func set(_ field: Field, _ value: String?) {
      if let value, (texts[field] ?? "").isEmpty { texts[field] = value }
    }
    set(.taxCode, profile.taxCode)
    set(.name, profile.name)
    set(.employees, profile.employees.map(String.init))
    set(.revenue, profile.revenueBillionVND.map { AnswerValue.number($0).description })
    set(.capital, profile.capitalBillionVND.map { AnswerValue.number($0).description })
    if legalForm == nil { legalForm = profile.legalForm }
    if locality == nil { locality = profile.locality }
    if industry == nil { industry = profile.industry }
  }

  static func folded(_ text: String) -> String {
    text.replacingOccurrences(of: "đ", with: "d").replacingOccurrences(of: "Đ", with: "D")
      .folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
  }

  func label(_ field: Field) -> String {
    switch field {
    case .taxCode: return Words.text("profile_tax_code", language)
    case .legalForm: return Words.text("profile_legal_form", language)
    case .name: return Words.text("profile_name", language)
    case .locality: return Words.text("profile_commune", language)
    case .industry: return Words.text("profile_industry", language)
    case .employees: return Words.text("profile_employees", language)
    case .revenue: return Words.text("profile_revenue", language)
    // Decree 80/2021 Art. 8: total capital (tổng nguồn vốn) on last year's balance sheet, not
    // charter capital.
    case .capital: return Words.text("profile_capital", language)
    case .done: return Words.text("profile_continue", language)
    }
  }

  /// The items of a list field.
  func items(_ field: Field) -> [(id: String, label: String)] {
    switch field {
    case .legalForm: LegalForm.allCases.map { ($0.rawValue, $0.name.text(language)) }
    case .locality: localityItems
    default: industryItems
    }
  }

  var localityItems: [(id: String, label: String)] {
    reference.localities.current.map { ($0.id, $0.name) }
  }

  var industryItems: [(id: String, label: String)] {
    (reference.vsic.versions[vsicVersion] ?? []).map { ($0.id, "\($0.id) — \($0.name.text(language))") }
  }

  /// The value shown for a field.
  func value(_ field: Field) -> String {
    switch field {
    case .legalForm: return legalForm?.name.text(language) ?? ""
    case .locality: return locality.map { id in reference.localities.unit(id)?.name ?? id } ?? ""
    case .industry:
      guard let industry else { return "" }
      let name = reference.vsic.section(version: industry.vsic, id: industry.section)?.name.text(language)
      return "\(industry.section)\(name.map { " — \($0)" } ?? "") (VSIC \(industry.vsic))"
    case .done: return ""
    default: return texts[field] ?? ""
    }
  }

  /// The profile as typed so far, and the problems with its numbers.
  func profile() -> (BusinessProfile, [Field: String]) {
    var problems: [Field: String] = [:]
    func number(_ field: Field, integer: Bool) -> Double? {
      let text = (texts[field] ?? "").trimmingCharacters(in: .whitespaces)
      guard !text.isEmpty else { return nil }
      // As typed in the session's language: 100.000 is a hundred thousand in Vietnamese.
      guard let value = QuestionScreen.number(text, language), value >= 0, !integer || value == value.rounded() else {
        problems[field] =
          integer ? Words.text("profile_whole_number", language) : Words.text("profile_number", language)
        return nil
      }
      return value
    }
    let name = (texts[.name] ?? "").trimmingCharacters(in: .whitespaces)
    let taxCode = (texts[.taxCode] ?? "").trimmingCharacters(in: .whitespaces)
    let profile = BusinessProfile(
      name: name.isEmpty ? nil : name, taxCode: taxCode.isEmpty ? nil : taxCode, locality: locality,
      industry: industry, employees: number(.employees, integer: true).map { Int($0) },
      revenueBillionVND: number(.revenue, integer: false), capitalBillionVND: number(.capital, integer: false),
      legalForm: legalForm)
    return (profile, problems)
  }

  /// The size class the figures give, as shown under the form.
  var sizeLine: String {
    let (profile, _) = profile()
    let size = ProfileChecker.check(profile, reference: reference).sizeClass
    if let legalForm, !legalForm.hasSizeClass {
      return Words.text(
        "profile_size_not_enterprise", language, ["form": "\(legalForm.name.text(language).lowercased())"])
    }
    guard let size else {
      return Words.text("profile_size_unknown", language)
    }
    return Words.text("profile_size", language) + " " + size.name.text(language)
  }

  // MARK: Intents

  /// The focused typed field holds `text`, with the caret at its end.
  mutating func setText(_ text: String) {
    guard !focus.isList, focus != .done else { return }
    if focus == .taxCode, taxCodeLocked { return }
    texts[focus] = text
    carets[focus] = text.count
    errors[focus] = nil
  }

  /// A list field takes the item with this id (`nil` clears it); the focus moves on as when the
  /// item is chosen from the list.
  mutating func setListField(_ field: Field, _ id: String?) {
    switch field {
    case .legalForm: legalForm = id.flatMap(LegalForm.init(rawValue:))
    case .locality: locality = id
    case .industry: industry = id.map { Industry(vsic: vsicVersion, section: $0) }
    default: return
    }
    errors[field] = nil
    picker = nil
    focus = Field(rawValue: field.rawValue + 1)!
  }

  /// The items of a list that match what is typed: accents and đ ignored, in name or id.
  static func matching(_ items: [(id: String, label: String)], _ filter: String) -> [(id: String, label: String)] {
    let wanted = folded(filter)
    guard !wanted.isEmpty else { return items }
    return items.filter { folded($0.label + " " + $0.id).contains(wanted) }
  }

  // MARK: Keys

  /// The form's keys: moving between fields, the caret, Enter, erasing, typing, leaving.
  static let fieldKeys = (
    fields: KeyBinding(
      [.up, .backTab, .down, .tab], help: Words.localized("key_up_down_tab_move")),
    caret: KeyBinding([.left, .right, .home, .end], help: Words.localized("key_left_right_cursor")),
    erase: KeyBinding([.backspace, .delete], help: Words.localized("key_backspace_delete")),
    typing: KeyBinding(help: nil) { key in
      if case .character = key { return true }
      return key == .space
    },
    quit: KeyBinding([.interrupt], help: Words.localized("key_ctrl_plus_c_quit"))
  )

  /// Enter, by the field in focus: open a list, go on, or finish.
  var confirmKey: KeyBinding {
    switch focus {
    case .legalForm, .locality, .industry:
      KeyBinding([.enter, .space], help: Words.localized("key_enter_open_the_list"))
    case .done: KeyBinding([.enter, .space], help: Words.localized("key_enter_continue"))
    default: KeyBinding([.enter], help: Words.localized("key_enter_next"))
    }
  }

  /// The keys that apply to the field in focus, in footer order.
  var fieldBindings: [KeyBinding] {
    let keys = Self.fieldKeys
    let typed = !focus.isList && focus != .done
    return typed
      ? [keys.fields, keys.caret, confirmKey, keys.erase, keys.quit, keys.typing]
      : [keys.fields, confirmKey, keys.quit]
  }

  /// The keys of an open list.
  static let pickerKeys = (
    filter: KeyBinding(help: Words.localized("key_type_to_filter")) { key in
      if case .character = key { return true }
      return key == .space || key == .backspace
    },
    move: KeyBinding(
      [.up, .down, .home, .pageUp, .pageDown], help: Words.localized("key_up_down_move")),
    choose: KeyBinding([.enter], help: Words.localized("key_enter_choose")),
    close: KeyBinding([.escape], help: Words.localized("key_esc_close_the_list")),
    quit: KeyBinding([.interrupt], help: Words.localized("key_ctrl_plus_c_quit"))
  )

  mutating func handle(_ key: Key) -> Outcome {
    if picker != nil { return handlePicker(key) }
    let keys = Self.fieldKeys
    if keys.quit.matches(key) { return .quit }
    let typed = !focus.isList && focus != .done
    let editing = typed && (keys.caret.matches(key) || keys.typing.matches(key) || keys.erase.matches(key))
    // The tax code of a draft already started cannot change: it names the draft's business.
    if focus == .taxCode, taxCodeLocked, editing, !keys.caret.matches(key) {
      errors[.taxCode] =
        Words.text("profile_tax_code_fixed", language)
      return .stay
    }
    let text = texts[focus] ?? ""
    let caret = min(carets[focus] ?? text.count, text.count)
    func insert(_ c: Character) {
      // A field holds what it is for, no more: a long paste (over SSH, at a kiosk) would
      // otherwise cost a redraw of an ever longer text per character.
      guard text.count < Self.maximumLength(focus) else { return }
      var changed = text
      changed.insert(c, at: changed.index(changed.startIndex, offsetBy: caret))
      texts[focus] = changed
      carets[focus] = caret + 1
      errors[focus] = nil
    }
    if keys.fields.matches(key) {
      let step = key == .up || key == .backTab ? -1 : 1
      return move(to: Field(rawValue: min(Field.done.rawValue, max(0, focus.rawValue + step)))!)
    }
    if editing {
      switch key {
      case .left: carets[focus] = max(0, caret - 1)
      case .right: carets[focus] = min(text.count, caret + 1)
      case .home: carets[focus] = 0
      case .end: carets[focus] = text.count
      case .character(let c): insert(c)
      case .space: insert(" ")
      case .backspace:
        if caret > 0 {
          var changed = text
          changed.remove(at: changed.index(changed.startIndex, offsetBy: caret - 1))
          texts[focus] = changed
          carets[focus] = caret - 1
        }
        errors[focus] = nil
      case .delete:
        if caret < text.count {
          var changed = text
          changed.remove(at: changed.index(changed.startIndex, offsetBy: caret))
          texts[focus] = changed
        }
        errors[focus] = nil
      default: break
      }
      return .stay
    }
    guard confirmKey.matches(key) else { return .stay }
    switch focus {
    case .legalForm, .locality, .industry:
      var opened = Picker(field: focus, items: items(focus))
      let current = focus == .legalForm ? legalForm?.rawValue : focus == .locality ? locality : industry?.section
      opened.cursor = opened.items.firstIndex { $0.id == current } ?? 0
      picker = opened
      return .stay
    case .done: return finish()
    case .taxCode:
      // Enter on a code with a check-digit warning confirms it.
      if case .some = errors[.taxCode], let pending = pendingWarning { confirmedTaxCode = pending }
      return move(to: .legalForm)
    default:
      // Enter checks the field before going on; a mistake is shown at once, not at the end.
      guard check(focus) else { return .stay }
      return move(to: Field(rawValue: focus.rawValue + 1)!)
    }
  }

  /// The normalised tax code whose check digit does not match, waiting for confirmation.
  var pendingWarning: String?

  /// The most characters a typed field takes: a business's full registered name fits in 200;
  /// a number or a tax code in 20.
  static func maximumLength(_ field: Field) -> Int { field == .name ? 200 : 20 }

  /// Whether the tax code is fixed (the profile of a draft already started is being changed).
  var taxCodeLocked = false

  /// Sets a tax code already checked elsewhere (the one a resume code opened, at a kiosk): it
  /// stays fixed, and the form goes on at the name.
  mutating func confirmTaxCode(_ code: String) {
    texts[.taxCode] = code
    lookedUp = code
    confirmedTaxCode = code
    taxCodeLocked = true
    errors[.taxCode] = nil
    focus = .name
  }

  /// Checks one typed field, showing its problem; whether it is fine.
  mutating func check(_ field: Field) -> Bool {
    let (_, problems) = profile()
    errors[field] = problems[field]
    if field == .name, (texts[.name] ?? "").allSatisfy(\.isWhitespace) {
      errors[.name] = Words.text("profile_name_required", language)
    }
    return errors[field] == nil
  }

  /// Moves the focus, checking the field it leaves (the tax code must be right to leave it).
  mutating func move(to field: Field) -> Outcome {
    if [.employees, .revenue, .capital].contains(focus), focus != field { _ = check(focus) }
    guard focus == .taxCode, field != .taxCode, !taxCodeLocked else {
      if taxCodeLocked, focus == .taxCode { errors[.taxCode] = nil }
      focus = field
      return .stay
    }
    let text = (texts[.taxCode] ?? "").trimmingCharacters(in: .whitespaces)
    guard !text.isEmpty else {
      errors[.taxCode] =
        Words.text("profile_tax_code_required", language)
      return .stay
    }
    let code: TaxCode
    do {
      code = try TaxCode(parsing: text)
    } catch {
      errors[.taxCode] = error.text.text(language)
      pendingWarning = nil
      return .stay
    }
    // A personal identification number has no check digit; its first digits may be doubted.
    let doubt =
      code.isPersonalID
      ? code.personalIDDoubt.map { $0.text(language) }
      : code.checkDigitMatches == true
        ? nil
        : Words.text("profile_check_digit", language)
    if let doubt, confirmedTaxCode != code.value {
      pendingWarning = code.value
      let sentence = doubt.prefix(1).uppercased() + doubt.dropFirst()
      errors[.taxCode] =
        Words.text("profile_check_or_confirm", language, ["problem": "\(sentence)"])
      return .stay
    }
    // A 12-digit personal identification number is a household business's tax code.
    if code.isPersonalID, legalForm == nil { legalForm = .household }
    errors[.taxCode] = nil
    pendingWarning = nil
    texts[.taxCode] = code.value
    focus = field
    guard lookedUp != code.value else { return .stay }
    lookedUp = code.value
    return .taxCodeConfirmed(code.value)
  }

  mutating func handlePicker(_ key: Key) -> Outcome {
    guard var picker else { return .stay }
    let keys = Self.pickerKeys
    let count = picker.matching.count
    if keys.quit.matches(key) { return .quit }
    if keys.close.matches(key) {
      self.picker = nil
      return .stay
    }
    if keys.move.matches(key) {
      switch key {
      case .up: picker.cursor = max(0, picker.cursor - 1)
      case .down: picker.cursor = min(max(0, count - 1), picker.cursor + 1)
      case .home: picker.cursor = 0
      case .pageUp: picker.cursor = max(0, picker.cursor - 10)
      default: picker.cursor = min(max(0, count - 1), picker.cursor + 10)
      }
    } else if keys.filter.matches(key) {
      switch key {
      case .character(let c) where picker.filter.count < 60: picker.filter.append(c)
      case .space where picker.filter.count < 60: picker.filter.append(" ")
      default: if !picker.filter.isEmpty { picker.filter.removeLast() }
      }
      picker.cursor = 0
    } else if keys.choose.matches(key) {
      guard count > 0 else { return .stay }
      let chosen = picker.matching[picker.cursor]
      if picker.field == .legalForm {
        legalForm = LegalForm(rawValue: chosen.id)
      } else if picker.field == .locality {
        locality = chosen.id
      } else {
        industry = Industry(vsic: vsicVersion, section: chosen.id)
      }
      errors[picker.field] = nil
      self.picker = nil
      focus = Field(rawValue: picker.field.rawValue + 1)!
      return .stay
    }
    self.picker = picker
    return .stay
  }

  mutating func finish() -> Outcome {
    let (profile, problems) = profile()
    errors.merge(problems) { $1 }
    let report = ProfileChecker.check(profile, reference: reference)
    for problem in report.problems where problem.severity == .error {
      let field: Field =
        switch problem.field {
        case "name": .name
        case "tax_code": .taxCode
        case "locality": .locality
        case "legal_form": .legalForm
        default: .industry
        }
      errors[field] = problem.text.text(language)
    }
    if let first = Field.allCases.first(where: { errors[$0] != nil }) {
      focus = first
      return .stay
    }
    var normalized = profile
    normalized.taxCode = report.taxCode?.value ?? profile.taxCode
    return .done(normalized, report.sizeClass)
  }

  // MARK: Drawing

  func render(into grid: inout Grid, top: Int, bottom: Int) {
    let width = grid.width
    let labelWidth = Field.allCases.map { DisplayWidth.of(label($0)) }.max() ?? 20
    var row = top
    for field in Field.allCases {
      let focused = focus == field && picker == nil
      if field == .done {
        row += 1
        grid.write(" \(label(field)) ", x: labelWidth + 3, y: row, style: focused ? .reverse : .bold)
        row += 1
        continue
      }
      grid.write(focused ? "›" : " ", x: 0, y: row)
      grid.write(label(field), x: 2, y: row, style: focused ? .bold : [])
      let room = width - labelWidth - 6
      let isList = field.isList
      var shown = value(field)
      if isList {
        // A long name (some VSIC sections) goes on to a second and third line, never cut.
        let lines = DisplayWidth.wrap(
          shown.isEmpty ? Words.text("profile_enter_to_choose", language) : shown, width: room)
        for (index, line) in lines.prefix(3).enumerated() {
          grid.write(line, x: labelWidth + 4, y: row + index, style: focused ? .reverse : [])
        }
        row += max(1, min(3, lines.count))
        if let error = errors[field] {
          for line in DisplayWidth.wrap("⚠ " + error, width: width - labelWidth - 6).prefix(2) {
            grid.write(line, x: labelWidth + 4, y: row, style: .bold)
            row += 1
          }
        }
        continue
      } else {
        if focused {
          let caret = min(carets[field] ?? shown.count, shown.count)
          shown.insert("▏", at: shown.index(shown.startIndex, offsetBy: caret))
          // Cut what does not fit from the side away from the caret.
          let early = caret < shown.count / 2
          while DisplayWidth.of(shown) > room { if early { shown.removeLast() } else { shown.removeFirst() } }
        } else {
          while DisplayWidth.of(shown) > room - 1 { shown.removeFirst() }
        }
      }
      grid.write(shown, x: labelWidth + 4, y: row, style: focused ? .reverse : [])
      row += 1
      if let error = errors[field] {
        for line in DisplayWidth.wrap("⚠ " + error, width: width - labelWidth - 6).prefix(2) {
          grid.write(line, x: labelWidth + 4, y: row, style: .bold)
          row += 1
        }
      }
    }
    row += 1
    for line in DisplayWidth.wrap(sizeLine, width: width - 4).prefix(2) {
      grid.write(line, x: 2, y: row, style: .dim)
      row += 1
    }
    row += 1
    if let picker {
      let filterLabel = Words.text("profile_filter", language) + " "
      grid.write(filterLabel + picker.filter + "▏", x: 2, y: row, style: .bold)
      row += 1
      let matching = picker.matching
      // The highlighted item is shown whole, over as many lines as it needs (up to three);
      // the others are cut to one line.
      let full =
        matching.indices.contains(picker.cursor)
        ? Array(DisplayWidth.wrap(matching[picker.cursor].label, width: width - 6).prefix(3)) : []
      let room = max(1, bottom - row - 1 - max(0, full.count - 1))
      let start = max(0, min(picker.cursor - room / 2, matching.count - room))
      for (index, item) in matching.enumerated().dropFirst(start).prefix(room) {
        if index == picker.cursor {
          for (offset, line) in full.enumerated() {
            grid.write((offset == 0 ? "› " : "  ") + line, x: 2, y: row, style: .reverse)
            row += 1
          }
        } else {
          grid.write(DisplayWidth.truncate("  " + item.label, width: width - 4), x: 2, y: row)
          row += 1
        }
      }
      if matching.isEmpty {
        grid.write(Words.text("nothing_matches", language), x: 4, y: row, style: .dim)
      }
    }
  }

  /// The footer: the help of the keys that apply now.
  var keys: String {
    let picked = Self.pickerKeys
    let bindings =
      picker != nil ? [picked.filter, picked.move, picked.choose, picked.close, picked.quit] : fieldBindings
    return bindings.footer(language)
  }
}
