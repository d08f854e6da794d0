import NIOCore
import NIOSSL

/// A real loopback HTTPS server with a self-signed certificate — the endpoint of an HTTPS or
/// HTTPS_STR_MATCH check (HC-01: certificates are not validated). Same HTTP `behaviour` as
/// `FakeHTTPTarget`, plus a `tlsMode` for hostile or picky TLS peers, and the SNI each handshake
/// carried (HC-03).
public final class FakeTLSTarget: FakeTargetListening {
    /// How the TLS layer behaves; read at each accept (garbage/stall) or handshake (SNI rules).
    public enum TLSMode: Sendable, Hashable {
        /// A normal TLS server.
        case normal
        /// Answer the ClientHello with random bytes that are not a TLS record, keep the connection open.
        case garbage
        /// Answer the ClientHello with a TLS record header announcing 16 KiB, then nothing.
        case stall
        /// Fail every handshake whose ClientHello carries SNI (alert `internal_error`; HC-03's retry
        /// without SNI then succeeds).
        case rejectSNI
        /// Fail every handshake whose ClientHello carries no SNI (the server's certificate callback
        /// fails, so the client sees alert `internal_error`, not Route 53's `handshake_failure`).
        case requireSNI
    }

    /// The highest TLS version the server accepts.
    public enum MaximumVersion: Sendable, Hashable {
        /// TLS 1.0 only (with the legacy CBC-SHA suites): HC-01 requires such endpoints to pass.
        case tls1_0
        case tls1_2
        case tls1_3
    }

    private struct Rejection: Error, CustomStringConvertible {
        let description: String
    }

    public let server = FakeTargetServer()
    private let record: FakeTargetRecord
    private let mode: FakeTargetLocked<TLSMode>
    private let context: NIOSSLContext
    public let certificate: SelfSignedCertificate

    /// - Parameter certificate: defaults to the process-wide `SelfSignedCertificate.shared()`.
    public init(behaviour: FakeHTTPTarget.Behaviour = .init(), tlsMode: TLSMode = .normal, certificate: SelfSignedCertificate? = nil,
                maximumVersion: MaximumVersion = .tls1_3) throws {
        let certificate = try certificate ?? SelfSignedCertificate.shared()
        let record = FakeTargetRecord(behaviour: behaviour)
        let mode = FakeTargetLocked(tlsMode)
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: try NIOSSLCertificate.fromPEMFile(certificate.certificatePath).map { .certificate($0) },
            privateKey: .privateKey(try NIOSSLPrivateKey(file: certificate.privateKeyPath, format: .pem)))
        configuration.minimumTLSVersion = .tlsv1
        switch maximumVersion {
        case .tls1_0:
            configuration.maximumTLSVersion = .tlsv1
            configuration.cipherSuites = "ALL:!aNULL:!eNULL"
        case .tls1_2:
            configuration.maximumTLSVersion = .tlsv12
        case .tls1_3:
            configuration.maximumTLSVersion = .tlsv13
        }
        configuration.shutdownTimeout = .milliseconds(100)
        // Called for every ClientHello: records the SNI and applies the SNI rules of `tlsMode`.
        configuration.sslContextCallback = { values, promise in
            record.noteHandshake(serverName: values.serverHostname)
            switch (mode.value, values.serverHostname) {
            case (.rejectSNI, .some(let name)): promise.fail(Rejection(description: "SNI \(name) rejected"))
            case (.requireSNI, .none): promise.fail(Rejection(description: "SNI required"))
            default: promise.succeed(.noChanges)
            }
        }
        self.context = try NIOSSLContext(configuration: configuration)
        self.certificate = certificate
        self.record = record
        self.mode = mode
    }

    /// Creates and starts a target on `host` (`127.0.0.1`, another 127.0.0.0/8 address, or `::1`).
    public static func started(_ behaviour: FakeHTTPTarget.Behaviour = .init(), tlsMode: TLSMode = .normal,
                               maximumVersion: MaximumVersion = .tls1_3, host: String = "127.0.0.1", port: Int = 0) async throws
        -> FakeTLSTarget {
        let target = try FakeTLSTarget(behaviour: behaviour, tlsMode: tlsMode, maximumVersion: maximumVersion)
        try await target.start(host: host, port: port)
        return target
    }

    /// Listens on `host:port` (port 0 picks a free one; read it from `port`).
    public func start(host: String = "127.0.0.1", port: Int = 0) async throws {
        let (record, mode, context) = (self.record, self.mode, self.context)
        try await server.start(host: host, port: port) { channel in
            channel.eventLoop.makeCompletedFuture {
                switch mode.value {
                case .garbage:
                    try channel.pipeline.syncOperations.addHandler(FakeTargetTLSGarbage(stall: false))
                case .stall:
                    try channel.pipeline.syncOperations.addHandler(FakeTargetTLSGarbage(stall: true))
                case .normal, .rejectSNI, .requireSNI:
                    try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: context))
                    try FakeTargetResponder.install(on: channel, record: record)
                }
            }
        }
    }




    public var behaviour: FakeHTTPTarget.Behaviour {
        get { record.behaviour }
        set { record.behaviour = newValue }
    }

    public var tlsMode: TLSMode {
        get { mode.value }
        set { mode.value = newValue }
    }

    /// The SNI of each handshake so far, in order (`nil`: the ClientHello carried none).
    public var serverNames: [String?] { record.serverNames }
    public var requestCount: Int { record.requestCount }
    public var lastRequest: FakeHTTPRequest? { record.lastRequest }
}
