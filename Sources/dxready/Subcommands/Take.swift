import ArgumentParser
import DXReadyCore
import DXReadyStore
import DXReadyTUI
import Foundation

struct Take: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "take",
    abstract: "Take the self-assessment in the terminal: profile, questions, review, results.",
    discussion: helpText(
      """
      Every answer is stored the moment it is given; `q` (or Ctrl+C) leaves, and starting again with
      the same tax code offers to carry on where it stopped. When the terminal is smaller than 80×24
      at the start, under TERM=dumb, or when input or output is not a terminal, the questions are
      asked line by line (as with --plain); a terminal made smaller than 80×24 later asks to be
      enlarged (q or Ctrl+C still leaves).

      With --kiosk (a shared server that businesses reach over SSH, as an OpenSSH ForceCommand; see
      README, "Serving the questionnaire over SSH"), a tax code finds nothing stored: a new draft
      gets a resume code, shown once, and only the tax code with that code opens the draft again.
      Three wrong codes end the session; every refusal is written to the --log file.

      Examples:
        dxready take
        dxready take --lang en --questionnaire digital-intensity
        printf '0100109106\\nCông ty A\\n…' | dxready take --plain
        dxready take --kiosk --log /var/log/dxready/kiosk.log --database /srv/dxready/assessments.sqlite
      """)
  )

  @Option(help: "The questionnaire's id.")
  var questionnaire = "enterprise-dx"

  @Option(help: "vi or en; without it, the first screen asks (plain mode: vi).")
  var lang: Language?

  @Flag(help: "Ask line by line instead of drawing screens (for screen readers and scripts).")
  var plain = false

  @Flag(help: "Serve businesses on a shared server: drafts are opened only with their resume code.")
  var kiosk = false

  @Option(help: ArgumentHelp("The kiosk's log (JSON lines): drafts started, resume codes refused.", valueName: "file"))
  var log: String?

  func validate() throws {
    if kiosk, log == nil {
      throw ValidationError(
        "--kiosk needs --log FILE: refused resume codes are recorded there (e.g. --log /var/log/dxready/kiosk.log)")
    }
    if !kiosk, log != nil { throw ValidationError("--log is the kiosk's log; it goes with --kiosk") }
  }

  @OptionGroup var folder: QuestionnaireFolderOption
  @OptionGroup var database: DatabaseOption

  func run() throws {
    try reportingFailures {
      let catalog = try folder.catalog()
      let reference = try catalog.referenceData()
      let q = try catalog.questionnaire(id: QuestionnaireID(questionnaire))
      guard let entry = catalog.entries.first(where: { $0.outcome.questionnaire?.hash == q.hash }) else {
        throw CommandFailure("the file of \(q.reference) was not found in \(catalog.folder)")
      }
      let source = try readTextFile(entry.path)
      // Nothing is asked or stored before the business has read the notice and agreed.
      let notice = try catalog.privacyNotice()
      let services: ServiceCatalog?
      do {
        services = try catalog.serviceCatalog()
      } catch let failure as CommandFailure {
        printError(
          Words.text("take_no_recommendations", lang ?? .vi) + " " + failure.message)
        services = nil
      }
      let environment = ProcessInfo.processInfo.environment
      let kioskLog = try log.map(KioskLog.init(path:))
      if let kioskLog {
        // A stopped process would hold the SSH session open with nothing on it.
        signal(SIGTSTP, SIG_IGN)
        kioskLog.write("session-started")
        if let typed = environment["SSH_ORIGINAL_COMMAND"], !typed.isEmpty {
          kioskLog.write("ssh-command-ignored", [("command", String(typed.prefix(200)))])
        }
      }
      let store = try database.open(kiosk: kiosk, language: lang ?? .vi)
      let linewise =
        plain || environment["TERM"] == "dumb" || (environment["TERM"] ?? "").isEmpty
        || isatty(STDIN_FILENO) == 0 || isatty(STDOUT_FILENO) == 0 || Self.terminalTooSmall()
      let model = TakeModel(
        questionnaire: q, reference: reference, catalog: services, language: linewise ? (lang ?? .vi) : lang,
        notice: notice, kiosk: kiosk)
      var session = TakeSession(store: store, questionnaireSource: source, model: model)
      if let kioskLog { session.log = { kioskLog.record($0) } }
      do {
        let terminal = linewise ? nil : CursesTerminal()
        if !linewise, terminal == nil {
          // A terminal type this system does not know (TERM, chosen by an SSH client).
          print(
            "Không nhận ra loại màn hình TERM=\(environment["TERM"] ?? ""): hỏi từng dòng. · Unknown terminal type TERM=\(environment["TERM"] ?? ""): asking line by line."
          )
        }
        if let terminal {
          defer { terminal.restore() }
          terminal.kiosk = kiosk
          session.run(on: terminal)
          terminal.restore()
          try failed(session.model)
          try lockedOut(session.model)
          farewell(session.model)
        } else {
          var line = PlainTake(
            session: session,
            input: {
              // Typed lines are on screen already; piped ones are echoed, so that the transcript
              // shows each answer after its prompt — a personal identification number masked.
              let line = readLine(strippingNewline: true)
              if let line, isatty(STDIN_FILENO) == 0 {
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                let shown = TaxCode.masked(trimmed) == trimmed ? line : TaxCode.masked(trimmed)
                FileHandle.standardOutput.write(Data((shown + "\n").utf8))
              }
              return line
            },
            output: { text in
              FileHandle.standardOutput.write(Data(text.utf8))
            })
          line.run()
          session = line.session
          try failed(session.model)
          try lockedOut(session.model)
          // A script must be able to tell a finished assessment from one that stopped early.
          if session.model.result == nil,
            line.inputEnded || (session.model.draft == nil && !session.model.hasEarlierDraft)
          {
            if session.model.draft == nil { store.discardIfNew() }
            throw CommandFailure(
              line.inputEnded
                ? Words.text("take_input_ended", session.model.language)
                : Words.text("take_nothing_stored", session.model.language),
              status: 1)
          }
        }
      } catch let failure as CommandFailure {
        if session.model.draft == nil { store.discardIfNew() }
        throw failure
      }
      if session.model.draft == nil { store.discardIfNew() }
    }
  }

  /// A store failure the session showed, as the command's failure: why, and that everything
  /// confirmed before it is stored; exit status 1.
  func failed(_ model: TakeModel) throws {
    guard let failure = model.failure else { return }
    throw CommandFailure("\(failure)\n\(model.failureAdvice)", status: 1)
  }

  /// A kiosk session ended by wrong resume codes, as the command's failure (exit status 2).
  func lockedOut(_ model: TakeModel) throws {
    guard model.lockedOut else { return }
    throw CommandFailure(
      Words.text("take_code_attempts_used", model.language, ["attempts": "\(TakeModel.codeAttempts)"])
    )
  }

  /// The terminal's width (80 when it cannot be told).
  static func columns() -> Int {
    var size = winsize()
    guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return 80 }
    return Int(size.ws_col)
  }

  /// Whether the terminal on standard output is smaller than the questionnaire's screens.
  static func terminalTooSmall() -> Bool {
    var size = winsize()
    guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0, size.ws_row > 0 else { return false }
    return Int(size.ws_col) < QuestionScreen.minimumSize.width || Int(size.ws_row) < QuestionScreen.minimumSize.height
  }

  /// What is left on the terminal after the screens are gone.
  func farewell(_ model: TakeModel) {
    // Wrapped to the terminal, so that no word is broken at its edge.
    let columns = min(100, Self.columns())
    func print(_ text: String) {
      let lines = text.split(separator: "\n", omittingEmptySubsequences: false).flatMap { line in
        line.isEmpty ? [""] : DisplayWidth.wrap(String(line), width: columns)
      }
      Swift.print(lines.joined(separator: "\n"))
    }
    if model.kiosk {
      if model.result != nil, let draft = model.draft {
        print(Words.text("submitted_assessment", model.language) + " " + draft.rawValue + "\n")
        print(model.resultLines(width: columns).joined(separator: "\n"))
      }
      print(model.kioskClosingWords)
      return
    }
    guard let draft = model.draft else {
      print(
        model.hasEarlierDraft
          ? Words.text("nothing_new_stored", model.language)
          : Words.text("nothing_stored", model.language))
      return
    }
    if model.result != nil {
      print(Words.text("submitted_assessment", model.language) + " " + draft.rawValue + "\n")
      print(model.resultLines(width: columns).joined(separator: "\n"))
      print(
        "\n" + Words.text("take_see_again", model.language, ["id": "\(draft.rawValue.prefix(8))"])
      )
    } else {
      print(
        Words.text(
          "take_saved_answers", count: model.answers.count, model.language, ["id": "\(draft.rawValue.prefix(8))"]))
    }
  }
}
