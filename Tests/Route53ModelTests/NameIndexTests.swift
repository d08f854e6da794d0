import DNSWire
@testable import Route53Model
import Testing

/// `NameIndex` replaced `Dictionary` in zone-file grouping and zone validation (issue 6, scale): it
/// must find names case-insensitively (RFC 4343), never confuse two keys, and survive growing.
@Suite("NameIndex")
struct NameIndexTests {
    @Test("the word-wise fold lower-cases exactly A-Z, for every byte value in every lane")
    func foldMatchesBytewise() {
        // Neighbours at the edges of the range, so a carry between lanes would show.
        let neighbours: [UInt8] = [0x40, 0x41, 0x5A, 0x5B, 0x60, 0x7F, 0x80, 0xC1, 0xDA, 0xFF, 0x00]
        for byte in 0...255 {
            for lane in 0..<8 {
                var word: UInt64 = 0
                for other in 0..<8 {
                    let value = other == lane ? UInt8(byte) : neighbours[(other + byte) % neighbours.count]
                    word |= UInt64(value) << (UInt64(other) * 8)
                }
                let folded = NameHash.folded(word)
                for check in 0..<8 {
                    let original = UInt8(truncatingIfNeeded: word >> (UInt64(check) * 8))
                    let expected = original >= 0x41 && original <= 0x5A ? original | 0x20 : original
                    #expect(UInt8(truncatingIfNeeded: folded >> (UInt64(check) * 8)) == expected, "byte \(byte) lane \(lane)")
                }
            }
        }
    }

    @Test("names that differ only in case hash alike; the type is part of a (name, type) hash")
    func caseInsensitiveHash() throws {
        var generator = SeededGenerator(seed: 53)
        for length in 1...40 {
            let label = String((0..<length).map { _ in "abcdefghijklmnopqrstuvwxyz0123456789-_*".randomElement(using: &generator)! })
            let mixed = String(label.map { Bool.random(using: &generator) ? Character($0.uppercased()) : $0 })
            let lower = try DomainName("\(label).Example.test.")
            let upper = try DomainName("\(mixed).example.TEST.")
            #expect(NameIndex.hash(lower) == NameIndex.hash(upper), "\(mixed)")
            #expect(NameIndex.hash(lower, .a) == NameIndex.hash(upper, .a))
            #expect(NameIndex.hash(lower, .a) != NameIndex.hash(lower, .aaaa))
        }
    }

    /// Rows: how many names, and the capacity reserved (0 makes the index grow several times).
    @Test("finds every name inserted, none that was not, across growth", arguments: [(5_000, 0), (5_000, 5_000), (1, 0)])
    func findsAcrossGrowth(count: Int, capacity: Int) throws {
        var index = NameIndex(capacity: capacity)
        let names = try (0..<count).map { try DomainName("n\($0).w\($0 % 7).example.test.") }
        for (position, name) in names.enumerated() {
            #expect(index.find(hash: NameIndex.hash(name), where: { names[$0] == name }) == nil)
            index.insert(position, hash: NameIndex.hash(name), hashOf: { NameIndex.hash(names[$0]) })
        }
        #expect(index.count == count)
        for (position, name) in names.enumerated() {
            let shouted = try DomainName(name.description.uppercased())
            #expect(index.find(hash: NameIndex.hash(shouted), where: { names[$0] == shouted }) == position)
        }
        let absent = try DomainName("absent.example.test.")
        #expect(index.find(hash: NameIndex.hash(absent), where: { names[$0] == absent }) == nil)
    }
}
