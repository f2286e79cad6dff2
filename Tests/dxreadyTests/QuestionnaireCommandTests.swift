import Foundation
import Testing

@Suite("dxready questionnaire, run as a binary")
struct QuestionnaireCommandTests {
  @Test("lint with no argument checks every questionnaire and exits 0")
  func lintAll() throws {
    let run = try Binary.run(["questionnaire", "lint"])
    #expect(run.status == 0)
    #expect(run.stdout.isEmpty)
    #expect(run.stderr.contains("9 file(s) checked: 0 error(s), 0 warning(s)"))
  }

  @Test("lint reports every problem as file:line:column and exits 1")
  func lintBroken() throws {
    let path = "Tests/DXReadyCoreTests/Fixtures/questionnaires/broken.yaml"
    let run = try Binary.run(["questionnaire", "lint", path])
    #expect(run.status == 1)
    let lines = run.stdout.split(separator: "\n")
    #expect(lines.count == 13)
    #expect(
      lines.first
        == "\(path):2:5: error: `Broken Id` is not a valid id: use lower-case letters, digits, `_` and `-`, starting with a letter"
    )
    #expect(lines.allSatisfy { $0.hasPrefix("\(path):") })
  }

  @Test("list and show")
  func listAndShow() throws {
    let list = try Binary.run(["questionnaire", "list", "--lang", "en"])
    #expect(list.status == 0)
    #expect(
      list.stdout.contains("enterprise-dx@1.0.0\t45 questions\tEnterprise digital transformation self-assessment"))
    #expect(list.stdout.contains("digital-intensity@1.0.0\t12 questions"))
    let show = try Binary.run(["questionnaire", "show", "digital-intensity", "--lang", "en"])
    #expect(show.status == 0)
    #expect(show.stdout.contains("Very high"))
    #expect(show.stdout.contains("12 questions: 12 yes_no"))
    let unknown = try Binary.run(["questionnaire", "show", "nope"])
    #expect(unknown.status == 2)
    #expect(unknown.stderr.contains("no questionnaire `nope`"))
  }

  @Test(
    "every command has help with an example",
    arguments: [["score"], ["questionnaire", "lint"], ["questionnaire", "list"], ["questionnaire", "show"]])
  func help(command: [String]) throws {
    let run = try Binary.run(command + ["--help"])
    #expect(run.status == 0)
    #expect(run.stdout.contains("Example"))
  }
}

@Suite("An installed dxready")
struct InstalledLayoutTests {
  @Test("finds its questionnaires in ../share/dxready beside the binary, from any folder")
  func besideBinary() throws {
    let prefix = try Binary.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: prefix) }
    let manager = FileManager.default
    try manager.createDirectory(at: prefix.appendingPathComponent("bin"), withIntermediateDirectories: true)
    try manager.createDirectory(at: prefix.appendingPathComponent("share/dxready"), withIntermediateDirectories: true)
    let installed = prefix.appendingPathComponent("bin/dxready")
    // A hard link where it can be made: copying the large debug binary while other tests run
    // processes has failed now and then (an interrupted copy).
    do {
      try manager.linkItem(at: Binary.url, to: installed)
    } catch {
      try manager.copyItem(at: Binary.url, to: installed)
    }
    try manager.copyItem(
      at: Binary.package.appendingPathComponent("Questionnaires"),
      to: prefix.appendingPathComponent("share/dxready/Questionnaires"))
    let elsewhere = try Binary.temporaryFolder()
    defer { try? manager.removeItem(at: elsewhere) }
    let run = try Binary.run(["questionnaire", "list"], in: elsewhere, executable: installed)
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout.contains("enterprise-dx@1.0.0"))
  }

  /// A copy of the project's questionnaire folder in a fresh folder, to change.
  static func folderCopy() throws -> URL {
    let folder = try Binary.temporaryFolder()
    try FileManager.default.removeItem(at: folder)
    try FileManager.default.copyItem(at: Binary.package.appendingPathComponent("Questionnaires"), to: folder)
    return folder
  }

  @Test(
    "versions side by side: a new assessment takes the newest; answers given with an older one are scored with it, and a stored one keeps its own text when the file is gone"
  )
  func versions() throws {
    let folder = try Self.folderCopy()
    defer { try? FileManager.default.removeItem(at: folder) }
    let env = Binary.storeEnvironment(folder)
    #expect(
      try Binary.run(["questionnaire", "show", "digital-intensity"]).stdout.contains("(digital-intensity@2.0.0)"))
    let listed = try Binary.run(["questionnaire", "list"]).stdout
    #expect(listed.contains("digital-intensity@1.0.0") && listed.contains("enterprise-dx@1.0.0"))
    // An answers file of 1.0.0, with its own indicators (ICT specialists, remote meetings).
    let old = folder.appendingPathComponent("old.yaml")
    try """
    questionnaire: digital-intensity@1.0.0
    consent: {notice: "2026-11", given_at: 2026-11-02}
    profile: {name: Công ty Cũ, tax_code: "0100109106", legal_form: enterprise}
    answers: {di_internet_staff: yes, di_ict_specialists: yes, di_fast_broadband: yes, di_remote_meetings: yes,
      di_website: no, di_social_media: no, di_ecommerce_1pct: no, di_b2c_web_sales: no, di_cloud: no, di_erp: no,
      di_crm: no, di_ai_analytics: no}
    """.write(to: old, atomically: true, encoding: .utf8)
    let score = try Binary.run(["score", "--answers", old.path, "--questionnaires", folder.path])
    #expect(score.stdout.contains("4 trên 12") && score.stdout.contains("digital-intensity@1.0.0"), "\(score.stderr)")
    #expect(try Binary.run(["import", old.path, "--questionnaires", folder.path], environment: env).status == 0)
    // The old file goes; the stored assessment is shown and re-scored from the text stored with it.
    try FileManager.default.removeItem(at: folder.appendingPathComponent("digital-intensity@1.0.0.yaml"))
    let id = try #require(
      (try JSONSerialization.jsonObject(
        with: Data(try Binary.run(["list", "--format", "json"], environment: env).stdout.utf8)) as? [[String: Any]])?
        .first?["id"] as? String)
    let shown = try Binary.run(["show", id, "--questionnaires", folder.path, "--lang", "en"], environment: env)
    #expect(shown.status == 0, "\(shown.stderr)")
    #expect(shown.stdout.contains("(digital-intensity@1.0.0)") && shown.stdout.contains("4 of 12"))
    #expect(
      try Binary.run(["recommend", id, "--questionnaires", folder.path], environment: env).status == 0,
      "the roadmap of an older version is still made")
  }

  @Test("one id@version in two files with different content: an error naming both, and neither is used")
  func sameVersionTwice() throws {
    let folder = try Self.folderCopy()
    defer { try? FileManager.default.removeItem(at: folder) }
    let original = folder.appendingPathComponent("digital-intensity.yaml")
    let text = try String(contentsOf: original, encoding: .utf8)
    try text.replacingOccurrences(of: "About 3 minutes.", with: "About 4 minutes.")
      .write(to: folder.appendingPathComponent("zz-copy.yaml"), atomically: true, encoding: .utf8)
    let lint = try Binary.run(["questionnaire", "lint", "--questionnaires", folder.path])
    #expect(lint.status == 1)
    #expect(
      lint.stdout.contains(
        "zz-copy.yaml:13:1: error: digital-intensity@2.0.0 is also defined in \(original.path) with different content"))
    #expect(lint.stdout.contains("zz-copy.yaml:13:1: warning: the file is named `zz-copy.yaml`"))
    let answers = Binary.package.appendingPathComponent("Questionnaires/examples/digital-intensity-retail.yaml").path
    let score = try Binary.run(["score", "--answers", answers, "--questionnaires", folder.path])
    #expect(score.status == 2)
    #expect(
      score.stderr.contains("is defined in \(original.path) and \(folder.path)/zz-copy.yaml with different content"))
  }

  @Test("lint says where a byte that is not UTF-8 stands; an unknown question type is the one problem reported")
  func encodingAndType() throws {
    let folder = try Binary.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let source = try String(
      contentsOf: Binary.package.appendingPathComponent("Questionnaires/digital-intensity.yaml"), encoding: .utf8)
    var bytes = Data(source.utf8)
    bytes.append(contentsOf: Array("x: caf".utf8) + [0xE9] + Array("\n".utf8))
    let latin1 = folder.appendingPathComponent("digital-intensity.yaml")
    try bytes.write(to: latin1)
    let lines = source.split(separator: "\n", omittingEmptySubsequences: false).count
    let lint = try Binary.run(["questionnaire", "lint", latin1.path])
    #expect(lint.status == 2)
    #expect(lint.stderr.contains("\(latin1.path):\(lines):7: error: the file is not UTF-8 text: byte 0xE9"))

    try source.replacingOccurrences(of: "type: yes_no", with: "type: slider")
      .write(to: latin1, atomically: true, encoding: .utf8)
    let typed = try Binary.run(["questionnaire", "lint", latin1.path])
    #expect(typed.status == 1)
    let problems = typed.stdout.split(separator: "\n")
    #expect(problems.count == 12, "one problem per question: \(problems.prefix(3))")
    #expect(problems.allSatisfy { $0.contains("unknown question type `slider`") })
  }

  @Test("a broken reference list shows its problems where it is used")
  func brokenReference() throws {
    let folder = try Self.folderCopy()
    defer { try? FileManager.default.removeItem(at: folder) }
    let list = folder.appendingPathComponent("reference/quang-ninh.yaml")
    let text = try String(contentsOf: list, encoding: .utf8)
    let first = try #require(text.range(of: "id: ha-long"))
    try text.replacingCharacters(in: first, with: "id: Ha Long!").write(to: list, atomically: true, encoding: .utf8)
    let answers = Binary.package.appendingPathComponent("Questionnaires/examples/enterprise-dx-retail.yaml").path
    let run = try Binary.run(["import", answers, "--check", "--questionnaires", folder.path])
    #expect(run.status == 2)
    #expect(run.stderr.contains("\(list.path) cannot be used: 1 error(s)"))
    #expect(run.stderr.contains("\(list.path):"), "the problem with its line")
    #expect(run.stderr.contains("`Ha Long!` is not a valid id"))
  }

  @Test("command-line mistakes exit 2, like every other bad input")
  func usageStatus() throws {
    for arguments in [["list", "--format", "nope"], ["nosuch"], ["show"], ["stats", "--min-cell", "x"]] {
      let run = try Binary.run(arguments)
      #expect(run.status == 2, "\(arguments): \(run.status)")
      #expect(run.stderr.contains("Error:"))
    }
  }
}
