// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Loa",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "loa", targets: ["loa"])
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/vapor.git", from: "4.122.0"),
        .package(url: "https://github.com/vapor/fluent.git", from: "4.13.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.9.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver.git", from: "2.14.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        // HMAC-SHA1 for TOTP and SHA-256 for recovery codes; the range also admits the 4.x that Vapor resolves to.
        .package(url: "https://github.com/apple/swift-crypto.git", "3.0.0"..<"5.0.0"),
        // /openapi.json is built from the DTO types (API/Contract).
        .package(url: "https://github.com/mattpolzin/OpenAPIKit.git", from: "6.4.0"),
    ],
    targets: [
        .target(
            name: "LoaCore",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: swiftSettings
        ),
        // Debian's libqrencode (libqrencode-dev) draws the QR codes; see Sources/QRCode.
        .systemLibrary(
            name: "CQRencode",
            pkgConfig: "libqrencode",
            providers: [.apt(["libqrencode-dev"]), .brew(["qrencode"])]
        ),
        .target(
            name: "QRCode",
            dependencies: ["CQRencode"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "LoaServer",
            dependencies: [
                "LoaCore",
                "QRCode",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "OpenAPIKit", package: "OpenAPIKit"),
            ],
            resources: [.copy("Demo/Content"), .copy("Static")],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "loa",
            dependencies: ["LoaServer"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "LoaCoreTests",
            dependencies: ["LoaCore"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "QRCodeTests",
            dependencies: ["QRCode"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "LoaServerTests",
            dependencies: [
                "LoaServer",
                "LoaCore",
                .product(name: "VaporTesting", package: "vapor"),
            ],
            // Read by path in the tests, not bundled.
            exclude: ["Open311Schema", "__Snapshots__"],
            swiftSettings: swiftSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)

var swiftSettings: [SwiftSetting] {
    [
        .enableUpcomingFeature("ExistentialAny")
    ]
}
