// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "roster",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "roster", targets: ["roster"]),
        .executable(name: "roster-bench", targets: ["RosterBench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-nio-ssh", exact: "0.15.1"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
    ],
    targets: [
        // ncursesw, wrapped: macros and wide-char calls need a shim header.
        .systemLibrary(name: "CNcursesw", providers: [.apt(["libncurses-dev"])]),
        // The Looker API 4.0 client: config, models, auth, retries, typed errors. No UI.
        .target(name: "LookerAPI", dependencies: [
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOFoundationCompat", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
        ]),
        // An embedded Looker-compatible server for the demo, scripts and tests.
        .target(name: "Sandbox", dependencies: [
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // The screen toolkit: grid of cells, runs, roles, keys, text field, sanitizer and width, themes.
        // Knows nothing of Looker or of the app.
        .target(name: "ScreenKit"),
        // The pure app core: state, actions, reducer, render into a grid. No IO, no ncurses.
        .target(name: "RosterCore", dependencies: ["ScreenKit"]),
        // The terminal backend: the only importer of ncurses. Depends on the toolkit, not on the app.
        .target(name: "Terminal", dependencies: ["CNcursesw", "ScreenKit"]),
        // What `roster` subcommands and the TUI share: Roster's config keys and the policy decided from
        // them, theme files, the journal, bulk run files and the bulk runner, the Looker calls the app
        // makes and their mapping into the core's values. No terminal.
        .target(name: "RosterServices", dependencies: [
            "LookerAPI", "ScreenKit", "RosterCore",
            .product(name: "Logging", package: "swift-log"),
        ]),
        // The TUI shell around the core: the effect runner, the event loop, the terminal. Everything
        // that touches the outside world for the TUI, and nothing the CLI needs.
        .target(name: "RosterApp", dependencies: [
            "LookerAPI", "ScreenKit", "RosterCore", "RosterServices", "Terminal",
            .product(name: "Logging", package: "swift-log"),
        ]),
        // posix_spawn with a controlling tty and pty calls that need _GNU_SOURCE (Swift's importer
        // does not define it).
        .target(name: "CServeShims"),
        // `roster serve`: an SSH server whose only service is the read-only TUI, one child per session.
        .target(name: "Serve", dependencies: [
            "CServeShims", "LookerAPI", "ScreenKit", "RosterServices",
            .product(name: "NIOSSH", package: "swift-nio-ssh"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .executableTarget(name: "roster", dependencies: [
            "LookerAPI", "Sandbox", "ScreenKit", "RosterCore", "RosterServices", "RosterApp", "Serve",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // In-process benchmarks that print figures (not tests): decode, filter, render/diff, bytes per scroll, memory.
        .executableTarget(name: "RosterBench", dependencies: [
            "LookerAPI", "Sandbox", "ScreenKit", "RosterCore", "RosterServices", "RosterApp", "Terminal", "CNcursesw",
        ], path: "Benchmarks/RosterBench"),
        // What every test target shares (no test framework in it): waiting for a condition with a
        // deadline, temporary directories, recorders, sandbox runs and clients, the request log and its
        // marker barrier, commands run with a deadline, the flood text.
        .target(name: "TestSupport", dependencies: ["LookerAPI", "Sandbox"], path: "Tests/Support"),
        // The client, and the config as Roster reads it (the SDK's keys and Roster's own).
        .testTarget(name: "LookerAPITests", dependencies: ["LookerAPI", "RosterServices", "Sandbox", "TestSupport"]),
        .testTarget(name: "SandboxTests", dependencies: [
            "Sandbox", "TestSupport",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
        ], resources: [.copy("Fixtures")]),
        .testTarget(name: "ScreenKitTests", dependencies: ["ScreenKit", "TestSupport"]),
        .testTarget(name: "RosterCoreTests", dependencies: ["RosterCore", "ScreenKit", "TestSupport"]),
        .testTarget(name: "RosterAppTests", dependencies: ["RosterApp", "RosterServices", "RosterCore", "ScreenKit", "LookerAPI", "Sandbox", "TestSupport"]),
        .testTarget(name: "TerminalTests", dependencies: ["Terminal", "ScreenKit", "CNcursesw", "TestSupport"]),
        .testTarget(name: "ServeTests", dependencies: [
            "Serve", "RosterCore", "RosterServices", "ScreenKit", "TestSupport",
            .product(name: "NIOSSH", package: "swift-nio-ssh"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOEmbedded", package: "swift-nio"),
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        // RosterCore: the status line's progress words, for the end-to-end barrier.
        .testTarget(name: "EndToEndTests", dependencies: ["roster", "RosterCore", "Sandbox", "TestSupport"]),
    ]
)
