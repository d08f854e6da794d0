import CLDNS
import DNSWire
import Testing
@testable import ZoneText

/// `RDataText.plainText` (issue 6, scale) must print exactly what libldns prints, since it
/// replaces libldns in `format` for addresses, names, MX, SRV and TXT without escapes.
@Suite("RDataText without libldns")
struct RDataTextPlainTextTests {
    static func ldnsText(_ type: RRType, _ rdata: [UInt8]) -> String? {
        guard let rr = try? RecordText.decodeLDNS(name: .root, type: type, rrClass: .in, ttl: 0, rdata: rdata) else { return nil }
        defer { ldns_rr_free(rr) }
        return LDNS.rdataText(of: rr)
    }

    /// Where the plain text exists it is libldns's; returns whether it existed.
    @discardableResult
    static func expectSameAsLibldns(_ type: RRType, _ rdata: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        guard let plain = RDataText.plainText(type: type, rdata: rdata) else { return false }
        #expect(plain == ldnsText(type, rdata), "\(type) \(rdata)", sourceLocation: sourceLocation)
        return true
    }

    static let fixed: [(RRType, [UInt8])] = [
        (.a, [0, 0, 0, 0]), (.a, [255, 255, 255, 255]), (.a, [10, 0, 1, 2]), (.a, [192, 0, 2, 1]),
        (.aaaa, [UInt8](repeating: 0, count: 16)),
        (.aaaa, [UInt8](repeating: 0, count: 15) + [1]),
        (.aaaa, [UInt8](repeating: 0, count: 15) + [2]),
        (.aaaa, [0x20, 0x01, 0x0d, 0xb8] + [UInt8](repeating: 0, count: 11) + [1]),
        (.aaaa, [0, 1] + [UInt8](repeating: 0, count: 14)),
        (.aaaa, [UInt8](repeating: 0, count: 10) + [0xFF, 0xFF, 192, 0, 2, 1]),
        (.aaaa, [UInt8](repeating: 0, count: 12) + [192, 0, 2, 1]),
        (.aaaa, [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1]),
        (.aaaa, [0x20, 0x01, 0, 0, 0x0d, 0xb8, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1]),
        (.aaaa, [UInt8](repeating: 0xFF, count: 16)),
        (.cname, [0]), (.cname, [3] + Array("www".utf8) + [7] + Array("Example".utf8) + [3] + Array("com".utf8) + [0]),
        (.ns, [1, UInt8(ascii: "*"), 2, UInt8(ascii: "_"), UInt8(ascii: "-"), 0]),
        (.ptr, [3] + Array("a-b".utf8) + [0]),
        (.mx, [0, 10, 2] + Array("mx".utf8) + [0]), (.mx, [0xFF, 0xFF, 0]),
        (.srv, [0, 1, 0, 2, 0x13, 0xC4, 3] + Array("sip".utf8) + [0]), (.srv, [0xFF, 0xFF, 0, 0, 0xFF, 0xFF, 0]),
        (.txt, [0]), (.txt, [3] + Array("a b".utf8)), (.txt, [1, 0x20, 0, 2] + Array("~!".utf8)),
        (.spf, [11] + Array("v=spf1 -all".utf8)),
    ]

    @Test("fixed RDATA: the same text as libldns", arguments: 0..<fixed.count)
    func fixedRows(_ row: Int) throws {
        let (type, rdata) = Self.fixed[row]
        #expect(Self.expectSameAsLibldns(type, rdata))
        #expect(try RDataText.format(type: type, rdata: rdata) == Self.ldnsText(type, rdata))
    }

    @Test("seeded random addresses with runs of zero groups: the same text as libldns")
    func randomAddresses() {
        var generator = SplitMix64(seed: 53)
        for _ in 0..<2_000 {
            let word = generator.next()
            let a = (0..<4).map { UInt8(truncatingIfNeeded: word >> ($0 * 8)) }
            #expect(Self.expectSameAsLibldns(.a, a))
            // Each 16-bit group is zero with probability 1/2, so every zero-run shape occurs; a
            // zero high byte alone also occurs (leading zeros of a group).
            let zeros = generator.next()
            let aaaa = (0..<16).map { index in
                zeros >> (index / 2) & 1 == 0 || zeros >> (16 + index) & 3 == 0 ? 0 : UInt8(truncatingIfNeeded: generator.next())
            }
            #expect(Self.expectSameAsLibldns(.aaaa, aaaa))
        }
    }

    /// Random names, character-strings and numbers over every byte value: the plain text, when
    /// given, is libldns's, and the bytes that force an escape are left to libldns.
    @Test("seeded random names, MX, SRV and TXT: the same text as libldns or left to it")
    func randomFields() {
        var generator = SplitMix64(seed: 5353)
        func byte(plainly: Bool) -> UInt8 {
            let value = UInt8(truncatingIfNeeded: generator.next())
            guard plainly else { return value }
            return 0x20 + value % 0x5F  // printable ASCII, sometimes a byte libldns escapes
        }
        func name() -> [UInt8] {
            var wire: [UInt8] = []
            for _ in 0..<Int(generator.next() % 4) {
                let length = 1 + Int(generator.next() % 12)
                wire.append(UInt8(length))
                let plainly = generator.next() % 8 != 0
                for _ in 0..<length { wire.append(byte(plainly: plainly)) }
            }
            return wire + [0]
        }
        func number() -> [UInt8] { [UInt8(truncatingIfNeeded: generator.next()), UInt8(truncatingIfNeeded: generator.next())] }
        var taken = 0
        for _ in 0..<3_000 {
            if Self.expectSameAsLibldns(.cname, name()) { taken += 1 }
            if Self.expectSameAsLibldns(.mx, number() + name()) { taken += 1 }
            if Self.expectSameAsLibldns(.srv, number() + number() + number() + name()) { taken += 1 }
            var txt: [UInt8] = []
            let plainly = generator.next() % 8 != 0
            for _ in 0..<(1 + Int(generator.next() % 3)) {
                let length = Int(generator.next() % 20)
                txt.append(UInt8(length))
                for _ in 0..<length { txt.append(byte(plainly: plainly)) }
            }
            if Self.expectSameAsLibldns(.txt, txt) { taken += 1 }
        }
        // Most rows must really take the plain path, or this test would compare nothing.
        #expect(taken > 3_000)
    }

    @Test("other types, escapes and wrong lengths are left to libldns")
    func notPlain() {
        let left: [(RRType, [UInt8])] = [
            (.a, [1, 2, 3]), (.aaaa, [1, 2, 3, 4]), (.caa, [0, 5] + Array("issue".utf8) + Array("ca".utf8)),
            (.cname, [3, UInt8(ascii: "a"), UInt8(ascii: "."), UInt8(ascii: "b"), 0]), (.cname, [1, 0xC3, 0]),
            (.cname, [3, UInt8(ascii: "a")]), (.cname, [1, UInt8(ascii: "a"), 0, 0]),
            (.txt, [1, UInt8(ascii: "\"")]), (.txt, [1, UInt8(ascii: "\\")]), (.txt, [1, 0x7F]), (.txt, [2, 0x41]), (.txt, []),
            (.mx, [0]), (.srv, [0, 1, 0, 2, 0]),
        ]
        for (type, rdata) in left {
            #expect(RDataText.plainText(type: type, rdata: rdata) == nil, "\(type) \(rdata)")
        }
    }
}
