// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "ScaleBench",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "scalebench", targets: ["scalebench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", exact: "0.2.0"),
        .package(url: "https://github.com/apple/swift-collections", exact: "1.6.0"),
    ],
    targets: [
        // System libraries, found through pkg-config; `make` installs them when missing.
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CJemalloc", pkgConfig: "jemalloc", providers: [.apt(["libjemalloc-dev"])]),

        // The shared core, one target per concern (as swift-nio splits its modules); `ScaleCore`
        // re-exports them all. Dependencies point downwards: Support ← Storage, Network, Caching ←
        // Sharding, Queue, Replication.
        // Clocks, locks, seeded PRNG, stable hash, precise sleeper, striped counters.
        .target(name: "ScaleSupport", dependencies: ["CScaleShims", .product(name: "HeapModule", package: "swift-collections")]),
        // SQLite nodes: WAL, reader pool, transactions, migrations, changesets, crash/reopen.
        .target(name: "ScaleStorage", dependencies: ["ScaleSupport", "CSQLite"]),
        // Simulated links, latency distributions, faults, nemesis, message counters.
        .target(name: "ScaleNetwork", dependencies: ["ScaleSupport"]),
        // Partitioners, rebalance plans, the shard map and the online mover.
        .target(name: "ScaleSharding", dependencies: ["ScaleSupport", "ScaleStorage"]),
        // Replica sets (primary–secondary with failover and fencing) and multi-primary replication.
        .target(name: "ScaleReplication", dependencies: ["ScaleSupport", "ScaleStorage", "ScaleNetwork"]),
        // Sharded LRU with TTL and byte capacity, write strategies, single-flight, near cache.
        .target(name: "ScaleCaching", dependencies: ["ScaleSupport"]),
        // The durable SQLite work queue.
        .target(
            name: "ScaleQueue",
            dependencies: ["ScaleSupport", "ScaleStorage", .product(name: "Histogram", package: "hdrhistogram-swift")]
        ),
        // One import for all of the above.
        .target(
            name: "ScaleCore",
            dependencies: ["ScaleSupport", "ScaleStorage", "ScaleNetwork", "ScaleSharding", "ScaleReplication", "ScaleCaching", "ScaleQueue"]
        ),
        // The core's micro-benchmarks (`scalebench micro`), kept out of the library targets.
        .target(name: "ScaleCoreBenchmarks", dependencies: ["ScaleCore", "CSQLite"]),
        // Tiny C helpers Swift cannot call directly (variadic prctl).
        .target(name: "CScaleShims"),

        // Workloads, key distributions, the open/closed-loop runner and its histograms; knows no storage.
        .target(
            name: "LoadGenerator",
            dependencies: ["ScaleSupport", "ScaleNetwork", .product(name: "Histogram", package: "hdrhistogram-swift")]
        ),

        // What every exercise shares: descriptors, named checks with histories, the bench driver.
        .target(
            name: "ExerciseKit",
            dependencies: ["ScaleCore", "LoadGenerator", "CSQLite", .product(name: "Histogram", package: "hdrhistogram-swift")]
        ),

        // Exercise 1: the UserService protocol, reference designs, scenarios and checks.
        .target(name: "UserExercise", dependencies: ["ExerciseKit", "ScaleCore", "LoadGenerator"]),

        // Exercise 2: the NotificationService protocol, reference designs, scenarios and checks.
        .target(name: "NotificationExercise", dependencies: ["ExerciseKit", "ScaleCore", "LoadGenerator"]),

        // Exercise 3: the BookingService protocol, reference designs, scenarios, checks and floor.
        .target(name: "BookingExercise", dependencies: ["ExerciseKit", "ScaleCore", "LoadGenerator"]),

        // Exercise 4: the SearchService protocol over engine nodes, reference designs, scenarios and checks.
        .target(
            name: "SearchExercise",
            dependencies: ["ExerciseKit", "ScaleCore", "LoadGenerator", "SearchEngine", .product(name: "HeapModule", package: "swift-collections")]
        ),

        // The learner's stubs, one folder per exercise; shipped unsolved.
        .target(
            name: "Exercises", dependencies: ["ExerciseKit", "ScaleCore", "UserExercise", "NotificationExercise", "BookingExercise", "SearchExercise", "SearchEngine"], path: "Exercises",
            exclude: ["README.md", "UserService/README.md", "NotificationService/README.md", "Booking/README.md", "Search/README.md"]
        ),

        // A single-shard inverted-index engine: unicode61 tokens, BM25 equal to FTS5's, pruned top-k, segments in SQLite.
        .target(name: "SearchEngine", dependencies: ["CSQLite", "ScaleSupport"]),

        // Result files and the Results/ store, compare with noise-aware verdicts, Markdown/CSV/.hgrm/HTML+SVG reports.
        .target(
            name: "Reporting",
            dependencies: ["ScaleSupport", "LoadGenerator", .product(name: "Histogram", package: "hdrhistogram-swift")]
        ),

        // The commands (parse, build a config, call a module, print); a library so tests can drive it.
        .target(
            name: "ScaleBenchCLI",
            dependencies: [
                "ScaleCore",
                "ScaleCoreBenchmarks",
                "LoadGenerator",
                "ExerciseKit",
                "UserExercise",
                "NotificationExercise",
                "BookingExercise",
                "SearchExercise",
                "Exercises",
                "Reporting",
                "SearchEngine",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // The executable; links jemalloc so it is the whole process's allocator.
        .executableTarget(name: "scalebench", dependencies: ["ScaleBenchCLI", "CJemalloc"]),

        .testTarget(name: "ScaleCoreTests", dependencies: ["ScaleCore", "ScaleCoreBenchmarks"]),
        .testTarget(name: "ExerciseKitTests", dependencies: ["ExerciseKit"]),
        // Key distributions, the runner, sweeps and synthetic targets of the load generator.
        .testTarget(
            name: "LoadGeneratorTests",
            dependencies: ["LoadGenerator", "ScaleCore", .product(name: "Histogram", package: "hdrhistogram-swift")]
        ),
        // Store, git helpers, verdicts, Mann-Whitney U, reports; temp git repos and temp folders only.
        .testTarget(name: "ReportingTests", dependencies: ["Reporting", "LoadGenerator", "ScaleCore"]),
        // The commands driven through parseAsRoot: usage errors, compare exit codes, reports, a bench run; temp folders only.
        .testTarget(
            name: "ScaleBenchCLITests",
            dependencies: [
                "ScaleBenchCLI",
                "Reporting",
                "LoadGenerator",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
            ]
        ),
        // Tokenizer, BM25 and top-k against a real FTS5 oracle, pruning vs exhaustive, segments, crash recovery, loaders.
        .testTarget(name: "SearchEngineTests", dependencies: ["SearchEngine", "ScaleCore", "CSQLite"]),
        // Every UserService check against the references, the stub, and the buggy designs each check must reject.
        .testTarget(
            name: "NotificationExerciseTests",
            dependencies: ["NotificationExercise", "ExerciseKit", "ScaleCore", "LoadGenerator", "Exercises"]
        ),
        .testTarget(
            name: "UserExerciseTests",
            dependencies: ["UserExercise", "ExerciseKit", "ScaleCore", "LoadGenerator", "Exercises"]
        ),
        // Every BookingService check against the references, the stub, and the buggy designs each check must reject.
        .testTarget(
            name: "BookingExerciseTests",
            dependencies: ["BookingExercise", "ExerciseKit", "ScaleCore", "LoadGenerator", "Exercises"]
        ),
        // Every SearchService check against the references, the stub, and the buggy designs each check must reject.
        .testTarget(
            name: "SearchExerciseTests",
            dependencies: ["SearchExercise", "SearchEngine", "ExerciseKit", "ScaleCore", "Exercises"]
        ),
    ]
)

// Nonisolated async functions run on their caller's executor (SE-0461): no executor switch on
// every async call of the load path.
// CScaleShims is C: Swift settings do not apply to it.
for target in package.targets where target.type != .system && target.name != "CScaleShims" {
    target.swiftSettings = (target.swiftSettings ?? []) + [.enableUpcomingFeature("NonisolatedNonsendingByDefault")]
}
