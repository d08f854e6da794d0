/// A bounds-checked reading position in a received packet, shared by `QueryParser` and
/// `MessageReader`. Every read returns nil instead of trapping, so no input can crash a parser.
struct WireCursor {
    let buffer: UnsafeRawBufferPointer
    var offset: Int

    init(_ buffer: UnsafeRawBufferPointer, offset: Int = 0) {
        self.buffer = buffer
        self.offset = offset
    }

    var remaining: Int { buffer.count - offset }

    @inline(__always)
    mutating func readUInt8() -> UInt8? {
        guard offset < buffer.count else { return nil }
        defer { offset += 1 }
        return buffer[offset]
    }

    @inline(__always)
    mutating func readUInt16() -> UInt16? {
        guard remaining >= 2 else { return nil }
        defer { offset += 2 }
        return UInt16(buffer[offset]) << 8 | UInt16(buffer[offset + 1])
    }

    @inline(__always)
    mutating func readUInt32() -> UInt32? {
        guard remaining >= 4 else { return nil }
        defer { offset += 4 }
        return UInt32(buffer[offset]) << 24 | UInt32(buffer[offset + 1]) << 16
            | UInt32(buffer[offset + 2]) << 8 | UInt32(buffer[offset + 3])
    }

    /// Advances past `count` bytes; false (cursor unchanged) when fewer remain.
    @inline(__always)
    mutating func skip(_ count: Int) -> Bool {
        guard count >= 0, remaining >= count else { return false }
        offset += count
        return true
    }

    /// Reads a possibly compressed name and returns it uncompressed, with letter case as received.
    /// Allocates exactly one array of the final size.
    mutating func readName() -> DomainName? {
        guard let scan = WireName.scan(buffer, at: offset) else { return nil }
        let wire = WireName.copy(buffer, at: offset, end: scan.end, length: scan.length)
        offset = scan.end
        return DomainName(trustedWire: wire)
    }

    /// Skips a possibly compressed name, returning its uncompressed length (1 for the root).
    mutating func skipName() -> Int? {
        guard let scan = WireName.scan(buffer, at: offset) else { return nil }
        offset = scan.end
        return scan.length
    }
}

/// Name decoding rules (RFC 1035 §3.1, §4.1.4) on a raw packet.
enum WireName {
    /// Validates the name at `start`. `end` is the offset just past the name as it sits in the
    /// packet (after the first pointer, or after the root label); `length` is its uncompressed
    /// wire length.
    ///
    /// Each compression pointer must point strictly before the previous jump target (the first one
    /// before the start of this name). Targets thus strictly decrease, which rules out loops without
    /// a hop counter; real encoders only ever point at names written earlier, so nothing valid is lost.
    /// Labels longer than 63 bytes, the reserved 0x40/0x80 label types, names over 255 bytes and
    /// names running off the end of the packet are rejected.
    static func scan(_ buffer: UnsafeRawBufferPointer, at start: Int) -> (end: Int, length: Int)? {
        var index = start
        var length = 0
        var end: Int?
        var limit = start
        while true {
            guard index >= 0, index < buffer.count else { return nil }
            let byte = buffer[index]
            switch byte & 0xC0 {
            case 0x00:
                let labelLength = Int(byte)
                length += 1 + labelLength
                guard length <= 255 else { return nil }
                if labelLength == 0 {
                    return (end ?? index + 1, length)
                }
                index += 1 + labelLength
            case 0xC0:
                guard index + 1 < buffer.count else { return nil }
                let target = Int(byte & 0x3F) << 8 | Int(buffer[index + 1])
                guard target < limit else { return nil }
                if end == nil { end = index + 2 }
                limit = target
                index = target
            default:
                return nil
            }
        }
    }

    /// Copies the name at `start`, already validated by `scan`, into a new array of `length` bytes.
    static func copy(_ buffer: UnsafeRawBufferPointer, at start: Int, end: Int, length: Int) -> [UInt8] {
        // No pointer was followed when the name occupies exactly `length` bytes in place: one copy.
        // (This also avoids the generic array-building path, measured at about half the parse time.)
        if end - start == length, start >= 0, end <= buffer.count {
            return Array(buffer[start..<end])
        }
        return [UInt8](unsafeUninitializedCapacity: length) { output, initialized in
            var index = start
            var written = 0
            while written < length, index < buffer.count {
                let byte = buffer[index]
                if byte & 0xC0 == 0xC0 {
                    guard index + 1 < buffer.count else { break }
                    index = Int(byte & 0x3F) << 8 | Int(buffer[index + 1])
                    continue
                }
                let count = min(1 + Int(byte), length - written, buffer.count - index)
                for i in 0..<count { output[written + i] = buffer[index + i] }
                written += count
                index += count
            }
            // `scan` guarantees the loop fills the array; zero any rest rather than trust that.
            while written < length {
                output[written] = 0
                written += 1
            }
            initialized = written
        }
    }
}
