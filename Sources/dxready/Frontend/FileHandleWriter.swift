import Foundation

enum FileHandleWriter {
  static func writeToStandardError(_ string: String) {
    FileHandle.standardError.write(Data(string.utf8))
  }
}

/// Reads a whole text file, or fails with a message naming it.
func readTextFile(_ path: String) throws -> String {
  let descriptor = open(path, O_RDONLY)
  guard descriptor >= 0 else {
    switch errno {
    case ENOENT, ENOTDIR: throw CommandFailure("\(path): no such file")
    case EACCES: throw CommandFailure("\(path): cannot be read (check its permissions)")
    default: throw CommandFailure("\(path): cannot be read (\(String(cString: strerror(errno))))")
    }
  }
  defer { close(descriptor) }
  var status = stat()
  guard fstat(descriptor, &status) == 0 else { throw CommandFailure("\(path): cannot be read") }
  if (status.st_mode & S_IFMT) == S_IFDIR { throw CommandFailure("\(path): is a folder, not a file") }
  // Read straight into a buffer of the file's size (growing only if the file grows meanwhile).
  var bytes = [UInt8](repeating: 0, count: Int(status.st_size) + 1)
  var filled = 0
  while true {
    if filled == bytes.count { bytes.append(contentsOf: repeatElement(0, count: bytes.count)) }
    let count = bytes.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + filled, $0.count - filled) }
    if count < 0 { throw CommandFailure("\(path): cannot be read (\(String(cString: strerror(errno))))") }
    if count == 0 { break }
    filled += count
  }
  bytes.removeLast(bytes.count - filled)
  guard let text = String(validating: bytes, as: UTF8.self) else {
    throw CommandFailure("\(path): is not UTF-8 text")
  }
  return text
}
