import Foundation

/// File paths kept in one buffer: a folder of a million answers files costs about 40 MB here,
/// where a million separate strings (and the listing they were made from) cost well over
/// 100 MB, which `import` would then hold for its whole run.
struct PathList: Sendable {
  private var bytes: [UInt8] = []
  private var ends: [Int] = []

  var count: Int { ends.count }
  var isEmpty: Bool { ends.isEmpty }

  subscript(index: Int) -> String {
    let start = index == 0 ? 0 : ends[index - 1]
    return String(decoding: bytes[start..<ends[index]], as: UTF8.self)
  }

  mutating func append(_ path: String) {
    bytes += path.utf8
    ends.append(bytes.count)
  }

  /// Appends the files in `folder` whose names end with one of `suffixes`, in name order (the
  /// order of their UTF-8 bytes), each as `folder/name`; whether the folder could be
  /// read (`false`: nothing appended).
  mutating func appendFiles(in folder: String, endingWith suffixes: [String]) -> Bool {
    guard let directory = opendir(folder) else { return false }
    defer { closedir(directory) }
    let endings = suffixes.map { Array($0.utf8) }
    var names: [UInt8] = []
    var spans: [Range<Int>] = []
    while let entry = readdir(directory) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
        Array(raw.prefix(while: { $0 != 0 }))
      }
      guard endings.contains(where: { name.count >= $0.count && name.suffix($0.count).elementsEqual($0) }) else {
        continue
      }
      spans.append(names.count..<names.count + name.count)
      names += name
    }
    spans.sort { names[$0].lexicographicallyPrecedes(names[$1]) }
    let prefix = Array(folder.utf8) + (folder.hasSuffix("/") ? [] : [UInt8(ascii: "/")])
    bytes.reserveCapacity(bytes.count + names.count + spans.count * prefix.count)
    ends.reserveCapacity(ends.count + spans.count)
    for span in spans {
      bytes += prefix
      bytes += names[span]
      ends.append(bytes.count)
    }
    return true
  }
}
