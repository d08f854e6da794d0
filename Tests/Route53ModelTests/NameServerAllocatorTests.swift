import DNSWire
import Route53Model
import Testing

@Suite("Name-server allocation (HZ-05…HZ-09, LAB-07)")
struct NameServerAllocatorTests {
    /// HZ-06 parsed back out of a name: (N, XX, tld).
    func parts(_ name: DomainName) -> (number: Int, group: String, tld: String)? {
        let text = name.description
        guard text.hasPrefix("ns-"), text.hasSuffix(".") else { return nil }
        let labels = text.dropLast().split(separator: ".")
        guard labels.count >= 3, let number = Int(labels[0].dropFirst(3)), labels[1].hasPrefix("awsdns-") else { return nil }
        return (number, String(labels[1].dropFirst(7)), labels[2...].joined(separator: "."))
    }

    @Test("HZ-06 names for the documented real examples", arguments: [
        (314, "ns-314.awsdns-39.com."), (524, "ns-524.awsdns-01.net."), (1029, "ns-1029.awsdns-00.org."),
        (1822, "ns-1822.awsdns-35.co.uk."), (1614, "ns-1614.awsdns-09.co.uk."), (217, "ns-217.awsdns-27.com."),
        (1410, "ns-1410.awsdns-48.org."), (800, "ns-800.awsdns-36.net."), (2017, "ns-2017.awsdns-60.co.uk."),
    ])
    func knownExamples(number: Int, expected: String) throws {
        #expect(NameServerAllocator.nameServer(number: number).description == expected)
        #expect(NameServerAllocator.number(of: try DomainName(expected)) == number)
    }

    @Test("Every allocated set: one server per TLD range, XX = floor(N/8) mod 64, N in its range")
    func ruleHoldsAcrossSeeds() throws {
        for seed in UInt64(0)..<200 {
            var generator = SeededGenerator(seed: seed)
            let servers = try NameServerAllocator.allocate(for: try DomainName("example.test."), existing: [], using: &generator)
            #expect(servers.count == 4)
            var tlds: [String] = []
            for server in servers {
                let part = try #require(parts(server))
                let expectedTLD = NameServerAllocator.ranges.first { $0.numbers.contains(part.number) }?.tld
                #expect(part.tld == expectedTLD)
                let group = (part.number / 8) % 64
                #expect(part.group == (group < 10 ? "0\(group)" : "\(group)"))
                tlds.append(part.tld)
            }
            #expect(Set(tlds) == ["com", "net", "org", "co.uk"])
        }
    }

    @Test("The order is random per zone (HZ-08): not always the com server first")
    func orderVaries() throws {
        var firstTLDs = Set<String>()
        for seed in UInt64(0)..<64 {
            var generator = SeededGenerator(seed: seed)
            let servers = try NameServerAllocator.allocate(for: try DomainName("example.test."), existing: [], using: &generator)
            firstTLDs.insert(try #require(parts(servers[0])).tld)
        }
        #expect(firstTLDs.count == 4)
    }

    @Test("Same seed, same zone → same servers in the same order (LAB-04)")
    func deterministic() throws {
        let first = try HostedZoneFactory.makeZone(name: try DomainName("lab.test."), callerReference: "r1", seed: 53)
        let second = try HostedZoneFactory.makeZone(name: try DomainName("lab.test."), callerReference: "r1", seed: 53)
        let otherSeed = try HostedZoneFactory.makeZone(name: try DomainName("lab.test."), callerReference: "r1", seed: 54)
        #expect(first.delegationSet.nameServers == second.delegationSet.nameServers)
        #expect(first.id == second.id)
        #expect(first.delegationSet.nameServers != otherSeed.delegationSet.nameServers)
        #expect(first.id != otherSeed.id)
    }

    @Test("Same-name and parent/child zones share no name server (HZ-09); unrelated zones are unconstrained")
    func noSharingWithRelatedZones() throws {
        var zones: [HostedZone] = []
        let names = ["lab.test.", "lab.test.", "a.lab.test.", "b.a.lab.test.", "test.", "lab.test."]
        for (index, name) in names.enumerated() {
            // `test.` is a TLD and not a valid zone (HZ-12); allocate for it directly instead.
            let domain = try DomainName(name)
            if domain.labelCount < 2 {
                var generator = SeededGenerator(seed: UInt64(index))
                let existing = zones.map { (name: $0.name, nameServers: $0.delegationSet.nameServers) }
                let servers = try NameServerAllocator.allocate(for: domain, existing: existing, using: &generator)
                for zone in zones {
                    #expect(Set(zone.delegationSet.nameServers).isDisjoint(with: servers))
                }
                continue
            }
            zones.append(try HostedZoneFactory.makeZone(name: domain, callerReference: "ref-\(index)", existing: zones, seed: 7))
        }
        for (i, lhs) in zones.enumerated() {
            for rhs in zones[(i + 1)...] where NameServerAllocator.related(lhs.name, rhs.name) {
                #expect(Set(lhs.delegationSet.nameServers).isDisjoint(with: rhs.delegationSet.nameServers),
                        "\(lhs.name) and \(rhs.name) share a name server")
            }
        }
    }

    @Test("Re-draw: with all but one number of each range taken, the free one is chosen")
    func redrawPicksTheFreeNumber() throws {
        let free = [100, 600, 1100, 1600]
        let taken = (0...2047).filter { !free.contains($0) }.map(NameServerAllocator.nameServer(number:))
        var generator = SeededGenerator(seed: 1)
        let servers = try NameServerAllocator.allocate(for: try DomainName("x.lab.test."),
                                                       existing: [(name: try DomainName("lab.test."), nameServers: taken)],
                                                       using: &generator)
        #expect(Set(servers) == Set(free.map(NameServerAllocator.nameServer(number:))))
    }

    @Test("Private zones get the fixed HZ-05 set in its observed order")
    func privateZones() throws {
        let zone = try HostedZoneFactory.makeZone(name: try DomainName("corp.test."), callerReference: "p", isPrivate: true, seed: 1)
        #expect(zone.delegationSet.nameServers.map(\.description)
            == ["ns-1536.awsdns-00.co.uk.", "ns-0.awsdns-00.com.", "ns-1024.awsdns-00.org.", "ns-512.awsdns-00.net."])
        let soa = try #require(zone.recordSets.first { $0.type == .soa })
        #expect(soa.records.map(\.text) == ["ns-1536.awsdns-00.co.uk. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400"])
    }
}
