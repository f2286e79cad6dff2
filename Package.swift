// swift-tools-version: 6.1
import PackageDescription

let package = Package(
  name: "dxready",
  platforms: [.macOS(.v13)],
  products: [
    .executable(name: "dxready", targets: ["dxready"]),
    .library(name: "DXReadyCore", targets: ["DXReadyCore"]),
    .library(name: "DXReadyStore", targets: ["DXReadyStore"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
  ],
  targets: [
    .target(
      name: "DXReadyCore",
      dependencies: [
        "CLibyaml",
        .product(name: "Crypto", package: "swift-crypto"),
      ],
      exclude: ["README.md"],
      // Every phrase dxready says, in both languages: words as data, compiled in.
      resources: [.embedInCode("Words/words.yaml")]
    ),
    .target(
      name: "DXReadyStore",
      dependencies: [
        "DXReadyCore",
        .product(name: "GRDB", package: "GRDB.swift"),
        .product(name: "GRDBSQLite", package: "GRDB.swift"),
        .product(name: "Crypto", package: "swift-crypto"),
        "CLibpq",
      ],
      exclude: ["README.md"]
    ),
    .executableTarget(
      name: "dxready",
      dependencies: [
        "DXReadyCore",
        "DXReadyStore",
        "DXReadyTUI",
        "DXReadyReports",
        "DXReadyBundles",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      exclude: ["README.md"]
    ),
    // What dxready renders for people to read outside the terminal: business reports from the
    // Mustache templates in Reports/.
    .target(
      name: "DXReadyReports",
      dependencies: [
        "DXReadyCore",
        .product(name: "Mustache", package: "swift-mustache"),
      ],
      exclude: ["README.md"]
    ),
    // Field bundles: signed ZIP files of assessments, carried from offline laptops.
    .target(
      name: "DXReadyBundles",
      dependencies: [
        "DXReadyCore",
        .product(name: "ZIPFoundation", package: "ZIPFoundation"),
        .product(name: "Crypto", package: "swift-crypto"),
      ],
      exclude: ["README.md"]
    ),
    .target(
      name: "DXReadyTUI",
      dependencies: ["DXReadyCore", "CNcursesw"],
      exclude: ["README.md"]
    ),
    // ncursesw (Debian: libncurses-dev); only DXReadyTUI's curses terminal imports it.
    .systemLibrary(
      name: "CNcursesw",
      providers: [.apt(["libncurses-dev"])]
    ),
    // libyaml (Debian: libyaml-dev); only the core's YAML parser imports it.
    .systemLibrary(
      name: "CLibyaml",
      pkgConfig: "yaml-0.1",
      providers: [.apt(["libyaml-dev"])]
    ),
    // libpq's declarations (Debian: libpq-dev); the library itself is loaded when a PostgreSQL
    // store is first opened. Only the PostgreSQL store's connection imports it.
    .target(name: "CLibpq"),
    .executableTarget(
      name: "dxready-synth",
      dependencies: ["DXReadyCore", "DXReadyStore"]
    ),
    .executableTarget(
      name: "dxready-tui-bench",
      dependencies: ["DXReadyCore", "DXReadyTUI"]
    ),
    .testTarget(
      name: "DXReadyCoreTests",
      dependencies: ["DXReadyCore"],
      exclude: ["Fixtures"]
    ),
    .testTarget(
      name: "DXReadyTUITests",
      dependencies: ["DXReadyTUI", "DXReadyCore"],
      exclude: ["Golden"]
    ),
    // What the test targets share: a throwaway PostgreSQL server.
    .target(
      name: "DXReadyTestSupport",
      path: "Tests/Support"
    ),
    .testTarget(
      name: "DXReadyStoreTests",
      dependencies: [
        "DXReadyStore", "DXReadyCore", "DXReadyTestSupport", .product(name: "GRDB", package: "GRDB.swift"),
      ]
    ),
    .testTarget(
      name: "DXReadyReportsTests",
      dependencies: ["DXReadyReports", "DXReadyCore"],
      exclude: ["Golden"]
    ),
    .testTarget(
      name: "dxreadyTests",
      dependencies: [
        "dxready", "dxready-synth", "DXReadyTestSupport", "DXReadyBundles",
        .product(name: "ZIPFoundation", package: "ZIPFoundation"), .product(name: "Crypto", package: "swift-crypto"),
      ]
    ),
  ],
  swiftLanguageModes: [.v6]
)
