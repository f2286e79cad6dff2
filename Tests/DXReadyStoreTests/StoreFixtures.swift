import DXReadyCore
import Foundation
import Testing

@testable import DXReadyStore

/// Real database files in a fresh folder, and the project's own questionnaires.
struct StoreFixtures {
  static let package = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  let folder: URL

  init() throws {
    folder = FileManager.default.temporaryDirectory.appendingPathComponent("dxready-store-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
  }

  func remove() { try? FileManager.default.removeItem(at: folder) }

  func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

  static func questionnaire(_ id: String) throws -> (Questionnaire, String) {
    let source = try String(
      contentsOf: package.appendingPathComponent("Questionnaires/\(id).yaml"), encoding: .utf8)
    let outcome = QuestionnaireLoader.load(source, file: "\(id).yaml")
    return (try #require(outcome.questionnaire), source)
  }

  static func profile(_ taxCode: String = "0100109106", name: String = "Công ty Thử nghiệm") -> BusinessProfile {
    BusinessProfile(
      name: name, taxCode: taxCode, locality: "ha-long", industry: Industry(vsic: 2018, section: "G"), employees: 12,
      revenueBillionVND: 20)
  }

  /// A digital-intensity assessment with `yes` yes-answers, ready to import.
  static func imported(
    yes: Int, taxCode: String = "0100109106", id: AssessmentID? = nil, submittedAt: String? = nil
  ) throws -> ImportedAssessment {
    let (q, source) = try questionnaire("digital-intensity")
    var answers: [QuestionID: AnswerValue] = [:]
    for (index, question) in q.questions.enumerated() { answers[question.id] = .option(index < yes ? "yes" : "no") }
    let profile = profile(taxCode)
    return ImportedAssessment(
      id: id, profile: profile, sizeClass: .small, questionnaire: q, questionnaireSource: source, answers: answers,
      result: Scorer.score(answers, questionnaire: q), origin: "test-\(yes)", submittedAt: submittedAt)
  }
}
