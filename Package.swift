// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "cachectl",
    products: [
        .executable(name: "cachectl", targets: ["cachectl"]),
        .library(name: "CacheModel", targets: ["CacheModel"]),
        .library(name: "CacheAnalysis", targets: ["CacheAnalysis"]),
        .library(name: "CacheReports", targets: ["CacheReports"]),
        .library(name: "CacheKeys", targets: ["CacheKeys"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
    ],
    targets: [
        // jansson, found through pkg-config (Debian: libjansson-dev).
        .systemLibrary(
            name: "CJansson",
            pkgConfig: "jansson",
            providers: [.apt(["libjansson-dev"]), .brew(["jansson"])]
        ),
        // zlib (gzip layers) and zstd (zstd layers), through pkg-config (Debian: zlib1g-dev, libzstd-dev).
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"]), .brew(["zlib"])]),
        .systemLibrary(name: "CZstd", pkgConfig: "libzstd", providers: [.apt(["libzstd-dev"]), .brew(["zstd"])]),
        // OpenSSL's libcrypto for SHA-256, through pkg-config (Debian: libssl-dev).
        .systemLibrary(name: "CLibcrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"]), .brew(["openssl@3"])]),
        // Pure: references, digests, JSON, OCI types, BuildKit cache records and graph.
        .target(name: "CacheModel", dependencies: ["CJansson", "CLibcrypto"]),
        // Pure: BuildKit's cache keys computed from a Dockerfile, a build context and base images.
        .target(name: "CacheKeys", dependencies: ["CacheModel"]),
        // I/O: reads a build context directory (ignore rules, walk, file hashing) into CacheKeys' tree value.
        .target(name: "CacheContext", dependencies: ["CacheModel", "CacheKeys"]),
        // Pure: the analyses (inspect, diff, lint, advise, history), returning report values.
        .target(name: "CacheAnalysis", dependencies: ["CacheModel", "CacheKeys"]),
        // Pure: every report in every format (text, JSON, DOT, Markdown, SARIF, GitHub, HTML).
        .target(name: "CacheReports", dependencies: ["CacheModel", "CacheAnalysis"]),
        // I/O: registry client, OCI layouts, credentials; layer decompression (gzip, zstd).
        .target(
            name: "CacheRegistry",
            dependencies: [
                "CacheModel", "CZlib", "CZstd",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        // Thin CLI.
        .executableTarget(
            name: "cachectl",
            dependencies: [
                "CacheModel", "CacheAnalysis", "CacheReports", "CacheRegistry", "CacheKeys", "CacheContext",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Benchmark (not a test): decode and diff synthetic caches; see scripts/bench.sh.
        .executableTarget(name: "cachectl-bench", dependencies: ["CacheModel", "CacheAnalysis", "CacheRegistry"]),
        .testTarget(name: "CacheModelTests", dependencies: ["CacheModel"]),
        .testTarget(name: "CacheKeysTests", dependencies: ["CacheKeys", "CacheModel"]),
        .testTarget(name: "CacheContextTests", dependencies: ["CacheContext", "CacheKeys", "CacheModel"]),
        .testTarget(name: "CacheAnalysisTests", dependencies: ["CacheAnalysis", "CacheModel"]),
        .testTarget(name: "CacheRegistryTests", dependencies: ["CacheRegistry", "CacheModel"]),
        // Real fixtures (fixtures/images) through the loader and the analyses.
        .testTarget(
            name: "IntegrationTests",
            dependencies: ["CacheRegistry", "CacheAnalysis", "CacheReports", "CacheModel", "CacheKeys", "CacheContext"]
        ),
        // The built cachectl binary as a child process: golden outputs, the CLI contract, the hostile corpus.
        .testTarget(name: "CLITests", dependencies: ["cachectl"], exclude: ["Goldens", "README.md"]),
    ],
    swiftLanguageModes: [.v5]
)
