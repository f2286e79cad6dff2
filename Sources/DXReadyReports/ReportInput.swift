import DXReadyCore
import Foundation

/// Everything a business report is made from, gathered by the caller (the executable reads the
/// store): the assessment as stored, the questionnaire text it was given with, its review, the
/// business's earlier assessments, and its peers as the maintained statistics publish them.
public struct ReportInput: Sendable {
  /// An earlier assessment of the same business with the same questionnaire.
  public struct Earlier: Sendable, Hashable {
    public var submittedAt: Date
    public var overall: Double?
    public var dimensions: [DimensionID: Double]

    public init(submittedAt: Date, overall: Double?, dimensions: [DimensionID: Double]) {
      self.submittedAt = submittedAt
      self.overall = overall
      self.dimensions = dimensions
    }
  }

  /// Businesses of the same sector and size class, as `dxready stats --by sector --by size`
  /// publishes them (disclosure-controlled: never from fewer than the minimum cell).
  public struct Peers: Sendable, Hashable {
    /// The published count; `nil` when the cell is suppressed (fewer than the minimum).
    public var count: Int?
    public var overall: Double?
    public var dimensions: [DimensionID: Double]
    public var minimum: Int

    public init(count: Int?, overall: Double?, dimensions: [DimensionID: Double], minimum: Int) {
      self.count = count
      self.overall = overall
      self.dimensions = dimensions
      self.minimum = minimum
    }
  }

  public var stored: StoredAssessment
  public var questionnaire: Questionnaire
  public var review: ReviewRecord
  public var catalog: ServiceCatalog
  public var reference: ReferenceData
  /// The latest earlier assessment, if any.
  public var previous: Earlier?
  /// `nil` when the business has no sector or size class to compare with.
  public var peers: Peers?
  public var language: Language
  /// When the report is made; written on it so that it can be reproduced.
  public var generatedAt: Date

  public init(
    stored: StoredAssessment, questionnaire: Questionnaire, review: ReviewRecord, catalog: ServiceCatalog,
    reference: ReferenceData, previous: Earlier?, peers: Peers?, language: Language, generatedAt: Date
  ) {
    self.stored = stored
    self.questionnaire = questionnaire
    self.review = review
    self.catalog = catalog
    self.reference = reference
    self.previous = previous
    self.peers = peers
    self.language = language
    self.generatedAt = generatedAt
  }
}
