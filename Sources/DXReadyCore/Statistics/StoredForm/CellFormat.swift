// The stored form of a statistics cell: the bytes a store keeps for each cell (`stat_cell.data`
// on SQLite, `stat_cell.data` as `bytea` on PostgreSQL) and the only code that reads or writes
// them. The core owns it as it owns YAML and JSON reading: a format with a specification,
// decoded with bounds checks, never trusted.
//
// Format 2 (written now), one byte then unsigned LEB128 integers; "signed" ones are zigzag
// encoded (0, -1, 1, -2, … as 0, 1, 2, 3, …):
//
//     format      1 byte, 2
//     count       signed: the businesses in the cell
//     levels      unsigned n, then n × (level unsigned, count signed), levels ascending
//     measures    unsigned m, then m × measure, names ascending (the empty name, the overall
//                 score, first):
//       name      unsigned length, then that many bytes of UTF-8 (a dimension's id)
//       sum       signed: the sum of the scores, in millionths of a point
//       bins      unsigned b, then b × (gap unsigned, count signed): the bins of the score on
//                 the grid of tenths (0…1000), each as its distance from the previous bin
//
// Format 1 (schemas v2 and v3) had fixed-width little-endian integers in the same order; it is
// still decoded (``CellAggregate/init(decoding:)``) but no store holds it any more: migration v7
// made the cells anew. `StoredCells` accepts only bytes that ``CellAggregate/validatedCount(_:)``
// has checked whole, so the summing code (`accumulate`, `read`) never meets a malformed cell.

/// Reads variable-length integers (LEB128, at most 63 bits) — and, for stored format 1,
/// fixed-width ones — with bounds checks.
struct VarintCursor {
  let base: UnsafePointer<UInt8>
  let end: Int
  var offset: Int

  @inline(__always) mutating func varint() -> UInt64? {
    guard offset < end else { return nil }
    let first = base[offset]
    offset &+= 1
    if first < 0x80 { return UInt64(first) }
    var value = UInt64(first & 0x7F)
    var shift: UInt64 = 7
    while shift < 63, offset < end {
      let byte = base[offset]
      offset &+= 1
      value |= UInt64(byte & 0x7F) << shift
      if byte < 0x80 { return value }
      shift &+= 7
    }
    return nil
  }

  /// A little-endian fixed-width integer (stored format 1).
  mutating func fixed<T: FixedWidthInteger>(_: T.Type) -> T? {
    guard offset + MemoryLayout<T>.size <= end else { return nil }
    let value = UnsafeRawPointer(base + offset).loadUnaligned(as: T.self)
    offset += MemoryLayout<T>.size
    return T(littleEndian: value)
  }

  @inline(__always) mutating func unsigned(_ limit: Int) -> Int? {
    guard let value = varint(), value <= UInt64(limit) else { return nil }
    return Int(value)
  }

  @inline(__always) mutating func signed(_ limit: Int64) -> Int64? {
    guard let raw = varint() else { return nil }
    let value = Int64(bitPattern: raw >> 1) ^ -Int64(bitPattern: raw & 1)
    return abs(value) <= limit ? value : nil
  }
}

/// The positions of measures by their names in stored cells: 0 for the overall score (the
/// empty name), then the dimensions in order. A questionnaire has a handful of dimensions, so
/// comparing the bytes of each name beats making a string to look up.
struct MeasureNames: Sendable {
  private let names: [[UInt8]]

  /// `dimensions` in the questionnaire's order.
  init(dimensions: [String]) { names = dimensions.map { Array($0.utf8) } }

  /// The measure a stored name stands for; `nil` for a dimension the questionnaire does not have.
  func measure(_ name: UnsafeRawBufferPointer) -> Int? {
    if name.isEmpty { return 0 }
    for (position, known) in names.enumerated() where known.count == name.count {
      if known.withUnsafeBytes({ $0.elementsEqual(name) }) { return position + 1 }
    }
    return nil
  }
}

extension CellAggregate {
  /// The format byte of the stored form written now (2: variable-length integers). Format 1
  /// (fixed-width integers, up to schema v3) is still decoded, though no store keeps it now.
  static let format: UInt8 = 2

  /// A compact binary form for the store: the format byte, then variable-length integers
  /// (LEB128; counts and sums zigzag-signed) — the count, the levels (level, count), and each
  /// measure (name, sum in millionths, bins as (gap from the previous bin, count)). A cell of
  /// a few dozen businesses takes a few hundred bytes, so that it stays inside its database
  /// page.
  public func encoded() -> [UInt8] {
    var bytes: [UInt8] = [Self.format]
    func put(_ value: UInt64) {
      var rest = value
      while rest >= 0x80 {
        bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
        rest >>= 7
      }
      bytes.append(UInt8(rest))
    }
    func put(signed value: Int64) { put(UInt64(bitPattern: (value << 1) ^ (value >> 63))) }
    put(signed: Int64(count))
    put(UInt64(levels.count))
    for (level, n) in levels.sorted(by: { $0.key < $1.key }) {
      put(UInt64(max(0, level)))
      put(signed: Int64(n))
    }
    put(UInt64(measures.count))
    for (measure, histogram) in measures.sorted(by: { $0.key < $1.key }) {
      let utf8 = Array(measure.storedName.utf8)
      put(UInt64(utf8.count))
      bytes += utf8
      put(signed: histogram.sumMicros)
      put(UInt64(histogram.bins.count))
      var previous = 0
      for (bin, n) in histogram.bins.sorted(by: { $0.key < $1.key }) {
        put(UInt64(max(0, bin - previous)))
        put(signed: Int64(n))
        previous = bin
      }
    }
    return bytes
  }

  /// Reads the stored form (either format); `nil` when the bytes are not one.
  public init?(decoding bytes: UnsafeRawBufferPointer) {
    var aggregate = CellAggregate()
    var current: (measure: Measure, histogram: SparseHistogram)?
    func finish() { if let current { aggregate.measures[current.measure] = current.histogram } }
    let read = Self.read(
      bytes, count: { aggregate.count = $0 }, level: { aggregate.levels[$0] = $1 },
      measure: { name, sum in
        finish()
        current = (Measure(storedName: String(decoding: name, as: UTF8.self)), SparseHistogram(sumMicros: sum))
      },
      bin: { bin, n in current?.histogram.bins[bin] = n })
    guard read else { return nil }
    finish()
    self = aggregate
  }

  /// The number of businesses in a stored cell of the current format, after checking its
  /// whole structure as ``read(_:count:level:measure:bin:)`` does: `nil` when the bytes are
  /// not one. (A loop of its own: it runs on every cell `stats` reads.)
  static func validatedCount(_ bytes: UnsafeRawBufferPointer) -> Int? {
    guard bytes.first == format, let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else {
      return nil
    }
    var cursor = VarintCursor(base: base, end: bytes.count, offset: 1)
    let countLimit = Int64(Int32.max)
    guard let count = cursor.signed(countLimit), let levels = cursor.unsigned(Int(UInt16.max)) else { return nil }
    for _ in 0..<levels {
      guard cursor.unsigned(Int(UInt16.max)) != nil, cursor.signed(countLimit) != nil else { return nil }
    }
    guard let measures = cursor.unsigned(Int(UInt16.max)) else { return nil }
    for _ in 0..<measures {
      guard let length = cursor.unsigned(Int(UInt16.max)), cursor.offset + length <= cursor.end else { return nil }
      cursor.offset += length
      guard cursor.signed(Int64.max >> 1) != nil, let binCount = cursor.unsigned(ScoreGrid.binCount) else {
        return nil
      }
      var previous = 0
      for position in 0..<binCount {
        guard let gap = cursor.unsigned(ScoreGrid.binCount), position == 0 || gap > 0,
          previous + gap < ScoreGrid.binCount, cursor.signed(countLimit) != nil
        else { return nil }
        previous += gap
      }
    }
    return cursor.offset == cursor.end ? Int(count) : nil
  }

  /// Adds a stored cell, already checked by ``validatedCount(_:)``, into dense figures: level
  /// counts, and for each measure (0 the overall score, then the dimensions by `names`) its
  /// number of scores, their sum and its bins at `measure × ScoreGrid.binCount`, marking
  /// each bin it adds to in `occupied` (one bit per bin).
  static func accumulate(
    _ bytes: UnsafeRawBufferPointer, names: MeasureNames, levels: UnsafeMutableBufferPointer<Int>,
    scored: UnsafeMutableBufferPointer<Int>, sums: UnsafeMutableBufferPointer<Int64>,
    bins: UnsafeMutableBufferPointer<Int32>, occupied: UnsafeMutableBufferPointer<UInt64>
  ) {
    var offset = 1
    @inline(__always) func next() -> Int {
      var byte = bytes[offset]
      offset &+= 1
      if byte < 0x80 { return Int(byte) }
      var value = Int(byte & 0x7F)
      var shift = 7
      repeat {
        byte = bytes[offset]
        offset &+= 1
        value |= Int(byte & 0x7F) << shift
        shift &+= 7
      } while byte >= 0x80
      return value
    }
    @inline(__always) func nextSigned() -> Int {
      let raw = next()
      return Int(bitPattern: UInt(bitPattern: raw) >> 1) ^ -(raw & 1)
    }
    _ = next()  // the count
    for _ in 0..<next() {
      let level = next()
      let n = nextSigned()
      if level < levels.count { levels[level] &+= n }
    }
    for _ in 0..<next() {
      let length = next()
      let measure = names.measure(UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + length]))
      offset &+= length
      let sum = Int64(nextSigned())
      let binCount = next()
      guard let measure, measure < scored.count else {
        for _ in 0..<binCount {
          _ = next()
          _ = next()
        }
        continue
      }
      sums[measure] &+= sum
      let base = measure * ScoreGrid.binCount
      var bin = 0
      var total = 0
      for _ in 0..<binCount {
        bin &+= next()
        let n = nextSigned()
        if bin < ScoreGrid.binCount {
          let position = base &+ bin
          bins[position] &+= Int32(truncatingIfNeeded: n)
          occupied[position >> 6] |= 1 << UInt64(position & 63)
        }
        total &+= n
      }
      scored[measure] &+= total
    }
  }

  /// Walks the stored form (either format), calling back with each figure in order; `false`
  /// when the bytes are not a stored cell (what was called back before then is to be thrown
  /// away).
  @inline(__always)
  static func read(
    _ bytes: UnsafeRawBufferPointer, count: (Int) -> Void, level: (Int, Int) -> Void,
    measure: (UnsafeRawBufferPointer, Int64) -> Void, bin: (Int, Int) -> Void
  ) -> Bool {
    let compact = bytes.first == format
    guard compact || bytes.first == 1, let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else {
      return false
    }
    var cursor = VarintCursor(base: base, end: bytes.count, offset: 1)
    let (short, long) = (Int(UInt16.max), Int64.max >> 1)
    // A count or a small number in either format: variable-length, or fixed-width `T`.
    // (No closure over `T`: a metatype is not Sendable.)
    func number<T: FixedWidthInteger>(_: T.Type, upTo limit: Int) -> Int? {
      if compact { return cursor.unsigned(limit) }
      guard let value = cursor.fixed(T.self) else { return nil }
      return Int(value)
    }
    func signed<T: FixedWidthInteger>(_: T.Type, upTo limit: Int64) -> Int64? {
      if compact { return cursor.signed(limit) }
      guard let value = cursor.fixed(T.self) else { return nil }
      return Int64(value)
    }
    let countLimit = Int64(Int32.max)
    guard let n = signed(Int64.self, upTo: countLimit), let levelCount = number(UInt16.self, upTo: short) else {
      return false
    }
    count(Int(n))
    for _ in 0..<levelCount {
      guard let index = number(UInt16.self, upTo: short), let n = signed(Int32.self, upTo: countLimit) else {
        return false
      }
      level(index, Int(n))
    }
    guard let measureCount = number(UInt16.self, upTo: short) else { return false }
    for _ in 0..<measureCount {
      guard let length = number(UInt16.self, upTo: short), cursor.offset + length <= bytes.count else { return false }
      let name = UnsafeRawBufferPointer(rebasing: bytes[cursor.offset..<cursor.offset + length])
      cursor.offset += length
      guard let sum = signed(Int64.self, upTo: long), let binCount = number(UInt16.self, upTo: ScoreGrid.binCount)
      else { return false }
      measure(name, sum)
      var previous = 0
      for position in 0..<binCount {
        if compact {
          // Bins go up: each after the first is at least one above the one before.
          guard let gap = cursor.unsigned(ScoreGrid.binCount), position == 0 || gap > 0,
            previous + gap < ScoreGrid.binCount, let n = cursor.signed(countLimit)
          else { return false }
          previous += gap
          bin(previous, Int(n))
        } else {
          guard let index = cursor.fixed(UInt16.self), let n = cursor.fixed(Int32.self) else { return false }
          bin(Int(index), Int(n))
        }
      }
    }
    return cursor.offset == bytes.count
  }
}
