/// The data plane's accept filter: decides from the raw packet whether to answer, reject or drop
/// (architecture.md: "accept filter before decode"). It follows NSD's `query_process` order so
/// our error replies match a mature authoritative server's.
///
/// Runs once per query: no Foundation, no throwing, and the only allocation is the question
/// name (plus the address of an EDNS Client Subnet option when one is present). Every read is
/// bounds-checked, so any byte string is safe input.
public enum QueryParser {
    /// Parses a received packet. See `QueryParseOutcome` for what each outcome means.
    public static func parse(_ packet: UnsafeRawBufferPointer) -> QueryParseOutcome {
        var cursor = WireCursor(packet)
        guard let id = cursor.readUInt16(), let flags = cursor.readUInt16(),
              let questionCount = cursor.readUInt16(), let answerCount = cursor.readUInt16(),
              let authorityCount = cursor.readUInt16(), let additionalCount = cursor.readUInt16()
        else { return .drop }
        // A response is never answered: that would let two servers bounce packets forever.
        guard flags & HeaderFlag.qr == 0 else { return .drop }
        // Opcode first, before looking past the header (DNS-10: NOTIFY/UPDATE → NOTIMP).
        let opcode = Opcode(rawValue: UInt8((flags >> 11) & 0x0F))
        guard opcode == .query else { return .notImplemented(id: id, flags: flags) }

        let recursionDesired = flags & HeaderFlag.rd != 0
        let formatError = QueryParseOutcome.formatError(id: id, opcode: opcode, recursionDesired: recursionDesired)
        // NSD clears all flags, RD included, before this FORMERR.
        guard questionCount == 1, flags & HeaderFlag.tc == 0 else {
            return .formatError(id: id, opcode: opcode, recursionDesired: false)
        }
        // A query carries nothing in answer or authority (NSD makes an exception for IXFR only,
        // which Lab53 refuses anyway, DNS-10).
        guard answerCount == 0, authorityCount == 0 else { return formatError }

        guard let name = cursor.readName(), let type = cursor.readUInt16(), let rrClass = cursor.readUInt16()
        else { return formatError }

        var edns: EDNS?
        for _ in 0..<additionalCount {
            switch parseAdditional(&cursor, seenOPT: edns != nil) {
            case .failure: return formatError
            case .success(let parsed): edns = parsed
            }
        }
        // Bytes after the last counted record are ignored, as NSD does.
        return .query(Query(id: id, opcode: opcode, recursionDesired: recursionDesired,
                            checkingDisabled: flags & HeaderFlag.cd != 0, name: name,
                            type: RRType(rawValue: type), rrClass: RRClass(rawValue: rrClass), edns: edns))
    }

    /// Parses a received packet held in an array.
    public static func parse(_ bytes: [UInt8]) -> QueryParseOutcome {
        bytes.withUnsafeBytes { parse($0) }
    }

    private struct Malformed: Error {}

    /// One additional-section record. Only a single OPT owned by the root is acceptable
    /// (RFC 6891 §6.1.1); TSIG and everything else are unsupported, hence FORMERR.
    private static func parseAdditional(_ cursor: inout WireCursor, seenOPT: Bool) -> Result<EDNS, Malformed> {
        guard let ownerLength = cursor.skipName(), let type = cursor.readUInt16(),
              let rrClass = cursor.readUInt16(), let ttl = cursor.readUInt32(), let rdLength = cursor.readUInt16()
        else { return .failure(Malformed()) }
        guard RRType(rawValue: type) == .opt, ownerLength == 1, !seenOPT else { return .failure(Malformed()) }
        let rdataStart = cursor.offset
        guard cursor.skip(Int(rdLength)) else { return .failure(Malformed()) }
        let rdata = UnsafeRawBufferPointer(rebasing: cursor.buffer[rdataStart..<cursor.offset])
        return parseOptions(rdata).map { clientSubnet in
            EDNS(udpPayloadSize: max(rrClass, 512), version: UInt8((ttl >> 16) & 0xFF),
                 dnssecOK: ttl & 0x8000 != 0, clientSubnet: clientSubnet)
        }
    }

    /// Walks the OPT options (RFC 6891 §6.1.2). Unknown options are ignored; an option running past
    /// the RDATA, a malformed ECS (RFC 7871 §7.1.1) or a second ECS (rejected as BIND does) fail.
    private static func parseOptions(_ rdata: UnsafeRawBufferPointer) -> Result<ClientSubnet?, Malformed> {
        var cursor = WireCursor(rdata)
        var clientSubnet: ClientSubnet?
        while cursor.remaining > 0 {
            guard let code = cursor.readUInt16(), let length = cursor.readUInt16() else { return .failure(Malformed()) }
            let start = cursor.offset
            guard cursor.skip(Int(length)) else { return .failure(Malformed()) }
            guard code == EDNSOption.clientSubnetCode else { continue }
            guard clientSubnet == nil,
                  let subnet = ClientSubnet.parse(UnsafeRawBufferPointer(rebasing: rdata[start..<cursor.offset]))
            else { return .failure(Malformed()) }
            clientSubnet = subnet
        }
        return .success(clientSubnet)
    }
}
