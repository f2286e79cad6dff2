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
        for period in ["", year, quarter] {
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
        period: slot.period.isEmpty ? Period.year(assessment.submittedAt) : slot.period,
        legalForm: assessment.legalForm))
  }

  /// The cells that assessments of businesses new to the store make up (each business counted
  /// once per slot, with its latest assessment there): what a bulk import of new businesses
  /// adds. The same result as ``change(from:to:into:)`` from nothing, built by sorting rather
  /// than by counting into dictionaries one score at a time.
  public static func cells(ofNewBusinesses businesses: some Sequence<[CountedAssessment]>) -> [StatisticsCellKey:
    CellAggregate]
  {
    var members: [StatisticsCellKey: [CountedAssessment]] = [:]
    for assessments in businesses {
      if assessments.count == 1, let only = assessments.first, only.status == .submitted {
        // The common case: one assessment counts in its three slots.
        let year = Period.year(only.submittedAt)
        for period in ["", year, Period.of(only.submittedAt, quarterly: true)] {
          let slot = StatisticsSlot(questionnaireID: only.questionnaireID, reviewedOnly: false, period: period)
          members[key(only, in: slot), default: []].append(only)
        }
      } else {
        for (slot, assessment) in counted(assessments) {
          members[key(assessment, in: slot), default: []].append(assessment)
        }
      }
    }
    return members.mapValues(CellAggregate.init(counting:))
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
  public var seq: Int64
  public var questionnaireID: String
  public var status: AssessmentStatus
  public var submittedAt: String
  public var locality: String?
  public var vsicVersion: Int?
  public var section: String?
  public var sizeClass: SizeClass?
  public var legalForm: LegalForm?
  public var overallScore: Double?
  public var overallLevel: Int?
  /// The scored dimensions, by id.
  public var dimensionScores: [String: Double]

  public init(
    seq: Int64, questionnaireID: String, status: AssessmentStatus, submittedAt: String, locality: String?,
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

/// A questionnaire, the assessments that count, and a period: `""` for all time, else a year
/// (`2026`) or a quarter (`2026-Q3`).
public struct StatisticsSlot: Sendable, Hashable {
  public var questionnaireID: String
  public var reviewedOnly: Bool
  public var period: String

  public init(questionnaireID: String, reviewedOnly: Bool, period: String) {
    self.questionnaireID = questionnaireID
    self.reviewedOnly = reviewedOnly
    self.period = period
  }
}

/// Where a cell is: its slot and its fine groups.
public struct StatisticsCellKey: Sendable, Hashable {
  public var slot: StatisticsSlot
  public var groups: StatisticsGroups

  public init(slot: StatisticsSlot, groups: StatisticsGroups) {
    self.slot = slot
    self.groups = groups
  }
}

/// The businesses of one cell, counted: how many, how many at each level, and a sparse
/// histogram of each score. Also used for changes, whose counts may be negative.
public struct CellAggregate: Sendable, Hashable {
  /// The measure name of the overall score; dimensions go by their ids.
  public static let overall = ""

  public var count = 0
  public var levels: [Int: Int] = [:]
  public var measures: [String: SparseHistogram] = [:]

  public init() {}

  public var isEmpty: Bool { count == 0 && levels.isEmpty && measures.isEmpty }

  /// The aggregate of some assessments: their scores gathered per measure, sorted and counted.
  init(counting assessments: [CountedAssessment]) {
    count = assessments.count
    var scores: [String: (bins: [Int], sum: Int64)] = [:]
    func gather(_ measure: String, _ score: Double) {
      scores[measure, default: ([], 0)].bins.append(ScoreGrid.bin(score))
      scores[measure]!.sum += ScoreGrid.micros(score)
    }
    for assessment in assessments {
      if let level = assessment.overallLevel, (0...Int(UInt16.max)).contains(level) { levels[level, default: 0] += 1 }
      if let score = assessment.overallScore { gather(Self.overall, score) }
      for (dimension, score) in assessment.dimensionScores { gather(dimension, score) }
    }
    for (measure, gathered) in scores {
      var histogram = SparseHistogram(sumMicros: gathered.sum)
      var run = (bin: -1, count: 0)
      for bin in gathered.bins.sorted() {
        if bin == run.bin {
          run.count += 1
        } else {
          if run.count > 0 { histogram.bins[run.bin] = run.count }
          run = (bin, 1)
        }
      }
      if run.count > 0 { histogram.bins[run.bin] = run.count }
      measures[measure] = histogram
    }
  }

  mutating func add(_ assessment: CountedAssessment, sign: Int) {
    count += sign
    if let level = assessment.overallLevel, (0...Int(UInt16.max)).contains(level) {
      levels[level, default: 0] += sign
    }
    if let score = assessment.overallScore { measures[Self.overall, default: SparseHistogram()].add(score, sign: sign) }
    for (dimension, score) in assessment.dimensionScores {
      measures[dimension, default: SparseHistogram()].add(score, sign: sign)
    }
  }

  /// Adds one business's record; its dimensions are named by their positions ("0", "1", …).
  mutating func add(_ record: StatisticsRecord) {
    count += 1
    if let level = record.overallLevel, (0...Int(UInt16.max)).contains(level) { levels[level, default: 0] += 1 }
    if let score = record.overallScore { measures[Self.overall, default: SparseHistogram()].add(score, sign: 1) }
    for (position, score) in record.dimensionScores.enumerated() {
      if let score { measures[String(position), default: SparseHistogram()].add(score, sign: 1) }
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
  public var bins: [Int: Int] = [:]
  public var sumMicros: Int64 = 0

  public init(bins: [Int: Int] = [:], sumMicros: Int64 = 0) {
    self.bins = bins
    self.sumMicros = sumMicros
  }

  var isEmpty: Bool { bins.isEmpty && sumMicros == 0 }

  mutating func add(_ score: Double, sign: Int) {
    let bin = ScoreGrid.bin(score)
    let total = bins[bin, default: 0] + sign
    bins[bin] = total == 0 ? nil : total
    sumMicros += Int64(sign) * ScoreGrid.micros(score)
  }

  mutating func merge(_ other: SparseHistogram) {
    for (bin, n) in other.bins {
      let total = bins[bin, default: 0] + n
      bins[bin] = total == 0 ? nil : total
    }
    sumMicros += other.sumMicros
  }
}
