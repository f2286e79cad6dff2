import Foundation

enum FileHandleWriter {
  static func writeToStandardError(_ string: String) {
    FileHandle.standardError.write(Data(string.utf8))
  }
}

/// Reads a whole text file, or fails with a message naming it.
func readTextFile(_ path: String) throws -> String {
  var isDirectory: ObjCBool = false
  guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
    throw CommandFailure("\(path): no such file")
  }
  if isDirectory.boolValue { throw CommandFailure("\(path): is a folder, not a file") }
  guard let data = FileManager.default.contents(atPath: path) else {
    throw CommandFailure("\(path): cannot be read (check its permissions)")
  }
  guard let text = String(data: data, encoding: .utf8) else {
    throw CommandFailure("\(path): is not UTF-8 text")
  }
  return text
}
