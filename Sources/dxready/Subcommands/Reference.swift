import ArgumentParser
import DXReadyCore
import DXReadyReports

struct Reference: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "reference",
    abstract: "Show the reference lists a business profile is checked against.",
    discussion: helpText(
      """
      Examples:
        dxready reference localities
        dxready reference localities --former
        dxready reference vsic --version 2025 --lang en
      """),
    subcommands: [Localities.self, Sections.self]
  )

  struct Localities: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "localities", abstract: "The province's localities (ids for `profile.locality`).",
      discussion: helpText(
        """
        Each current unit: its code in the national list (Decision 19/2025/QĐ-TTg), id, type, name,
        and in brackets the former district-level unit it mainly lies in, then any other former
        units that gave it part of their area.

        Example:
          dxready reference localities --former
        """))

    @Flag(help: "The former district-level units (before 1 July 2025) instead of the current ones.")
    var former = false

    @OptionGroup var folder: QuestionnaireFolderOption

    func run() throws {
      try reportingFailures {
        let list = try folder.catalog().referenceData().localities
        print(ReferenceViews.localities(former ? list.former : list.current), terminator: "")
      }
    }
  }

  struct Sections: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "vsic", abstract: "VSIC sections (for `profile.industry.section`).",
      discussion: "Example:\n  dxready reference vsic --version 2018")

    @Option(help: "The VSIC version: 2018 or 2025.")
    var version = 2018

    @Option(help: "The language of names: vi or en.")
    var lang: Language = .vi

    @OptionGroup var folder: QuestionnaireFolderOption

    func run() throws {
      try reportingFailures {
        let vsic = try folder.catalog().referenceData().vsic
        guard let sections = vsic.versions[version] else {
          throw CommandFailure(
            "unknown VSIC version \(version); known: \(vsic.versions.keys.sorted().map(String.init).joined(separator: ", "))"
          )
        }
        print(ReferenceViews.sections(sections, lang), terminator: "")
      }
    }
  }
}
