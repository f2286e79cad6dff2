import Foundation
import Testing

@testable import DXReadyCore

/// Paths of the package and its fixtures, found from this file's location.
enum Paths {
  static let package = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
  static let questionnaires = package.appendingPathComponent("Questionnaires")
  static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Fixtures")

  static func text(_ url: URL) throws -> String {
    try String(contentsOf: url, encoding: .utf8)
  }
}

/// Loads a questionnaire that the test expects to be free of errors.
func loadQuestionnaire(_ text: String, file: String = "test.yaml") throws -> Questionnaire {
  let outcome = QuestionnaireLoader.load(text, file: file)
  let errors = outcome.diagnostics.filter { $0.severity == .error }
  #expect(errors.isEmpty, "\(errors)")
  return try #require(outcome.questionnaire)
}

/// Loads one of the project's own questionnaires.
func projectQuestionnaire(_ id: String) throws -> Questionnaire {
  let url = Paths.questionnaires.appendingPathComponent("\(id).yaml")
  return try loadQuestionnaire(try Paths.text(url), file: url.path)
}

/// Validated answers from answers-file text.
func validatedAnswers(_ text: String, for questionnaire: Questionnaire) throws -> [QuestionID: AnswerValue] {
  let loaded = AnswerSheetLoader.load(text, file: "answers.yaml")
  let sheet = try #require(loaded.sheet, "\(loaded.diagnostics)")
  let outcome = AnswerValidator.validate(sheet, against: questionnaire, file: "answers.yaml", requireComplete: false)
  #expect(!outcome.diagnostics.hasErrors, "\(outcome.diagnostics)")
  return outcome.answers
}
