// swift-tools-version:6.1
import PackageDescription

// Layers, one way only:
//   riverchief (CLI)  ->  RiverChiefTUI  ->  RiverChiefStore  ->  RiverChiefCore
//                                      \->  CNcursesw (thin system library)
//   riverchief (CLI)  ->  RiverChiefConfig (config.toml, roles, the group privilege)  ->  RiverChiefCore
// RiverChiefCore knows nothing of terminals or databases.
let package = Package(
    name: "RiverChief",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "riverchief", targets: ["riverchief"]),
        .executable(name: "riverchief-bench", targets: ["riverchief-bench"]),
        .executable(name: "riverchief-floor", targets: ["riverchief-floor"]),
    ],
    // `PostgreSQL` adds the PostgreSQL store (postgres-nio, several minutes of first build):
    // `swift build --traits PostgreSQL`, `swift test --traits PostgreSQL`. The default build is
    // SQLite only, and says so when given a postgresql:// database (docs/postgresql.md).
    traits: [
        .trait(name: "PostgreSQL", description: "The PostgreSQL store beside SQLite (postgres-nio)"),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CNcursesw",
            path: "Sources/CNcursesw",
            providers: [.apt(["libncurses-dev"])]
        ),
        // Foundation, and CSV.swift for the ledger's RFC 4180 quoting (Reports/ReportCSV.swift).
        .target(
            name: "RiverChiefCore",
            dependencies: [.product(name: "CSV", package: "CSV.swift")],
            path: "Sources/RiverChiefCore"
        ),
        .target(
            name: "RiverChiefStore",
            dependencies: [
                "RiverChiefCore",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            path: "Sources/RiverChiefStore"
        ),
        // The PostgreSQL store (docs/postgresql.md). Without the trait it compiles to nothing
        // but `PostgresSupport.isBuilt == false`, so the CLI can say how to get it.
        .target(
            name: "RiverChiefPostgres",
            dependencies: [
                "RiverChiefCore",
                "RiverChiefStore",
                .product(name: "PostgresNIO", package: "postgres-nio", condition: .when(traits: ["PostgreSQL"])),
            ],
            path: "Sources/RiverChiefPostgres"
        ),
        // The configuration file (system, then user), the roles it grants, and the group
        // privilege of an installed setgid binary (docs/shared-server.md).
        .target(
            name: "RiverChiefConfig",
            dependencies: ["RiverChiefCore", .product(name: "TOMLKit", package: "TOMLKit")],
            path: "Sources/RiverChiefConfig"
        ),
        .target(
            name: "RiverChiefTUI",
            dependencies: ["RiverChiefCore", "RiverChiefStore", "CNcursesw"],
            path: "Sources/RiverChiefTUI"
        ),
        .executableTarget(
            name: "riverchief",
            dependencies: [
                "RiverChiefCore",
                "RiverChiefStore",
                "RiverChiefPostgres",
                "RiverChiefTUI",
                "RiverChiefConfig",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/riverchief",
            // The program's own `wcwidth` must be visible to libncursesw, so ncurses measures East
            // Asian ambiguous characters as the terminal draws them (RiverChiefTUI/Backend/TerminalWidth.swift).
            linkerSettings: [.unsafeFlags(["-Xlinker", "--export-dynamic-symbol=wcwidth"], .when(platforms: [.linux]))]
        ),
        // Synthetic libraries and histories, the pty harness and the benchmarks (docs/performance.md).
        .executableTarget(
            name: "riverchief-bench",
            dependencies: [
                "RiverChiefCore",
                "RiverChiefStore",
                "RiverChiefTUI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/riverchief-bench"
        ),
        // The floor the dashboard is measured against: one screen of text, one highlighted row.
        .executableTarget(
            name: "riverchief-floor",
            dependencies: ["CNcursesw"],
            path: "Sources/riverchief-floor"
        ),
        .testTarget(
            name: "RiverChiefCoreTests",
            dependencies: ["RiverChiefCore", .product(name: "CSV", package: "CSV.swift")],
            path: "Tests/RiverChiefCoreTests",
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "RiverChiefStoreTests",
            dependencies: ["RiverChiefStore", "RiverChiefPostgres"],
            path: "Tests/RiverChiefStoreTests"
        ),
        .testTarget(
            name: "RiverChiefConfigTests",
            dependencies: ["RiverChiefConfig", "RiverChiefCore"],
            path: "Tests/RiverChiefConfigTests"
        ),
        .testTarget(
            name: "RiverChiefTUITests",
            dependencies: ["RiverChiefTUI", "RiverChiefStore"],
            path: "Tests/RiverChiefTUITests"
        ),
        // Runs the built `riverchief` binary as a user would: command-line output, and the
        // dashboard driven in tmux. Depends on the executable so `swift test` builds it first.
        .testTarget(
            name: "RiverChiefCLITests",
            dependencies: ["riverchief"],
            path: "Tests/RiverChiefCLITests",
            // The pyte driver (Python), run by EmulatorTests.
            exclude: ["Emulator"]
        ),
        // Runs the built `riverchief-bench`: generated libraries load cleanly and are deterministic.
        .testTarget(
            name: "RiverChiefBenchTests",
            dependencies: ["riverchief-bench", "RiverChiefCore"],
            path: "Tests/RiverChiefBenchTests"
        ),
    ]
)
