import AnswerEngine
import DNSWire
import Route53Model

/// A small served zone for the listener tests: `cache.test.` with plain, multi-value, weighted
/// and MX record sets, compiled into serving states.
enum CacheFixture {
    static func name(_ text: String) -> DomainName {
        // Test inputs are literals; a typo should stop the test at once.
        try! DomainName(text)  // swiftlint:disable:this force_try
    }

    static func address(_ last: UInt8) -> RecordValue {
        RecordValue(text: "192.0.2.\(last)", rdata: [192, 0, 2, last])
    }

    /// The zone with `www` answering `wwwLast` (so two states can differ in one value).
    static func zone(wwwLast: UInt8 = 1) -> HostedZone {
        var zone = try! HostedZoneFactory.makeZone(name: name("cache.test."), callerReference: "cache", seed: 1)
        zone.recordSets += [
            ResourceRecordSet(name: name("www.cache.test."), type: .a, ttl: 60, records: [address(wwwLast)]),
            ResourceRecordSet(name: name("two.cache.test."), type: .a, ttl: 60, records: [address(2), address(3)]),
            ResourceRecordSet(name: name("w.cache.test."), type: .a, ttl: 60, records: [address(4)],
                              setIdentifier: "a", routing: .weighted(weight: 50)),
            ResourceRecordSet(name: name("w.cache.test."), type: .a, ttl: 60, records: [address(5)],
                              setIdentifier: "b", routing: .weighted(weight: 50)),
            ResourceRecordSet(name: name("mail.cache.test."), type: .mx, ttl: 60,
                              records: [RecordValue(text: "10 www.cache.test.",
                                                    rdata: [0, 10] + name("www.cache.test.").wire)]),
        ]
        return zone
    }

    static func state(wwwLast: UInt8 = 1, generation: UInt64 = 1) -> ServingState {
        ServingState(snapshot: SnapshotCompiler.compile(zones: [zone(wwwLast: wwwLast)], generation: generation))
    }
}
