import NIOCore
import NIOSSL

/// The client TLS context every HTTPS probe shares (HC-01): certificates are not validated
/// (expired, self-signed and wrong-name certificates all pass), TLS 1.0 to 1.3 are offered, and
/// the legacy CBC-SHA suites stay enabled so a TLS 1.0-only endpoint can still be checked, as
/// Route 53 requires of it ("TLS 1.0–1.2 required of endpoint").
enum TLSProbeContext {
    /// Created once per process: building a BoringSSL context is far more expensive than a probe.
    static let shared: Result<NIOSSLContext, any Error> = Result { try NIOSSLContext(configuration: configuration) }

    static var configuration: TLSConfiguration {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.certificateVerification = .none
        configuration.minimumTLSVersion = .tlsv1
        configuration.maximumTLSVersion = .tlsv13
        configuration.cipherSuites = "ALL:!aNULL:!eNULL"
        // The probe never waits for the peer's close_notify: its verdict is already delivered.
        configuration.shutdownTimeout = .milliseconds(500)
        return configuration
    }

    /// The name to send in SNI (RFC 6066 §3): without a trailing dot, and none for an IP literal,
    /// which SNI cannot carry.
    static func serverName(_ name: String?) -> String? {
        guard var name, !name.isEmpty else { return nil }
        if name.hasSuffix(".") { name.removeLast() }
        if name.isEmpty || (try? SocketAddress(ipAddress: name, port: 0)) != nil { return nil }
        return name
    }
}
