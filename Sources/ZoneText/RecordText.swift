import CLDNS
import DNSWire

/// One resource record as a line of zone-file text, so tests and tools can write expected
/// records the way an operator would.
///
/// The format is libldns's `ldns_rr2str`: owner, TTL, class, type and RDATA separated by **tabs**,
/// names absolute with a trailing dot, no trailing newline:
/// `www.example.com.\t300\tIN\tA\t192.0.2.1`. `parse` accepts any zone-file spacing.
public enum RecordText {
    /// Formats `record` as one tab-separated zone-file line (`ldns_rr2str` without the newline).
    /// RDATA that libldns cannot decode as `record.type` falls back to the RFC 3597 §5 generic form
    /// (`\# <length> <hex>`), so the result is always printable.
    public static func format(_ record: ResourceRecord) -> String {
        if let rr = try? decodeLDNS(name: record.name, type: record.type, rrClass: record.rrClass,
                                    ttl: record.ttl, rdata: record.rdata) {
            defer { ldns_rr_free(rr) }
            if let text = LDNS.consume(ldns_rr2str(rr)) {
                return LDNS.trimmingNewlines(text)
            }
        }
        let generic = record.rdata.isEmpty ? "\\# 0" : "\\# \(record.rdata.count) \(RDataText.hex(record.rdata))"
        return "\(record.name)\t\(record.ttl)\t\(record.rrClass)\t\(record.type)\t\(generic)"
    }

    /// Parses one zone-file line (`www 300 IN A 192.0.2.1`; class and TTL optional, parentheses
    /// allowed). Relative names are completed with `origin`, or with the root when it is nil.
    /// Only class IN is accepted (DNS-01); integer fields are range-checked like `RDataText.parse`.
    public static func parse(_ line: String, origin: DomainName?, defaultTTL: UInt32 = 3600) throws(ZoneTextError) -> ResourceRecord {
        let rr = try parseLDNS(line, origin: origin, reportedText: line, defaultTTL: defaultTTL)
        defer { ldns_rr_free(rr) }
        let record = try record(from: rr, text: line, file: nil, line: nil)
        if let problem = RDataText.recordProblem(type: record.type, tokens: PresentationTokens(line)) {
            throw ZoneTextError(text: line, message: problem)
        }
        return record
    }

    // MARK: - Shared with RDataText and ZoneFile

    /// Parses `line` into a new ldns RR owned by the caller (free with `ldns_rr_free`).
    static func parseLDNS(_ line: String, origin: DomainName?, reportedText: String,
                          defaultTTL: UInt32 = 0) throws(ZoneTextError) -> LDNS.RRPointer {
        let originRdf = origin.flatMap(LDNS.makeDname)
        defer { if let originRdf { ldns_rdf_deep_free(originRdf) } }
        var rr: LDNS.RRPointer?
        let status = ldns_rr_new_frm_str(&rr, line, defaultTTL, originRdf, nil)
        guard status == LDNS_STATUS_OK, let rr else {
            if let rr { ldns_rr_free(rr) }
            throw ZoneTextError(text: reportedText, message: LDNS.statusText(status))
        }
        return rr
    }

    /// Builds an ldns RR from wire parts (owned by the caller). Rejects RDATA that does not decode
    /// as `type` byte for byte, so a formatter never silently drops or rewrites bytes.
    static func decodeLDNS(name: DomainName, type: RRType, rrClass: RRClass, ttl: UInt32,
                           rdata: [UInt8]) throws(ZoneTextError) -> LDNS.RRPointer {
        guard rdata.count <= Int(UInt16.max) else {
            throw ZoneTextError(text: RDataText.hex(Array(rdata.prefix(32))), message: "RDATA longer than 65535 bytes")
        }
        var wire = name.wire
        wire.reserveCapacity(wire.count + 10 + rdata.count)
        for value in [type.rawValue, rrClass.rawValue] {
            wire.append(UInt8(value >> 8))
            wire.append(UInt8(value & 0xFF))
        }
        for shift in stride(from: 24, through: 0, by: -8) { wire.append(UInt8((ttl >> UInt32(shift)) & 0xFF)) }
        wire.append(UInt8(rdata.count >> 8))
        wire.append(UInt8(rdata.count & 0xFF))
        wire.append(contentsOf: rdata)
        var rr: LDNS.RRPointer?
        var position = 0
        let status = wire.withUnsafeBufferPointer { buffer in
            ldns_wire2rr(&rr, buffer.baseAddress, buffer.count, &position, LDNS_SECTION_ANSWER)
        }
        guard status == LDNS_STATUS_OK, let rr else {
            if let rr { ldns_rr_free(rr) }
            throw ZoneTextError(text: RDataText.hex(rdata), message: "not valid \(type) RDATA: \(LDNS.statusText(status))")
        }
        guard position == wire.count, LDNS.rdata(of: rr) == rdata else {
            ldns_rr_free(rr)
            throw ZoneTextError(text: RDataText.hex(rdata), message: "not valid \(type) RDATA: fields do not fill it exactly")
        }
        return rr
    }

    /// Converts a parsed ldns RR (lent) to a `ResourceRecord`, enforcing class IN and absolute names.
    static func record(from rr: LDNS.RRPointer, text: @autoclosure () -> String, file: String?, line: Int?) throws(ZoneTextError) -> ResourceRecord {
        let rrClass = RRClass(rawValue: UInt16(truncatingIfNeeded: ldns_rr_get_class(rr).rawValue))
        guard rrClass == .in else {
            throw ZoneTextError(kind: .unsupported, file: file, line: line, text: text(),
                                message: "class \(rrClass) is not supported, only IN (DNS-01)")
        }
        let owner = ldns_rr_owner(rr)
        guard let owner, ldns_dname_absolute(owner), let name = LDNS.domainName(owner) else {
            throw ZoneTextError(file: file, line: line, text: text(), message: "owner name is not absolute")
        }
        for index in 0..<ldns_rr_rd_count(rr) {
            let field = ldns_rr_rdf(rr, index)
            if let field, ldns_rdf_get_type(field) == LDNS_RDF_TYPE_DNAME, !ldns_dname_absolute(field) {
                throw ZoneTextError(file: file, line: line, text: text(), message: "a name in the RDATA is not absolute")
            }
        }
        guard let rdata = LDNS.rdata(of: rr) else {
            throw ZoneTextError(file: file, line: line, text: text(), message: "libldns could not encode the RDATA")
        }
        let type = RRType(rawValue: UInt16(truncatingIfNeeded: ldns_rr_get_type(rr).rawValue))
        return ResourceRecord(name: name, type: type, rrClass: rrClass, ttl: ldns_rr_ttl(rr), rdata: rdata)
    }
}
