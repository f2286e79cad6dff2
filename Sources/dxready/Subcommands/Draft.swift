import ArgumentParser
import DXReadyCore
import DXReadyStore
import Foundation

struct Draft: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "draft",
    abstract: "Fill in an assessment from the command line, one answer at a time.",
    discussion: helpText(
      """
      Every answer is stored the moment it is given, in its own transaction. For scripts and for
      consultants in the field; `dxready take` (the interactive questionnaire) uses the same storage.

      Examples:
        dxready draft new --answers profile.yaml
        dxready draft answer 7d6f3c1e st_plan=ideas cx_online_presence='[social, maps]'
        dxready draft submit 7d6f3c1e
      """),
    subcommands: [DraftNew.self, DraftAnswer.self, DraftSubmit.self]
  )
}

struct DraftNew: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "new",
    abstract: "Start a draft from an answers file with a profile and any answers given so far.",
    discussion: "Prints the new assessment's id.\n\nExample:\n  dxready draft new --answers profile.yaml"
  )

  @Option(
    help: ArgumentHelp("An answers file: `questionnaire`, `profile`, and optionally some answers.", valueName: "file"))
  var answers: String

  @Flag(
    help:
      "State that the business's consent to the personal-data notice was collected outside dxready, when the file has no `consent:` record."
  )
  var consentRecordedElsewhere = false

  @OptionGroup var folder: QuestionnaireFolderOption
  @OptionGroup var database: DatabaseOption

  func run() throws {
    try reportingFailures {
      let catalog = try folder.catalog()
      let reference = try catalog.referenceData()
      let loaded = AnswerSheetLoader.load(try readTextFile(answers), file: answers)
      guard let sheet = loaded.sheet else { throw CommandFailure(loaded.diagnostics) }
      let questionnaire = try catalog.questionnaire(for: sheet, file: answers)
      let validated = AnswerValidator.validate(sheet, against: questionnaire, file: answers, requireComplete: false)
      if validated.diagnostics.hasErrors { throw CommandFailure(validated.diagnostics) }
      guard let profile = sheet.profile else {
        throw CommandFailure("\(answers): the file has no `profile`; a draft needs at least `name` and `tax_code`")
      }
      let report = ProfileChecker.check(profile, reference: reference)
      guard
        let consent = sheet.consent ?? (consentRecordedElsewhere ? AnswersFileReader.recordedElsewhere : nil)
      else { throw CommandFailure(AnswersFileReader.noConsent(answers), status: 2) }
      if report.hasErrors {
        throw CommandFailure(
          report.problems.filter { $0.severity == .error }.map { $0.located(in: sheet, file: answers) }
            .joined(separator: "\n"))
      }
      for warning in report.problems where warning.severity == .warning {
        printError(warning.located(in: sheet, file: answers))
      }
      var normalized = profile
      normalized.taxCode = report.taxCode?.value
      let source = try readTextFile(
        catalog.entries.first { $0.outcome.questionnaire?.hash == questionnaire.hash }!.path)
      let store = try database.open()
      let id = sheet.assessmentID.flatMap(AssessmentID.init) ?? AssessmentID.random()
      try storeCall { () throws(StoreError) in
        try store.saveQuestionnaire(questionnaire, source: source)
        try store.saveBusiness(normalized, sizeClass: report.sizeClass)
        try store.createDraft(id, taxCode: normalized.taxCode ?? "", questionnaire: questionnaire, consent: consent)
        for question in questionnaire.questions {
          if let answer = validated.answers[question.id] {
            try store.saveAnswer(answer, question: question.id, assessment: id)
          }
        }
      }
      print(id)
    }
  }
}

struct DraftAnswer: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "answer",
    abstract: "Answer questions of a draft; each answer is saved before the next is read.",
    discussion: helpText(
      """
      Each answer is QUESTION=VALUE, with VALUE written as in an answers file. A line `saved QUESTION`
      is printed once each answer is stored. Answers to questions that a change hides are removed, with
      a notice.

      Example:
        dxready draft answer 7d6f3c1e st_plan=ideas 'cx_online_presence=[social, maps]' op_stock=not_applicable
      """)
  )

  @Argument(help: "The draft's id, or the start of it.")
  var id: String

  @Argument(help: "QUESTION=VALUE pairs.")
  var answers: [String]

  @OptionGroup var database: DatabaseOption

  func run() throws {
    try reportingFailures {
      let (store, stored) = try database.assessment(matching: id)
      guard stored.summary.status == .draft else {
        throw CommandFailure(
          "assessment \(stored.summary.id) is \(stored.summary.status.rawValue); only a draft takes answers")
      }
      let questionnaire = try StoredQuestionnaire.load(stored)
      var current = stored.answers
      for pair in answers {
        guard let equals = pair.firstIndex(of: "=") else {
          throw CommandFailure("`\(pair)`: write QUESTION=VALUE")
        }
        let questionID = QuestionID(String(pair[..<equals]))
        guard let question = questionnaire.question(questionID) else {
          throw CommandFailure("`\(questionID)` is not a question of \(questionnaire.reference)")
        }
        let value: AnswerValue
        switch AnswerSheetLoader.parseAnswer(String(pair[pair.index(after: equals)...]), question: questionID) {
        case .success(let parsed): value = parsed
        case .failure(let problem): throw CommandFailure("`\(pair)`: \(problem.message)")
        }
        let answer: AnswerValue
        switch AnswerValidator.normalize(value, for: question) {
        case .success(let normalized): answer = normalized
        case .failure(let problem): throw CommandFailure("answer to `\(questionID)`: \(problem.message)")
        }
        guard Scorer.shownQuestions(questionnaire, answers: current).contains(where: { $0.id == questionID }) else {
          throw CommandFailure(
            "`\(questionID)` is not asked because its condition `\(question.showIf.map(String.init(describing:)) ?? "")` is false"
          )
        }
        try storeCall { () throws(StoreError) in
          try store.saveAnswer(answer, question: questionID, assessment: stored.summary.id)
        }
        current[questionID] = answer
        print("saved \(questionID)")
        fflush(nil)
        let shown = Set(Scorer.shownQuestions(questionnaire, answers: current).map(\.id))
        for hidden in current.keys.sorted() where !shown.contains(hidden) {
          try storeCall { () throws(StoreError) in
            try store.removeAnswer(question: hidden, assessment: stored.summary.id)
          }
          current[hidden] = nil
          print("removed the answer to \(hidden): it is no longer asked")
        }
      }
    }
  }
}

struct DraftSubmit: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "submit",
    abstract: "Check that a draft is complete, score it and store the scores.",
    discussion: "Example:\n  dxready draft submit 7d6f3c1e"
  )

  @Argument(help: "The draft's id, or the start of it.")
  var id: String

  @Option(help: "The language of the output: vi or en.")
  var lang: Language = .vi

  @OptionGroup var database: DatabaseOption

  func run() throws {
    try reportingFailures {
      let (store, stored) = try database.assessment(matching: id)
      guard stored.summary.status == .draft else {
        throw CommandFailure("assessment \(stored.summary.id) is already \(stored.summary.status.rawValue)")
      }
      let questionnaire = try StoredQuestionnaire.load(stored)
      let sheet = AnswerSheet(
        questionnaireID: questionnaire.id, questionnaireVersion: questionnaire.version, answers: stored.answers)
      let validated = AnswerValidator.validate(sheet, against: questionnaire, file: "assessment \(stored.summary.id)")
      if validated.diagnostics.hasErrors {
        throw CommandFailure(
          "cannot submit \(stored.summary.id): " + validated.diagnostics.map(\.message).joined(separator: "\n"))
      }
      let result = Scorer.score(validated.answers, questionnaire: questionnaire)
      try storeCall { () throws(StoreError) in try store.submit(stored.summary.id, result: result) }
      print("submitted \(stored.summary.id)\n")
      print(
        ResultText(result, questionnaire: questionnaire, language: lang).summary(profile: stored.profile),
        terminator: "")
    }
  }
}
