import AnswerEngine
import DNSWire
import HealthChecking
import Route53Model
import ZoneText

extension LabView {
    /// What DNS serves for `name`/`type` from `state`, for a client with no address — computed
    /// through the responder like `answer(name:type:state:)`, but without stamping the state's
    /// first answer: the status page and health events must not stand in for a real query in
    /// the failover timeline (TM-02 "first DNS answer served from the new state").
    static func servedAnswer(name: DomainName, type: RRType, state: ServingState) -> LabAnswer? {
        let query = Message.queryBytes(id: 1, name: name, type: type, edns: EDNS(udpPayloadSize: 4096))
        var generator = SplitMix64.forQuery()
        guard let wire = Responder.respond(to: query, transport: .tcp, client: nil, snapshot: state.snapshot,
                                           health: state.health, using: &generator),
              let response = try? Message(bytes: wire) else { return nil }
        return LabAnswer(name: name.description, type: type.description, rcode: response.extendedRCode.description,
                         answer: response.answers.map(RecordText.format), generation: state.generation,
                         healthGeneration: state.healthGeneration)
    }

    /// `GET /_lab/status`: zones, checks, and every routed name with the answer served now.
    static func status(zones: [HostedZone], reports: [HealthCheckReport], state: ServingState, events: HealthEvents) -> LabStatus {
        let statuses = Dictionary(reports.map { ($0.check.id, $0.effectiveHealthy) }, uniquingKeysWith: { first, _ in first })
        return LabStatus(
            lastEventId: events.lastEventId, eventSubscribers: events.subscriberCount, generation: state.generation,
            healthGeneration: state.healthGeneration,
            hostedZones: zones.map { zone in
                LabStatusZone(id: zone.id, name: zone.name.description, recordSetCount: zone.recordSets.count,
                              nameServers: zone.delegationSet.nameServers.map(\.description), privateZone: zone.isPrivate)
            },
            healthChecks: reports.map(statusCheck),
            routedNames: zones.filter { !$0.isPrivate }.flatMap { routedNames(in: $0, statuses: statuses, state: state) })
    }

    /// A check's row on the status page.
    static func statusCheck(_ report: HealthCheckReport) -> LabStatusCheck {
        var drill: [String] = []
        if let forced = report.forced { drill.append("forced \(word(forced).lowercased())") }
        if report.paused { drill.append("paused") }
        if let fault = report.fault { drill.append("fault \(fault.rawValue)") }
        let newestFailure = report.lastFailure.filter { $0.lastStatus != nil }.max { ($0.checkedAtWall ?? 0) < ($1.checkedAtWall ?? 0) }
        let endpointCheck = !report.checkers.isEmpty
        return LabStatusCheck(
            id: report.check.id, type: report.check.config.type.rawValue, endpoint: endpoint(report.check.config),
            status: word(report.effectiveHealthy), realStatus: word(report.realHealthy), statusReason: report.statusReason,
            healthyCheckers: endpointCheck ? report.healthyCheckers : nil, checkers: endpointCheck ? report.checkers.count : nil,
            requiredHealthyCheckers: endpointCheck ? report.requiredHealthyCheckers : nil, drill: drill.joined(separator: ", "),
            lastFailure: newestFailure?.lastStatus, lastFailureTime: newestFailure?.checkedAtWall.map(iso8601),
            lastTransition: report.lastTransitionWall.map(iso8601))
    }

    /// Names whose answer depends on routing or health: a routing policy other than simple, a
    /// health check, or an alias that evaluates its target's health (RP-01, AL-06).
    static func routedNames(in zone: HostedZone, statuses: [String: Bool], state: ServingState) -> [LabRoutedName] {
        var order: [String] = []
        var groups: [String: [ResourceRecordSet]] = [:]
        for recordSet in zone.recordSets where isRouted(recordSet) {
            let key = "\(recordSet.name.description) \(recordSet.type.description)"
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(recordSet)
        }
        return order.compactMap { key in
            guard let sets = groups[key], let first = sets.first else { return nil }
            let served = servedAnswer(name: first.name, type: first.type, state: state)
            return LabRoutedName(
                hostedZoneId: zone.id, name: first.name.description, type: first.type.description,
                policy: first.routing.kind.rawValue,
                recordSets: sets.map { recordSet in
                    LabRoutedRecordSet(setIdentifier: recordSet.setIdentifier, routing: routing(recordSet.routing),
                                       values: values(recordSet), healthCheckId: recordSet.healthCheckId,
                                       healthStatus: recordSet.healthCheckId.map { statuses[$0].map(word) ?? "Unknown" })
                },
                rcode: served?.rcode ?? "SERVFAIL", answer: served?.answer ?? [])
        }
    }

    /// The record sets of `zones` whose `HealthCheckId` is `checkId` (what a health event affects).
    static func eventRecordSets(checkId: String, zones: [HostedZone]) -> [LabEventRecordSet] {
        zones.flatMap { zone in
            zone.recordSets.filter { $0.healthCheckId == checkId }.map { recordSet in
                LabEventRecordSet(hostedZoneId: zone.id, name: recordSet.name.description, type: recordSet.type.description,
                                  setIdentifier: recordSet.setIdentifier, routing: routing(recordSet.routing))
            }
        }
    }

    static func isRouted(_ recordSet: ResourceRecordSet) -> Bool {
        recordSet.routing.kind != .simple || recordSet.healthCheckId != nil || recordSet.aliasTarget?.evaluateTargetHealth == true
    }

    /// One word plus the policy's key: `failover PRIMARY`, `weighted 70`, `latency us-east-1`, ….
    static func routing(_ policy: RoutingPolicy) -> String {
        switch policy {
        case .simple: return "simple"
        case .weighted(let weight): return "weighted \(weight)"
        case .failover(let role): return "failover \(role.rawValue)"
        case .multivalue: return "multivalue"
        case .latency(let region): return "latency \(region)"
        case .geolocation(let location):
            let place = location.continentCode ?? [location.countryCode, location.subdivisionCode].compactMap { $0 }.joined(separator: "-")
            return "geolocation \(place)"
        case .geoproximity(let location):
            let place = location.awsRegion ?? location.localZoneGroup
                ?? "\(location.latitude ?? "?"),\(location.longitude ?? "?")"
            return "geoproximity \(place)"
        case .cidr(let config): return "cidr \(config.locationName)"
        }
    }

    static func values(_ recordSet: ResourceRecordSet) -> [String] {
        if let alias = recordSet.aliasTarget { return ["alias → \(alias.dnsName.description)"] }
        return recordSet.records.map(\.text)
    }
}
