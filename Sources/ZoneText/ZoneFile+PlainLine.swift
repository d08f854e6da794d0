#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import DNSWire

extension ZoneFile {
    /// The common zone-file line read without libldns: `owner [ttl] [IN] type rdata` on one line,
    /// with an A, AAAA, CNAME, NS, PTR, MX, TXT or SPF value, and no parenthesis, backslash,
    /// comment or directive (quotes only around whole TXT/SPF strings of printable ASCII). libldns
    /// spent ~25 % of a million-record import in `getc`, `vfprintf` and its tokenizer (issue 6,
    /// scale; TXT lines alone, 4 % of the records, later cost another 9 %). Anything else — and
    /// any value this reader would have to judge, such as a TTL above 2147483647 or an MX
    /// preference above 65535 — returns nil and goes to libldns, which parses it and reports
    /// problems exactly as before. Names are built the way libldns builds them: `@` is the origin,
    /// a name without a final dot is relative to it, case is kept.
    ///
    /// Fields are zero-based buffers read by index: the same code over `Slice`s ran partly
    /// unspecialised (generic metadata lookups, witness calls) at ~15 % of the reading.
    enum PlainLine {
        /// A field of the line: its bytes, indexed from zero.
        typealias Token = UnsafeBufferPointer<UInt8>

        /// The record on `line` (without its newline), or nil to let libldns read it.
        static func record(_ line: Token, origin: DomainName?, defaultTTL: UInt32) -> ResourceRecord? {
            guard line.count > 0, line[0] != 0x20, line[0] != 0x09 else { return nil }
            // At most six fields; on the stack, as this runs once per line of a million-line file.
            return withUnsafeTemporaryAllocation(of: Token.self, capacity: 7) { storage in
                var count = 0
                var start = -1
                var quoteOpen = false
                var index = 0
                while index < line.count {
                    let byte = line[index]
                    if quoteOpen {
                        // Inside a quoted TXT string only printable bytes other than `\` (no escapes here).
                        guard byte >= 0x20 && byte <= 0x7E && byte != 0x5C else { return nil }
                        if byte == 0x22 {
                            // The closing quote ends the token: a byte right after it is not plain.
                            let next = index + 1
                            guard next == line.count || line[next] == 0x20 || line[next] == 0x09 else { return nil }
                            quoteOpen = false
                        }
                        index += 1
                        continue
                    }
                    switch byte {
                    case 0x22:                                                   // " opens a token only
                        guard start < 0 else { return nil }
                        start = index
                        quoteOpen = true
                    case 0x28, 0x29, 0x5C, 0x3B, 0x24, 0x0D: return nil          // ( ) \ ; $ CR
                    case 0x20, 0x09:
                        if start >= 0 {
                            storage.initializeElement(at: count, to: Token(rebasing: line[start..<index]))
                            count += 1
                            start = -1
                            if count == storage.count { return nil }
                        }
                    default:
                        if start < 0 { start = index }
                    }
                    index += 1
                }
                guard !quoteOpen else { return nil }
                if start >= 0 {
                    storage.initializeElement(at: count, to: Token(rebasing: line[start..<line.count]))
                    count += 1
                }
                guard count >= 3, count <= 6 else { return nil }
                return record(tokens: UnsafeBufferPointer(rebasing: storage[..<count]), origin: origin, defaultTTL: defaultTTL)
            }
        }

        private static func record(tokens: UnsafeBufferPointer<Token>, origin: DomainName?, defaultTTL: UInt32) -> ResourceRecord? {
            guard let owner = name(tokens[0], origin: origin) else { return nil }
            var position = 1
            var ttl: UInt32?
            var sawClass = false
            while position < tokens.count - 1 {
                let token = tokens[position]
                // TTL before class only: libldns rejects `IN 300`, and must keep reporting it.
                if ttl == nil, !sawClass, isDigits(token) {
                    guard token.count <= 10, let value = number(token, limit: 0x7FFF_FFFF) else { return nil }
                    ttl = value
                } else if !sawClass, matches(token, "IN") {
                    sawClass = true
                } else {
                    break
                }
                position += 1
            }
            // Quoted strings belong to TXT and SPF values only.
            for index in 0...position where tokens[index][0] == 0x22 { return nil }
            let rdata = UnsafeBufferPointer(rebasing: tokens[(position + 1)...])
            let type: RRType
            let wire: [UInt8]
            let typeToken = tokens[position]
            if matches(typeToken, "A") {
                guard rdata.count == 1, let bytes = ipv4Address(rdata[0]) else { return nil }
                (type, wire) = (.a, bytes)
            } else if matches(typeToken, "AAAA") {
                guard rdata.count == 1, let bytes = ipv6Address(rdata[0]) else { return nil }
                (type, wire) = (.aaaa, bytes)
            } else if let nameType: RRType = matches(typeToken, "CNAME") ? .cname : matches(typeToken, "NS") ? .ns
                        : matches(typeToken, "PTR") ? .ptr : nil {
                guard rdata.count == 1, let target = name(rdata[0], origin: origin) else { return nil }
                (type, wire) = (nameType, target.wire)
            } else if matches(typeToken, "MX") {
                guard rdata.count == 2, let preference = number(rdata[0], limit: 0xFFFF),
                      let exchange = name(rdata[1], origin: origin) else { return nil }
                (type, wire) = (.mx, [UInt8(preference >> 8), UInt8(preference & 0xFF)] + exchange.wire)
            } else if let textType: RRType = matches(typeToken, "TXT") ? .txt : matches(typeToken, "SPF") ? .spf : nil {
                guard rdata.count > 0, let strings = characterStrings(rdata) else { return nil }
                (type, wire) = (textType, strings)
            } else {
                return nil
            }
            if type != .txt && type != .spf {
                for token in rdata where token[0] == 0x22 { return nil }
            }
            // Without an explicit TTL, the TTL libldns would use: `$TTL` or the reader's default.
            guard let recordTTL = ttl ?? (defaultTTL == 0 ? nil : defaultTTL) else { return nil }
            return ResourceRecord(name: owner, type: type, rrClass: .in, ttl: recordTTL, rdata: wire)
        }

        /// `@`, an absolute name, or a name relative to `origin`, built straight into wire form
        /// (the line has no backslash, so every byte but `.` is label text); nil when a label is
        /// empty or longer than 63 bytes or the name longer than 255, which libldns then reports.
        static func name(_ token: Token, origin: DomainName?) -> DomainName? {
            let dot = UInt8(ascii: ".")
            guard token.count > 0 else { return nil }
            if token.count == 1 && token[0] == UInt8(ascii: "@") { return origin }
            if token.count == 1 && token[0] == dot { return .root }
            let absolute = token[token.count - 1] == dot
            let originWire = absolute ? [] : origin?.wire
            guard let originWire else { return nil }
            // The labels take the token's bytes plus one length byte (each dot becomes the next
            // label's length); a relative name then ends with the origin's labels and root.
            let size = token.count + 1 + originWire.count
            guard size <= 255 else { return nil }
            var valid = true
            let wire = [UInt8](unsafeUninitializedCapacity: size) { out, initialized in
                var lengthAt = 0
                var position = 1
                var labelStart = 0
                for index in 0..<token.count {
                    let byte = token[index]
                    if byte == dot {
                        let length = index - labelStart
                        guard length > 0 && length <= 63 else { valid = false; break }
                        out[lengthAt] = UInt8(length)
                        lengthAt = position
                        position += 1
                        labelStart = index + 1
                    } else {
                        out[position] = byte
                        position += 1
                    }
                }
                if valid && absolute {
                    out[lengthAt] = 0    // the root label, after the final dot
                } else if valid {
                    // The last label, then the origin's labels and its root label.
                    let length = token.count - labelStart
                    if length <= 63 {
                        out[lengthAt] = UInt8(length)
                        for byte in originWire { out[position] = byte; position += 1 }
                    } else {
                        valid = false
                    }
                }
                initialized = valid ? position : 0
            }
            return valid ? DomainName(trustedWire: wire) : nil
        }

        /// TXT/SPF RDATA: each token one character-string (RFC 1035 §3.3.14), its quotes removed;
        /// nil for a string over 255 bytes or a byte outside printable ASCII, which libldns judges.
        private static func characterStrings(_ tokens: UnsafeBufferPointer<Token>) -> [UInt8]? {
            var wire: [UInt8] = []
            wire.reserveCapacity(tokens.reduce(0) { $0 + $1.count + 1 })
            for token in tokens {
                let text = token[0] == 0x22 ? Token(rebasing: token[1..<(token.count - 1)]) : token
                guard text.count <= 255 else { return nil }
                for index in 0..<text.count where text[index] < 0x20 || text[index] > 0x7E { return nil }
                wire.append(UInt8(text.count))
                wire.append(contentsOf: text)
            }
            return wire
        }

        /// Dotted decimal exactly as `inet_pton(AF_INET)` accepts it: four parts of one to three
        /// digits, at most 255, no leading zero (glibc rejects `01`), nothing else.
        static func ipv4Address(_ token: Token) -> [UInt8]? {
            // The parts go into one word; the array is made once, at the end (writing into an
            // array as each part ended was most of this function's time, issue 6, scale).
            var address: UInt32 = 0
            var part = 0
            var value: UInt32 = 0
            var digits = 0
            for index in 0..<token.count {
                let byte = token[index]
                if byte >= 0x30 && byte <= 0x39 {
                    guard !(digits > 0 && value == 0) else { return nil }
                    value = value * 10 + UInt32(byte - 0x30)
                    guard value <= 255 else { return nil }
                    digits += 1
                } else if byte == UInt8(ascii: "."), digits > 0, part < 3 {
                    address = address << 8 | value
                    part += 1
                    value = 0
                    digits = 0
                } else {
                    return nil
                }
            }
            guard part == 3, digits > 0 else { return nil }
            address = address << 8 | value
            return [UInt8(address >> 24), UInt8(truncatingIfNeeded: address >> 16), UInt8(truncatingIfNeeded: address >> 8),
                    UInt8(truncatingIfNeeded: address)]
        }

        /// IPv6 text through `inet_pton`, which libldns uses too.
        private static func ipv6Address(_ token: Token) -> [UInt8]? {
            guard token.count < 64 else { return nil }
            var bytes = [UInt8](repeating: 0, count: 16)
            let parsed = withUnsafeTemporaryAllocation(of: CChar.self, capacity: token.count + 1) { text in
                for index in 0..<token.count { text[index] = CChar(bitPattern: token[index]) }
                text[token.count] = 0
                return bytes.withUnsafeMutableBytes { inet_pton(AF_INET6, text.baseAddress, $0.baseAddress) }
            }
            return parsed == 1 ? bytes : nil
        }

        private static func isDigits(_ token: Token) -> Bool {
            for index in 0..<token.count where token[index] < 0x30 || token[index] > 0x39 { return false }
            return true
        }

        /// A decimal number of at most ten digits that is at most `limit`.
        private static func number(_ token: Token, limit: UInt32) -> UInt32? {
            guard token.count > 0, token.count <= 10 else { return nil }
            var value: UInt64 = 0
            for index in 0..<token.count {
                let byte = token[index]
                guard byte >= 0x30 && byte <= 0x39 else { return nil }
                value = value * 10 + UInt64(byte - 0x30)
            }
            return value <= UInt64(limit) ? UInt32(value) : nil
        }

        /// Whether `token` is `word` (upper-case ASCII) in any case.
        private static func matches(_ token: Token, _ word: StaticString) -> Bool {
            guard token.count == word.utf8CodeUnitCount else { return false }
            let letters = word.utf8Start
            for index in 0..<token.count {
                let byte = token[index]
                if (byte >= 0x61 && byte <= 0x7A ? byte - 0x20 : byte) != letters[index] { return false }
            }
            return true
        }
    }
}
