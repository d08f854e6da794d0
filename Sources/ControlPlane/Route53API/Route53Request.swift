import AWSProtocol
import Foundation
import LabStore
import Route53Model

/// Decodes Route 53 request bodies (API-03, API-04) from the XML tree. Element order is free and
/// namespace prefixes are ignored (API-01); a wrong root element, a malformed number or boolean, or
/// an unknown enumeration value is `InvalidInput` in the real service's XML-schema wording.
enum Route53Request {
    static func root(_ body: [UInt8], expected: String) throws(Route53Error) -> XMLNode {
        let node: XMLNode
        do {
            // The body limit is the middleware's; the reader's own depth and element limits stay.
            node = try XMLDocumentReader(limits: .init(maxBytes: Route53Middleware.maximumBodySize)).read(body)
        } catch {
            throw Route53Error(code: Route53Error.invalidInput, message: error.awsMessage)
        }
        guard node.name == expected else {
            throw Route53Error(code: Route53Error.invalidInput,
                               message: "Invalid XML ; cvc-elt.1: Cannot find the declaration of element '\(node.name)'.")
        }
        return node
    }

    static func text(_ node: XMLNode, _ name: String) -> String? {
        node.childText(name, trimmed: true)
    }

    static func integer(_ node: XMLNode, _ name: String) throws(Route53Error) -> Int64? {
        guard let text = text(node, name) else { return nil }
        guard let value = Int64(text) else { throw invalidValue(text, datatype: "integer") }
        return value
    }

    static func int(_ node: XMLNode, _ name: String) throws(Route53Error) -> Int? {
        guard let value = try integer(node, name) else { return nil }
        guard let narrowed = Int(exactly: value), (Int64(Int32.min)...Int64(Int32.max)).contains(value) else {
            throw invalidValue(String(value), datatype: "int")
        }
        return narrowed
    }

    static func double(_ node: XMLNode, _ name: String) throws(Route53Error) -> Double? {
        guard let text = text(node, name) else { return nil }
        guard let value = Double(text), value.isFinite else { throw invalidValue(text, datatype: "integer") }
        return value
    }

    static func bool(_ node: XMLNode, _ name: String) throws(Route53Error) -> Bool? {
        guard let text = text(node, name) else { return nil }
        switch text {
        case "true", "1": return true
        case "false", "0": return false
        default: throw invalidValue(text, datatype: "boolean")
        }
    }

    static func invalidValue(_ text: String, datatype: String) -> Route53Error {
        Route53Error(code: Route53Error.invalidInput,
                     message: "Invalid XML ; cvc-datatype-valid.1.2.1: '\(text)' is not a valid value for '\(datatype)'.")
    }

    /// `CreateHostedZoneRequest`.
    static func createHostedZone(_ body: [UInt8]) throws(Route53Error) -> Route53Service.CreateHostedZoneInput {
        let node = try root(body, expected: "CreateHostedZoneRequest")
        let config = node.child("HostedZoneConfig")
        let vpc = node.child("VPC")
        return Route53Service.CreateHostedZoneInput(
            name: text(node, "Name"), callerReference: node.childText("CallerReference"),
            comment: config.flatMap { $0.childText("Comment") }, isPrivate: try config.flatMap { c throws(Route53Error) in try bool(c, "PrivateZone") } ?? (vpc != nil),
            vpcId: vpc.flatMap { text($0, "VPCId") }, vpcRegion: vpc.flatMap { text($0, "VPCRegion") },
            delegationSetId: text(node, "DelegationSetId"))
    }

    /// `UpdateHostedZoneCommentRequest`.
    static func updateComment(_ body: [UInt8]) throws(Route53Error) -> String? {
        try root(body, expected: "UpdateHostedZoneCommentRequest").childText("Comment")
    }

    /// `ChangeResourceRecordSetsRequest` (API-04).
    static func changeBatch(_ body: [UInt8]) throws(Route53Error) -> ChangeBatch {
        let node = try root(body, expected: "ChangeResourceRecordSetsRequest")
        guard let batch = node.child("ChangeBatch") else {
            throw Route53Error(code: Route53Error.invalidInput,
                               message: "1 validation error detected: Value null at 'changeBatch' failed to satisfy constraint: Member must not be null")
        }
        var changes: [ChangeBatch.Change] = []
        for change in batch.child("Changes")?.children("Change") ?? [] {
            guard let action = text(change, "Action") else {
                throw Route53Error(code: Route53Error.invalidInput, message: "Invalid XML ; cvc-complex-type.2.4.b: The content of element 'Change' is not complete. One of '{\"https://route53.amazonaws.com/doc/2013-04-01/\":Action}' is expected.")
            }
            guard let set = change.child("ResourceRecordSet") else {
                throw Route53Error(code: Route53Error.invalidInput, message: "Invalid XML ; cvc-complex-type.2.4.b: The content of element 'Change' is not complete. One of '{\"https://route53.amazonaws.com/doc/2013-04-01/\":ResourceRecordSet}' is expected.")
            }
            changes.append(ChangeBatch.Change(action: action, recordSet: try recordSet(set)))
        }
        return ChangeBatch(comment: batch.childText("Comment"), changes: changes)
    }

    /// One `ResourceRecordSet` element → text fields (API-04 element names).
    static func recordSet(_ node: XMLNode) throws(Route53Error) -> RecordSetFields {
        guard let name = text(node, "Name") else {
            throw Route53Error(code: Route53Error.invalidInput, message: "Invalid XML ; cvc-complex-type.2.4.a: Invalid content was found: 'Name' is expected in 'ResourceRecordSet'.")
        }
        guard let type = text(node, "Type") else {
            throw Route53Error(code: Route53Error.invalidInput, message: "Invalid XML ; cvc-complex-type.2.4.a: Invalid content was found: 'Type' is expected in 'ResourceRecordSet'.")
        }
        if node.child("TrafficPolicyInstanceId") != nil {
            throw Route53Error(code: Route53Error.invalidInput, message: "Traffic policy instances are not supported by Lab53.")
        }
        let values = (node.child("ResourceRecords")?.children("ResourceRecord") ?? []).map { $0.childText("Value", trimmed: true) ?? "" }
        var alias: AliasTargetFields?
        if let target = node.child("AliasTarget") {
            alias = AliasTargetFields(hostedZoneId: text(target, "HostedZoneId") ?? "", dnsName: text(target, "DNSName") ?? "",
                                      evaluateTargetHealth: try bool(target, "EvaluateTargetHealth") ?? false)
        }
        return RecordSetFields(name: name, type: type, ttl: try integer(node, "TTL"), values: values, aliasTarget: alias,
                               setIdentifier: node.childText("SetIdentifier"), routing: try routing(node),
                               healthCheckId: text(node, "HealthCheckId"))
    }

    /// The routing policy from whichever policy element is present (RP-01); two of them is
    /// `InvalidInput` as on Route 53.
    static func routing(_ node: XMLNode) throws(Route53Error) -> RoutingPolicy {
        var policies: [RoutingPolicy] = []
        if let weight = try integer(node, "Weight") {
            guard (0...255).contains(weight) else {
                throw Route53Error(code: Route53Error.invalidInput,
                                   message: weight < 0 ? Route53Message.belowMinimum(String(weight), minimum: "0", type: "ResourceRecordSetWeight")
                                       : Route53Message.aboveMaximum(String(weight), maximum: "255", type: "ResourceRecordSetWeight"))
            }
            policies.append(.weighted(weight: UInt8(weight)))
        }
        if let region = text(node, "Region") { policies.append(.latency(region: region)) }
        if let failover = text(node, "Failover") {
            guard let role = FailoverRole(rawValue: failover) else {
                throw Route53Error(code: Route53Error.invalidInput, message: Route53Message.notInEnumeration(failover, ["PRIMARY", "SECONDARY"]))
            }
            policies.append(.failover(role))
        }
        if try bool(node, "MultiValueAnswer") == true { policies.append(.multivalue) }
        if let geo = node.child("GeoLocation") {
            policies.append(.geolocation(GeoLocation(continentCode: text(geo, "ContinentCode"), countryCode: text(geo, "CountryCode"),
                                                     subdivisionCode: text(geo, "SubdivisionCode"))))
        }
        if let proximity = node.child("GeoProximityLocation") {
            let coordinates = proximity.child("Coordinates")
            policies.append(.geoproximity(GeoProximityLocation(
                awsRegion: text(proximity, "AWSRegion"), localZoneGroup: text(proximity, "LocalZoneGroup"),
                latitude: coordinates.flatMap { text($0, "Latitude") }, longitude: coordinates.flatMap { text($0, "Longitude") },
                bias: try int(proximity, "Bias"))))
        }
        if let cidr = node.child("CidrRoutingConfig") {
            policies.append(.cidr(CidrRoutingConfig(collectionId: text(cidr, "CollectionId") ?? "", locationName: text(cidr, "LocationName") ?? "")))
        }
        guard policies.count <= 1 else {
            throw Route53Error(code: Route53Error.invalidInput, message: Route53Message.invalidRequest)
        }
        return policies.first ?? .simple
    }

    /// `CreateHealthCheckRequest` → (CallerReference, HealthCheckConfig with defaults, HC-02).
    static func createHealthCheck(_ body: [UInt8]) throws(Route53Error) -> (String?, HealthCheckConfig?) {
        let node = try root(body, expected: "CreateHealthCheckRequest")
        guard let config = node.child("HealthCheckConfig") else { return (node.childText("CallerReference"), nil) }
        return (node.childText("CallerReference"), try healthCheckConfig(config))
    }

    static func healthCheckConfig(_ node: XMLNode) throws(Route53Error) -> HealthCheckConfig {
        guard let typeText = text(node, "Type") else {
            throw Route53Error(code: Route53Error.invalidInput,
                               message: "1 validation error detected: Value null at 'healthCheckConfig.type' failed to satisfy constraint: Member must not be null")
        }
        let type: HealthCheckType
        let insufficient: InsufficientDataHealthStatus?
        do {
            type = try HealthCheckValidator.type(typeText)
            insufficient = try text(node, "InsufficientDataHealthStatus").map(HealthCheckValidator.insufficientDataHealthStatus)
        } catch {
            throw Route53Error(code: Route53Error.invalidInput, messages: error.messages)
        }
        return HealthCheckConfig(
            type: type, ipAddress: text(node, "IPAddress"), port: try int(node, "Port"), resourcePath: text(node, "ResourcePath"),
            fullyQualifiedDomainName: text(node, "FullyQualifiedDomainName"), searchString: node.childText("SearchString"),
            requestInterval: try double(node, "RequestInterval") ?? 30, failureThreshold: try int(node, "FailureThreshold") ?? 3,
            measureLatency: try bool(node, "MeasureLatency") ?? false, inverted: try bool(node, "Inverted") ?? false,
            disabled: try bool(node, "Disabled") ?? false, healthThreshold: try int(node, "HealthThreshold"),
            childHealthChecks: childHealthChecks(node) ?? [], enableSNI: try bool(node, "EnableSNI"),
            regions: regions(node) ?? HealthCheckConfig.allRegions, alarmIdentifier: alarm(node),
            insufficientDataHealthStatus: insufficient, routingControlArn: text(node, "RoutingControlArn"))
    }

    static func childHealthChecks(_ node: XMLNode) -> [String]? {
        node.child("ChildHealthChecks").map { $0.children("ChildHealthCheck").map(\.trimmedText) }
    }

    static func regions(_ node: XMLNode) -> [String]? {
        node.child("Regions").map { $0.children("Region").map(\.trimmedText) }
    }

    static func alarm(_ node: XMLNode) -> AlarmIdentifier? {
        node.child("AlarmIdentifier").map { AlarmIdentifier(region: text($0, "Region") ?? "", name: text($0, "Name") ?? "") }
    }

    /// `UpdateHealthCheckRequest` (flat members, API-03).
    static func updateHealthCheck(_ body: [UInt8]) throws(Route53Error) -> Route53Service.HealthCheckUpdate {
        let node = try root(body, expected: "UpdateHealthCheckRequest")
        var update = Route53Service.HealthCheckUpdate()
        if let version = try integer(node, "HealthCheckVersion") {
            guard version >= 1, let narrowed = Int(exactly: version) else {
                throw Route53Error(code: Route53Error.invalidInput,
                                   message: Route53Message.belowMinimum(String(version), minimum: "1", type: "HealthCheckVersion"))
            }
            update.version = narrowed
        }
        update.ipAddress = text(node, "IPAddress")
        update.port = try int(node, "Port")
        update.resourcePath = text(node, "ResourcePath")
        update.fullyQualifiedDomainName = text(node, "FullyQualifiedDomainName")
        update.searchString = node.childText("SearchString")
        update.failureThreshold = try int(node, "FailureThreshold")
        update.inverted = try bool(node, "Inverted")
        update.disabled = try bool(node, "Disabled")
        update.healthThreshold = try int(node, "HealthThreshold")
        update.childHealthChecks = childHealthChecks(node)
        update.enableSNI = try bool(node, "EnableSNI")
        update.regions = regions(node)
        update.alarmIdentifier = alarm(node)
        if let text = text(node, "InsufficientDataHealthStatus") {
            do {
                update.insufficientDataHealthStatus = try HealthCheckValidator.insufficientDataHealthStatus(text)
            } catch {
                throw Route53Error(code: Route53Error.invalidInput, messages: error.messages)
            }
        }
        update.resetElements = node.child("ResetElements")?.children("ResettableElementName").map(\.trimmedText) ?? []
        return update
    }

    /// `ChangeTagsForResourceRequest`.
    static func changeTags(_ body: [UInt8]) throws(Route53Error) -> (add: [Tag], remove: [String]) {
        let node = try root(body, expected: "ChangeTagsForResourceRequest")
        let add = (node.child("AddTags")?.children("Tag") ?? []).map { Tag(key: $0.childText("Key") ?? "", value: $0.childText("Value") ?? "") }
        let remove = (node.child("RemoveTagKeys")?.children("Key") ?? []).map(\.text)
        return (add, remove)
    }

    /// `ListTagsForResourcesRequest`.
    static func resourceIds(_ body: [UInt8]) throws(Route53Error) -> [String] {
        let node = try root(body, expected: "ListTagsForResourcesRequest")
        return (node.child("ResourceIds")?.children("ResourceId") ?? []).map(\.trimmedText)
    }

    /// `CreateReusableDelegationSetRequest`.
    static func createDelegationSet(_ body: [UInt8]) throws(Route53Error) -> (String?, String?) {
        let node = try root(body, expected: "CreateReusableDelegationSetRequest")
        return (node.childText("CallerReference"), text(node, "HostedZoneId"))
    }
}
