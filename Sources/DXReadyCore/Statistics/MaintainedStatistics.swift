/// Statistics kept up to date as assessments are submitted, imported and deleted, so that
/// `stats` reads a few thousand small cells instead of every assessment.
///
/// Each business counts once in each *slot* — a questionnaire, the kind of assessments that
/// count (all submitted ones, or only reviewed ones) and a period (all time, a year, a
/// quarter) — with its latest assessment there, the way `stats` counts. Within a slot, a *cell*
/// gathers the businesses with the same fine groups (locality, VSIC section, size class and
/// period), as counts and sparse histograms of their scores on the grid of tenths. Coarser
/// groups, margins and quartiles are all sums of cells, exactly.
///
/// When a business's assessments change, the store works out which assessment counted in each
/// slot before and after, and moves that business from the old cell to the new one.
public enum MaintainedStatistics {
  /// The assessment of a business that counts in each slot: the latest of each questionnaire —
  /// by the time it was submitted, not by when it reached this database (bundles and earlier
  /// survey rounds arrive out of order; of two submitted in the same millisecond, the one stored
  /// last) — over all time, in its year and in its quarter; once among all submitted
  /// assessments and once among the reviewed ones.
  public static func counted(_ assessments: [CountedAssessment]) -> [StatisticsSlot: CountedAssessment] {
    var slots: [StatisticsSlot: CountedAssessment] = [:]
    for assessment in assessments where assessment.status != .draft {
      let year = Period.year(assessment.submittedAt)
      let quarter = Period.of(assessment.submittedAt, quarterly: true)
      for reviewedOnly in assessment.status == .reviewed ? [false, true] : [false] {
        for period in [nil, year, quarter] {
          let slot = StatisticsSlot(
            questionnaireID: assessment.questionnaireID, reviewedOnly: reviewedOnly, period: period)
          if let other = slots[slot], Self.later(other, than: assessment) { continue }
          slots[slot] = assessment
        }
      }
    }
    return slots
  }

  /// Whether `one` was submitted after `other` (stored times compare as text; a tie goes to the
  /// one stored last).
  static func later(_ one: CountedAssessment, than other: CountedAssessment) -> Bool {
    (one.submittedAt, one.seq) > (other.submittedAt, other.seq)
  }

  /// The cell an assessment counts in, within a slot: over all time, businesses are grouped by
  /// the year of their latest assessment; within a year or a quarter, by that period.
  public static func key(_ assessment: CountedAssessment, in slot: StatisticsSlot) -> StatisticsCellKey {
    StatisticsCellKey(
      slot: slot,
      groups: StatisticsGroups(
        locality: assessment.locality, vsicVersion: assessment.vsicVersion, section: assessment.section,
        sizeClass: assessment.sizeClass,
        period: slot.period ?? Period.year(assessment.submittedAt),
        legalForm: assessment.legalForm))
  }

  /// Adds to `cells` (`sign` 1) or takes from them (`sign` -1) what one assessment counts for as
  /// the only one of its business — the same as ``change(from:to:into:)`` between nothing and
  /// `[assessment]`, without its dictionaries: a bulk import counts every assessment of a new
  /// business this way as it writes it.
  /// - Returns: how much the cells' ``CellAggregate/weight`` changed.
  public static func count(
    alone assessment: CountedAssessment, sign: Int, into cells: inout [StatisticsCellKey: CellAggregate]
  ) -> Int {
    guard assessment.status != .draft else { return 0 }
    var weight = 0
    let (year, month) = Period.local(assessment.submittedAt)
    let yearPeriod = Period(year: year)
    let quarter = Period(year: year, quarter: (month - 1) / 3 + 1)
    // As ``key(_:in:)`` has them: the groups are the same in every slot but for the period
    // (all time is grouped by year). Written out, as this runs for every imported assessment.
    var groups = StatisticsGroups(
      locality: assessment.locality, vsicVersion: assessment.vsicVersion, section: assessment.section,
      sizeClass: assessment.sizeClass, period: yearPeriod, legalForm: assessment.legalForm)
    for reviewedOnly in [false, true] where !reviewedOnly || assessment.status == .reviewed {
      for period in 0..<3 {
        groups.period = period == 2 ? quarter : yearPeriod
        let slot = StatisticsSlot(
          questionnaireID: assessment.questionnaireID, reviewedOnly: reviewedOnly,
          period: period == 0 ? nil : groups.period)
        weight += cells[StatisticsCellKey(slot: slot, groups: groups), default: CellAggregate()].add(
          assessment, sign: sign)
      }
    }
    return weight
  }

  /// Adds to `cells` what one business's assessments count for (its latest in each slot).
  /// - Returns: how much the cells' ``CellAggregate/weight`` changed.
  public static func count(
    business assessments: [CountedAssessment], into cells: inout [StatisticsCellKey: CellAggregate]
  ) -> Int {
    var weight = 0
    for (slot, assessment) in counted(assessments) {
      weight += cells[key(assessment, in: slot), default: CellAggregate()].add(assessment, sign: 1)
    }
    return weight
  }

  /// Adds to `changes` what happens to the cells when one business's assessments go from
  /// `before` to `after`.
  public static func change(
    from before: [CountedAssessment], to after: [CountedAssessment],
    into changes: inout [StatisticsCellKey: CellAggregate]
  ) {
    let old = counted(before)
    let new = counted(after)
    for (slot, assessment) in old where new[slot] != assessment {
      changes[key(assessment, in: slot), default: CellAggregate()].add(assessment, sign: -1)
    }
    for (slot, assessment) in new where old[slot] != assessment {
      changes[key(assessment, in: slot), default: CellAggregate()].add(assessment, sign: 1)
    }
  }
}

/// A submitted (or reviewed) assessment as the maintained statistics count it: its groups and
/// its scores, never its business's name, tax code or answers.
public struct CountedAssessment: Sendable, Hashable {
  /// The store's sequence number: of two submitted in the same millisecond, the higher counts.
  public var seq: Int64
  /// The questionnaire it was taken with (its id; all versions count together).
  public var questionnaireID: QuestionnaireID
  /// Submitted or reviewed (a draft never counts).
  public var status: AssessmentStatus
  /// When it was made, in the stored UTC form (`2026-03-31T20:00:00.000Z`): it decides the
  /// periods it counts in (in Vietnam time) and which of a business's assessments is latest.
  public var submittedAt: String
  /// The business's commune-level unit, as the reference data names it.
  public var locality: String?
  /// The VSIC edition its sector is coded in (2018).
  public var vsicVersion: Int?
  /// The VSIC section (`A`–`U`).
  public var section: String?
  /// Its size class under Decree 80/2021, when it has one.
  public var sizeClass: SizeClass?
  /// Enterprise, cooperative or household business, when the profile says.
  public var legalForm: LegalForm?
  /// The overall score, when there is one.
  public var overallScore: Double?
  /// The maturity level, when there is one.
  public var overallLevel: Int?
  /// The scored dimensions, by id.
  public var dimensionScores: [String: Double]

  /// An assessment as a store reads it back for counting; see each property.
  public init(
    seq: Int64, questionnaireID: QuestionnaireID, status: AssessmentStatus, submittedAt: String, locality: String?,
    vsicVersion: Int?, section: String?, sizeClass: SizeClass?, overallScore: Double?, overallLevel: Int?,
    dimensionScores: [String: Double], legalForm: LegalForm? = nil
  ) {
    self.legalForm = legalForm
    self.seq = seq
    self.questionnaireID = questionnaireID
    self.status = status
    self.submittedAt = submittedAt
    self.locality = locality
    self.vsicVersion = vsicVersion
    self.section = section
    self.sizeClass = sizeClass
    self.overallScore = overallScore
    self.overallLevel = overallLevel
    self.dimensionScores = dimensionScores
  }
}

/// A questionnaire, the assessments that count, and a period: all time, a year or a quarter.
public struct StatisticsSlot: Sendable, Hashable {
  /// The questionnaire's id.
  public var questionnaireID: QuestionnaireID
  /// Whether only reviewed assessments count (else every submitted one does).
  public var reviewedOnly: Bool
  /// A year (`2026`) or a quarter (`2026-Q3`); `nil` for all time.
  public var period: Period?

  /// A slot; see each property.
  public init(questionnaireID: QuestionnaireID, reviewedOnly: Bool, period: Period?) {
    self.questionnaireID = questionnaireID
    self.reviewedOnly = reviewedOnly
    self.period = period
  }

  /// A slot as stores keep its period (``storedPeriod``); `nil` when `storedPeriod` is neither
  /// empty nor a period (a damaged row).
  public init?(questionnaireID: QuestionnaireID, reviewedOnly: Bool, storedPeriod: String) {
    if storedPeriod.isEmpty {
      self.init(questionnaireID: questionnaireID, reviewedOnly: reviewedOnly, period: nil)
    } else if let period = Period(stored: storedPeriod) {
      self.init(questionnaireID: questionnaireID, reviewedOnly: reviewedOnly, period: period)
    } else {
      return nil
    }
  }

  /// The period as stores keep it: `2026`, `2026-Q3`, or `''` for all time.
  public var storedPeriod: String { period?.description ?? "" }
}

/// Where a cell is: its slot and its fine groups.
public struct StatisticsCellKey: Sendable, Hashable {
  /// The questionnaire, the assessments that count, and the period.
  public var slot: StatisticsSlot
  /// The fine groups the cell's businesses share.
  public var groups: StatisticsGroups

  /// A cell's key; see each property.
  public init(slot: StatisticsSlot, groups: StatisticsGroups) {
    self.slot = slot
    self.groups = groups
  }
}

/// The businesses of one cell, counted: how many, how many at each level, and a sparse
/// histogram of each score. Also used for changes, whose counts may be negative.
public struct CellAggregate: Sendable, Hashable {
  /// How many businesses the cell counts (a change may take some away).
  public var count = 0
  /// How many at each maturity level; levels that come to nothing are left out.
  public var levels: [Int: Int] = [:]
  /// Each score's histogram, by measure.
  public var measures: [Measure: SparseHistogram] = [:]

  /// A cell that counts nothing.
  public init() {}

  /// Whether the cell (or change) counts nothing at all.
  public var isEmpty: Bool { count == 0 && levels.isEmpty && measures.isEmpty }

  /// Adds one assessment (`sign` 1) or takes it away (-1), dropping what comes to nothing.
  /// - Returns: how much ``weight`` changed.
  @discardableResult
  mutating func add(_ assessment: CountedAssessment, sign: Int) -> Int {
    count += sign
    var weight = 0
    if let level = assessment.overallLevel, Self.storable(level) {
      let before = levels[level, default: 0]
      levels[level] = before + sign == 0 ? nil : before + sign
      weight += (before + sign == 0 ? 0 : 1) - (before == 0 ? 0 : 1)
    }
    if let score = assessment.overallScore { weight += add(score, to: .overall, sign: sign) }
    for (dimension, score) in assessment.dimensionScores { weight += add(score, to: .dimension(dimension), sign: sign) }
    return weight
  }

  /// Whether a stored cell can hold the level (the stored form writes levels up to 65,535);
  /// an assessment with any other level counts without one.
  static func storable(_ level: Int) -> Bool { (0...Int(UInt16.max)).contains(level) }

  private mutating func add(_ score: Double, to measure: Measure, sign: Int) -> Int {
    let weight = measures[measure, default: SparseHistogram()].add(score, sign: sign)
    // Only taking away can leave a histogram empty.
    if sign < 0, measures[measure]?.isEmpty == true { measures[measure] = nil }
    return weight
  }

  /// Adds one business's record; its dimensions are named by their positions ("0", "1", …).
  mutating func add(_ record: StatisticsRecord) {
    count += 1
    if let level = record.overallLevel, Self.storable(level) { levels[level, default: 0] += 1 }
    if let score = record.overallScore { measures[.overall, default: SparseHistogram()].add(score, sign: 1) }
    for (position, score) in record.dimensionScores.enumerated() {
      if let score { measures[.dimension(String(position)), default: SparseHistogram()].add(score, sign: 1) }
    }
  }

  /// Adds another aggregate (or a change), dropping what comes to nothing.
  public mutating func merge(_ other: CellAggregate) {
    count += other.count
    for (level, n) in other.levels {
      let total = levels[level, default: 0] + n
      levels[level] = total == 0 ? nil : total
    }
    for (measure, histogram) in other.measures {
      // In place: a copy taken out and put back would copy the whole histogram each time.
      measures[measure, default: SparseHistogram()].merge(histogram)
      if measures[measure]?.isEmpty == true { measures[measure] = nil }
    }
  }

  /// About how much memory the aggregate holds, in counted values (levels and bins): what a
  /// bulk import watches to know when to store the cells it holds.
  public var weight: Int { levels.count + measures.values.reduce(0) { $0 + $1.bins.count } }

  /// Whether every count is at least zero, as a stored cell's must be.
  public var isConsistent: Bool {
    count >= 0 && levels.values.allSatisfy { $0 > 0 }
      && measures.values.allSatisfy { $0.bins.values.allSatisfy { $0 > 0 } }
  }
}

/// Counts by bin on the grid of tenths, with the exact sum in millionths.
public struct SparseHistogram: Sendable, Hashable {
  /// How many scores fall in each bin (``ScoreGrid/bin(_:)``); empty bins are left out.
  public var bins: [Int: Int] = [:]
  /// The scores' exact sum, in millionths (``ScoreGrid/micros(_:)``).
  public var sumMicros: Int64 = 0

  /// A histogram with these bins and sum.
  public init(bins: [Int: Int] = [:], sumMicros: Int64 = 0) {
    self.bins = bins
    self.sumMicros = sumMicros
  }

  var isEmpty: Bool { bins.isEmpty && sumMicros == 0 }

  /// - Returns: how many bins were added (1), dropped (-1) or neither (0).
  @discardableResult
  mutating func add(_ score: Double, sign: Int) -> Int {
    let bin = ScoreGrid.bin(score)
    let before = bins[bin, default: 0]
    bins[bin] = before + sign == 0 ? nil : before + sign
    sumMicros += Int64(sign) * ScoreGrid.micros(score)
    return (before + sign == 0 ? 0 : 1) - (before == 0 ? 0 : 1)
  }

  mutating func merge(_ other: SparseHistogram) {
    for (bin, n) in other.bins {
      let total = bins[bin, default: 0] + n
      bins[bin] = total == 0 ? nil : total
    }
    sumMicros += other.sumMicros
  }
}
