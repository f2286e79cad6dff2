import Testing

@testable import DXReadyCore

@Suite("File paths as text")
struct FilePathTests {
  @Test("the folder of a path, one-character names included (Foundation traps on them on Linux)")
  func folder() {
    for (path, folder) in [
      ("k", ""), ("d", ""), ("a/b", "a"), ("/a", "/"), ("/", "/"), ("a/b/", "a"), ("./k", "."),
      ("/var//lib/x.sqlite", "/var//lib"), ("x//y", "x"), ("", ""),
    ] {
      #expect(FilePath.folder(of: path) == folder, "\(path)")
    }
  }
}
