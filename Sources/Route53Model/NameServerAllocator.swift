import DNSWire

/// Chooses the four `ns-N.awsdns-XX.tld.` name servers of a zone (HZ-06, HZ-08, HZ-09, LAB-07).
public enum NameServerAllocator {
    /// The four TLD ranges of N (HZ-06): 0–511 com, 512–1023 net, 1024–1535 org, 1536–2047 co.uk.
    public static let ranges: [(numbers: ClosedRange<Int>, tld: String)] = [
        (0...511, "com"), (512...1023, "net"), (1024...1535, "org"), (1536...2047, "co.uk"),
    ]

    /// The fixed set of private zones, in their observed order (HZ-05).
    public static let privateZoneNameServers: [DomainName] = [1536, 0, 1024, 512].map(nameServer(number:))

    /// `ns-<N>.awsdns-<XX>.<tld>.` with XX = floor(N / 8) mod 64, two digits (HZ-06). N must be 0…2047.
    public static func nameServer(number: Int) -> DomainName {
        precondition((0...2047).contains(number), "name-server number out of range")
        let tld = ranges.first { $0.numbers.contains(number) }!.tld
        let group = (number / 8) % 64
        let digits = group < 10 ? "0\(group)" : "\(group)"
        // Built from known-good ASCII labels, so the parse cannot fail.
        return try! DomainName("ns-\(number).awsdns-\(digits).\(tld).")
    }

    /// The number N of a name server following the HZ-06 rule, or nil for any other name.
    public static func number(of nameServer: DomainName) -> Int? {
        let labels = nameServer.lowercased().labels.map { String(decoding: $0, as: UTF8.self) }
        guard labels.count >= 3, labels[0].hasPrefix("ns-"), let number = Int(labels[0].dropFirst(3)),
              (0...2047).contains(number), self.nameServer(number: number) == nameServer else { return nil }
        return number
    }

    /// Allocates four name servers for `zone`: one random N per TLD range, re-drawn so none is shared
    /// with a zone of the same name or a parent/child zone (HZ-09), in a random order that the caller
    /// stores and keeps (HZ-08).
    ///
    /// - Parameter existing: every other zone's name and name servers.
    /// - Throws: `ConflictingDomainExists` when some TLD range has no free number left for this name
    ///   (512 related zones would be needed).
    public static func allocate(for zone: DomainName, existing: [(name: DomainName, nameServers: [DomainName])],
                                using generator: inout SeededGenerator) throws(Route53Error) -> [DomainName] {
        var taken = Set<Int>()
        for other in existing where related(zone, other.name) {
            for server in other.nameServers {
                if let number = number(of: server) { taken.insert(number) }
            }
        }
        var chosen: [DomainName] = []
        for range in ranges {
            // Drawing from the free numbers only equals "draw, re-draw on conflict" in distribution
            // and needs no retry loop; with nothing taken it is a plain uniform draw over the range.
            let free = range.numbers.filter { !taken.contains($0) }
            guard !free.isEmpty else {
                throw Route53Error(code: "ConflictingDomainExists",
                                   message: "No name servers are available for \(zone.route53Description): every name server is used by a zone with the same name or a parent or child zone.")
            }
            chosen.append(nameServer(number: free[generator.uniform(below: free.count)]))
        }
        generator.shuffle(&chosen)
        return chosen
    }

    /// Same name, or one is an ancestor of the other (HZ-09).
    public static func related(_ lhs: DomainName, _ rhs: DomainName) -> Bool {
        lhs.isSubdomain(of: rhs) || rhs.isSubdomain(of: lhs)
    }
}
