import DNSWire
import Foundation
import Route53Model

/// The `record_set.body` text of the common record sets, written and read without Foundation's
/// JSON coders (issue 6, scale: JSONEncoder and JSONDecoder cost ~10 µs per row, which was a
/// fifth of the cold start of a million-record zone and most of a restart).
///
/// The fast path covers non-alias sets with simple, multivalue, weighted or failover routing and
/// printable-ASCII strings. It writes byte for byte what `RowCoding.encode(RecordSetDTO(set))`
/// writes (sorted keys, `\/` for `/`, standard base64), so a database never shows which path
/// wrote a row; everything else goes through `RecordSetDTO`. Reading accepts exactly that
/// layout and hands any other text to `JSONDecoder`, so rows written by any earlier build decode.
enum RecordSetBody {
    /// The body text of `set`.
    static func encode(_ set: ResourceRecordSet) throws -> String {
        if let text = fastText(set) { return text }
        return try RowCoding.encode(RecordSetDTO(set))
    }

    /// The record set stored with `body` under the key columns given.
    static func decode(_ body: String, name: DomainName, type: RRType, setIdentifier: String?) throws -> ResourceRecordSet {
        var body = body
        let fast = body.withUTF8 { bytes in
            var reader = BodyReader(bytes: bytes)
            return reader.read()
        }
        if let fast {
            return ResourceRecordSet(name: name, type: type, ttl: fast.ttl, records: fast.records, setIdentifier: setIdentifier,
                                     routing: fast.routing, healthCheckId: fast.healthCheckId)
        }
        return try RowCoding.decode(RecordSetDTO.self, from: body).model(name: name, type: type, setIdentifier: setIdentifier)
    }

    /// The JSONEncoder text with sorted keys (`healthCheckId`, `records`, `routing`, `ttl`), or nil
    /// when the set needs the general path.
    static func fastText(_ set: ResourceRecordSet) -> String? {
        guard set.aliasTarget == nil else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(96)
        out.append(contentsOf: #"{"#.utf8)
        if let check = set.healthCheckId {
            out.append(contentsOf: #""healthCheckId":"#.utf8)
            guard appendString(check, to: &out) else { return nil }
            out.append(UInt8(ascii: ","))
        }
        out.append(contentsOf: #""records":["#.utf8)
        for (index, record) in set.records.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            out.append(contentsOf: #"{"rdata":""#.utf8)
            // JSONEncoder writes base64's `/` as `\/` too.
            var encoded: [UInt8] = []
            Base64.append(record.rdata, to: &encoded)
            for byte in encoded {
                if byte == UInt8(ascii: "/") { out.append(UInt8(ascii: "\\")) }
                out.append(byte)
            }
            out.append(contentsOf: #"","text":"#.utf8)
            guard appendString(record.text, to: &out) else { return nil }
            out.append(UInt8(ascii: "}"))
        }
        out.append(contentsOf: #"],"routing":{"#.utf8)
        switch set.routing {
        case .simple: out.append(contentsOf: #""kind":"simple""#.utf8)
        case .multivalue: out.append(contentsOf: #""kind":"multivalue""#.utf8)
        case .weighted(let weight): out.append(contentsOf: #""kind":"weighted","weight":\#(weight)"#.utf8)
        case .failover(let role): out.append(contentsOf: #""failover":"\#(role.rawValue)","kind":"failover""#.utf8)
        default: return nil
        }
        out.append(UInt8(ascii: "}"))
        if let ttl = set.ttl {
            out.append(contentsOf: #","ttl":\#(ttl)"#.utf8)
        }
        out.append(UInt8(ascii: "}"))
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends `"text"` when every byte is printable ASCII, escaped as JSONEncoder escapes it (`\/`,
    /// `\"`, `\\`). False (nothing useful appended) for control or non-ASCII bytes.
    private static func appendString(_ text: String, to out: inout [UInt8]) -> Bool {
        out.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            guard byte >= 0x20, byte < 0x7F else { return false }
            if byte == UInt8(ascii: "/") || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                out.append(UInt8(ascii: "\\"))
            }
            out.append(byte)
        }
        out.append(UInt8(ascii: "\""))
        return true
    }
}
