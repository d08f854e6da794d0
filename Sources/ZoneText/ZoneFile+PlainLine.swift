#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import DNSWire

extension ZoneFile {
    /// The common zone-file line read without libldns: `owner [ttl] [IN] type rdata` on one line,
    /// with an A, AAAA, CNAME, NS, PTR or MX value, and no quote, parenthesis, backslash, comment
    /// or directive. libldns spent ~25 % of a million-record import in `getc`, `vfprintf` and its
    /// tokenizer (issue 6, scale). Anything else — and any value this reader would have to judge,
    /// such as a TTL above 2147483647 or an MX preference above 65535 — returns nil and goes to
    /// libldns, which parses it and reports problems exactly as before. Names are built the way
    /// libldns builds them: `@` is the origin, a name without a final dot is relative to it, case
    /// is kept.
    enum PlainLine {
        /// The record on `line` (without its newline), or nil to let libldns read it.
        static func record(_ line: Slice<UnsafeBufferPointer<UInt8>>, origin: DomainName?, defaultTTL: UInt32) -> ResourceRecord? {
            guard let first = line.first, first != 0x20, first != 0x09 else { return nil }
            var tokens: [Slice<UnsafeBufferPointer<UInt8>>] = []
            var start: Int?
            for index in line.indices {
                let byte = line[index]
                switch byte {
                case 0x22, 0x28, 0x29, 0x5C, 0x3B, 0x24, 0x0D: return nil   // " ( ) \ ; $ CR
                case 0x20, 0x09:
                    if let open = start { tokens.append(line[open..<index]); start = nil }
                default:
                    if start == nil { start = index }
                }
            }
            if let open = start { tokens.append(line[open..<line.endIndex]) }
            guard tokens.count >= 3, tokens.count <= 6, let owner = name(tokens[0], origin: origin) else { return nil }
            var position = 1
            var ttl: UInt32?
            var sawClass = false
            while position < tokens.count - 1 {
                let token = tokens[position]
                // TTL before class only: libldns rejects `IN 300`, and must keep reporting it.
                if ttl == nil, !sawClass, token.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
                    guard token.count <= 10, let value = UInt32(String(decoding: token, as: UTF8.self)),
                          value <= 0x7FFF_FFFF else { return nil }
                    ttl = value
                } else if !sawClass, upperCased(token) == "IN" {
                    sawClass = true
                } else {
                    break
                }
                position += 1
            }
            let rdata = tokens[(position + 1)...]
            let type: RRType
            let wire: [UInt8]
            let typeName = upperCased(tokens[position])
            switch typeName {
            case "A":
                guard rdata.count == 1, let bytes = address(rdata.first!, family: AF_INET, count: 4) else { return nil }
                (type, wire) = (.a, bytes)
            case "AAAA":
                guard rdata.count == 1, let bytes = address(rdata.first!, family: AF_INET6, count: 16) else { return nil }
                (type, wire) = (.aaaa, bytes)
            case "CNAME", "NS", "PTR":
                guard rdata.count == 1, let target = name(rdata.first!, origin: origin) else { return nil }
                type = typeName == "CNAME" ? .cname : typeName == "NS" ? .ns : .ptr
                wire = target.wire
            case "MX":
                guard rdata.count == 2, let preference = rdata.first.flatMap({ number($0) }), preference <= 0xFFFF,
                      let exchange = name(rdata.last!, origin: origin) else { return nil }
                (type, wire) = (.mx, [UInt8(preference >> 8), UInt8(preference & 0xFF)] + exchange.wire)
            default:
                return nil
            }
            // Without an explicit TTL, the TTL libldns would use: `$TTL` or the reader's default.
            guard let recordTTL = ttl ?? (defaultTTL == 0 ? nil : defaultTTL) else { return nil }
            return ResourceRecord(name: owner, type: type, rrClass: .in, ttl: recordTTL, rdata: wire)
        }

        /// `@`, an absolute name, or a name relative to `origin` (the labels parsed by
        /// `DomainName(_:)`, which reads a name without a final dot as absolute); nil when invalid.
        static func name(_ token: Slice<UnsafeBufferPointer<UInt8>>, origin: DomainName?) -> DomainName? {
            if token.count == 1 && token.first == UInt8(ascii: "@") { return origin }
            guard let parsed = try? DomainName(String(decoding: token, as: UTF8.self)) else { return nil }
            if token.last == UInt8(ascii: ".") { return parsed }
            guard let origin else { return nil }
            return try? DomainName(wire: parsed.wire.dropLast() + origin.wire)
        }

        private static func address(_ token: Slice<UnsafeBufferPointer<UInt8>>, family: Int32, count: Int) -> [UInt8]? {
            guard token.count < 64 else { return nil }
            var text = Array(token)
            text.append(0)
            var bytes = [UInt8](repeating: 0, count: count)
            let parsed = text.withUnsafeBufferPointer { source in
                bytes.withUnsafeMutableBytes { inet_pton(family, UnsafeRawPointer(source.baseAddress!).assumingMemoryBound(to: CChar.self), $0.baseAddress) }
            }
            return parsed == 1 ? bytes : nil
        }

        private static func number(_ token: Slice<UnsafeBufferPointer<UInt8>>) -> UInt32? {
            guard !token.isEmpty, token.count <= 5, token.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
            return UInt32(String(decoding: token, as: UTF8.self))
        }

        private static func upperCased(_ token: Slice<UnsafeBufferPointer<UInt8>>) -> String {
            String(decoding: token.map { $0 >= 0x61 && $0 <= 0x7A ? $0 - 0x20 : $0 }, as: UTF8.self)
        }
    }
}
