// swift-tools-version:6.0
// Lab53: Route 53 on one machine. Module layout and dependency direction follow
// ../shared/docs/architecture.md: arrows only point down (DNSWire ← AnswerEngine ← DNSServer).
import PackageDescription

let strict: [SwiftSetting] = [.enableUpcomingFeature("ExistentialAny")]

let package = Package(
    name: "Lab53",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "lab53d", targets: ["lab53d"]),
        .executable(name: "lab53", targets: ["lab53"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.80.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.6.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.0.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.30.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.20.0"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.0.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.5.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.0.0"),
        // Already resolved through Hummingbird; named so the control listener can stop gracefully.
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.6.0"),
    ],
    targets: [
        // libldns, the system library (Debian: libldns-dev). Zone text and presentation format only.
        .systemLibrary(name: "CLDNS", pkgConfig: "ldns", providers: [.apt(["libldns-dev"])]),
        // A cache prefetch hint (`__builtin_prefetch`), which Swift does not have.
        .target(name: "CMemoryHint"),
        // Wire format: names, header, question, RR, EDNS(0), encode/decode. No I/O.
        .target(name: "DNSWire", dependencies: ["CMemoryHint"], swiftSettings: strict),
        // Zone files and RDATA presentation format through libldns.
        .target(name: "ZoneText", dependencies: ["DNSWire", "CLDNS"], swiftSettings: strict),
        // Route 53 data model and its validation rules (spec §1–§4).
        .target(name: "Route53Model", dependencies: ["DNSWire", "ZoneText"], swiftSettings: strict),
        // Immutable answer snapshot + pure resolver. The per-query hot path.
        .target(name: "AnswerEngine", dependencies: ["DNSWire", "Route53Model"], swiftSettings: strict),
        // recvmmsg/sendmmsg, which Swift's Glibc module does not export (no _GNU_SOURCE).
        .target(name: "CUDPBatch"),
        // The kernel's tcp_info (glibc's copy lacks tcpi_bytes_received): unread bytes at drain.
        .target(name: "CTCPInfo"),
        // UDP (recvmmsg batch loop) and SwiftNIO TCP listeners reading the current snapshot.
        .target(name: "DNSServer", dependencies: [
            "DNSWire", "AnswerEngine", "CUDPBatch", "CMemoryHint", "CTCPInfo",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
        ], swiftSettings: strict),
        // Health checks: pure threshold machines, real probers (TCP, HTTP, HTTPS), the scheduler.
        .target(name: "HealthChecking", dependencies: [
            "Route53Model",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
            .product(name: "NIOTLS", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
        ], swiftSettings: strict),
        // AWS wire protocol pieces with no I/O: an XML reader and writer for the rest-xml protocol
        // (API-01) and the Signature Version 4 verifier (issue 4 item 5).
        .target(name: "AWSProtocol", dependencies: [
            .product(name: "Crypto", package: "swift-crypto"),
        ], swiftSettings: strict),
        // The durable state (SQLite through GRDB, WAL): zones, record sets, health checks, delegation
        // sets, tags, change history, drill states. One transaction per write (issue 4 item 4).
        .target(name: "LabStore", dependencies: [
            "DNSWire", "Route53Model",
            .product(name: "GRDB", package: "GRDB.swift"),
            // The raw statement API for bulk inserts (a million-row seed, issue 6).
            .product(name: "GRDBSQLite", package: "GRDB.swift"),
        ], swiftSettings: strict),
        // Config loading, the durable store (SQLite via GRDB), the publisher (snapshot + health → swap),
        // the Route 53 REST XML API and the lab API.
        .target(name: "ControlPlane", dependencies: [
            "DNSWire", "ZoneText", "Route53Model", "AnswerEngine", "HealthChecking", "DNSServer",
            "AWSProtocol", "LabStore",
            .product(name: "Yams", package: "Yams"),
            .product(name: "Metrics", package: "swift-metrics"),
            .product(name: "Prometheus", package: "swift-prometheus"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            // Webhook POSTs for health events (issue 5 item 5) on the daemon's own event loops.
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
        ], swiftSettings: strict),
        // A small blocking stub resolver (UDP + TCP) used by the CLI and the tests.
        .target(name: "DNSClient", dependencies: ["DNSWire"], swiftSettings: strict),
        .executableTarget(name: "lab53d", dependencies: [
            "DNSWire", "ControlPlane", "LabStore", "DNSServer", "AnswerEngine", "Route53Model", "HealthChecking",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
        ], swiftSettings: strict),
        .executableTarget(name: "lab53", dependencies: [
            "DNSWire", "DNSClient", "Route53Model", "ZoneText", "AWSProtocol",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], swiftSettings: strict),
        // Test fixtures: daemon launcher on port 0, loopback helpers.
        .target(name: "TestSupport", dependencies: [
            "DNSWire", "DNSClient", "ZoneText",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
        ], swiftSettings: strict),

        .testTarget(name: "DNSWireTests", dependencies: ["DNSWire", "DNSClient"], swiftSettings: strict),
        // Listener state machines on NIO's EmbeddedChannel (TCP drain at shutdown, issue 5 item 2);
        // the UDP batch listener and its reply cache on real loopback sockets (issue 6).
        .testTarget(name: "DNSServerTests", dependencies: ["DNSServer", "AnswerEngine", "Route53Model", "DNSWire",
                                                      "DNSClient",
                                                      .product(name: "NIOPosix", package: "swift-nio"),
                                                      .product(name: "Logging", package: "swift-log"),
                                                      .product(name: "NIOCore", package: "swift-nio"),
                                                      .product(name: "NIOEmbedded", package: "swift-nio")],
                    swiftSettings: strict),
        .testTarget(name: "ZoneTextTests", dependencies: ["ZoneText", "DNSWire"], swiftSettings: strict),
        .testTarget(name: "Route53ModelTests", dependencies: ["Route53Model", "ZoneText", "DNSWire"], swiftSettings: strict),
        .testTarget(name: "AnswerEngineTests", dependencies: ["AnswerEngine", "Route53Model", "ZoneText", "DNSWire"], swiftSettings: strict),
        .testTarget(name: "HealthCheckingTests", dependencies: ["HealthChecking", "Route53Model", "TestSupport",
                                                          .product(name: "Logging", package: "swift-log")],
                    swiftSettings: strict),
        .testTarget(name: "AWSProtocolTests", dependencies: ["AWSProtocol"], swiftSettings: strict),
        .testTarget(name: "LabStoreTests", dependencies: ["LabStore", "Route53Model", "DNSWire", "ZoneText"],
                    swiftSettings: strict),
        .testTarget(name: "ControlPlaneTests", dependencies: ["ControlPlane", "Route53Model", "DNSWire", "DNSServer", "LabStore",
                                                        "HealthChecking", "AWSProtocol",
                                                        .product(name: "NIOPosix", package: "swift-nio"),
                                                        .product(name: "Logging", package: "swift-log")],
                    resources: [], swiftSettings: strict),
        .testTarget(name: "DaemonTests", dependencies: ["TestSupport", "DNSClient", "DNSWire", "ZoneText", "ControlPlane",
                                                   "Route53Model", "lab53d"],
                    // Golden CLI output, read by path from the source tree (CLIGoldenTests).
                    exclude: ["Golden"],
                    swiftSettings: strict),
    ]
)
