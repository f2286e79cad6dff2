import DXReadyCore
import Foundation

/// Runs `dxready review` on a terminal: carries out what the review model asks of the store,
/// and sends the store's replies back to the model as events.
public struct ReviewSession {
  public let store: any AssessmentStore
  public var model: ReviewModel
  /// Who acts, as the audit log names them.
  public let actor: String
  /// The filters and order the queue was opened with (by locality, sector, size, level,
  /// period; by score or level).
  public let arrange: @Sendable ([ReviewQueueRow]) -> [ReviewQueueRow]

  public init(
    store: any AssessmentStore, model: ReviewModel, actor: String,
    arrange: @escaping @Sendable ([ReviewQueueRow]) -> [ReviewQueueRow] = { $0 }
  ) {
    self.store = store
    self.model = model
    self.actor = actor
    self.arrange = arrange
  }

  public mutating func send(_ event: ReviewEvent) {
    perform(model.update(event))
  }

  public mutating func perform(_ effects: [ReviewEffect]) {
    for effect in effects {
      let reply: ReviewEvent?
      do {
        reply = try carryOut(effect)
      } catch StoreError.conflict(let why) {
        reply = .conflict(why)
      } catch {
        perform(model.update(.storeFailed("\(error)")))
        return
      }
      if let reply { perform(model.update(reply)) }
    }
  }

  /// Does one effect against the store, and says what came of it (nothing, for leaving).
  func carryOut(_ effect: ReviewEffect) throws -> ReviewEvent? {
    switch effect {
    case .loadQueue(let limit):
      let rows = try store.reviewQueue(states: [], limit: limit)
      let complete = limit.map { rows.count < $0 } ?? true
      return .queueLoaded(arrange(rows), complete: complete)
    case .open(let id):
      return .opened(try detail(id))
    case .apply(let id, let actions, let version, let rescored):
      return .applied(try store.applyReview(id, actions: actions, by: actor, basedOn: version, rescored: rescored))
    case .quit:
      return nil
    }
  }

  /// An assessment with its questionnaire (the stored text), review and history.
  func detail(_ id: AssessmentID) throws -> ReviewDetail {
    let stored = try store.assessment(matching: id.rawValue)
    let outcome = QuestionnaireLoader.load(stored.questionnaireSource, file: "stored questionnaire")
    // Only the text its hash names: a stored text that is not is never shown as the questions.
    guard let questionnaire = outcome.questionnaire, questionnaire.hash == stored.questionnaireHash else {
      throw StoreError.failure(
        "assessment \(id): its stored questionnaire no longer loads the same way (\(stored.questionnaireHash))")
    }
    let review = try store.review(id)
    let earlier = try store.assessments(AssessmentFilter(taxCode: stored.summary.taxCode, limit: 50))
      .filter { $0.questionnaireID == questionnaire.id && $0.status != .draft }
      .sorted { $0.createdAt < $1.createdAt }
    let history = try earlier.map { summary in
      let scores =
        summary.id == id ? stored.dimensionScores : try store.assessment(matching: summary.id.rawValue).dimensionScores
      return ReviewDetail.Past(
        date: summary.submittedAt.map { ConsentRecord.utcText($0) } ?? "", score: summary.overallScore,
        dimensions: Dictionary(scores.compactMap { s in s.score.map { (s.dimension, $0) } }) { a, _ in a })
    }
    return ReviewDetail(stored: stored, questionnaire: questionnaire, review: review, history: history)
  }

  /// The review screens on a terminal, until they are left.
  public mutating func run(on terminal: some Terminal) {
    // The first screen from the newest rows, at once; then the whole queue, before the first
    // key is read (keys typed meanwhile wait for it).
    perform([.loadQueue(limit: 100)])
    var complete = !model.loading
    while model.phase != .finished {
      let size = terminal.size
      terminal.use(model.language)
      if !terminal.hasPendingInput { terminal.draw(model.render(width: size.width, height: size.height)) }
      if !complete {
        complete = true
        perform([.loadQueue(limit: nil)])
        continue
      }
      guard let key = terminal.nextKey() else { return }
      let now = terminal.size
      if now.width < QuestionScreen.minimumSize.width || now.height < QuestionScreen.minimumSize.height {
        if key == .interrupt || key == .character("q") { return }
        continue
      }
      send(.key(key))
    }
  }
}
