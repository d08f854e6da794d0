import CLDNS
import DNSWire

/// Small helpers around libldns shared by the converters in this module.
///
/// Ownership rules (architecture, libldns notes): getters lend, `*2str` results are `free()`d,
/// buffers and names made here are freed by the caller with the matching free function.
enum LDNS {
    typealias RRPointer = UnsafeMutablePointer<ldns_rr>
    typealias RDFPointer = UnsafeMutablePointer<ldns_rdf>

    /// The human-readable text of an ldns status code.
    static func statusText(_ status: ldns_status) -> String {
        guard let text = ldns_get_errorstr_by_id(status) else { return "ldns status \(status.rawValue)" }
        return String(cString: text)
    }

    /// A freshly allocated ldns DNAME rdf holding `name`'s wire form; free with `ldns_rdf_deep_free`.
    static func makeDname(_ name: DomainName) -> RDFPointer? {
        name.wire.withUnsafeBytes { raw in
            ldns_dname_new_frm_data(UInt16(raw.count), raw.baseAddress)
        }
    }

    /// Copies an ldns DNAME rdf (lent) into a `DomainName`.
    static func domainName(_ rdf: UnsafePointer<ldns_rdf>?) -> DomainName? {
        guard let rdf, let data = ldns_rdf_data(rdf) else { return nil }
        let size = ldns_rdf_size(rdf)
        let bytes = Array(UnsafeBufferPointer(start: data, count: size))
        return try? DomainName(wire: bytes)
    }

    /// Copies the bytes written so far into `buffer` (from its start to its position).
    static func bytes(of buffer: UnsafeMutablePointer<ldns_buffer>) -> [UInt8] {
        let count = ldns_buffer_position(buffer)
        guard count > 0, let start = ldns_buffer_begin(buffer) else { return [] }
        return Array(UnsafeBufferPointer(start: start, count: count))
    }

    /// Takes ownership of a malloc'ed C string from a `*2str` function and frees it.
    static func consume(_ cString: UnsafeMutablePointer<CChar>?) -> String? {
        guard let cString else { return nil }
        defer { free(cString) }
        return String(cString: cString)
    }

    /// The uncompressed wire RDATA of `rr` (lent), or nil if ldns cannot serialise it.
    static func rdata(of rr: RRPointer) -> [UInt8]? {
        guard let buffer = ldns_buffer_new(256) else { return nil }
        defer { ldns_buffer_free(buffer) }
        // ldns_rr_rdata2buffer_wire writes each rdf with ldns_rdf2buffer_wire: no compression.
        guard ldns_rr_rdata2buffer_wire(buffer, rr) == LDNS_STATUS_OK else { return nil }
        return bytes(of: buffer)
    }

    /// The presentation text of every RDATA field of `rr` (lent), separated by single spaces,
    /// exactly as `ldns_rr2str` prints them after the type column.
    static func rdataText(of rr: RRPointer) -> String? {
        var fields: [String] = []
        for index in 0..<ldns_rr_rd_count(rr) {
            guard let field = consume(ldns_rdf2str(ldns_rr_rdf(rr, index))) else { return nil }
            fields.append(field)
        }
        return fields.joined(separator: " ")
    }

    /// `ldns_rr2str` ends every record with a newline; callers want the bare line.
    static func trimmingNewlines(_ text: String) -> String {
        var text = Substring(text)
        while text.last == "\n" { text.removeLast() }
        return String(text)
    }
}
