/// Where a DNS-over-TCP byte stream stands relative to its two-byte length-prefixed frames
/// (RFC 1035 §4.2.2): between frames, or inside a length prefix or a message. A draining
/// connection (issue 5 item 2) closes only between frames, so a query that has started to arrive
/// is read to its end and answered first. Pure: fed the byte counts and prefix bytes it sees.
struct TCPFrameBoundary {
    /// The first byte of a length prefix whose second byte has not arrived yet.
    private var pendingHigh: UInt8?
    /// Message bytes of the current frame still to arrive.
    private var remaining = 0

    /// True between frames: every query received so far is complete.
    var isAtBoundary: Bool { pendingHigh == nil && remaining == 0 }

    /// Advances over `bytes` as they arrive, in order.
    mutating func consume<Bytes: Collection<UInt8>>(_ bytes: Bytes) {
        var index = bytes.startIndex
        while index != bytes.endIndex {
            if remaining > 0 {
                let step = min(remaining, bytes.distance(from: index, to: bytes.endIndex))
                remaining -= step
                index = bytes.index(index, offsetBy: step)
            } else if let high = pendingHigh {
                // A zero length is a framing error the decoder closes the connection for; it
                // leaves the stream at a boundary.
                remaining = Int(high) << 8 | Int(bytes[index])
                pendingHigh = nil
                index = bytes.index(after: index)
            } else {
                pendingHigh = bytes[index]
                index = bytes.index(after: index)
            }
        }
    }
}
