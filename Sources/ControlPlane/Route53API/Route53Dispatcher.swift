import HTTPTypes
import LabStore
import Route53Model

/// Maps method + path to an operation (API-03). A known path with another method is 405
/// `MethodNotAllowed`; an unknown path is 404 `UnknownOperationException`, both in the error
/// envelope so SDKs report them (issue 4 item 6).
struct Route53Dispatcher {
    let service: Route53Service

    func dispatch(_ call: Route53Call) throws(Route53Error) -> Route53Reply {
        let s = call.segments
        switch (s.first, s.count) {
        case ("hostedzone", 1):
            return try on(call, post: createHostedZone, get: listHostedZones)
        case ("hostedzone", 2):
            return try on(call, post: updateComment, get: getHostedZone, delete: deleteHostedZone)
        case ("hostedzone", 3) where s[2] == "rrset":
            return try on(call, post: changeRecordSets, get: listRecordSets)
        case ("hostedzone", 3) where s[2] == "dnssec":
            // GetDNSSEC: zones are not signed yet (§8 comes with a later issue).
            return try on(call, get: { call throws(Route53Error) in
                _ = try service.hostedZone(id: call.segments[1])
                return Route53Reply(Route53Response.document("GetDNSSECResponse") { xml in
                    xml.element("Status") { xml in xml.leaf("ServeSignature", "NOT_SIGNING") }
                    xml.element("KeySigningKeys") { _ in }
                })
            })
        case ("hostedzonesbyname", 1):
            return try on(call, get: listHostedZonesByName)
        case ("hostedzonecount", 1):
            return try on(call, get: { _ in Route53Reply(Route53Response.count("GetHostedZoneCountResponse", "HostedZoneCount", service.hostedZoneCount)) })
        case ("change", 2):
            return try on(call, get: { call throws(Route53Error) in
                Route53Reply(Route53Response.changeInfoDocument("GetChangeResponse", try service.change(id: call.segments[1])))
            })
        case ("healthcheck", 1):
            return try on(call, post: createHealthCheck, get: listHealthChecks)
        case ("healthcheck", 2):
            return try on(call, post: updateHealthCheck, get: getHealthCheck, delete: deleteHealthCheck)
        case ("healthcheck", 3) where s[2] == "status":
            return try on(call, get: { call throws(Route53Error) in
                Route53Reply(Route53Response.observations("GetHealthCheckStatusResponse", try service.healthCheckStatus(id: call.segments[1])))
            })
        case ("healthcheck", 3) where s[2] == "lastfailurereason":
            return try on(call, get: { call throws(Route53Error) in
                Route53Reply(Route53Response.observations("GetHealthCheckLastFailureReasonResponse",
                                                          try service.healthCheckLastFailureReason(id: call.segments[1])))
            })
        case ("healthcheckcount", 1):
            return try on(call, get: { _ in Route53Reply(Route53Response.count("GetHealthCheckCountResponse", "HealthCheckCount", service.healthCheckCount)) })
        case ("delegationset", 1):
            return try on(call, post: createDelegationSet, get: listDelegationSets)
        case ("delegationset", 2):
            return try on(call, get: { call throws(Route53Error) in
                Route53Reply(Route53Response.delegationSetDocument("GetReusableDelegationSetResponse",
                                                                   try service.reusableDelegationSet(id: call.segments[1])))
            }, delete: { call throws(Route53Error) in
                try service.deleteReusableDelegationSet(id: call.segments[1], actor: call.actor)
                return Route53Reply(Route53Response.document("DeleteReusableDelegationSetResponse") { _ in })
            })
        case ("tags", 2):
            return try on(call, post: { call throws(Route53Error) in
                let ids = try Route53Request.resourceIds(call.body)
                var sets: [(TaggedResourceType, String, [Tag])] = []
                for id in ids { sets.append(try service.tags(type: call.segments[1], id: id)) }
                return Route53Reply(Route53Response.listTagsForResources(sets))
            })
        case ("tags", 3):
            return try on(call, post: { call throws(Route53Error) in
                let (add, remove) = try Route53Request.changeTags(call.body)
                try service.changeTags(type: call.segments[1], id: call.segments[2], add: add, remove: remove, actor: call.actor)
                return Route53Reply(Route53Response.document("ChangeTagsForResourceResponse") { _ in })
            }, get: { call throws(Route53Error) in
                let (type, id, tags) = try service.tags(type: call.segments[1], id: call.segments[2])
                return Route53Reply(Route53Response.listTags(type, id, tags))
            })
        case ("testdnsanswer", 1):
            return try on(call, get: { call throws(Route53Error) in
                Route53Reply(Route53Response.testDNSAnswer(try service.testDNSAnswer(
                    hostedZoneId: call.parameter("hostedzoneid"), recordName: call.parameter("recordname"),
                    recordType: call.parameter("recordtype"), resolverIP: call.parameter("resolverip"),
                    subnetIP: call.parameter("edns0clientsubnetip"), subnetMask: call.parameter("edns0clientsubnetmask"))))
            })
        case ("checkeripranges", 1):
            return try on(call, get: { _ in Route53Reply(Route53Response.checkerIpRanges()) })
        default:
            throw Route53Error(code: "UnknownOperationException",
                               message: "No Route 53 operation matches \(call.method.rawValue) /2013-04-01/\(call.segments.joined(separator: "/")).",
                               httpStatus: 404)
        }
    }

    typealias Handler = (Route53Call) throws(Route53Error) -> Route53Reply

    private func on(_ call: Route53Call, post: Handler? = nil, get: Handler? = nil, delete: Handler? = nil) throws(Route53Error) -> Route53Reply {
        let handler: Handler?
        switch call.method {
        case .post: handler = post
        case .get: handler = get
        case .delete: handler = delete
        default: handler = nil
        }
        guard let handler else {
            let allowed = [("POST", post), ("GET", get), ("DELETE", delete)].filter { $0.1 != nil }.map(\.0)
            throw Route53Error(code: "MethodNotAllowed",
                               message: "\(call.method.rawValue) is not allowed on /2013-04-01/\(call.segments.joined(separator: "/")); allowed: \(allowed.joined(separator: ", ")).",
                               httpStatus: 405)
        }
        return try handler(call)
    }

    // MARK: - Hosted zones

    func createHostedZone(_ call: Route53Call) throws(Route53Error) -> Route53Reply {
        let (zone, info) = try service.createHostedZone(try Route53Request.createHostedZone(call.body), actor: call.actor)
        return Route53Reply(Route53Response.createHostedZone(zone, info), status: 201,
                            location: "\(Route53Response.endpoint)/hostedzone/\(zone.zone.id)")
    }

    func listHostedZones(_ call: Route53Call) throws(Route53Error) -> Route53Reply {
        let marker = call.parameter("marker")
        let page = try service.listHostedZones(marker: marker, maxItems: call.parameter("maxitems"),
                                               delegationSetId: call.parameter("delegationsetid"),
                                               privateOnly: call.parameter("hostedzonetype") == "PrivateHostedZone")
        return Route53Reply(Route53Response.listHostedZones(page, marker: marker))
    }

    func listHostedZonesByName(_ call: Route53Call) throws(Route53Error) -> Route53Reply {
        let name = call.parameter("dnsname")
        let id = call.parameter("hostedzoneid")
        let page = try service.listHostedZonesByName(dnsName: name, hostedZoneId: id, maxItems: call.parameter("maxitems"))
        let echoedName = try name.map { text throws(Route53Error) in try HostedZoneFactory.zoneNameForListing(text).route53Description }
        return Route53Reply(Route53Response.listHostedZonesByName(page, dnsName: echoedName, hostedZoneId: id.map(Route53IDs.bare)))
    }

    func getHostedZone(_ call: Route53Call) throws(Route53Error) -> Route53Reply {
        Route53Reply(Route53Response.getHostedZone(try service.hostedZone(id: call.segments[1])))
    }

    func deleteHostedZone(_ call: Route53Call) throws(Route53Error) -> Route53Reply {
        Route53Reply(Route53Response.changeInfoDocument("DeleteHostedZoneResponse",
                                                        try service.deleteHostedZone(id: call.segments[1], actor: call.actor)))
    }

    func updateComment(_ call: Route53Call) throws(Route53Error) -> Route53Reply {
        let comment = try Route53Request.updateComment(call.body)
        return Route53Reply(Route53Response.updateComment(try service.updateHostedZoneComment(id: call.segments[1], comment: comment, actor: call.actor)))
    }

    // MARK: - Record sets

    func changeRecordSets(_ call: Route53Call) throws(Route53Error) -> Route53Reply {
        let batch = try Route53Request.changeBatch(call.body)
        let info = try service.changeResourceRecordSets(zoneId: call.segments[1], batch: batch, actor: call.actor)
        return Route53Reply(Route53Response.changeInfoDocument("ChangeResourceRecordSetsResponse", info))
    }

    func listRecordSets(_ call: Route53Call) throws(Route53Error) -> Route53Reply {
        let page = try service.listResourceRecordSets(zoneId: call.segments[1], name: call.parameter("name"), type: call.parameter("type"),
                                                      identifier: call.parameter("identifier"), maxItems: call.parameter("maxitems"))
        return Route53Reply(Route53Response.listResourceRecordSets(page))
    }

    // MARK: - Health checks

    func createHealthCheck(_ call: Route53Call) throws(Route53Error) -> Route53Reply {
        let (reference, config) = try Route53Request.createHealthCheck(call.body)
        let result = try service.createHealthCheck(callerReference: reference, config: config, actor: call.actor)
        return Route53Reply(Route53Response.healthCheckDocument("CreateHealthCheckResponse", result.check), status: 201,
                            location: "\(Route53Response.endpoint)/healthcheck/\(result.check.check.id)")
    }

    func listHealthChecks(_ call: Route53Call) throws(Route53Error) -> Route53Reply {
        let marker = call.parameter("marker")
        let page = try service.listHealthChecks(marker: marker, maxItems: call.parameter("maxitems"))
        return Route53Reply(Route53Response.listHealthChecks(page, marker: marker))
    }

    func getHealthCheck(_ call: Route53Call) throws(Route53Error) -> Route53Reply {
        Route53Reply(Route53Response.healthCheckDocument("GetHealthCheckResponse", try service.healthCheck(id: call.segments[1])))
    }

    func updateHealthCheck(_ call: Route53Call) throws(Route53Error) -> Route53Reply {
        let update = try Route53Request.updateHealthCheck(call.body)
        return Route53Reply(Route53Response.healthCheckDocument("UpdateHealthCheckResponse",
                                                                try service.updateHealthCheck(id: call.segments[1], update: update, actor: call.actor)))
    }

    func deleteHealthCheck(_ call: Route53Call) throws(Route53Error) -> Route53Reply {
        try service.deleteHealthCheck(id: call.segments[1], actor: call.actor)
        return Route53Reply(Route53Response.document("DeleteHealthCheckResponse") { _ in })
    }

    // MARK: - Delegation sets

    func createDelegationSet(_ call: Route53Call) throws(Route53Error) -> Route53Reply {
        let (reference, zoneId) = try Route53Request.createDelegationSet(call.body)
        let set = try service.createReusableDelegationSet(callerReference: reference, hostedZoneId: zoneId, actor: call.actor)
        return Route53Reply(Route53Response.delegationSetDocument("CreateReusableDelegationSetResponse", set), status: 201,
                            location: "\(Route53Response.endpoint)/delegationset/\(set.set.id ?? "")")
    }

    func listDelegationSets(_ call: Route53Call) throws(Route53Error) -> Route53Reply {
        let marker = call.parameter("marker")
        let page = try service.listReusableDelegationSets(marker: marker, maxItems: call.parameter("maxitems"))
        return Route53Reply(Route53Response.listDelegationSets(page, marker: marker))
    }
}
