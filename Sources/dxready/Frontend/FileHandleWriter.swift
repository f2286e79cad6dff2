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
    let (line, column, byte) = firstInvalidUTF8(bytes)
    throw CommandFailure(
      "\(path):\(line):\(column): error: the file is not UTF-8 text: byte 0x\(String(byte, radix: 16, uppercase: true)) here is not UTF-8; save the file as UTF-8"
    )
  }
  return text
}

/// Where the first byte that is not valid UTF-8 stands: line and column (in characters, from
/// 1), and the byte.
func firstInvalidUTF8(_ bytes: [UInt8]) -> (line: Int, column: Int, byte: UInt8) {
  var line = 1
  var column = 1
  var index = 0
  while index < bytes.count {
    let byte = bytes[index]
    let length: Int
    switch byte {
    case 0x00...0x7F: length = 1
    case 0xC2...0xDF: length = 2
    case 0xE0...0xEF: length = 3
    case 0xF0...0xF4: length = 4
    default: return (line, column, byte)
    }
    guard index + length <= bytes.count,
      String(validating: bytes[index..<(index + length)], as: UTF8.self) != nil
    else { return (line, column, byte) }
    if byte == 0x0A {
      line += 1
      column = 1
    } else {
      column += 1
    }
    index += length
  }
  return (line, column, 0)
}
