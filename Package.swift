// swift-tools-version:6.2
import PackageDescription

let package = Package(
    name: "image-ingest",
    products: [
        .executable(name: "image-ingest", targets: ["image-ingest"]),
        .executable(name: "image-ingest-sandbox", targets: ["image-ingest-sandbox"]),
        .library(name: "ImageIngest", targets: ["ImageIngest"]),
        .library(name: "ImageCodecs", targets: ["ImageCodecs"]),
        .library(name: "SuperOfficeWebAPI", targets: ["SuperOfficeWebAPI"]),
        .library(name: "SuperOfficeSandbox", targets: ["SuperOfficeSandbox"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-certificates", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-asn1", from: "1.7.4"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-distributed-tracing", from: "1.7.3"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        // Documentation only (`swift package generate-documentation`); builds nothing into the products.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        // MARK: C libraries, found through pkg-config (Debian: libjpeg-dev, libturbojpeg0-dev, libpng-dev, zlib1g-dev)
        .systemLibrary(
            name: "CJPEG", pkgConfig: "libjpeg",
            providers: [.apt(["libjpeg-dev"]), .brew(["jpeg-turbo"])]),
        .systemLibrary(
            name: "CTurboJPEG", pkgConfig: "libturbojpeg",
            providers: [.apt(["libturbojpeg0-dev"]), .brew(["jpeg-turbo"])]),
        .systemLibrary(
            name: "CPNG", pkgConfig: "libpng16",
            providers: [.apt(["libpng-dev"]), .brew(["libpng"])]),
        .systemLibrary(
            name: "CZlib", pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]),

        // GIF, TIFF, WebP and HEIF, each through its reference library (Debian: libgif-dev, libtiff-dev,
        // libwebp-dev, libheif-dev; Debian's libheif carries its HEVC decoder and encoder).
        .systemLibrary(
            name: "CGIF", pkgConfig: "libgif",
            providers: [.apt(["libgif-dev"]), .brew(["giflib"])]),
        .systemLibrary(
            name: "CTIFF", pkgConfig: "libtiff-4",
            providers: [.apt(["libtiff-dev"]), .brew(["libtiff"])]),
        .systemLibrary(
            name: "CWebP", pkgConfig: "libwebpdemux",
            providers: [.apt(["libwebp-dev"]), .brew(["webp"])]),
        .systemLibrary(
            name: "CHeif", pkgConfig: "libheif",
            providers: [.apt(["libheif-dev"]), .brew(["libheif"])]),

        // MARK: The only C code of the library: setjmp-safe codec entry points.
        // libheif and libtiff are not linked: cic_heif_library.c and cic_tiff_library.c open them when the first HEIF
        // or TIFF file is met (loading them and what they link cost every process 3.6 and 1.7 ms at start-up); their
        // headers (libheif-dev, libtiff-dev) are found on the system include path.
        .target(
            name: "CImageCodecs", dependencies: ["CJPEG", "CTurboJPEG", "CPNG", "CZlib", "CGIF", "CWebP"],
            linkerSettings: [.linkedLibrary("m"), .linkedLibrary("dl", .when(platforms: [.linux]))]),

        // MARK: Swift libraries
        // The platform's C library under one name (see Sources/LibC); every Swift target below gets it.
        .target(name: "LibC"),
        .target(
            name: "ImageCodecs",
            dependencies: [
                "CImageCodecs",
                .product(name: "Crypto", package: "swift-crypto"),
            ]),
        .target(
            name: "SuperOfficeWebAPI",
            dependencies: [
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]),
        .target(
            name: "SuperOfficeSandbox",
            dependencies: [
                "SuperOfficeWebAPI",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]),
        .target(
            name: "ImageIngest",
            dependencies: [
                "ImageCodecs",
                "SuperOfficeWebAPI",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ]),
        .executableTarget(
            name: "image-ingest",
            dependencies: [
                "ImageCodecs",
                "ImageIngest",
                "SuperOfficeSandbox",
                "SuperOfficeWebAPI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ]),
        // The sandbox as a server of its own: `image-ingest-sandbox --port 8080`.
        .executableTarget(
            name: "image-ingest-sandbox",
            dependencies: [
                "SuperOfficeSandbox",
                "SuperOfficeWebAPI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ]),

        // MARK: Test support: encodes fixture images with libjpeg/libpng (never shipped in a product)
        .target(name: "CImageFixtures", dependencies: ["CJPEG", "CPNG", "CZlib", "CGIF", "CTIFF", "CWebP", "CHeif"],
                // libwebpmux (the animation encoder) has no module of its own: C code links it by name
                linkerSettings: [.linkedLibrary("webpmux")]),
        .target(name: "ImageFixtures", dependencies: ["CImageFixtures"]),

        // MARK: Tests (Swift Testing). On Linux all test targets link into one binary.
        .testTarget(
            name: "ImageCodecsTests",
            dependencies: ["ImageCodecs", "ImageFixtures", "CImageCodecs"],
            resources: [.copy("PngSuite")]),
        .testTarget(
            name: "SuperOfficeWebAPITests",
            dependencies: [
                "SuperOfficeWebAPI", "SuperOfficeSandbox", "ImageFixtures",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]),
        .testTarget(
            name: "ImageIngestTests",
            dependencies: [
                "ImageCodecs", "ImageIngest", "SuperOfficeWebAPI", "SuperOfficeSandbox", "ImageFixtures", "image-ingest", "image-ingest-sandbox",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ]),
    ]
)

// MARK: Settings shared by every Swift target (Swift 6 language mode is the default for tools 6.2).
let swiftSettings: [SwiftSetting] = [
    // https://github.com/swiftlang/swift-evolution/blob/main/proposals/0335-existential-any.md
    .enableUpcomingFeature("ExistentialAny"),
    // https://github.com/swiftlang/swift-evolution/blob/main/proposals/0409-access-level-on-imports.md
    .enableUpcomingFeature("InternalImportsByDefault"),
]

// https://github.com/swiftlang/swift-evolution/blob/main/proposals/0444-member-import-visibility.md
// Not for the targets that call POSIX file and time functions with Foundation in their module graph: on Linux,
// Glibc's `stat`, `timespec` and `tm` come from headers that are not modular, so whichever clang module parsed
// them first in a compile job (CoreFoundation, CDispatch, …) is taken as their "defining module", and the
// member check then fails or passes depending on how files are batched.
let memberImportVisibility = SwiftSetting.enableUpcomingFeature("MemberImportVisibility")
let posixWithFoundation: Set<String> = ["ImageIngest", "image-ingest"]

// Every Swift target may call POSIX through LibC, the one place that knows the platform's C library module.
let swiftTargets: Set<String> = [
    "ImageCodecs", "ImageFixtures", "ImageIngest", "SuperOfficeWebAPI", "SuperOfficeSandbox", "image-ingest",
    "image-ingest-sandbox",
]
for target in package.targets where swiftTargets.contains(target.name) || target.type == .test {
    target.dependencies.append("LibC")
}

for target in package.targets where target.type != .system {
    if target.type == .regular || target.type == .executable || target.type == .test {
        target.swiftSettings = (target.swiftSettings ?? []) + swiftSettings
            + (posixWithFoundation.contains(target.name) ? [] : [memberImportVisibility])
    }
}
