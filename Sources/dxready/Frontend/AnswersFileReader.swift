import DXReadyCore
import DXReadyReports
import Foundation

/// Reads answers files as `score` reads them, and checks their profiles for storing.
struct AnswersFileReader: Sendable {
  var catalog: QuestionnaireCatalog
  var reference: ReferenceData
  /// Whether the importer stated that consent was collected outside dxready
  /// (`--consent-recorded-elsewhere`), for files that do not record it.
  var consentRecordedElsewhere = false
  /// The source text of each questionnaire file, by hash, for storing with assessments.
  private var sources: [String: String] = [:]
  /// The questionnaires defined once, by `id@version`: found for each file without the
  /// catalog's search (which also explains a questionnaire it cannot find).
  private var byReference: [String: Questionnaire] = [:]
  /// Times after this (an hour after the reader was made, as stored text up to the seconds)
  /// are in the future: `submitted` and `consent.given_at` must not be.
  private let latestTime: Substring

  init(catalog: QuestionnaireCatalog) throws {
    self.catalog = catalog
    self.reference = try catalog.referenceData()
    for entry in catalog.entries {
      guard let q = entry.outcome.questionnaire else { continue }
      sources[q.hash] = try readTextFile(entry.path)
      if catalog.conflicting[q.reference] == nil { byReference[q.reference] = q }
    }
    latestTime = DateText.iso(Date().addingTimeInterval(3600)).prefix(19)
  }

  struct Problems: Error, Sendable {
    var lines: [String]
  }

  /// A submitted assessment ready to import, or every problem with the file.
  /// Profile warnings (such as a check-digit mismatch) are returned, not refused.
  func submitted(_ path: String) -> Result<(ImportedAssessment, warnings: [String]), Problems> {
    let text: String
    do {
      text = try readTextFile(path)
    } catch {
      return .failure(Problems(lines: ["\(error)"]))
    }
    let loaded = AnswerSheetLoader.load(text, file: path)
    guard let sheet = loaded.sheet else {
      return .failure(Problems(lines: [CommandFailure.capped(loaded.diagnostics.map(\.description))]))
    }
    let questionnaire: Questionnaire
    if let known = byReference["\(sheet.questionnaireID)@\(sheet.questionnaireVersion)"] {
      questionnaire = known
    } else {
      do {
        questionnaire = try catalog.questionnaire(for: sheet, file: path)
      } catch {
        return .failure(Problems(lines: ["\(error)"]))
      }
    }
    let validated = AnswerValidator.validate(sheet, against: questionnaire, file: path)
    var lines = validated.diagnostics.filter { $0.severity == .error }.map(\.description)
    guard let profile = sheet.profile else {
      return .failure(
        Problems(lines: lines + ["\(path): the file has no `profile`; storing needs at least `name` and `tax_code`"]))
    }
    let report = ProfileChecker.check(profile, reference: reference)
    lines += report.problems.filter { $0.severity == .error }.map { $0.located(in: sheet, file: path) }
    if let submitted = sheet.submittedAt, submitted.prefix(19) > latestTime {
      lines.append(
        "\(sheet.location(of: "submitted", file: path)): error: `submitted` is in the future (\(submitted)); give the time the assessment was made"
      )
    }
    if let given = sheet.consent?.givenAt, given.prefix(19) > latestTime {
      lines.append(
        "\(sheet.location(of: "consent", file: path)): error: `consent.given_at` is in the future (\(given)); give the time the business agreed"
      )
    }
    let consent = sheet.consent ?? (consentRecordedElsewhere ? Self.recordedElsewhere : nil)
    if consent == nil {
      lines.append(Self.noConsent(path))
    }
    // The loader has checked that an `assessment` is a UUID.
    let assessmentID = sheet.assessmentID.flatMap(AssessmentID.init)
    guard lines.isEmpty, let source = sources[questionnaire.hash] else { return .failure(Problems(lines: lines)) }
    var normalized = profile
    normalized.taxCode = report.taxCode?.value
    let result = Scorer.score(validated.answers, questionnaire: questionnaire)
    var item = ImportedAssessment(
      id: assessmentID, profile: normalized, sizeClass: report.sizeClass, questionnaire: questionnaire,
      questionnaireSource: source, answers: validated.answers, result: result, origin: path,
      submittedAt: sheet.submittedAt)
    item.consent = consent
    let warnings = report.problems.filter { $0.severity == .warning }.map { $0.located(in: sheet, file: path) }
    return .success((item, warnings))
  }
}

extension AnswersFileReader {
  static let recordedElsewhere = ConsentRecord(notice: nil, givenAt: nil, method: .recordedElsewhere)

  /// Why a file without a consent record cannot be stored.
  static func noConsent(_ path: String) -> String {
    "\(path):1:1: error: no consent record: add `consent: {notice: \"2026-11\", given_at: 2026-11-30T09:30:00+07:00}` (the version of the personal-data notice the business agreed to, and when), or pass --consent-recorded-elsewhere if consent was collected outside dxready"
  }
}

extension QuestionnaireCatalog {
  /// The questionnaire an answers file names, or why there is none, located at the file's
  /// `questionnaire:` line.
  func questionnaire(for sheet: AnswerSheet, file: String) throws -> Questionnaire {
    do {
      return try questionnaire(id: sheet.questionnaireID, version: sheet.questionnaireVersion)
    } catch let failure as CommandFailure {
      throw CommandFailure("\(sheet.location(of: "questionnaire", file: file)): error: \(failure.message)")
    }
  }
}

extension ProfileChecker.Problem {
  /// `FILE:LINE:COLUMN: severity: message`, at the profile field the problem is about.
  func located(in sheet: AnswerSheet, file: String) -> String {
    "\(sheet.location(of: "profile.\(field)", file: file)): \(severity.rawValue): profile.\(field): \(message)"
  }
}
