import CLDNS
import DNSWire

/// Whole DNS messages as text, through libldns: the independent oracle our own wire encoder is
/// cross-checked against (architecture: "wire output cross-checked with libldns as an oracle").
public enum PacketText {
    /// The message in ldns's dig-like text (`ldns_pkt2str`), or nil when ldns cannot decode it.
    public static func render(_ wire: [UInt8]) -> String? {
        withPacket(wire) { packet in LDNS.consume(ldns_pkt2str(packet)) } ?? nil
    }

    /// Each record of the answer, authority and additional sections in ldns's one-line
    /// presentation (`RecordText.format` form: tab-separated, names absolute, compression pointers
    /// expanded). ldns moves an OPT record into its EDNS fields, so OPT never appears in `additional`.
    /// Nil when ldns cannot decode the message.
    public static func records(_ wire: [UInt8]) -> (answer: [String], authority: [String], additional: [String])? {
        withPacket(wire) { packet in
            (lines(ldns_pkt_answer(packet)), lines(ldns_pkt_authority(packet)), lines(ldns_pkt_additional(packet)))
        }
    }

    /// The question section in the same form (`name.\tIN\tTYPE`), or nil when ldns cannot decode it.
    public static func questions(_ wire: [UInt8]) -> [String]? {
        withPacket(wire) { packet in lines(ldns_pkt_question(packet)) }
    }

    private static func withPacket<T>(_ wire: [UInt8], _ body: (UnsafeMutablePointer<ldns_pkt>) -> T) -> T? {
        var packet: UnsafeMutablePointer<ldns_pkt>?
        let status = wire.withUnsafeBufferPointer { ldns_wire2pkt(&packet, $0.baseAddress, $0.count) }
        guard status == LDNS_STATUS_OK, let packet else {
            if let packet { ldns_pkt_free(packet) }
            return nil
        }
        defer { ldns_pkt_free(packet) }
        return body(packet)
    }

    /// Lines of a lent rr list; the list stays owned by the packet.
    private static func lines(_ list: UnsafeMutablePointer<ldns_rr_list>?) -> [String] {
        guard let list else { return [] }
        return (0..<ldns_rr_list_rr_count(list)).map { index in
            guard let rr = ldns_rr_list_rr(list, index), let text = LDNS.consume(ldns_rr2str(rr)) else { return "" }
            return LDNS.trimmingNewlines(text)
        }
    }
}
