import DXReadyCore
import Foundation

/// What the review screens ask the store to do; the session does each and replies with a
/// ``ReviewEvent``.
public enum ReviewEffect: Sendable, Hashable {
  /// The queue: its first rows when a limit is given (the first screen shows at once), else
  /// all of it.
  case loadQueue(limit: Int?)
  case open(AssessmentID)
  /// Store these actions, based on the review version the consultant saw.
  case apply(AssessmentID, [ReviewAction], version: Int, rescored: ScoringResult?)
  case quit
}

/// An assessment opened for review: what the store holds, its questionnaire (the text it was
/// given with), its review, and the business's other assessments.
public struct ReviewDetail: Sendable, Hashable {
  public var stored: StoredAssessment
  public var questionnaire: Questionnaire
  public var review: ReviewRecord
  /// The business's assessments of the same questionnaire, oldest first, with their overall
  /// and dimension scores (this one included).
  public var history: [Past]

  /// One assessment of the business's history.
  public struct Past: Sendable, Hashable {
    /// Stored UTC form.
    public var date: String
    public var score: Double?
    public var dimensions: [DimensionID: Double]

    public init(date: String, score: Double?, dimensions: [DimensionID: Double] = [:]) {
      self.date = date
      self.score = score
      self.dimensions = dimensions
    }
  }

  public init(stored: StoredAssessment, questionnaire: Questionnaire, review: ReviewRecord, history: [Past]) {
    self.stored = stored
    self.questionnaire = questionnaire
    self.review = review
    self.history = history
  }

  public static func == (a: Self, b: Self) -> Bool {
    a.stored == b.stored && a.review == b.review && a.history.map(\.date) == b.history.map(\.date)
  }

  public func hash(into hasher: inout Hasher) { hasher.combine(stored.summary.id) }
}

/// Everything that happens to the review screens, through one entry point.
public enum ReviewEvent: Sendable, Hashable {
  case key(Key)
  /// The queue's rows; `complete` is false when only the first ones were read.
  case queueLoaded([ReviewQueueRow], complete: Bool)
  case opened(ReviewDetail)
  /// The actions were stored: the review as it stands now.
  case applied(ReviewRecord)
  /// Someone else changed the assessment first: it is shown again as it now is.
  case conflict(String)
  case storeFailed(String)
}

/// `dxready review` as a value: the queue (search, a state filter), one assessment (its
/// answers, corrected ones beside their originals, the scores, the history, the roadmap), and
/// the prompts for a correction's answer and reason, a note, a rejection's reason. Nothing
/// here touches a terminal or a database.
public struct ReviewModel: Sendable {
  public enum Phase: Sendable, Hashable {
    case queue
    case assessment
    /// Choosing the corrected answer, on the question's own screen.
    case correcting
    /// The consultant's roadmap: accept or reject each recommended service, add others.
    case roadmap
    /// Choosing a service of the catalogue to add to the roadmap.
    case adding
    /// The business's assessments side by side, dimension by dimension.
    case history
    /// Typing a text: a correction's reason, a note, a rejection's reason.
    case typing(Prompt)
    case failed
    case finished
  }

  /// What a typed text is for.
  public enum Prompt: Sendable, Hashable {
    case correctionReason(QuestionID, AnswerValue)
    case note
    /// A note on one answer.
    case answerNote(QuestionID)
    case rejectionReason
    /// Why a recommended service is left out of the roadmap.
    case serviceRejection(String)
  }

  /// The state filters the queue cycles through with Tab.
  public static let filters: [Set<ReviewState>] = [
    [.submitted, .inReview], [.submitted], [.inReview], [.needsFollowUp], [.reviewed], [.rejected],
    Set(ReviewState.allCases),
  ]

  public let reference: ReferenceData
  /// The service catalogue, for the roadmap.
  public let catalog: ServiceCatalog?
  /// The newest questionnaire of each id, for the names of dimensions in the queue.
  public let questionnaires: [QuestionnaireID: Questionnaire]
  public internal(set) var language: Language
  public internal(set) var phase: Phase = .queue
  public internal(set) var rows: [ReviewQueueRow] = []
  /// Each row's business name folded (accents and đ ignored, lower case), as bytes, made once
  /// when the queue loads.
  var foldedNames: [[UInt8]] = []
  public internal(set) var search = "" {
    didSet { refine(from: oldValue) }
  }
  public internal(set) var filter = 0 {
    didSet { resetNarrowings() }
  }
  /// The rows that match, by position in `rows`, for each search typed so far: typing one more
  /// letter narrows the last, Backspace goes back to the one before, without a new scan.
  var narrowings: [(search: String, rows: [Int])] = []
  public internal(set) var cursor = 0
  public internal(set) var detail: ReviewDetail?
  /// The highlighted answer of the open assessment.
  public internal(set) var answerCursor = 0
  /// The highlighted service of the roadmap, or of the catalogue being added from.
  public internal(set) var serviceCursor = 0
  /// The highlighted dimension of the scores view.
  public internal(set) var dimensionCursor = 0
  var screen: QuestionScreen?
  var text = ""
  public internal(set) var message: String?
  public internal(set) var failure: String?
  var loading = false

  public init(
    reference: ReferenceData, questionnaires: [Questionnaire], language: Language, catalog: ServiceCatalog? = nil
  ) {
    self.catalog = catalog
    self.reference = reference
    self.questionnaires = Dictionary(questionnaires.map { ($0.id, $0) }) { a, _ in a }
    self.language = language
  }

  /// The rows the search and the state filter let through, in order.
  public var matching: [ReviewQueueRow] { matchingIndices.map { rows[$0] } }

  /// The positions in `rows` of the rows that match.
  var matchingIndices: [Int] {
    if let last = narrowings.last, last.search == search { return last.rows }
    return scan(rows.indices, for: search)
  }

  /// The rows among `candidates` that the search and the state filter let through.
  func scan(_ candidates: some Sequence<Int>, for search: String) -> [Int] {
    let states = Self.filters[filter]
    let wanted = SearchFolding.fold(search.trimmingCharacters(in: .whitespaces))
    let digits = !wanted.isEmpty && wanted.allSatisfy { (48...57).contains($0) }
    var result: [Int] = []
    for index in candidates where states.contains(rows[index].state) {
      if !wanted.isEmpty {
        if digits ? !rows[index].taxCode.utf8.starts(with: wanted) : !Self.contains(foldedNames[index], wanted) {
          continue
        }
      }
      result.append(index)
    }
    return result
  }

  /// Keeps the narrowings in step with a search that changed from `old`.
  mutating func refine(from old: String) {
    foldNames()
    if search.hasPrefix(old), search.count == old.count + 1, narrowings.last?.search == old {
      narrowings.append((search, scan(narrowings.last!.rows, for: search)))
    } else if old.hasPrefix(search), old.count == search.count + 1, narrowings.count >= 2,
      narrowings[narrowings.count - 2].search == search
    {
      narrowings.removeLast()
    } else {
      resetNarrowings()
    }
  }

  /// The matching rows for the search as it is, from a scan of every row.
  mutating func resetNarrowings() {
    foldNames()
    narrowings = [(search, scan(rows.indices, for: search))]
  }

  /// Folds the business names the first time a search needs them.
  mutating func foldNames() {
    if !search.isEmpty, foldedNames.count != rows.count {
      foldedNames = rows.map { SearchFolding.fold($0.businessName) }
    }
  }

  /// Whether `needle` occurs in `haystack`, byte by byte.
  static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
    guard needle.count <= haystack.count else { return false }
    let first = needle[0]
    var start = 0
    let last = haystack.count - needle.count
    while start <= last {
      if haystack[start] == first {
        var offset = 1
        while offset < needle.count, haystack[start + offset] == needle[offset] { offset += 1 }
        if offset == needle.count { return true }
      }
      start += 1
    }
    return false
  }

  /// The shown questions of the open assessment, with their answers as corrected.
  var shownQuestions: [Question] {
    guard let detail else { return [] }
    return Scorer.shownQuestions(
      detail.questionnaire, answers: detail.review.correctedAnswers(detail.stored.answers))
  }

  // MARK: Events

  public mutating func update(_ event: ReviewEvent) -> [ReviewEffect] {
    switch event {
    case .key(let key): return handle(key)
    case .queueLoaded(let rows, let complete):
      self.rows = rows
      loading = !complete
      // Folded when a search is first typed: the queue shows at once.
      foldedNames = []
      resetNarrowings()
      cursor = min(cursor, max(0, matchingIndices.count - 1))
      return []
    case .opened(let detail):
      self.detail = detail
      phase = .assessment
      answerCursor = 0
      return []
    case .applied(let review):
      detail?.review = review
      if phase != .roadmap, phase != .history { phase = .assessment }
      message = Words.text("saved", language)
      return []
    case .conflict(let why):
      message = why
      phase = .assessment
      return detail.map { [.open($0.stored.summary.id)] } ?? []
    case .storeFailed(let why):
      failure = why
      phase = .failed
      return []
    }
  }

  mutating func handle(_ key: Key) -> [ReviewEffect] {
    if case .resize = key { return [] }
    switch phase {
    case .queue: return handleQueue(key)
    case .assessment: return handleAssessment(key)
    case .correcting: return handleCorrecting(key)
    case .roadmap: return handleRoadmap(key)
    case .history: return handleScores(key)
    case .adding: return handleAdding(key)
    case .typing(let prompt): return handleTyping(key, prompt)
    case .failed, .finished:
      return Self.leaveKeys.matches(key) ? quit() : []
    }
  }

  mutating func quit() -> [ReviewEffect] {
    phase = .finished
    return [.quit]
  }
}

/// Text folded for searching as a person types it: lower case, accents and đ ignored, as
/// bytes — ``ProfileForm/folded(_:)``'s result, made fast for a queue of many thousands of
/// names: ASCII goes through as it is, a precomposed letter by a table made once (with
/// Foundation's folding, letter by letter), a combining mark is dropped.
enum SearchFolding {
  static let table: [UInt32: [UInt8]] = {
    var table: [UInt32: [UInt8]] = [:]
    // Latin-1 Supplement, Latin Extended-A and -B, and Latin Extended Additional, where every
    // Vietnamese letter is.
    for range in [0xC0...0x24F, 0x1E00...0x1EFF] {
      for value in range {
        guard let scalar = Unicode.Scalar(UInt32(value)) else { continue }
        let folded = ProfileForm.folded(String(Character(scalar))).lowercased()
        table[UInt32(value)] = Array(folded.utf8)
      }
    }
    return table
  }()

  static func fold(_ text: String) -> [UInt8] {
    var result: [UInt8] = []
    result.reserveCapacity(text.utf8.count)
    for scalar in text.unicodeScalars {
      let value = scalar.value
      if value < 0x80 {
        let byte = UInt8(value)
        result.append((65...90).contains(byte) ? byte + 32 : byte)
      } else if (0x300...0x36F).contains(value) {
        continue
      } else if let folded = table[value] {
        result += folded
      } else {
        result += Array(String(scalar).lowercased().utf8)
      }
    }
    return result
  }
}
