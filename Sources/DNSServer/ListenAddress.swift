#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A `HOST:PORT` listen address (`127.0.0.1:5353`, `[::1]:5353`): what the config and flags name
/// and what the listeners report once bound. The host is an IP literal, so binding never depends
/// on name resolution; port 0 asks the kernel for a free port.
public struct ListenAddress: Sendable, Hashable, CustomStringConvertible {
    /// The IP literal without brackets.
    public var host: String
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// 127.0.0.0/8 or ::1 (architecture pattern 8: the control API stays on loopback by default).
    public var isLoopback: Bool { host.hasPrefix("127.") || host == "::1" }

    /// Parses `IPv4:PORT` or `[IPv6]:PORT`; the error says which part is wrong.
    public init(parsing text: String) throws(ListenAddressError) {
        let host: Substring
        let portText: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]"), text[text.index(after: close)...].hasPrefix(":") else {
                throw ListenAddressError(message: "\(text) is not HOST:PORT (e.g. 127.0.0.1:5353 or [::1]:5353)")
            }
            host = text[text.index(after: text.startIndex)..<close]
            portText = text[text.index(close, offsetBy: 2)...]
            guard ListenAddress.isIPv6(String(host)) else {
                throw ListenAddressError(message: "\(host) is not an IPv6 address")
            }
        } else {
            guard let colon = text.lastIndex(of: ":") else {
                throw ListenAddressError(message: "\(text) is not HOST:PORT (e.g. 127.0.0.1:5353 or [::1]:5353)")
            }
            host = text[..<colon]
            portText = text[text.index(after: colon)...]
            if host.contains(":") {
                throw ListenAddressError(message: "\(text): an IPv6 address must be written in brackets, e.g. [::1]:5353")
            }
            guard ListenAddress.isIPv4(String(host)) else {
                throw ListenAddressError(message: "\(host) is not an IPv4 address (IPv6 goes in brackets: [::1]:5353)")
            }
        }
        guard !portText.isEmpty, portText.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw ListenAddressError(message: "port \(portText) is not a number")
        }
        guard let port = Int(portText), (0...65535).contains(port) else {
            throw ListenAddressError(message: "port \(portText) is out of range (0…65535)")
        }
        self.init(host: String(host), port: port)
    }

    public var isIPv6: Bool { host.contains(":") }

    /// `127.0.0.1:5353` or `[::1]:5353`.
    public var description: String { isIPv6 ? "[\(host)]:\(port)" : "\(host):\(port)" }

    static func isIPv4(_ text: String) -> Bool {
        var address = in_addr()
        return inet_pton(AF_INET, text, &address) == 1
    }

    static func isIPv6(_ text: String) -> Bool {
        var address = in6_addr()
        return inet_pton(AF_INET6, text, &address) == 1
    }
}

/// Why a listen address was rejected.
public struct ListenAddressError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
