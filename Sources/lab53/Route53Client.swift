import AWSProtocol
import Foundation

/// The Route 53 REST XML API (2013-04-01) on the daemon's control listener, for the zone and
/// record commands. Unsigned: the daemon accepts unsigned requests from loopback when no access
/// keys are configured (issue 4 item 5); with keys, use the aws CLI or an SDK.
struct Route53Client {
    let lab: LabClient

    /// A request; the response document, or a `LabClient.Failure` carrying Route 53's code and message.
    func call(_ method: String, _ path: String, body: XMLWriter? = nil) throws -> XMLNode {
        let data = try lab.send(method, "/2013-04-01/\(path)", body: body.map { Data($0.bytes) }, contentType: "text/xml")
        do {
            return try XMLDocumentReader().read(Array(data))
        } catch {
            throw LabClient.Failure(description: "unexpected response from the Route 53 API: \(error)", exitCode: 1)
        }
    }

    /// Every hosted zone, following `NextMarker` (API-23).
    func zones() throws -> [XMLNode] {
        var zones: [XMLNode] = []
        var marker: String?
        repeat {
            let page = try call("GET", "hostedzone" + (marker.map { "?marker=\(pathSegment($0))" } ?? ""))
            zones += page.child("HostedZones")?.children("HostedZone") ?? []
            marker = page.childText("IsTruncated") == "true" ? page.childText("NextMarker") : nil
        } while marker != nil
        return zones
    }

    /// A zone reference as users type it: a bare or `/hostedzone/` ID, or a zone name.
    func zoneId(_ reference: String) throws -> String {
        let trimmed = reference.hasPrefix("/hostedzone/") ? String(reference.dropFirst("/hostedzone/".count)) : reference
        if trimmed.first == "Z", trimmed.uppercased() == trimmed, !trimmed.contains(".") { return trimmed }
        let name = reference.hasSuffix(".") ? reference.lowercased() : reference.lowercased() + "."
        let matches = try zones().filter { $0.childText("Name")?.lowercased() == name }
        guard let first = matches.first, let id = first.childText("Id") else {
            throw LabClient.Failure(description: "NoSuchHostedZone: no hosted zone is named \(name)", exitCode: 1)
        }
        if matches.count > 1 {
            throw LabClient.Failure(description: "\(matches.count) hosted zones are named \(name); give the ID instead", exitCode: 1)
        }
        return String(id.dropFirst("/hostedzone/".count))
    }

    /// Every record set of a zone, following `NextRecordName/Type/Identifier` (API-22).
    func recordSets(zoneId: String) throws -> [XMLNode] {
        var sets: [XMLNode] = []
        var query: String? = ""
        while let current = query {
            let page = try call("GET", "hostedzone/\(zoneId)/rrset\(current)")
            sets += page.child("ResourceRecordSets")?.children("ResourceRecordSet") ?? []
            guard page.childText("IsTruncated") == "true", let name = page.childText("NextRecordName"),
                  let type = page.childText("NextRecordType") else { break }
            var next = "?name=\(pathSegment(name))&type=\(type)"
            if let identifier = page.childText("NextRecordIdentifier") { next += "&identifier=\(pathSegment(identifier))" }
            query = next
        }
        return sets
    }

    /// ChangeResourceRecordSets with a batch already in XML form; returns the change ID.
    @discardableResult
    func change(zoneId: String, batch: XMLWriter) throws -> String {
        let reply = try call("POST", "hostedzone/\(zoneId)/rrset/", body: batch)
        return reply.descendant("ChangeInfo", "Id")?.text ?? "?"
    }
}
