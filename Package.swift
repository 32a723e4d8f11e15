// swift-tools-version: 6.1
import PackageDescription

/// Settings shared by every target: Swift 6 language mode with strict concurrency.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "Cumulo",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "cumulo-server", targets: ["ManagementServer"]),
        .executable(name: "cumulo-bench", targets: ["Benchmarks"]),
        .executable(name: "cumulo", targets: ["CMK"]),
        .executable(name: "cumulo-agent", targets: ["Agent"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/vapor/sqlite-kit.git", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket.git", from: "2.8.1"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
    ],
    targets: [
        .target(
            name: "DomainModel",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "APIModel",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Persistence",
            dependencies: [
                "DomainModel",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Orchestration",
            dependencies: [
                "DomainModel",
                "Persistence",
                "AgentProtocol",
                "ImageTransfer",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "ImageTransfer",
            dependencies: [
                "DomainModel",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "ImageStore",
            dependencies: [
                "DomainModel",
                "ImageTransfer",
                "NFSClient",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "APIServer",
            dependencies: [
                "APIModel",
                "DomainModel",
                "ImageStore",
                "ImageTransfer",
                "Orchestration",
                "Persistence",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "APIClient",
            dependencies: [
                "APIModel",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            swiftSettings: swiftSettings
        ),
        .systemLibrary(
            name: "CLibEdit",
            pkgConfig: "libedit",
            providers: [.apt(["libedit-dev"])]
        ),
        .target(
            name: "CLI",
            dependencies: [
                "APIModel",
                "APIClient",
                "CLibEdit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "CMK",
            dependencies: ["CLI"],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "ManagementServer",
            dependencies: [
                "APIServer",
                "APIModel",
                "Orchestration",
                "Persistence",
                "AgentTransport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "Benchmarks",
            dependencies: [
                "APIClient",
                "APIModel",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "AgentProtocol",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "AsyncCoordination",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "AgentTransport",
            dependencies: [
                "AgentProtocol",
                "AsyncCoordination",
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Hypervisor",
            swiftSettings: swiftSettings
        ),
        .systemLibrary(
            name: "CLibvirt",
            pkgConfig: "libvirt",
            providers: [.apt(["libvirt-dev"])]
        ),
        .target(
            name: "HypervisorLibvirt",
            dependencies: [
                "Hypervisor",
                "AsyncCoordination",
                "CLibvirt",
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "HypervisorSimulator",
            dependencies: ["Hypervisor"],
            swiftSettings: swiftSettings
        ),
        .systemLibrary(
            name: "CNFS",
            pkgConfig: "libnfs",
            providers: [.apt(["libnfs-dev"])]
        ),
        .target(
            name: "NFSClient",
            dependencies: [
                "CNFS",
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "AgentRuntime",
            dependencies: [
                "AgentProtocol",
                "AsyncCoordination",
                "Hypervisor",
                "NFSClient",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "Agent",
            dependencies: [
                "AgentRuntime",
                "AgentTransport",
                "AgentProtocol",
                "Hypervisor",
                "HypervisorLibvirt",
                "HypervisorSimulator",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "AsyncCoordinationTests",
            dependencies: ["AsyncCoordination"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "HypervisorLibvirtTests",
            dependencies: ["HypervisorLibvirt", "Hypervisor"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "HypervisorSimulatorTests",
            dependencies: ["HypervisorSimulator", "Hypervisor"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ImageStoreTests",
            dependencies: [
                "ImageStore",
                "ImageTransfer",
                "DomainModel",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "NFSClientTests",
            dependencies: ["NFSClient"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "AgentTransportTests",
            dependencies: [
                "AgentTransport",
                "AgentProtocol",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "AgentRuntimeTests",
            dependencies: ["AgentRuntime", "AgentProtocol", "Hypervisor", "HypervisorSimulator"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ArchitectureTests",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "DomainModelTests",
            dependencies: ["DomainModel"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PersistenceTests",
            dependencies: ["Persistence", "DomainModel"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "APIModelTests",
            dependencies: ["APIModel"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "CLITests",
            dependencies: ["CLI", "APIModel", "APIClient"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "OrchestrationTestSupport",
            dependencies: [
                "Orchestration",
                "ImageStore",
                "ImageTransfer",
                "Persistence",
                "DomainModel",
                "AgentProtocol",
                "AgentRuntime",
                "Hypervisor",
                "HypervisorSimulator",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Tests/OrchestrationTestSupport",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "OrchestrationTests",
            dependencies: [
                "OrchestrationTestSupport",
                "Orchestration",
                "Persistence",
                "DomainModel",
                "AgentProtocol",
                "Hypervisor",
                "HypervisorSimulator",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "APIServerTests",
            dependencies: [
                "APIServer",
                "APIModel",
                "Persistence",
                "Orchestration",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
