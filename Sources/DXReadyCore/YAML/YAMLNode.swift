/// A YAML document as a tree of scalars, lists and mappings, each knowing where it starts.
///
/// Built directly from libyaml's events (``YAMLParser``): light enough to read thousands of
/// answers files a second, with the line and column of everything for messages.
enum YAMLNode: Sendable {
  case scalar(YAMLScalar)
  case sequence([YAMLNode], YAMLMark)
  case mapping(YAMLMapping)

  var mark: YAMLMark {
    switch self {
    case .scalar(let scalar): scalar.mark
    case .sequence(_, let mark): mark
    case .mapping(let mapping): mapping.mark
    }
  }

  var scalar: YAMLScalar? {
    if case .scalar(let scalar) = self { return scalar }
    return nil
  }

  var sequence: [YAMLNode]? {
    if case .sequence(let items, _) = self { return items }
    return nil
  }

  var mapping: YAMLMapping? {
    if case .mapping(let mapping) = self { return mapping }
    return nil
  }
}

/// Where a node starts: line and column from 1, columns counted in Unicode scalars.
struct YAMLMark: Sendable, Hashable {
  var line: Int
  var column: Int
}

/// A scalar and how it was written: a plain scalar may be a number, `true` or null; a quoted
/// one is always text.
struct YAMLScalar: Sendable {
  enum Style: Sendable {
    case plain
    case quoted
    /// `|` or `>` blocks.
    case block
  }

  var string: String
  var style: Style
  var mark: YAMLMark
}

/// A mapping's pairs in file order.
struct YAMLMapping: Sendable, Sequence {
  var pairs: [(key: YAMLNode, value: YAMLNode)]
  var mark: YAMLMark

  var count: Int { pairs.count }

  /// The value of the first pair whose key is the scalar `key`.
  subscript(key: String) -> YAMLNode? {
    pairs.first { $0.key.scalar?.string == key }?.value
  }

  func makeIterator() -> IndexingIterator<[(key: YAMLNode, value: YAMLNode)]> {
    pairs.makeIterator()
  }
}
