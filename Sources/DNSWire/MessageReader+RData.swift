extension MessageReader {
    /// The parts of an RDATA layout that matter for decompression.
    private enum Part {
        case fixed(Int)
        case name
        case characterString
    }

    /// Layouts of the types whose embedded names a receiver must decompress (RFC 3597 §4).
    private static func layout(of type: RRType) -> [Part]? {
        switch type {
        case .ns, .cname, .ptr: [.name]
        case .mx: [.fixed(2), .name]
        case .soa: [.name, .name, .fixed(20)]
        case .srv: [.fixed(6), .name]
        case .naptr: [.fixed(4), .characterString, .characterString, .characterString, .name]
        default: nil
        }
    }

    /// RDATA between `start` and `end` with names expanded; other types are copied verbatim.
    /// The layout must consume the RDATA exactly, otherwise the record is malformed.
    func decompressedRData(type: RRType, start: Int, end: Int) throws(MessageError) -> [UInt8] {
        let buffer = cursor.buffer
        guard let layout = Self.layout(of: type) else { return Array(buffer[start..<end]) }
        var output: [UInt8] = []
        output.reserveCapacity(end - start + 32)
        var index = start
        for part in layout {
            switch part {
            case .fixed(let count):
                guard end - index >= count else { throw .badRData(type: type, offset: start) }
                output.append(contentsOf: buffer[index..<(index + count)])
                index += count
            case .characterString:
                guard index < end, end - index > Int(buffer[index]) else { throw .badRData(type: type, offset: start) }
                let count = 1 + Int(buffer[index])
                output.append(contentsOf: buffer[index..<(index + count)])
                index += count
            case .name:
                // Names inside RDATA must not reach past RDLENGTH, though pointers may leave it.
                let bounded = UnsafeRawBufferPointer(rebasing: buffer[0..<end])
                guard let scan = WireName.scan(bounded, at: index) else { throw .badRData(type: type, offset: start) }
                output.append(contentsOf: WireName.copy(bounded, at: index, end: scan.end, length: scan.length))
                index = scan.end
            }
        }
        guard index == end else { throw .badRData(type: type, offset: start) }
        return output
    }
}
