import Foundation
import Testing

@Suite("dxready questionnaire, run as a binary")
struct QuestionnaireCommandTests {
  @Test("lint with no argument checks every questionnaire and exits 0")
  func lintAll() throws {
    let run = try Binary.run(["questionnaire", "lint"])
    #expect(run.status == 0)
    #expect(run.stdout.isEmpty)
    #expect(run.stderr.contains("5 file(s) checked: 0 error(s), 0 warning(s)"))
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
}
