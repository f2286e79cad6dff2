import DXReadyCore

/// How a bulk import (`BulkWriter`, `PostgresBulkWriter`) counts the businesses it added into
/// the statistics cells at the end of its transaction, in memory that does not grow with the
/// import, each engine reading its own rows.
///
/// A business new to the database with one assessment — nearly every business of an import —
/// counts that assessment in the cells of its groups (for the whole time, its year and its
/// quarter). Those businesses are read in the order of their groups, so each cell is made
/// whole from one run of rows and stored once; a run is stored and let go when the groups
/// change. New businesses with several assessments (earlier rounds imported together) are read
/// by business, their cells made `limits.businesses` businesses at a time and held until they
/// hold `limits.values` counted values, then added to the stored cells.
enum ImportCounting {
  /// The columns a new business's single assessment is read in the order of: its cells' groups.
  static let groupOrder =
    "a.questionnaire_id, a.locality, a.vsic_version, a.vsic_section, a.size_class, a.legal_form, a.business_id, a.seq"

  /// - Parameters:
  ///   - earlierBusinesses: the last business id stored before the import; a later one is new.
  ///   - singles: reads the submitted assessments of the new businesses with one assessment,
  ///     chosen by an SQL condition on `a`, in ``groupOrder``, handing each to its closure.
  ///   - several: reads the new businesses with several assessments (an SQL condition on `a`),
  ///     by business, each business's assessments together.
  ///   - store: adds cells to the stored ones.
  static func countNewBusinesses(
    after earlierBusinesses: Int64, limits: BulkLimits,
    singles: (String, (CountedAssessment) throws -> Void) throws -> Void,
    several: (String, ([CountedAssessment]) throws -> Void) throws -> Void,
    store: ([StatisticsCellKey: CellAggregate]) throws -> Void
  ) throws {
    // `store` is called only while this function runs; the closures below capture it.
    try withoutActuallyEscaping(store) { store in
      let many = """
        SELECT business_id FROM assessment WHERE business_id > \(earlierBusinesses)
        GROUP BY business_id HAVING count(*) > 1
        """
      var run: [[CountedAssessment]] = []
      func storeRun() throws {
        if !run.isEmpty { try store(MaintainedStatistics.cells(ofNewBusinesses: run)) }
        run.removeAll(keepingCapacity: true)
      }
      try singles("a.business_id > \(earlierBusinesses) AND a.business_id NOT IN (\(many))") { assessment in
        if let last = run.last?.first, !sameGroups(last, assessment) || run.count == limits.businesses {
          try storeRun()
        }
        run.append([assessment])
      }
      try storeRun()

      var cells: [StatisticsCellKey: CellAggregate] = [:]
      var businesses: [[CountedAssessment]] = []
      func count(storing: Bool) throws {
        for (key, aggregate) in MaintainedStatistics.cells(ofNewBusinesses: businesses) {
          cells[key, default: CellAggregate()].merge(aggregate)
        }
        businesses.removeAll(keepingCapacity: true)
        if storing || cells.values.reduce(0, { $0 + $1.weight }) > limits.values {
          if !cells.isEmpty { try store(cells) }
          cells.removeAll()
        }
      }
      try several("a.business_id IN (\(many))") { assessments in
        businesses.append(assessments)
        if businesses.count == limits.businesses { try count(storing: false) }
      }
      try count(storing: true)

    }
  }

  /// Whether two assessments fall in the same cells but for the period.
  static func sameGroups(_ one: CountedAssessment, _ other: CountedAssessment) -> Bool {
    one.questionnaireID == other.questionnaireID && one.locality == other.locality
      && one.vsicVersion == other.vsicVersion && one.section == other.section && one.sizeClass == other.sizeClass
      && one.legalForm == other.legalForm
  }
}
