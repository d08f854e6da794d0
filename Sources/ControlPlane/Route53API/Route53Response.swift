import AWSProtocol
import DNSWire
import Foundation
import LabStore
import Route53Model

/// Response documents in the model's element order (API-01, API-04, API-22, HC-02).
enum Route53Response {
    static let endpoint = "https://route53.amazonaws.com/2013-04-01"

    static func timestamp(_ date: Date) -> String {
        Route53Timestamp.string(date)
    }

    static func document(_ root: String, _ body: (inout XMLWriter) -> Void) -> [UInt8] {
        XMLWriter.document(root, body).bytes
    }

    static func hostedZone(_ stored: StoredZone, into xml: inout XMLWriter) {
        let zone = stored.zone
        xml.element("HostedZone") { xml in
            xml.leaf("Id", "/hostedzone/\(zone.id)")
            xml.leaf("Name", zone.name.route53Description)
            xml.leaf("CallerReference", zone.callerReference)
            xml.element("Config") { xml in
                if let comment = zone.comment { xml.leaf("Comment", comment) }
                xml.leaf("PrivateZone", zone.isPrivate ? "true" : "false")
            }
            xml.leaf("ResourceRecordSetCount", String(zone.recordSets.count))
        }
    }

    static func delegationSet(_ set: DelegationSet, into xml: inout XMLWriter) {
        xml.element("DelegationSet") { xml in
            if let id = set.id { xml.leaf("Id", "/delegationset/\(id)") }
            if let reference = set.callerReference, set.id != nil { xml.leaf("CallerReference", reference) }
            xml.element("NameServers") { xml in
                for server in set.nameServers { xml.leaf("NameServer", server.route53Description.trimmingTrailingDot) }
            }
        }
    }

    static func changeInfo(_ info: ChangeInfo, into xml: inout XMLWriter) {
        xml.element("ChangeInfo") { xml in
            xml.leaf("Id", "/change/\(info.record.id)")
            xml.leaf("Status", info.status.rawValue)
            xml.leaf("SubmittedAt", timestamp(info.record.submittedAt))
            if let comment = info.record.comment { xml.leaf("Comment", comment) }
        }
    }

    static func createHostedZone(_ stored: StoredZone, _ info: ChangeInfo) -> [UInt8] {
        document("CreateHostedZoneResponse") { xml in
            hostedZone(stored, into: &xml)
            changeInfo(info, into: &xml)
            if stored.zone.isPrivate {
                vpcs(stored.zone, into: &xml, single: true)
            } else {
                delegationSet(stored.zone.delegationSet, into: &xml)
            }
        }
    }

    /// HZ-14: the VPC given at creation (`VPC` in CreateHostedZone, `VPCs` in GetHostedZone).
    static func vpcs(_ zone: HostedZone, into xml: inout XMLWriter, single: Bool) {
        func vpc(_ association: VPCAssociation, _ xml: inout XMLWriter) {
            xml.element("VPC") { xml in
                xml.leaf("VPCRegion", association.region)
                xml.leaf("VPCId", association.id)
            }
        }
        if single {
            if let first = zone.vpcs.first { vpc(first, &xml) }
        } else {
            xml.element("VPCs") { xml in for association in zone.vpcs { vpc(association, &xml) } }
        }
    }

    static func getHostedZone(_ stored: StoredZone) -> [UInt8] {
        document("GetHostedZoneResponse") { xml in
            hostedZone(stored, into: &xml)
            if stored.zone.isPrivate {
                vpcs(stored.zone, into: &xml, single: false)
            } else {
                delegationSet(stored.zone.delegationSet, into: &xml)
            }
        }
    }

    static func listHostedZones(_ page: Route53Service.ZonePage, marker: String?) -> [UInt8] {
        document("ListHostedZonesResponse") { xml in
            xml.element("HostedZones") { xml in for zone in page.zones { hostedZone(zone, into: &xml) } }
            pageTrailer(marker: marker, isTruncated: page.isTruncated, nextMarker: page.nextMarker, maxItems: page.maxItems, into: &xml)
        }
    }

    /// Marker, IsTruncated, NextMarker, MaxItems — the tail of every marker-paged listing (API-23,
    /// API-25); Marker only when the request carried one.
    static func pageTrailer(marker: String?, isTruncated: Bool, nextMarker: String?, maxItems: Int, into xml: inout XMLWriter) {
        if let marker { xml.leaf("Marker", marker) }
        xml.leaf("IsTruncated", isTruncated ? "true" : "false")
        if let nextMarker { xml.leaf("NextMarker", nextMarker) }
        xml.leaf("MaxItems", String(maxItems))
    }

    static func listHostedZonesByName(_ page: Route53Service.ZonePage, dnsName: String?, hostedZoneId: String?) -> [UInt8] {
        document("ListHostedZonesByNameResponse") { xml in
            xml.element("HostedZones") { xml in for zone in page.zones { hostedZone(zone, into: &xml) } }
            if let dnsName { xml.leaf("DNSName", dnsName) }
            if let hostedZoneId { xml.leaf("HostedZoneId", hostedZoneId) }
            xml.leaf("IsTruncated", page.isTruncated ? "true" : "false")
            if let name = page.nextName { xml.leaf("NextDNSName", name.route53Description) }
            if let id = page.nextZoneId { xml.leaf("NextHostedZoneId", id) }
            xml.leaf("MaxItems", String(page.maxItems))
        }
    }

    static func changeInfoDocument(_ root: String, _ info: ChangeInfo) -> [UInt8] {
        document(root) { xml in changeInfo(info, into: &xml) }
    }

    static func updateComment(_ stored: StoredZone) -> [UInt8] {
        document("UpdateHostedZoneCommentResponse") { xml in hostedZone(stored, into: &xml) }
    }

    static func count(_ root: String, _ element: String, _ value: Int) -> [UInt8] {
        document(root) { xml in xml.leaf(element, String(value)) }
    }

    /// One record set (API-22 element order).
    static func recordSet(_ set: ResourceRecordSet, into xml: inout XMLWriter) {
        xml.element("ResourceRecordSet") { xml in
            xml.leaf("Name", set.name.route53Description)
            xml.leaf("Type", set.type.description)
            if let identifier = set.setIdentifier { xml.leaf("SetIdentifier", identifier) }
            switch set.routing {
            case .weighted(let weight): xml.leaf("Weight", String(weight))
            case .latency(let region): xml.leaf("Region", region)
            case .geolocation(let location):
                xml.element("GeoLocation") { xml in
                    if let value = location.continentCode { xml.leaf("ContinentCode", value) }
                    if let value = location.countryCode { xml.leaf("CountryCode", value) }
                    if let value = location.subdivisionCode { xml.leaf("SubdivisionCode", value) }
                }
            case .failover(let role): xml.leaf("Failover", role.rawValue)
            case .multivalue: xml.leaf("MultiValueAnswer", "true")
            case .simple, .geoproximity, .cidr: break
            }
            if let ttl = set.ttl { xml.leaf("TTL", String(ttl)) }
            if !set.records.isEmpty {
                xml.element("ResourceRecords") { xml in
                    for record in set.records {
                        xml.element("ResourceRecord") { xml in xml.leaf("Value", record.text) }
                    }
                }
            }
            if let alias = set.aliasTarget {
                xml.element("AliasTarget") { xml in
                    xml.leaf("HostedZoneId", alias.hostedZoneId)
                    xml.leaf("DNSName", alias.dnsName.route53Description)
                    xml.leaf("EvaluateTargetHealth", alias.evaluateTargetHealth ? "true" : "false")
                }
            }
            if let check = set.healthCheckId { xml.leaf("HealthCheckId", check) }
            if case .cidr(let config) = set.routing {
                xml.element("CidrRoutingConfig") { xml in
                    xml.leaf("CollectionId", config.collectionId)
                    xml.leaf("LocationName", config.locationName)
                }
            }
            if case .geoproximity(let location) = set.routing {
                xml.element("GeoProximityLocation") { xml in
                    if let value = location.awsRegion { xml.leaf("AWSRegion", value) }
                    if let value = location.localZoneGroup { xml.leaf("LocalZoneGroup", value) }
                    if let latitude = location.latitude, let longitude = location.longitude {
                        xml.element("Coordinates") { xml in
                            xml.leaf("Latitude", latitude)
                            xml.leaf("Longitude", longitude)
                        }
                    }
                    if let bias = location.bias { xml.leaf("Bias", String(bias)) }
                }
            }
        }
    }

    static func listResourceRecordSets(_ page: Route53Service.RecordSetPage) -> [UInt8] {
        document("ListResourceRecordSetsResponse") { xml in
            xml.element("ResourceRecordSets") { xml in for set in page.recordSets { recordSet(set, into: &xml) } }
            xml.leaf("IsTruncated", page.isTruncated ? "true" : "false")
            if let next = page.next {
                xml.leaf("NextRecordName", next.name.route53Description)
                xml.leaf("NextRecordType", next.type.description)
                if let identifier = next.setIdentifier { xml.leaf("NextRecordIdentifier", identifier) }
            }
            xml.leaf("MaxItems", String(page.maxItems))
        }
    }

    /// RequestInterval is an integer in the API model; lab intervals below 1 s (config only) are
    /// shown rounded up so SDKs can parse them.
    static func interval(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? String(Int(seconds)) : String(Int(seconds.rounded(.up)))
    }

    static func healthCheck(_ stored: StoredHealthCheck, into xml: inout XMLWriter) {
        let check = stored.check
        let config = check.config
        xml.element("HealthCheck") { xml in
            xml.leaf("Id", check.id)
            xml.leaf("CallerReference", check.callerReference)
            xml.element("HealthCheckConfig") { xml in
                if let value = config.ipAddress { xml.leaf("IPAddress", value) }
                if let value = config.port { xml.leaf("Port", String(value)) }
                xml.leaf("Type", config.type.rawValue)
                if let value = config.resourcePath { xml.leaf("ResourcePath", value) }
                if let value = config.fullyQualifiedDomainName { xml.leaf("FullyQualifiedDomainName", value) }
                if let value = config.searchString { xml.leaf("SearchString", value) }
                let endpoint = config.type.isEndpoint
                if endpoint || config.type == .cloudwatchMetric {
                    xml.leaf("RequestInterval", interval(config.requestInterval))
                    xml.leaf("FailureThreshold", String(config.failureThreshold))
                }
                // CALCULATED and the side-channel types have no latency to measure.
                if endpoint { xml.leaf("MeasureLatency", config.measureLatency ? "true" : "false") }
                xml.leaf("Inverted", config.inverted ? "true" : "false")
                xml.leaf("Disabled", config.disabled ? "true" : "false")
                if let value = config.healthThreshold { xml.leaf("HealthThreshold", String(value)) }
                if config.type == .calculated {
                    xml.element("ChildHealthChecks") { xml in
                        for child in config.childHealthChecks { xml.leaf("ChildHealthCheck", child) }
                    }
                }
                if endpoint { xml.leaf("EnableSNI", config.enableSNI ? "true" : "false") }
                if endpoint {
                    xml.element("Regions") { xml in for region in config.regions { xml.leaf("Region", region) } }
                }
                if let alarm = config.alarmIdentifier {
                    xml.element("AlarmIdentifier") { xml in
                        xml.leaf("Region", alarm.region)
                        xml.leaf("Name", alarm.name)
                    }
                }
                if let value = config.insufficientDataHealthStatus { xml.leaf("InsufficientDataHealthStatus", value.rawValue) }
                if let value = config.routingControlArn { xml.leaf("RoutingControlArn", value) }
            }
            xml.leaf("HealthCheckVersion", String(check.version))
        }
    }

    static func healthCheckDocument(_ root: String, _ stored: StoredHealthCheck) -> [UInt8] {
        document(root) { xml in healthCheck(stored, into: &xml) }
    }

    static func listHealthChecks(_ page: Route53Service.HealthCheckPage, marker: String?) -> [UInt8] {
        document("ListHealthChecksResponse") { xml in
            xml.element("HealthChecks") { xml in for check in page.checks { healthCheck(check, into: &xml) } }
            pageTrailer(marker: marker, isTruncated: page.isTruncated, nextMarker: page.nextMarker, maxItems: page.maxItems, into: &xml)
        }
    }

    static func observations(_ root: String, _ observations: [Route53Service.Observation]) -> [UInt8] {
        document(root) { xml in
            xml.element("HealthCheckObservations") { xml in
                for observation in observations {
                    xml.element("HealthCheckObservation") { xml in
                        xml.leaf("Region", observation.region)
                        xml.leaf("IPAddress", observation.ipAddress)
                        xml.element("StatusReport") { xml in
                            xml.leaf("Status", observation.status)
                            xml.leaf("CheckedTime", timestamp(observation.checkedAt))
                        }
                    }
                }
            }
        }
    }

    static func delegationSetDocument(_ root: String, _ stored: StoredDelegationSet) -> [UInt8] {
        document(root) { xml in delegationSet(stored.set, into: &xml) }
    }

    static func listDelegationSets(_ page: Route53Service.DelegationSetPage, marker: String?) -> [UInt8] {
        document("ListReusableDelegationSetsResponse") { xml in
            xml.element("DelegationSets") { xml in for set in page.sets { delegationSet(set.set, into: &xml) } }
            pageTrailer(marker: marker, isTruncated: page.isTruncated, nextMarker: page.nextMarker, maxItems: page.maxItems, into: &xml)
        }
    }

    static func tagSet(_ type: TaggedResourceType, _ id: String, _ tags: [Tag], into xml: inout XMLWriter) {
        xml.element("ResourceTagSet") { xml in
            xml.leaf("ResourceType", type.rawValue)
            xml.leaf("ResourceId", id)
            xml.element("Tags") { xml in
                for tag in tags {
                    xml.element("Tag") { xml in
                        xml.leaf("Key", tag.key)
                        xml.leaf("Value", tag.value)
                    }
                }
            }
        }
    }

    static func listTags(_ type: TaggedResourceType, _ id: String, _ tags: [Tag]) -> [UInt8] {
        document("ListTagsForResourceResponse") { xml in tagSet(type, id, tags, into: &xml) }
    }

    static func listTagsForResources(_ sets: [(TaggedResourceType, String, [Tag])]) -> [UInt8] {
        document("ListTagsForResourcesResponse") { xml in
            xml.element("ResourceTagSets") { xml in
                for (type, id, tags) in sets { tagSet(type, id, tags, into: &xml) }
            }
        }
    }

    static func testDNSAnswer(_ answer: Route53Service.DNSAnswer) -> [UInt8] {
        document("TestDNSAnswerResponse") { xml in
            xml.leaf("Nameserver", answer.nameserver)
            xml.leaf("RecordName", answer.recordName)
            xml.leaf("RecordType", answer.recordType)
            xml.element("RecordData") { xml in
                for entry in answer.recordData { xml.leaf("RecordDataEntry", entry) }
            }
            xml.leaf("ResponseCode", answer.responseCode)
            xml.leaf("Protocol", answer.transport)
        }
    }

    /// GetCheckerIpRanges (HC-15): a fixed list — the lab's checkers all probe from loopback, and
    /// observations show addresses from these documentation-style ranges.
    static let checkerRanges = ["15.177.0.0/18", "54.183.255.128/26", "54.228.16.0/26", "54.232.40.64/26",
                                "54.241.32.64/26", "54.243.31.192/26", "54.244.52.192/26", "54.245.168.0/26",
                                "54.248.220.0/26", "54.250.253.192/26", "54.251.31.128/26", "54.252.79.128/26",
                                "54.252.254.192/26", "54.255.254.192/26", "107.23.255.0/26", "176.34.159.192/26",
                                "177.71.207.128/26", "127.0.0.0/8"]

    static func checkerIpRanges() -> [UInt8] {
        document("GetCheckerIpRangesResponse") { xml in
            xml.element("CheckerIpRanges") { xml in for range in checkerRanges { xml.leaf("member", range) } }
        }
    }

    /// API-05: the one error envelope botocore understands.
    static func error(_ error: Route53Error, requestId: String) -> [UInt8] {
        document("ErrorResponse") { xml in
            xml.element("Error") { xml in
                xml.leaf("Type", error.httpStatus >= 500 ? "Receiver" : "Sender")
                xml.leaf("Code", error.code)
                xml.leaf("Message", error.message)
            }
            xml.leaf("RequestId", requestId)
        }
    }
}
