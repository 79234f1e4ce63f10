// swift-tools-version:6.2
// Benchmarks for image-ingest, kept out of the main package so `swift build` / `swift test` stay lean.
// The driver times the built `image-ingest` executable (the thing users run) on a corpus written by
// ../../shared/bench/make-corpus.py and records each run's peak RSS. See Benchmarks/README.md.
import PackageDescription

let package = Package(
    name: "image-ingest-benchmarks",
    products: [.executable(name: "ingest-bench", targets: ["ingest-bench"])],
    targets: [
        .executableTarget(
            name: "ingest-bench",
            swiftSettings: [
                .enableUpcomingFeature("ExistentialAny"),
                .enableUpcomingFeature("MemberImportVisibility"),
                .enableUpcomingFeature("InternalImportsByDefault"),
            ])
    ]
)
