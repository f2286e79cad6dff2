import DXReadyCore
import Foundation

/// The sizes a bulk import works in (tests give small ones, to go through every step with a
/// few assessments): it adds the statistics cells it holds to the stored ones whenever they
/// hold more than `values` counted values (``CellAggregate/weight``: levels and histogram bins,
/// some tens of bytes each in memory); it hands the assessments it writes to the counting
/// thread `counted` at a time (``HeldCells``); on PostgreSQL it writes `flush` assessments per
/// round trip.
struct BulkLimits {
  var values = 2_000_000
  var counted = 128
  var flush = 1000
  /// An SQLite import that adds at least `added` assessments rewrites the statistics cells
  /// together (`StatisticsMaintenance.compactCells`) when their pages jump more than `jumps`
  /// times (`cellPageJumps`; finding out reads the cells' pages, about 0.1 s at 1,000,000).
  var compactCells = (added: 1000, jumps: 32)
}

/// How a bulk import (`BulkWriter`, `PostgresBulkWriter`) counts the businesses it adds into
/// the statistics cells, in its own transaction and in memory that does not grow with the
/// import.
///
/// Each assessment of a business new to the database is counted as it is written, as if it
/// were its business's only one — nearly every business of an import has one — into cells held
/// in memory, which are added to the stored ones whenever they hold more than `limits.values`
/// counted values, and at the end. At the end, the new businesses with several assessments
/// (earlier rounds imported together) are read back by business: what each of their
/// assessments added alone is taken away again, and the business is counted with its latest
/// assessment in each slot. Businesses stored before the import are the writer's to move.
///
/// The counting as assessments are written runs on a thread of its own (``HeldCells``): the
/// database writer is the one thread an import cannot share, and it would otherwise spend a
/// tenth of its time adding up histograms.
struct ImportCounting {
  /// The last business id stored before the import; a later one is new.
  let earlierBusinesses: Int64
  let limits: BulkLimits
  private let held: HeldCells

  init(after earlierBusinesses: Int64, limits: BulkLimits) {
    self.earlierBusinesses = earlierBusinesses
    self.limits = limits
    held = HeldCells(limit: limits.values, batch: limits.counted)
  }

  /// Counts an assessment just written, if its business is new: as the database will read it
  /// back (submitted, made at `made`, its scores as stored).
  /// - Parameter store: adds cells to the stored ones.
  mutating func written(
    _ item: ImportedAssessment, seq: Int64, business: Int64, made: String,
    store: ([StatisticsCellKey: CellAggregate]) throws -> Void
  ) throws {
    guard business > earlierBusinesses else { return }
    // Only what is counted goes to the counting thread, not the whole assessment (its answers
    // and their JSON), so that the batches waiting there stay small.
    let profile = item.profile
    let questionnaireID = item.questionnaire.id
    let sizeClass = item.sizeClass
    let overall = item.result.overall
    let dimensions = item.result.dimensions
    held.count {
      var scores: [String: Double] = [:]
      scores.reserveCapacity(dimensions.count)
      for dimension in dimensions {
        if let score = dimension.score { scores[dimension.id.rawValue] = score }
      }
      return CountedAssessment(
        seq: seq, questionnaireID: questionnaireID, status: .submitted, submittedAt: made,
        locality: profile.locality, vsicVersion: profile.industry?.vsic, section: profile.industry?.section,
        sizeClass: sizeClass, overallScore: overall.score, overallLevel: overall.level, dimensionScores: scores,
        legalForm: profile.legalForm)
    }
    if held.isOverLimit {
      let cells = held.take().cells
      if !cells.isEmpty { try store(cells) }
    }
  }

  /// Corrects the counts of the new businesses with several assessments and stores every held
  /// cell.
  /// - Parameters:
  ///   - several: reads the new businesses with several assessments (an SQL condition on `a`),
  ///     by business, each business's assessments together.
  ///   - store: adds cells to the stored ones.
  mutating func finish(
    several: (String, ([CountedAssessment]) throws -> Void) throws -> Void,
    store: ([StatisticsCellKey: CellAggregate]) throws -> Void
  ) throws {
    // Every assessment written is counted first; the rest is done here, on the writer's thread.
    var (cells, values) = held.take()
    let many = """
      SELECT business_id FROM assessment WHERE business_id > \(earlierBusinesses)
      GROUP BY business_id HAVING count(*) > 1
      """
    // `store` is called only while this function runs; the closure below captures it.
    try withoutActuallyEscaping(store) { store in
      func storeHeld() throws {
        if !cells.isEmpty { try store(cells) }
        cells.removeAll()
        values = 0
      }
      try several("a.business_id IN (\(many))") { assessments in
        for assessment in assessments {
          values += MaintainedStatistics.count(alone: assessment, sign: -1, into: &cells)
        }
        values += MaintainedStatistics.count(business: assessments, into: &cells)
        if values > limits.values { try storeHeld() }
      }
      try storeHeld()
    }
  }
}

/// Statistics cells that assessments are counted into on a thread of their own, in the order
/// they are given, while the caller goes on (the database writer of a bulk import).
///
/// Assessments are handed over in batches (128 in an import), so that the counting thread is
/// woken once a batch; at most 32 batches wait to be counted (the caller waits for room beyond that), so that
/// memory stays bounded. ``isOverLimit`` says when the cells hold more than the limit's counted
/// values; ``take()`` waits for every assessment given so far to be counted and takes the cells.
/// Used from one thread at a time.
final class HeldCells: @unchecked Sendable {
  typealias Make = @Sendable () -> CountedAssessment
  // `cells` and `values` are touched only on `queue`, `overLimit` only under `lock`, `batch`
  // only by the caller.
  private let queue = DispatchQueue(label: "dxready.import.counting")
  private let room = DispatchSemaphore(value: 32)
  private let lock = NSLock()
  private let limit: Int
  private var batch: [Make] = []
  private var cells: [StatisticsCellKey: CellAggregate] = [:]
  private var values = 0
  private var overLimit = false
  private let batchSize: Int

  /// Cells that count as over their limit when they hold more than `limit` counted values,
  /// given to the counting thread `batch` assessments at a time.
  init(limit: Int, batch: Int) {
    self.limit = limit
    batchSize = max(1, batch)
  }

  /// Counts the assessment `make` gives (it runs on the counting thread) as the only one of its
  /// business (``MaintainedStatistics/count(alone:sign:into:)``).
  func count(_ make: @escaping Make) {
    batch.append(make)
    if batch.count >= batchSize { handOver() }
  }

  private func handOver() {
    guard !batch.isEmpty else { return }
    let given = batch
    batch.removeAll(keepingCapacity: true)
    room.wait()
    queue.async { [self] in
      for make in given { values += MaintainedStatistics.count(alone: make(), sign: 1, into: &cells) }
      if values > limit {
        lock.lock()
        overLimit = true
        lock.unlock()
      }
      room.signal()
    }
  }

  /// Whether the cells counted so far hold more than the limit's values.
  var isOverLimit: Bool {
    lock.lock()
    defer { lock.unlock() }
    return overLimit
  }

  /// The cells and their ``CellAggregate/weight``, once every assessment given is counted;
  /// the held cells are empty after.
  func take() -> (cells: [StatisticsCellKey: CellAggregate], values: Int) {
    handOver()
    return queue.sync {
      let taken = (cells, values)
      cells = [:]
      values = 0
      lock.lock()
      overLimit = false
      lock.unlock()
      return taken
    }
  }
}
