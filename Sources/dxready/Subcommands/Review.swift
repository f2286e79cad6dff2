import ArgumentParser
import DXReadyCore
import DXReadyReports
import DXReadyTUI
import Foundation

struct Review: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "review",
    abstract: "A consultant's review of submitted assessments: the queue, corrections, notes, the roadmap, the state.",
    discussion: helpText(
      """
      States: submitted → in-review → reviewed, with needs-follow-up (waiting on the business) and
      rejected (a test entry, a duplicate, not a real business; needs --reason). A reviewed or
      rejected assessment is opened again with --state in-review. The first change to a submitted
      assessment takes it into review. Rejected assessments leave the statistics; the statistics
      count an assessment's answers as corrected.

      Every change is stored at once, in one transaction with the statistics, and appended to the
      audit log (`dxready audit`) with who (--as, else the login name), when, before and after,
      and the reason. A change based on an older view (--if-version) is refused when someone else
      has changed the assessment since.

      Examples:
        dxready review                      (the review screens: queue, assessment, corrections)
        dxready review list --status submitted --locality ha-long
        dxready review 7d6f3c1e
        dxready review 7d6f3c1e --correct st_plan=partial --reason "Kế hoạch mới có cho hai mảng"
        dxready review 7d6f3c1e --reject crm --reason "Đã có CRM riêng" --add e-commerce --as "Trần Thị B"
        dxready review 7d6f3c1e --state reviewed --if-version 3
      """),
    subcommands: [ReviewAct.self, ReviewList.self],
    defaultSubcommand: ReviewAct.self
  )
}

/// The review of one assessment: shown, or changed by the actions given.
struct ReviewAct: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "act",
    abstract: "Show one assessment's review, or change it (this is what `dxready review ID …` runs).",
    shouldDisplay: false
  )

  @Argument(help: "A submitted assessment's id, or the start of it; none: the review screens.")
  var id: String?

  @Option(
    name: .customLong("note"), help: ArgumentHelp("A note on the assessment; repeat for several.", valueName: "text"))
  var notes: [String] = []

  @Option(
    name: .customLong("note-on"),
    help: ArgumentHelp("A note on one answer; repeat for several.", valueName: "question=text"))
  var answerNotes: [String] = []

  @Option(
    name: .customLong("correct"),
    help: ArgumentHelp(
      "Correct an answer, written as in an answers file (needs --reason).", valueName: "question=answer"))
  var corrections: [String] = []

  @Option(name: .customLong("accept"), help: ArgumentHelp("Keep a recommended service.", valueName: "service"))
  var accepted: [String] = []

  @Option(
    name: .customLong("reject"),
    help: ArgumentHelp("Leave a recommended service out of the roadmap (needs --reason).", valueName: "service"))
  var rejected: [String] = []

  @Option(
    name: .customLong("add"), help: ArgumentHelp("Add a service of the catalogue to the roadmap.", valueName: "service")
  )
  var added: [String] = []

  @Option(
    name: .customLong("target"), help: ArgumentHelp("A target level for a dimension.", valueName: "dimension=level"))
  var targets: [String] = []

  @Option(help: "Move the review to: in-review, reviewed, needs-follow-up or rejected (rejected needs --reason).")
  var state: ReviewState?

  @Option(
    name: .customLong("reason"),
    help: ArgumentHelp(
      "Why: required with --correct, --reject and --state rejected; one per command, recorded with each of its changes.",
      valueName: "text"))
  var reasons: [String] = []

  /// The command's one reason.
  var reason: String? { reasons.first }

  @Option(
    name: .customLong("if-version"),
    help: ArgumentHelp(
      "Refuse the change when the review is no longer at this version (shown by `dxready review ID`).",
      valueName: "n"))
  var version: Int?

  @Option(help: "text or json.")
  var format: OutputFormat = .text

  @Option(help: "The language of the output: vi or en.")
  var lang: Language = .vi

  @OptionGroup var actor: ActorOption
  @OptionGroup(title: "The queue of the review screens (without an id)") var queue: QueueFilter
  @OptionGroup var folder: QuestionnaireFolderOption
  @OptionGroup var database: DatabaseOption

  enum OutputFormat: String, ExpressibleByArgument { case text, json }

  func run() throws {
    guard let id else { return try screens() }
    if queue.narrows {
      throw CommandFailure(
        "the queue's filters (--locality, --search, --sort …) are for the review screens or `review list`, not for one assessment",
        status: 2)
    }
    try reportingFailures {
      let (store, stored) = try database.assessment(matching: id)
      guard stored.summary.status != .draft else {
        throw CommandFailure(
          "assessment \(stored.summary.id) is a draft: only a submitted assessment is reviewed", status: 2)
      }
      let questionnaire = try StoredQuestionnaire.load(stored)
      let catalog = try folder.catalog().serviceCatalog()
      var review = try storeCall { () throws(StoreError) in try store.review(stored.summary.id) }
      let (actions, corrected) = try plan(questionnaire, stored, review, catalog)
      if !actions.isEmpty {
        let rescored =
          actions.contains { if case .correct = $0 { true } else { false } }
          ? Scorer.score(corrected, questionnaire: questionnaire) : nil
        review = try storeCall { () throws(StoreError) in
          try store.applyReview(
            stored.summary.id, actions: actions, by: actor.resolved, basedOn: version, rescored: rescored)
        }
      }
      let view = ReviewView(
        stored: stored, questionnaire: questionnaire, review: review, catalog: catalog, language: lang)
      switch format {
      case .text: print(view.text(), terminator: "")
      case .json: print(try view.json())
      }
    }
  }

  /// The review screens: the queue, an assessment, corrections, notes and states, on a terminal.
  func screens() throws {
    try reportingFailures {
      let actions =
        !notes.isEmpty || !answerNotes.isEmpty || !corrections.isEmpty || !accepted.isEmpty
        || !rejected.isEmpty || !added.isEmpty || !targets.isEmpty || state != nil
      if actions { throw CommandFailure("name the assessment to change: dxready review ID …", status: 2) }
      guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1, !Take.terminalTooSmall(),
        let terminal = CursesTerminal()
      else {
        throw CommandFailure(
          "dxready review needs a terminal of at least 80×24; in scripts, use `dxready review list` and `dxready review ID …`",
          status: 2)
      }
      let catalog = try folder.catalog()
      let reference = try catalog.referenceData()
      try queue.check(reference)
      let model = ReviewModel(
        reference: try catalog.referenceData(), questionnaires: QuestionnaireCatalog.newest(catalog.questionnaires),
        language: lang, catalog: try catalog.serviceCatalog())
      let filter = queue
      var session = ReviewSession(
        store: try database.open(), model: model, actor: actor.resolved,
        arrange: { filter.apply($0, reference: reference) })
      defer { terminal.restore() }
      session.run(on: terminal)
      terminal.restore()
      if let failure = session.model.failure { throw CommandFailure(failure, status: 1) }
    }
  }

  /// The actions asked for, checked against the questionnaire, the catalogue and the roadmap,
  /// and the answers as they will be corrected; every problem is bad input (exit 2), before
  /// anything is stored.
  func plan(
    _ questionnaire: Questionnaire, _ stored: StoredAssessment, _ review: ReviewRecord, _ catalog: ServiceCatalog
  )
    throws -> ([ReviewAction], [QuestionID: AnswerValue])
  {
    func bad(_ message: String) -> CommandFailure { CommandFailure(message, status: 2) }
    if reasons.count > 1 {
      throw bad(
        "--reason is given \(reasons.count) times: a command takes one reason, and every change in it is recorded with that reason; give changes with different reasons in separate commands"
      )
    }
    let why = reason?.trimmingCharacters(in: .whitespacesAndNewlines)
    let needsReason = !corrections.isEmpty || !rejected.isEmpty || state == .rejected
    if needsReason, why?.isEmpty ?? true {
      throw bad("--reason is required with --correct, --reject and --state rejected: say why, for the audit log")
    }
    var actions: [ReviewAction] = []
    var answers = review.correctedAnswers(stored.answers)
    for note in notes {
      guard !note.trimmingCharacters(in: .whitespaces).isEmpty else { throw bad("--note: the note is empty") }
      actions.append(.note(nil, note))
    }
    for pair in answerNotes {
      let (question, text) = try split(pair, "--note-on")
      guard questionnaire.question(QuestionID(question)) != nil else {
        throw bad("--note-on: `\(question)` is not a question of \(questionnaire.reference)")
      }
      actions.append(.note(QuestionID(question), text))
    }
    for pair in corrections {
      let (questionText, written) = try split(pair, "--correct")
      let questionID = QuestionID(questionText)
      guard let question = questionnaire.question(questionID) else {
        throw bad("--correct: `\(questionText)` is not a question of \(questionnaire.reference)")
      }
      let value: AnswerValue
      switch AnswerSheetLoader.parseAnswer(written, question: questionID) {
      case .success(let parsed): value = parsed
      case .failure(let problem): throw bad("--correct `\(pair)`: \(problem.message)")
      }
      let answer: AnswerValue
      switch AnswerValidator.normalize(value, for: question) {
      case .success(let normalized): answer = normalized
      case .failure(let problem): throw bad("--correct `\(pair)`: \(problem.message)")
      }
      if actions.contains(where: { if case .correct(questionID, _, _) = $0 { true } else { false } }) {
        throw bad("--correct names `\(questionText)` twice: give one answer for each question")
      }
      guard answers[questionID] != answer else {
        throw bad(
          "--correct `\(pair)`: that is already the answer to \(questionText); nothing to correct (leave it out, or give a different answer)"
        )
      }
      answers[questionID] = answer
      actions.append(.correct(questionID, answer, reason: why ?? ""))
    }
    // Roadmap decisions name services of the catalogue; accepting or rejecting one needs it in
    // the engine's proposal for the answers as corrected.
    let result = Scorer.score(answers, questionnaire: questionnaire)
    let proposal = Recommender.roadmap(result, answers: answers, questionnaire: questionnaire, catalog: catalog)
    let proposed = Set((proposal.phases.flatMap { $0 } + proposal.deferred).map(\.service))
    func known(_ service: String, _ flag: String) throws {
      guard catalog.service(service) != nil else {
        throw bad("\(flag): `\(service)` is not a service of the catalogue (see Questionnaires/services.yaml)")
      }
    }
    for service in accepted {
      try known(service, "--accept")
      guard proposed.contains(service) else {
        throw bad("--accept: `\(service)` is not in the recommended roadmap; use --add to add it")
      }
      actions.append(.accept(service))
    }
    for service in rejected {
      try known(service, "--reject")
      guard proposed.contains(service) || review.decisions.contains(where: { $0.service == service }) else {
        throw bad("--reject: `\(service)` is not in the recommended roadmap")
      }
      actions.append(.reject(service, reason: why ?? ""))
    }
    for service in added {
      try known(service, "--add")
      actions.append(.add(service))
    }
    for pair in targets {
      let (dimension, levelText) = try split(pair, "--target")
      guard questionnaire.dimension(DimensionID(dimension)) != nil else {
        throw bad("--target: `\(dimension)` is not a dimension of \(questionnaire.reference)")
      }
      guard let level = Int(levelText), questionnaire.levels.indices.contains(level) else {
        throw bad("--target `\(pair)`: the level is a number from 0 to \(questionnaire.levels.count - 1)")
      }
      actions.append(.target(DimensionID(dimension), level))
    }
    if let state { actions.append(.setState(state, reason: why)) }
    return (actions, answers)
  }

  func split(_ pair: String, _ flag: String) throws -> (String, String) {
    guard let equals = pair.firstIndex(of: "="), equals != pair.startIndex else {
      throw CommandFailure("\(flag) `\(pair)`: write NAME=VALUE", status: 2)
    }
    let value = String(pair[pair.index(after: equals)...])
    guard !value.trimmingCharacters(in: .whitespaces).isEmpty else {
      throw CommandFailure("\(flag) `\(pair)`: the value after = is empty", status: 2)
    }
    return (String(pair[..<equals]), value)
  }
}

extension ReviewState: ExpressibleByArgument {}

/// The queue: submitted assessments waiting for (or in) review, filtered and sorted.
struct ReviewList: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "list",
    abstract: "The review queue: submitted and in-review assessments, newest first.",
    discussion: helpText(
      """
      Shows for each: id, state, who has it, date, overall level and score, the weakest dimension,
      the business and its locality. --search finds a business by name (accents and đ ignored) or
      by tax code.

      Examples:
        dxready review list
        dxready review list --status needs-follow-up --format csv
        dxready review list --search "ha long xanh" --sort score
      """)
  )

  @Option(
    name: .customLong("status"),
    help: ArgumentHelp("Only these states (repeat); default submitted and in-review.", valueName: "state"))
  var states: [ReviewState] = []

  @OptionGroup var queue: QueueFilter

  @Option(help: "table, json or csv.")
  var format: ListFormat = .table

  @Option(help: "The language of the table: vi or en.")
  var lang: Language = .vi

  @OptionGroup var folder: QuestionnaireFolderOption
  @OptionGroup var database: DatabaseOption

  enum ListFormat: String, ExpressibleByArgument { case table, json, csv }

  func run() throws {
    try reportingFailures {
      let reference = try folder.catalog(services: false, hashes: false).referenceData()
      try queue.check(reference)
      let store = try database.open(readOnly: true)
      let wanted = Set(states.isEmpty ? [.submitted, .inReview] : states)
      var rows = try storeCall { () throws(StoreError) in try store.reviewQueue(states: wanted, limit: nil) }
      rows = queue.apply(rows, reference: reference)
      // A household's personal identification number is never shown in full.
      rows = rows.map { row in
        var shown = row
        shown.taxCode = TaxCode.masked(row.taxCode)
        return shown
      }
      try print(rows, reference: reference)
    }
  }

  static func folded(_ text: String) -> String {
    text.replacingOccurrences(of: "đ", with: "d").replacingOccurrences(of: "Đ", with: "D")
      .folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
      .trimmingCharacters(in: .whitespaces)
  }

  func print(_ rows: [ReviewQueueRow], reference: ReferenceData) throws {
    let view = QueueView(rows: rows, reference: reference, language: lang)
    switch format {
    case .json: Swift.print(try view.json())
    case .csv: Swift.print(view.csv(), terminator: "")
    case .table: Swift.print(view.table(), terminator: "")
    }
  }
}

extension SizeClass: ExpressibleByArgument {}

/// The queue's filters and order, for `review list` and for the review screens.
struct QueueFilter: ParsableArguments {
  @Option(help: "Only this locality (an id of `dxready reference localities`).")
  var locality: String?

  @Option(name: .customLong("former-district"), help: "Only this former district-level unit.")
  var formerDistrict: String?

  @Option(help: "Only this VSIC section letter.")
  var sector: String?

  @Option(help: "Only this size class: micro, small, medium or large.")
  var size: SizeClass?

  @Option(help: "Only this overall level.")
  var level: Int?

  @Option(help: "Only assessments submitted in this period: a year (2026) or a quarter (2026-Q3).")
  var period: String?

  @Option(help: "A business name (accents and đ ignored) or a tax code.")
  var search: String?

  @Option(help: "date (newest first), score (lowest first) or level (lowest first).")
  var sort: SortKey = .date

  enum SortKey: String, ExpressibleByArgument { case date, score, level }

  func validate() throws {
    if let period, Period(period) == nil {
      throw ValidationError("--period: `\(period)` is not a year (2026) or a quarter (2026-Q3)")
    }
  }

  /// Whether any filter or order other than the default is asked for.
  var narrows: Bool {
    locality != nil || formerDistrict != nil || sector != nil || size != nil || level != nil || period != nil
      || search != nil || sort != .date
  }

  /// The localities named must be the province's.
  func check(_ reference: ReferenceData) throws {
    for (flag, id) in [("--locality", locality), ("--former-district", formerDistrict)] {
      if let id, reference.localities.unit(id) == nil {
        throw CommandFailure(
          "\(flag): `\(id)` is not a locality of \(reference.localities.provinceName); see `dxready reference localities`",
          status: 2)
      }
    }
  }

  /// The rows that pass, in the order asked for.
  func apply(_ rows: [ReviewQueueRow], reference: ReferenceData) -> [ReviewQueueRow] {
    let folded = search.map(ReviewList.folded)
    var result = rows.filter { row in
      if let locality, row.locality != locality { return false }
      if let formerDistrict, row.locality.flatMap({ reference.localities.unit($0)?.former }) != formerDistrict {
        return false
      }
      if let sector, row.section != sector.uppercased() { return false }
      if let size, row.sizeClass != size { return false }
      if let level, row.overallLevel != level { return false }
      if let range = period.flatMap({ Period($0) })?.timestamps,
        !(range.from <= row.submittedAt && row.submittedAt < range.to)
      {
        return false
      }
      if let folded, !folded.isEmpty {
        let digits = folded.filter(\.isNumber)
        let byCode = !digits.isEmpty && digits.count == folded.count && row.taxCode.hasPrefix(digits)
        if !byCode, !ReviewList.folded(row.businessName).contains(folded) { return false }
      }
      return true
    }
    switch sort {
    case .date: break
    case .score: result.sort { ($0.overallScore ?? -1) < ($1.overallScore ?? -1) }
    case .level: result.sort { ($0.overallLevel ?? -1) < ($1.overallLevel ?? -1) }
    }
    return result
  }
}
