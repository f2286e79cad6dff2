/// The maintained cells of one slot as read from a store (or records turned into cells): each
/// cell's groups and number of businesses, and the cells' stored forms one after another in one
/// buffer. Reading them needs neither the questionnaire nor the reference lists, so a command
/// can read them while it loads those.
public struct StoredCells: Sendable {
  struct Entry: Sendable {
    var groups: StatisticsGroups
    var range: Range<Int>
    var count: Int
  }

  var bytes: [UInt8] = []
  var entries: [Entry] = []
  /// The secret of the database the cells come from, for the published figures' noise.
  public var key: NoiseKey

  /// No cells yet, for a database with this noise key.
  public init(key: NoiseKey) { self.key = key }

  /// The number of cells.
  public var count: Int { entries.count }

  /// Adds a cell in its stored form (``CellAggregate/encoded()``). Returns `false` when the
  /// bytes are not a stored cell.
  public mutating func add(storedCell stored: UnsafeRawBufferPointer, groups: StatisticsGroups) -> Bool {
    guard let count = CellAggregate.validatedCount(stored) else { return false }
    let range = bytes.count..<bytes.count + stored.count
    bytes.append(contentsOf: stored)
    entries.append(Entry(groups: groups, range: range, count: count))
    return true
  }

  /// Adds one business's record as a cell of its own; its dimensions are named by their
  /// positions ("0", "1", …), which ``StatisticsBuilder/build(_:groupings:reference:quarterly:minCell:levels:dimensions:)``
  /// passes on as the dimensions' names.
  public mutating func add(_ record: StatisticsRecord, quarterly: Bool) {
    var cell = CellAggregate()
    cell.add(record)
    _ = cell.encoded().withUnsafeBytes { add(storedCell: $0, groups: record.groups(quarterly: quarterly)) }
  }
}
