import Foundation

/// Prints an HTML page to PDF with a headless Chromium or Chrome: the page's own print CSS
/// (A4, margins) decides the layout; no header or footer is added.
public struct PDFPrinter {
  public var browser: String

  public init(browser: String) { self.browser = browser }

  /// The names a Chromium or Chrome goes by.
  public static let names = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome"]

  /// The first of ``names`` in the folders of a `PATH`.
  public static func onPath(_ path: String) -> String? {
    for directory in path.split(separator: ":") {
      for name in names {
        let candidate = "\(directory)/\(name)"
        if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
      }
    }
    return nil
  }

  public func print(html: String, to path: String) throws(ReportProblem) {
    let work = FileManager.default.temporaryDirectory.appendingPathComponent("dxready-report-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: work) }
    let target = URL(fileURLWithPath: path).standardizedFileURL
    let process = Process()
    let errors = Pipe()
    do {
      try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
      let page = work.appendingPathComponent("report.html")
      try Data(html.utf8).write(to: page)
      process.executableURL = URL(fileURLWithPath: browser)
      var arguments = [
        "--headless", "--disable-gpu", "--no-pdf-header-footer", "--user-data-dir=\(work.path)/profile",
        "--print-to-pdf=\(target.path)", page.absoluteString,
      ]
      // Chromium will not start as root without this; a report is a local file with no script.
      if geteuid() == 0 { arguments.insert("--no-sandbox", at: 0) }
      process.arguments = arguments
      process.standardError = errors
      process.standardOutput = FileHandle.nullDevice
      try process.run()
    } catch {
      throw ReportProblem("\(browser) could not be started to print the PDF: \(error.localizedDescription)")
    }
    let said = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0, FileManager.default.fileExists(atPath: target.path) else {
      throw ReportProblem(
        "\(browser) could not print the PDF (exit \(process.terminationStatus)): \(String(decoding: said, as: UTF8.self).suffix(400))"
      )
    }
  }
}
