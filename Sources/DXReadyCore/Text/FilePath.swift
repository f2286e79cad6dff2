/// File paths as text, without Foundation's `NSString` path methods: on Linux,
/// `deletingLastPathComponent` traps on a one-character path (`--database d`, `--key k`).
public enum FilePath {
  /// The folder part of `path`: `a/b` → `a`, `/a` → `/`, `a` → `` (the current folder).
  public static func folder(of path: String) -> String {
    var text = Substring(path)
    while text.count > 1, text.hasSuffix("/") { text = text.dropLast() }
    guard let slash = text.lastIndex(of: "/") else { return "" }
    var folder = text[..<slash]
    while folder.count > 1, folder.hasSuffix("/") { folder = folder.dropLast() }
    return folder.isEmpty ? "/" : String(folder)
  }
}
