import Foundation
import NIOCore
import NIOSSL

/// Turns the errors SwiftNIO and NIOSSL report into HC-13 status strings.
enum ProberErrors {
    /// A failed connect (or a connection error before any response byte).
    static func connectStatus(_ error: any Error) -> String {
        if let channelError = error as? ChannelError, case .connectTimeout = channelError {
            return ProberStatus.connectionTimedOut
        }
        if let ioError = error as? IOError {
            switch ioError.errnoCode {
            case ECONNREFUSED: return ProberStatus.connectionRefused
            case ECONNRESET, EPIPE: return ProberStatus.connectionReset
            case ETIMEDOUT: return ProberStatus.connectionTimedOut
            default: return ProberStatus.connectionFailed(String(cString: strerror(ioError.errnoCode)))
            }
        }
        return ProberStatus.connectionFailed(String(describing: error))
    }

    /// The reason of a failed TLS handshake: `SSL alert <name>` when the peer sent an alert
    /// (HC-03: a server that needs SNI answers `handshake_failure`), else BoringSSL's reason code.
    static func tlsReason(_ error: any Error) -> String {
        switch error {
        case let sslError as NIOSSLError:
            switch sslError {
            case .handshakeFailed(let boringError): return reason(boringError)
            case .uncleanShutdown: return closedDuringHandshake
            default: return String(describing: sslError)
            }
        case let boringError as BoringSSLError:
            return reason(boringError)
        case let ioError as IOError where ioError.errnoCode == ECONNRESET:
            return "connection reset by the endpoint during the handshake"
        default:
            return String(describing: error)
        }
    }

    static let closedDuringHandshake = "connection closed by the endpoint during the handshake"

    private static func reason(_ error: BoringSSLError) -> String {
        switch error {
        case .sslError(let stack), .unknownError(let stack), .invalidSNIName(let stack), .failedToSetALPN(let stack):
            if stack.contains(.eofDuringHandshake) { return closedDuringHandshake }
            let codes = stack.compactMap { reasonCode(in: String(describing: $0)) }
            guard let code = codes.first else { return String(describing: error) }
            return alertName(code) ?? code
        default:
            return String(describing: error)
        }
    }

    /// `error:10000410:SSL routines:OPENSSL_internal:SSLV3_ALERT_HANDSHAKE_FAILURE at …` →
    /// `SSLV3_ALERT_HANDSHAKE_FAILURE`.
    static func reasonCode(in description: String) -> String? {
        guard let marker = description.range(of: "OPENSSL_internal:") else { return nil }
        let code = description[marker.upperBound...].prefix { $0.isUppercase || $0.isNumber || $0 == "_" }
        return code.isEmpty ? nil : String(code)
    }

    /// `SSLV3_ALERT_HANDSHAKE_FAILURE` / `TLSV1_ALERT_PROTOCOL_VERSION` → `SSL alert handshake_failure`
    /// / `SSL alert protocol_version`, the form Route 53 reports (HC-13).
    static func alertName(_ code: String) -> String? {
        for prefix in ["SSLV3_ALERT_", "TLSV1_ALERT_", "TLSV1_3_ALERT_"] where code.hasPrefix(prefix) {
            return "SSL alert " + code.dropFirst(prefix.count).lowercased()
        }
        return nil
    }
}

/// Conversions between `Duration` (the contract's unit) and NIO's `TimeAmount`.
enum ProberTiming {
    static func timeAmount(_ duration: Duration) -> TimeAmount {
        let (seconds, attoseconds) = duration.components
        guard seconds >= 0, attoseconds >= 0 || seconds > 0 else { return .zero }
        let capped = min(seconds, Int64.max / 1_000_000_000 - 1)
        return .nanoseconds(capped * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
