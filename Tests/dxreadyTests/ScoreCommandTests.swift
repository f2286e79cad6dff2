import Foundation
import Testing

@Suite("dxready score, run as a binary")
struct ScoreCommandTests {
  @Test("the JSON output carries the documented fields")
  func json() throws {
    let run = try Binary.run([
      "score", "--answers", "Questionnaires/examples/enterprise-dx-retail.yaml", "--format", "json",
    ])
    #expect(run.status == 0, "\(run.stderr)")
    let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
    #expect(object["schema"] as? String == "dxready.result/1")
    let overall = try #require(object["overall"] as? [String: Any])
    #expect(overall["score"] as? Double == 38.4)
    #expect(overall["level"] as? Int == 2)
    let questionnaire = try #require(object["questionnaire"] as? [String: Any])
    #expect(questionnaire["id"] as? String == "enterprise-dx")
    #expect(questionnaire["version"] as? String == "1.2.0")
    #expect((questionnaire["hash"] as? String)?.hasPrefix("sha256:") == true)
    let dimensions = try #require(object["dimensions"] as? [[String: Any]])
    #expect(
      dimensions.map { $0["id"] as? String } == [
        "customer", "strategy", "infrastructure", "operations", "people", "data",
      ])
    for dimension in dimensions {
      #expect(dimension["score"] is Double)
      #expect(dimension["level"] is Int)
      #expect(dimension["coverage"] is Double)
    }
    #expect(object["weakest_dimension"] as? String == "data")
    #expect(object["scoring_method"] as? String == "dxready-scoring/1")
  }

  @Test("JSON answers files and --explain in English")
  func explainEnglish() throws {
    let run = try Binary.run([
      "score", "--answers", "Questionnaires/examples/enterprise-dx-services.json", "--explain", "--lang", "en",
    ])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout.contains("Overall score: 82.0 / 100 — Level 4 Advanced"))
    #expect(run.stdout.contains("op_stock"))
    #expect(run.stdout.contains("not applicable"))
    #expect(run.stdout.contains("“not applicable” answers are left out of both sums"))
  }

  @Test("the digital-intensity example prints a count")
  func count() throws {
    let run = try Binary.run(["score", "--answers", "Questionnaires/examples/digital-intensity-retail.yaml"])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout.contains("Tổng điểm: 5 trên 12 — Mức 1 Thấp"))
  }

  @Test(
    "bad answers exit 2 with a message naming the file, the question and the problem",
    arguments: [
      ("cx_cashless: perhaps", "answers.yaml:3:3: error: answer to `cx_cashless`: `perhaps` is not an option"),
      ("no_such_question: yes", "answers.yaml:3:3: error: `no_such_question` is not a question of enterprise-dx@1.0.0"),
      (
        "pe_digital_staff: 1000001",
        "answers.yaml:3:3: error: answer to `pe_digital_staff`: 1000001 is above the largest allowed value 100000"
      ),
      (
        "st_kpi: yes",
        "answers.yaml:3:3: error: `st_kpi` is not asked because its condition `st_plan >= partial` is false"
      ),
      ("cx_cashless: [yes", "answers.yaml:4:1: error: not valid YAML"),
    ])
  func badAnswers(line: String, expected: String) throws {
    let folder = try Binary.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let file = folder.appendingPathComponent("answers.yaml")
    try "questionnaire: enterprise-dx@1.0.0\nanswers:\n  \(line)\n".write(to: file, atomically: true, encoding: .utf8)
    let run = try Binary.run(
      [
        "score", "--answers", "answers.yaml", "--questionnaires",
        Binary.package.appendingPathComponent("Questionnaires").path,
      ], in: folder)
    #expect(run.status == 2)
    #expect(run.stderr.contains(expected), "\(run.stderr)")
    #expect(!run.stderr.contains("Fatal error"))
    #expect(run.stdout.isEmpty)
  }

  @Test("another questionnaire version, and a missing file, exit 2")
  func versionAndMissing() throws {
    let folder = try Binary.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    try "questionnaire: enterprise-dx@0.9.0\nanswers: {}\n".write(
      to: folder.appendingPathComponent("old.yaml"), atomically: true, encoding: .utf8)
    let env = ["DXREADY_QUESTIONNAIRES": Binary.package.appendingPathComponent("Questionnaires").path]
    let old = try Binary.run(["score", "--answers", "old.yaml"], in: folder, environment: env)
    #expect(old.status == 2)
    #expect(old.stderr.contains("old.yaml:1:16: error: questionnaire enterprise-dx@0.9.0 is not in"))
    let missing = try Binary.run(["score", "--answers", "nothing.yaml"], in: folder, environment: env)
    #expect(missing.status == 2)
    #expect(missing.stderr == "nothing.yaml: no such file\n")
  }

  @Test("no questionnaire folder anywhere gives a clear message")
  func noFolder() throws {
    let folder = try Binary.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let run = try Binary.run(["questionnaire", "list", "--questionnaires", "missing"], in: folder)
    #expect(run.status == 2)
    #expect(run.stderr.contains("missing (from --questionnaires): no such folder"))
  }

  @Test("score refuses an assessment id that is not a UUID, as import does, at its line")
  func assessmentID() throws {
    let folder = try Binary.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    try "questionnaire: digital-intensity@1.0.0\nassessment: not-a-uuid\nanswers: {}\n".write(
      to: folder.appendingPathComponent("a.yaml"), atomically: true, encoding: .utf8)
    let env = ["DXREADY_QUESTIONNAIRES": Binary.package.appendingPathComponent("Questionnaires").path]
    let run = try Binary.run(["score", "--answers", "a.yaml"], in: folder, environment: env)
    #expect(run.status == 2)
    #expect(run.stderr.contains("a.yaml:2:13: error: `assessment: not-a-uuid` is not a UUID"))
  }

  @Test("a file with a thousand unknown questions lists a hundred problems and counts the rest")
  func capped() throws {
    let folder = try Binary.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let lines = (0..<1000).map { "  q\($0): yes" }.joined(separator: "\n")
    try "questionnaire: digital-intensity@1.0.0\nanswers:\n\(lines)\n".write(
      to: folder.appendingPathComponent("a.yaml"), atomically: true, encoding: .utf8)
    let env = ["DXREADY_QUESTIONNAIRES": Binary.package.appendingPathComponent("Questionnaires").path]
    let run = try Binary.run(["score", "--answers", "a.yaml"], in: folder, environment: env)
    #expect(run.status == 2)
    let printed = run.stderr.split(separator: "\n")
    #expect(printed.count == 101, "1,000 unknown questions and the required ones unanswered")
    #expect(printed.last?.hasPrefix("… and 901 more problem(s)") == true, "\(printed.last ?? "")")
  }

  @Test("score checks a profile as import does: the same file is refused by both, at the same lines")
  func profileChecked() throws {
    let folder = try Binary.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    try
      "questionnaire: digital-intensity@1.0.0\nprofile: {name: A, tax_code: \"57001\", locality: atlantis}\nanswers: {}\n"
      .write(to: folder.appendingPathComponent("a.yaml"), atomically: true, encoding: .utf8)
    var env = Binary.storeEnvironment(folder)
    env["DXREADY_QUESTIONNAIRES"] = Binary.package.appendingPathComponent("Questionnaires").path
    let score = try Binary.run(["score", "--answers", "a.yaml"], in: folder, environment: env)
    let imported = try Binary.run(["import", "a.yaml"], in: folder, environment: env)
    #expect(score.status == 2 && imported.status == 2)
    for problem in ["a.yaml:2:30: error: profile.tax_code", "a.yaml:2:49: error: profile.locality"] {
      #expect(score.stderr.contains(problem) && imported.stderr.contains(problem), "\(problem)")
    }
  }
}
