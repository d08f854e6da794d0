/// Decodes a whole message into `Message` (RFC 1035 §4.1). Strict about structure — every
/// count, length and name must fit the packet — and lenient about content: unknown types, classes
/// and EDNS options pass through as raw bytes.
struct MessageReader {
    private(set) var cursor: WireCursor

    init(_ buffer: UnsafeRawBufferPointer) {
        cursor = WireCursor(buffer)
    }

    mutating func read() throws(MessageError) -> Message {
        guard let id = cursor.readUInt16(), let flags = cursor.readUInt16(),
              let questionCount = cursor.readUInt16(), let answerCount = cursor.readUInt16(),
              let authorityCount = cursor.readUInt16(), let additionalCount = cursor.readUInt16()
        else { throw .shortHeader(length: cursor.buffer.count) }

        var questions: [Question] = []
        for _ in 0..<questionCount {
            let name = try readName(.question)
            guard let type = cursor.readUInt16(), let rrClass = cursor.readUInt16() else {
                throw .truncated(section: .question, offset: cursor.offset)
            }
            questions.append(Question(name: name, type: RRType(rawValue: type), rrClass: RRClass(rawValue: rrClass)))
        }
        let answers = try readRecords(count: answerCount, section: .answer)
        let authority = try readRecords(count: authorityCount, section: .authority)
        let additionalWithOPT = try readRecords(count: additionalCount, section: .additional)

        var additional: [ResourceRecord] = []
        var opt: (record: ResourceRecord, offset: Int)?
        for (record, offset) in additionalWithOPT {
            guard record.type == .opt else { additional.append(record); continue }
            guard opt == nil else { throw .badOPT(offset: offset, reason: "more than one OPT record") }
            guard record.name.isRoot else { throw .badOPT(offset: offset, reason: "owner is not the root") }
            opt = (record, offset)
        }
        for (record, offset) in answers + authority where record.type == .opt {
            throw .badOPT(offset: offset, reason: "OPT outside the additional section")
        }

        var extendedRCode = RCode(rawValue: flags & 0x000F)
        var edns: EDNS?
        var options: [EDNSOption] = []
        if let (record, offset) = opt {
            options = try Self.options(record.rdata, offset: offset)
            let subnet = options.first { $0.code == EDNSOption.clientSubnetCode }.flatMap { ClientSubnet(optionData: $0.data) }
            edns = EDNS(udpPayloadSize: record.rrClass.rawValue, version: UInt8((record.ttl >> 16) & 0xFF),
                        dnssecOK: record.ttl & 0x8000 != 0, clientSubnet: subnet)
            extendedRCode = RCode(rawValue: UInt16(record.ttl >> 24) << 4 | extendedRCode.rawValue)
        }
        return Message(id: id, flags: flags, questions: questions, answers: answers.map(\.record),
                       authority: authority.map(\.record), additional: additional, edns: edns,
                       ednsOptions: options, extendedRCode: extendedRCode, trailingByteCount: cursor.remaining)
    }

    private mutating func readName(_ section: MessageSection) throws(MessageError) -> DomainName {
        let start = cursor.offset
        guard let name = cursor.readName() else { throw .badName(section: section, offset: start) }
        return name
    }

    /// Records with the offset at which each starts (for error messages).
    private mutating func readRecords(count: UInt16, section: MessageSection)
        throws(MessageError) -> [(record: ResourceRecord, offset: Int)] {
        var records: [(record: ResourceRecord, offset: Int)] = []
        // A record takes at least 11 bytes; do not let a forged count reserve megabytes.
        records.reserveCapacity(min(Int(count), cursor.remaining / 11))
        for _ in 0..<count {
            let start = cursor.offset
            let name = try readName(section)
            guard let type = cursor.readUInt16(), let rrClass = cursor.readUInt16(), let ttl = cursor.readUInt32(),
                  let rdLength = cursor.readUInt16(), cursor.remaining >= Int(rdLength)
            else { throw .truncated(section: section, offset: cursor.offset) }
            let rrType = RRType(rawValue: type)
            let rdataStart = cursor.offset
            let rdataEnd = rdataStart + Int(rdLength)
            let rdata = try decompressedRData(type: rrType, start: rdataStart, end: rdataEnd)
            cursor.offset = rdataEnd
            records.append((ResourceRecord(name: name, type: rrType, rrClass: RRClass(rawValue: rrClass),
                                           ttl: ttl, rdata: rdata), start))
        }
        return records
    }

    /// Splits OPT RDATA into options (RFC 6891 §6.1.2); an option running past the end is an error.
    private static func options(_ rdata: [UInt8], offset: Int) throws(MessageError) -> [EDNSOption] {
        var options: [EDNSOption] = []
        var index = 0
        while index < rdata.count {
            guard rdata.count - index >= 4 else { throw .badOPT(offset: offset, reason: "truncated option header") }
            let code = UInt16(rdata[index]) << 8 | UInt16(rdata[index + 1])
            let length = Int(rdata[index + 2]) << 8 | Int(rdata[index + 3])
            guard rdata.count - index - 4 >= length else {
                throw .badOPT(offset: offset, reason: "option \(code) longer than the RDATA")
            }
            options.append(EDNSOption(code: code, data: Array(rdata[(index + 4)..<(index + 4 + length)])))
            index += 4 + length
        }
        return options
    }
}
