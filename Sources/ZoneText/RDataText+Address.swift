#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import DNSWire

extension RDataText {
    /// A and AAAA RDATA as text without a round trip through libldns (issue 6, scale: a zone file of
    /// a million addresses spent seconds in `ldns_wire2rr` + `ldns_rdf2str`). libldns prints both
    /// with `inet_ntop`, so calling it here gives the same text byte for byte. Nil for other types
    /// or a wrong length, which the libldns path then reports.
    static func addressText(type: RRType, rdata: [UInt8]) -> String? {
        let family: Int32
        switch (type, rdata.count) {
        case (.a, 4): family = AF_INET
        case (.aaaa, 16): family = AF_INET6
        default: return nil
        }
        // INET6_ADDRSTRLEN is 46 with the terminating NUL.
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: 48) { text -> String? in
            let ok = rdata.withUnsafeBytes { source in inet_ntop(family, source.baseAddress, text.baseAddress, 48) != nil }
            guard ok, let end = text.firstIndex(of: 0) else { return nil }
            return String(decoding: UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(text)[..<end]), as: UTF8.self)
        }
    }
}
