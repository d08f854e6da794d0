import CLDNS
import DNSWire
import Testing
@testable import ZoneText

/// `RDataText.addressText` (issue 6, scale) must print exactly what libldns prints, since it
/// replaces libldns for A and AAAA in `format`.
@Suite("RDataText addresses without libldns")
struct RDataTextAddressTests {
    static func ldnsText(_ type: RRType, _ rdata: [UInt8]) throws -> String? {
        let rr = try RecordText.decodeLDNS(name: .root, type: type, rrClass: .in, ttl: 0, rdata: rdata)
        defer { ldns_rr_free(rr) }
        return LDNS.rdataText(of: rr)
    }

    static let fixed: [(RRType, [UInt8])] = [
        (.a, [0, 0, 0, 0]), (.a, [255, 255, 255, 255]), (.a, [10, 0, 1, 2]), (.a, [192, 0, 2, 1]),
        (.aaaa, [UInt8](repeating: 0, count: 16)),
        (.aaaa, [UInt8](repeating: 0, count: 15) + [1]),
        (.aaaa, [0x20, 0x01, 0x0d, 0xb8] + [UInt8](repeating: 0, count: 11) + [1]),
        (.aaaa, [0, 1] + [UInt8](repeating: 0, count: 14)),
        (.aaaa, [UInt8](repeating: 0, count: 10) + [0xFF, 0xFF, 192, 0, 2, 1]),
        (.aaaa, [UInt8](repeating: 0, count: 12) + [192, 0, 2, 1]),
        (.aaaa, [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1]),
        (.aaaa, [UInt8](repeating: 0xFF, count: 16)),
    ]

    @Test("fixed addresses: the same text as libldns", arguments: 0..<fixed.count)
    func fixedAddresses(_ row: Int) throws {
        let (type, rdata) = Self.fixed[row]
        #expect(RDataText.addressText(type: type, rdata: rdata) == (try Self.ldnsText(type, rdata)))
        #expect(try RDataText.format(type: type, rdata: rdata) == (try Self.ldnsText(type, rdata)))
    }

    @Test("seeded random addresses with runs of zero groups: the same text as libldns")
    func randomAddresses() throws {
        var generator = SplitMix64(seed: 53)
        for _ in 0..<2_000 {
            let word = generator.next()
            let a = (0..<4).map { UInt8(truncatingIfNeeded: word >> ($0 * 8)) }
            #expect(RDataText.addressText(type: .a, rdata: a) == (try Self.ldnsText(.a, a)))
            // Each 16-bit group is zero with probability 1/2, so every zero-run shape occurs.
            let zeros = generator.next()
            let aaaa = (0..<16).map { index in
                zeros >> (index / 2) & 1 == 0 ? 0 : UInt8(truncatingIfNeeded: generator.next())
            }
            #expect(RDataText.addressText(type: .aaaa, rdata: aaaa) == (try Self.ldnsText(.aaaa, aaaa)))
        }
    }

    @Test("other types and wrong lengths are left to libldns")
    func notAddresses() {
        #expect(RDataText.addressText(type: .a, rdata: [1, 2, 3]) == nil)
        #expect(RDataText.addressText(type: .aaaa, rdata: [1, 2, 3, 4]) == nil)
        #expect(RDataText.addressText(type: .txt, rdata: [1, 65, 66, 67]) == nil)
    }
}
