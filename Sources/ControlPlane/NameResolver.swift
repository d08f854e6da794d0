import AnswerEngine
import DNSWire
import Dispatch
import Glibc

/// Resolves a health check's FullyQualifiedDomainName (HC-03): first from the zones this daemon
/// serves (so a lab can health-check names it hosts), then with the system resolver. Returns
/// IPv4 addresses first, as Route 53 probes the first A record.
public struct NameResolver: Sendable {
    let store: SnapshotStore

    public init(store: SnapshotStore) {
        self.store = store
    }

    public func resolve(_ name: String) async -> [String] {
        let own = hosted(name)
        if !own.isEmpty { return own }
        return await system(name)
    }

    /// A and AAAA answers from our own serving state, through the same responder DNS uses.
    func hosted(_ text: String) -> [String] {
        guard let name = try? DomainName(text) else { return [] }
        var addresses: [String] = []
        for type in [RRType.a, .aaaa] {
            let query = Message.queryBytes(id: 1, name: name, type: type)
            guard let wire = query.withUnsafeBytes({ Responder.respond(to: $0, transport: .tcp, client: nil, state: store.current) }),
                  let response = try? Message(bytes: wire), response.extendedRCode == .noError else { continue }
            for record in response.answers where record.type == type {
                addresses.append(IPAddressText.format(record.rdata))
            }
        }
        return addresses.filter { !$0.isEmpty }
    }

    /// getaddrinfo on a Dispatch thread, so a slow resolver never blocks the cooperative pool.
    func system(_ name: String) async -> [String] {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(returning: Self.getaddrinfo(name))
            }
        }
    }

    static func getaddrinfo(_ name: String) -> [String] {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var result: UnsafeMutablePointer<addrinfo>?
        guard Glibc.getaddrinfo(name, nil, &hints, &result) == 0, let first = result else { return [] }
        defer { freeaddrinfo(first) }
        var v4: [String] = []
        var v6: [String] = []
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let entry = cursor {
            if entry.pointee.ai_family == AF_INET, let address = entry.pointee.ai_addr {
                let bytes = address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { sin in
                    withUnsafeBytes(of: sin.pointee.sin_addr) { Array($0) }
                }
                v4.append(IPAddressText.format(bytes))
            } else if entry.pointee.ai_family == AF_INET6, let address = entry.pointee.ai_addr {
                let bytes = address.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { sin6 in
                    withUnsafeBytes(of: sin6.pointee.sin6_addr) { Array($0) }
                }
                v6.append(IPAddressText.format(bytes))
            }
            cursor = entry.pointee.ai_next
        }
        var seen = Set<String>()
        return (v4 + v6).filter { seen.insert($0).inserted }
    }
}

/// Presentation text of a 4- or 16-byte address (RFC 5952 form for IPv6, via inet_ntop).
enum IPAddressText {
    static func format(_ bytes: [UInt8]) -> String {
        guard bytes.count == 4 || bytes.count == 16 else { return "" }
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        let family = bytes.count == 4 ? AF_INET : AF_INET6
        let ok = bytes.withUnsafeBytes { raw in inet_ntop(family, raw.baseAddress, &buffer, socklen_t(buffer.count)) != nil }
        guard ok else { return "" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
