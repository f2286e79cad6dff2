import DXReadyCore
import DXReadyTUI
import Foundation

// Benchmark of the terminal screens' models: handling one key and redrawing the whole screen
// into the in-memory terminal, as `dxready take` (and `dxready review`) do for every key press.
// Usage: dxready-tui-bench [QUESTIONNAIRES_DIR] [KEYS]          (see Benchmarks/take.sh)
//        dxready-tui-bench QUESTIONNAIRES_DIR review [ROWS]     (see Benchmarks/review.sh)

let folder = CommandLine.arguments.count > 1 ? CommandLine.arguments[1] : "Questionnaires"
let reviewMode = CommandLine.arguments.count > 2 && CommandLine.arguments[2] == "review"
let keys =
  reviewMode ? 0 : CommandLine.arguments.count > 2 ? Int(CommandLine.arguments[2]) ?? 20000 : 20000

func text(_ path: String) -> String {
  guard let data = FileManager.default.contents(atPath: "\(folder)/\(path)") else {
    FileHandle.standardError.write(Data("dxready-tui-bench: cannot read \(folder)/\(path)\n".utf8))
    exit(2)
  }
  return String(decoding: data, as: UTF8.self)
}

let questionnaire = QuestionnaireLoader.load(text("enterprise-dx.yaml"), file: "enterprise-dx.yaml").questionnaire!
var localities: LocalityList?
var vsic: VSIC?
for name in ["quang-ninh.yaml", "vsic.yaml"] {
  switch ReferenceLoader.load(text("reference/\(name)"), file: name).loaded {
  case .localities(let list)?: localities = list
  case .vsic(let sections)?: vsic = sections
  case nil: break
  }
}
let reference = ReferenceData(localities: localities!, vsic: vsic!)

if reviewMode {
  // The review queue with ROWS assessments: typing a search, one key at a time, then clearing
  // it, each key handled and the queue redrawn at 80×24.
  let count = CommandLine.arguments.count > 3 ? Int(CommandLine.arguments[3]) ?? 100_000 : 100_000
  let names = ["Công ty TNHH Thương mại", "Hợp tác xã Nông nghiệp", "Hộ kinh doanh", "Công ty Cổ phần Du lịch"]
  let places = localities!.current.map(\.id)
  func queueRow(_ index: Int) -> ReviewQueueRow {
    let id = AssessmentID(String(format: "%08x-0000-4000-8000-000000000000", index))!
    let name: String = names[index % 4] + " Số " + String(index)
    let state: ReviewState = index % 3 == 0 ? .inReview : .submitted
    return ReviewQueueRow(
      id: id, taxCode: String(format: "57%08d", index), businessName: name, questionnaireID: "enterprise-dx",
      locality: places[index % places.count], vsicVersion: 2025, section: "G", sizeClass: .small,
      submittedAt: "2026-11-30T02:00:00.000Z", overallScore: Double(index % 100), overallLevel: index % 6,
      weakestDimension: "data", state: state, reviewer: nil)
  }
  let rows = (0..<count).map(queueRow)
  var model = ReviewModel(reference: reference, questionnaires: [questionnaire], language: .vi)
  let loaded = DispatchTime.now().uptimeNanoseconds
  _ = model.update(.queueLoaded(rows, complete: true))
  let terminal = MemoryTerminal(width: 80, height: 24)
  terminal.draw(model.render(width: 80, height: 24))
  let first = DispatchTime.now().uptimeNanoseconds - loaded
  var typed: [Key] = []
  for character in "hop tac 12" { typed.append(character == " " ? .space : .character(character)) }
  let script: [Key] = typed + Array(repeating: Key.backspace, count: typed.count)
  var times: [UInt64] = []
  for _ in 0..<5 {
    for key in script {
      let start = DispatchTime.now().uptimeNanoseconds
      _ = model.update(.key(key))
      terminal.draw(model.render(width: 80, height: 24))
      times.append(DispatchTime.now().uptimeNanoseconds - start)
    }
  }
  times.sort()
  func ms(_ nanoseconds: UInt64) -> String { String(format: "%.1f ms", Double(nanoseconds) / 1_000_000) }
  print("review queue of \(count) rows, 80×24, Vietnamese")
  print("rows given to the model and the first screen drawn: \(ms(first))")
  print(
    "search key + filter + render + draw (\(times.count) keys): median \(ms(times[times.count / 2])), worst \(ms(times.last!))"
  )
  exit(0)
}
let catalog = ServiceCatalogLoader.load(text("services.yaml"), file: "services.yaml", questionnaires: [questionnaire])
  .catalog

var model = TakeModel(questionnaire: questionnaire, reference: reference, catalog: catalog, language: .vi)
let terminal = MemoryTerminal(width: 80, height: 24)
@MainActor func press(_ key: Key) { _ = model.handle(key) }
press(.enter)  // past the introduction
for character in "0100109106" { press(.character(character)) }
press(.enter)
press(.down)  // past the legal form
for character in "Công ty Thử nghiệm" { press(character == " " ? .space : .character(character)) }
press(.enter)
for key: Key in [.enter, .character("h"), .character("a"), .enter, .enter, .character("g"), .enter] { press(key) }
for key: Key in [.character("1"), .character("2"), .enter, .enter, .enter, .enter] { press(key) }
guard model.phase == .questions else {
  print("dxready-tui-bench: the scripted profile did not reach the questions (phase \(model.phase))")
  exit(1)
}

// Moving through the choices of a question, the most common key; every 50th key answers it.
var times: [UInt64] = []
times.reserveCapacity(keys)
for index in 0..<keys {
  let key: Key = index % 50 == 49 ? .character("1") : (index % 2 == 0 ? .down : .up)
  let start = DispatchTime.now().uptimeNanoseconds
  _ = model.handle(key)
  terminal.draw(model.render(width: 80, height: 24))
  times.append(DispatchTime.now().uptimeNanoseconds - start)
  if model.phase != .questions { press(.escape) }
}
times.sort()
func ms(_ nanoseconds: UInt64) -> String { String(format: "%.3f ms", Double(nanoseconds) / 1_000_000) }
print("keys: \(keys), screen 80×24, enterprise-dx in Vietnamese")
print(
  "handle + render + draw: median \(ms(times[times.count / 2])), p99 \(ms(times[times.count * 99 / 100])), worst \(ms(times.last!))"
)
