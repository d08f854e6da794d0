import CLDNS
import DNSWire

/// RDATA presentation text ↔ uncompressed wire RDATA, through libldns.
///
/// Used by Route53Model to turn a record set's `Value` strings (RR-06 formats) into wire RDATA
/// at change time, and by exports to print them back. Never on the query path.
public enum RDataText {
    /// Parses the presentation text of one RDATA (`10 mail.example.com` for MX, `"a" "b"` for TXT,
    /// `0 issue "ca.example.net"` for CAA, …) into uncompressed wire RDATA.
    ///
    /// Names without a trailing dot are relative to `origin`, the root by default, because Route 53
    /// treats names inside values as fully qualified (RR-06). Numeric escapes follow RFC 1035 §5.1
    /// (`\DDD` decimal), as libldns does.
    ///
    /// `escapeRadix` 8 reads `\ooo` escapes as octal, as the Route 53 API writes them (RR-02, RR-09).
    public static func parse(type: RRType, text: String, origin: DomainName = .root,
                             escapeRadix: Int = 10) throws(ZoneTextError) -> [UInt8] {
        guard let decimal = convertEscapes(text, from: escapeRadix, to: 10) else {
            throw ZoneTextError(text: text, message: "bad \\\(escapeRadix == 8 ? "ooo" : "DDD") escape")
        }
        return try parseDecimal(type: type, text: decimal, reportedText: text, origin: origin)
    }

    private static func parseDecimal(type: RRType, text: String, reportedText: String,
                                     origin: DomainName) throws(ZoneTextError) -> [UInt8] {
        // A newline would end the record early and let the rest pass as a second line; reject
        // control characters outright rather than let ldns guess.
        if text.utf8.contains(where: { $0 == 0x0A || $0 == 0x0D || $0 == 0x00 }) {
            throw ZoneTextError(text: reportedText, message: "line break or NUL in RDATA text")
        }
        if text.allSatisfy({ $0 == " " || $0 == "\t" }) {
            throw ZoneTextError(text: reportedText, message: "empty RDATA")
        }
        if let problem = fieldProblem(type: type, tokens: PresentationTokens(text)) {
            throw ZoneTextError(text: reportedText, message: problem)
        }
        let line = ". 0 IN \(type) \(text)"
        let rr = try RecordText.parseLDNS(line, origin: origin, reportedText: reportedText)
        defer { ldns_rr_free(rr) }
        guard ldns_rr_get_type(rr).rawValue == UInt32(type.rawValue) else {
            throw ZoneTextError(text: reportedText, message: "parsed as a different type")
        }
        guard let wire = LDNS.rdata(of: rr) else {
            throw ZoneTextError(text: reportedText, message: "libldns could not encode the RDATA")
        }
        return wire
    }

    /// Formats uncompressed wire RDATA of `type` as ldns presentation text (fields separated by
    /// one space, names absolute with a trailing dot). Throws when the bytes do not decode as `type`.
    ///
    /// `escapeRadix` 8 writes `\ooo` octal escapes, the Route 53 API form (RR-03).
    public static func format(type: RRType, rdata: [UInt8], escapeRadix: Int = 10) throws(ZoneTextError) -> String {
        // The common shapes need no escapes: the same text as libldns, without it.
        if let text = plainText(type: type, rdata: rdata) { return text }
        let rr = try RecordText.decodeLDNS(name: .root, type: type, rrClass: .in, ttl: 0, rdata: rdata)
        defer { ldns_rr_free(rr) }
        guard let text = LDNS.rdataText(of: rr) else {
            throw ZoneTextError(text: hex(rdata), message: "libldns could not print the RDATA of \(type)")
        }
        // ldns writes only valid decimal escapes, so the conversion cannot fail.
        return convertEscapes(text, from: 10, to: escapeRadix) ?? text
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
