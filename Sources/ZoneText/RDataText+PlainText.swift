import DNSWire

extension RDataText {
    /// The presentation text of the common RDATA shapes, made without libldns (issue 6, scale: a
    /// million-record import spent ~15 % of its load in `inet_ntop`, `ldns_wire2rr` and
    /// `ldns_rdf2str`). Byte for byte what libldns prints: addresses as `inet_ntop` writes them,
    /// names and character-strings only when none of their bytes needs an escape. Nil for anything
    /// else (other types, escapes, wrong lengths), which `format` then hands to libldns.
    static func plainText(type: RRType, rdata: [UInt8]) -> String? {
        rdata.withUnsafeBufferPointer { bytes in
            switch type {
            case .a:
                return bytes.count == 4 ? ipv4Text(bytes) : nil
            case .aaaa:
                return bytes.count == 16 ? ipv6Text(bytes) : nil
            case .cname, .ns, .ptr:
                return text(fields: bytes) { out, cursor in cursor.name(into: &out) }
            case .mx:
                return text(fields: bytes) { out, cursor in
                    cursor.number(bytes: 2, into: &out) && cursor.space(&out) && cursor.name(into: &out)
                }
            case .srv:
                return text(fields: bytes) { out, cursor in
                    cursor.number(bytes: 2, into: &out) && cursor.space(&out) && cursor.number(bytes: 2, into: &out)
                        && cursor.space(&out) && cursor.number(bytes: 2, into: &out) && cursor.space(&out) && cursor.name(into: &out)
                }
            case .txt, .spf:
                return text(fields: bytes) { out, cursor in
                    guard cursor.characterString(into: &out) else { return false }
                    while !cursor.atEnd {
                        guard cursor.space(&out), cursor.characterString(into: &out) else { return false }
                    }
                    return true
                }
            default:
                return nil
            }
        }
    }

    /// Runs `fields` over all of `bytes`; the text when it succeeded and consumed every byte.
    private static func text(fields bytes: UnsafeBufferPointer<UInt8>,
                             _ fields: (inout [UInt8], inout PlainCursor) -> Bool) -> String? {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 8)
        var cursor = PlainCursor(bytes: bytes)
        guard fields(&out, &cursor), cursor.atEnd else { return nil }
        return String(decoding: out, as: UTF8.self)
    }

    /// Dotted decimal, as `inet_ntop(AF_INET)`; short enough to stay a small (inline) string.
    private static func ipv4Text(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 16) { out in
            var count = 0
            for (position, byte) in bytes.enumerated() {
                if position > 0 { out[count] = UInt8(ascii: "."); count += 1 }
                count += PlainCursor.decimal(UInt(byte), into: out, at: count)
            }
            return String(decoding: UnsafeBufferPointer(rebasing: out[..<count]), as: UTF8.self)
        }
    }

    /// RFC 5952 text as glibc's `inet_ntop(AF_INET6)` writes it: lower-case hex groups without
    /// leading zeros, the first longest run of two or more zero groups as `::`, and the last 32
    /// bits in dotted decimal for IPv4-compatible (`::a.b.c.d`) and IPv4-mapped (`::ffff:a.b.c.d`)
    /// addresses.
    private static func ipv6Text(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        func group(_ index: Int) -> UInt16 { UInt16(bytes[index * 2]) << 8 | UInt16(bytes[index * 2 + 1]) }
        var best = (start: -1, length: 0)
        var run = (start: -1, length: 0)
        for index in 0..<8 {
            if group(index) == 0 {
                if run.start < 0 { run = (index, 1) } else { run.length += 1 }
                if run.length > best.length { best = run }
            } else {
                run = (-1, 0)
            }
        }
        if best.length < 2 { best = (-1, 0) }
        let embedsIPv4 = best.start == 0 && (best.length == 6 || (best.length == 5 && group(5) == 0xFFFF))
        var out: [UInt8] = []
        out.reserveCapacity(41)
        var index = 0
        while index < 8 {
            if index == best.start {
                out.append(UInt8(ascii: ":"))
                index += best.length
                if index == 8 { out.append(UInt8(ascii: ":")) }
                continue
            }
            if index > 0 { out.append(UInt8(ascii: ":")) }
            if index == 6 && embedsIPv4 {
                let tail = UnsafeBufferPointer(rebasing: bytes[12...])
                out.append(contentsOf: ipv4Text(tail).utf8)
                break
            }
            PlainCursor.hex(group(index), into: &out)
            index += 1
        }
        return String(decoding: out, as: UTF8.self)
    }
}
