extension Message {
    /// Encodes a standard query with one question, optionally with an OPT record carrying `edns`
    /// (its payload size, version, DO bit and client subnet; RFC 6891 §6.1.2, RFC 7871 §6).
    public static func queryBytes(id: UInt16, name: DomainName, type: RRType, class rrClass: RRClass = .in,
                                  recursionDesired: Bool = false, edns: EDNS? = nil) -> [UInt8] {
        var writer = MessageWriter(limit: 65535)
        writer.id = id
        writer.setFlag(HeaderFlag.rd, recursionDesired)
        writer.appendQuestion(name: name, type: type, rrClass: rrClass)
        if let edns {
            writer.appendOPT(udpPayloadSize: edns.udpPayloadSize, version: edns.version, dnssecOK: edns.dnssecOK,
                             options: edns.optionBytes)
        }
        return writer.bytes
    }
}
