import DNSWire
import Route53Model
import Testing

/// Word-wise and switch shortcuts taken once per record of a large import (issue 6, scale) must
/// agree with the plain definitions they replace.
@Suite("Import shortcuts agree with their definitions")
struct ImportShortcutTests {
    @Test("isRoute53Type is route53Types.contains for every type code")
    func route53Types() {
        for raw in 0...Int(UInt16.max) {
            let type = RRType(rawValue: UInt16(raw))
            #expect(type.isRoute53Type == RRType.route53Types.contains(type), "\(raw)")
        }
    }

    /// Every byte value at every offset of names of 1…40 bytes (short tails and whole words).
    @Test("hasUpperCase is a byte-by-byte search for A-Z")
    func upperCase() {
        var generator = SplitMix64(seed: 53)
        for length in 1...40 {
            for _ in 0..<200 {
                // Mostly lower-case letters and digits, one byte of any value at a random place.
                var bytes = (0..<length).map { _ in UInt8(ascii: "a") + UInt8(generator.next() % 26) }
                bytes[Int(generator.next() % UInt64(length))] = UInt8(truncatingIfNeeded: generator.next())
                let name = DomainName(trustedWire: bytes)
                let expected = bytes.contains { $0 >= 0x41 && $0 <= 0x5A }
                #expect(name.hasUpperCase == expected, "\(bytes)")
                #expect(name.foldedSharingStorage().wire == (expected ? name.lowercased().wire : bytes))
            }
        }
    }
}
