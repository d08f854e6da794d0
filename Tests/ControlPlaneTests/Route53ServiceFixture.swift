import AnswerEngine
import ControlPlane
import DNSWire
import Foundation
import HealthChecking
import LabStore
import Logging
import NIOPosix
import Route53Model

/// A `Route53Service` over an in-memory store, with a monitor that is never run (no probes): the
/// API semantics without sockets. Daemon-level tests drive the same code over HTTP.
struct Route53ServiceFixture {
    let service: Route53Service
    let publisher: Publisher
    let store: StateStore

    init(zones: [HostedZone] = [], checks: [HealthCheck] = [], store: StateStore? = nil, deferSeedCommit: Bool = false) throws {
        let logger = Logger(label: "test")
        self.store = try store ?? StateStore.inMemory()
        publisher = Publisher(initial: [], routingTables: .empty)
        let monitor = HealthMonitor(prober: ProbeDispatcher(group: MultiThreadedEventLoopGroup.singleton),
                                    settings: MonitorSettings(), resolver: { _ in [] }, logger: logger)
        let health = HealthService(monitor: monitor, store: publisher.store, logger: logger)
        service = try Route53Service(store: self.store, publisher: publisher, health: health, seed: 7, routingTables: .empty,
                                     configZones: zones, configHealthChecks: checks, deferSeedCommit: deferSeedCommit, logger: logger)
    }

    /// Creates `lab.test.` with `www A 192.0.2.1` (TTL 300) through the API paths; returns its ID.
    func labZone() throws -> String {
        var input = Route53Service.CreateHostedZoneInput(name: "lab.test", callerReference: "ref-lab", isPrivate: false)
        input.comment = nil
        let (zone, _) = try service.createHostedZone(input, actor: "test")
        _ = try service.changeResourceRecordSets(zoneId: zone.zone.id, batch: ChangeBatch(comment: nil, changes: [
            .init(action: "CREATE", recordSet: RecordSetFields(name: "www.lab.test", type: "A", ttl: 300, values: ["192.0.2.1"])),
        ]), actor: "test")
        return zone.zone.id
    }
}
