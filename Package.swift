// swift-tools-version:6.0
import PackageDescription

// Targets point inward: ReviewModel is the centre (no I/O), ReviewData and ReviewQuery
// build on it, ReviewSite adds HTML and is the only target that sees cmark, and the
// executable is a leaf that nothing imports.
let package = Package(
    name: "isms-review",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "isms-review", targets: ["isms-review"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.0.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CCmark",
            pkgConfig: "libcmark",
            providers: [.apt(["libcmark-dev"]), .brew(["cmark"])]
        ),
        .target(name: "ReviewModel"),
        // Instructions Swift cannot spell, for the loader: a prefetch (hash tables) and byte masks (the CSV reader).
        .target(name: "CInstructions"),
        .target(name: "ReviewData", dependencies: ["ReviewModel", "CInstructions"]),
        .target(name: "ReviewQuery", dependencies: ["ReviewModel"]),
        .target(
            name: "ReviewSite",
            dependencies: [
                "ReviewModel", "ReviewQuery", "CCmark", .product(name: "Mustache", package: "swift-mustache"),
            ]
        ),
        .executableTarget(
            name: "isms-review",
            dependencies: [
                "ReviewModel", "ReviewData", "ReviewQuery", "ReviewSite",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "isms-review-bench",
            dependencies: ["ReviewData", "ReviewModel"],
            path: "Benchmarks/isms-review-bench"
        ),
        .executableTarget(
            name: "isms-review-fuzz",
            dependencies: ["ReviewData", "ReviewQuery"],
            path: "Fuzz/isms-review-fuzz"
        ),
        .target(name: "ReviewTestSupport", dependencies: ["ReviewModel", "ReviewData"]),
        .testTarget(
            name: "ReviewModelTests",
            dependencies: ["ReviewModel", "ReviewTestSupport"],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "ReviewDataTests",
            dependencies: ["ReviewData", "ReviewModel", "ReviewTestSupport"],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "ReviewQueryTests",
            dependencies: ["ReviewQuery", "ReviewData", "ReviewTestSupport"],
            exclude: ["Fixtures", "Golden"]
        ),
        .testTarget(
            name: "ReviewSiteTests",
            dependencies: ["ReviewSite", "ReviewData", "ReviewTestSupport"],
            exclude: ["Fixtures", "Golden"]
        ),
        .testTarget(name: "CLITests", dependencies: ["ReviewTestSupport"], exclude: ["Fixtures", "Golden"]),
    ]
)
