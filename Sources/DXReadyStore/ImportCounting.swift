import DXReadyCore

/// The sizes a bulk import works in (tests give small ones, to go through every step with a
/// few assessments): it adds the statistics cells it holds to the stored ones whenever they
/// hold more than `values` counted values (``CellAggregate/weight``: levels and histogram bins,
/// some tens of bytes each in memory); on PostgreSQL it writes `flush` assessments per round
/// trip.
struct BulkLimits {
  var values = 2_000_000
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
struct ImportCounting {
  /// The last business id stored before the import; a later one is new.
  let earlierBusinesses: Int64
  let limits: BulkLimits
  private var held: [StatisticsCellKey: CellAggregate] = [:]
  /// The held cells' ``CellAggregate/weight``, kept as they change.
  private var heldValues = 0

  init(after earlierBusinesses: Int64, limits: BulkLimits) {
    self.earlierBusinesses = earlierBusinesses
    self.limits = limits
  }

  /// Counts an assessment just written, if its business is new: as the database will read it
  /// back (submitted, made at `made`, its scores as stored).
  /// - Parameter store: adds cells to the stored ones.
  mutating func written(
    _ item: ImportedAssessment, seq: Int64, business: Int64, made: String,
    store: ([StatisticsCellKey: CellAggregate]) throws -> Void
  ) throws {
    guard business > earlierBusinesses else { return }
    let profile = item.profile
    var scores: [String: Double] = [:]
    scores.reserveCapacity(item.result.dimensions.count)
    for dimension in item.result.dimensions {
      if let score = dimension.score { scores[dimension.id.rawValue] = score }
    }
    let assessment = CountedAssessment(
      seq: seq, questionnaireID: item.questionnaire.id, status: .submitted, submittedAt: made,
      locality: profile.locality, vsicVersion: profile.industry?.vsic, section: profile.industry?.section,
      sizeClass: item.sizeClass, overallScore: item.result.overall.score, overallLevel: item.result.overall.level,
      dimensionScores: scores, legalForm: profile.legalForm)
    heldValues += MaintainedStatistics.count(alone: assessment, sign: 1, into: &held)
    if heldValues > limits.values { try storeHeld(store) }
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
    let many = """
      SELECT business_id FROM assessment WHERE business_id > \(earlierBusinesses)
      GROUP BY business_id HAVING count(*) > 1
      """
    // `store` is called only while this function runs; the closure below captures it.
    try withoutActuallyEscaping(store) { store in
      try several("a.business_id IN (\(many))") { assessments in
        for assessment in assessments {
          heldValues += MaintainedStatistics.count(alone: assessment, sign: -1, into: &held)
        }
        heldValues += MaintainedStatistics.count(business: assessments, into: &held)
        if heldValues > limits.values { try storeHeld(store) }
      }
      try storeHeld(store)
    }
  }

  private mutating func storeHeld(_ store: ([StatisticsCellKey: CellAggregate]) throws -> Void) throws {
    if !held.isEmpty { try store(held) }
    held.removeAll()
    heldValues = 0
  }
}
