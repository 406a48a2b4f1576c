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

        // The shared sharding/replication core: storage, sharding, network, replication, caching, queue.
        .target(
            name: "ScaleCore",
            dependencies: [
                "CSQLite", "CScaleShims",
                .product(name: "Histogram", package: "hdrhistogram-swift"),
                .product(name: "HeapModule", package: "swift-collections"),
            ]
        ),
        // Tiny C helpers Swift cannot call directly (variadic prctl).
        .target(name: "CScaleShims"),

        // Workloads, key distributions, the open/closed-loop runner and its histograms; knows no storage.
        .target(
            name: "LoadGenerator",
            dependencies: ["ScaleCore", .product(name: "Histogram", package: "hdrhistogram-swift")]
        ),

        // What every exercise shares: descriptors, named checks with histories, the bench driver.
        .target(name: "ExerciseKit", dependencies: ["ScaleCore", "LoadGenerator", "CSQLite"]),

        // Exercise 1: the UserService protocol, reference designs, scenarios and checks.
        .target(name: "UserExercise", dependencies: ["ExerciseKit", "ScaleCore", "LoadGenerator"]),

        // Exercise 3: the BookingService protocol, reference designs, scenarios, checks and floor.
        .target(name: "BookingExercise", dependencies: ["ExerciseKit", "ScaleCore", "LoadGenerator"]),

        // The learner's stubs, one folder per exercise; shipped unsolved.
        .target(
            name: "Exercises", dependencies: ["ExerciseKit", "ScaleCore", "UserExercise", "BookingExercise"], path: "Exercises",
            exclude: ["README.md", "UserService/README.md", "Booking/README.md"]
        ),

        // A single-shard inverted-index engine: unicode61 tokens, BM25 equal to FTS5's, pruned top-k, segments in SQLite.
        .target(name: "SearchEngine", dependencies: ["CSQLite", "ScaleCore"]),

        // Result files and the Results/ store, compare with noise-aware verdicts, Markdown/CSV/.hgrm/HTML+SVG reports.
        .target(
            name: "Reporting",
            dependencies: ["ScaleCore", "LoadGenerator", .product(name: "Histogram", package: "hdrhistogram-swift")]
        ),

        // The commands (parse, build a config, call a module, print); a library so tests can drive it.
        .target(
            name: "ScaleBenchCLI",
            dependencies: [
                "ScaleCore",
                "LoadGenerator",
                "ExerciseKit",
                "UserExercise",
                "BookingExercise",
                "Exercises",
                "Reporting",
                "SearchEngine",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // The executable; links jemalloc so it is the whole process's allocator.
        .executableTarget(name: "scalebench", dependencies: ["ScaleBenchCLI", "CJemalloc"]),

        .testTarget(name: "ScaleCoreTests", dependencies: ["ScaleCore"]),
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
            name: "UserExerciseTests",
            dependencies: ["UserExercise", "ExerciseKit", "ScaleCore", "LoadGenerator", "Exercises"]
        ),
        // Every BookingService check against the references, the stub, and the buggy designs each check must reject.
        .testTarget(
            name: "BookingExerciseTests",
            dependencies: ["BookingExercise", "ExerciseKit", "ScaleCore", "LoadGenerator", "Exercises"]
        ),
    ]
)
