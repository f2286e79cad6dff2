/// The keys of one mapping read so far, for the check that no key is given twice (every reader
/// of YAML and JSON text refuses a duplicate key).
///
/// The first few keys are compared one by one, as most mappings have a handful; beyond them a
/// set takes over, made once with room for a few dozen (an answers file's answers), so that it is
/// not rehashed again and again as it grows, and a mapping of thousands of keys stays linear.
struct SeenKeys {
  private var few: [String] = []
  private var many: Set<String> = []
  private static let compared = 8

  /// Adds `key`; `false` when it is there already.
  mutating func insert(_ key: String) -> Bool {
    if few.count < Self.compared {
      if few.contains(key) { return false }
      if few.isEmpty { few.reserveCapacity(Self.compared) }
      few.append(key)
      return true
    }
    if many.isEmpty {
      many.reserveCapacity(64)
      many.formUnion(few)
    }
    return many.insert(key).inserted
  }
}
