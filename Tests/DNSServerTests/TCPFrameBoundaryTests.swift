@testable import DNSServer
import Testing

/// `TCPFrameBoundary` (issue 5 item 2): a draining connection may close only between frames, so
/// the machine must know, for any way a stream is cut into reads, whether a query is half received.
@Suite("TCP frame boundary")
struct TCPFrameBoundaryTests {
    /// Two frames (3 and 300 bytes of message) back to back.
    static let stream: [UInt8] = [0, 3, 1, 2, 3, 0x01, 0x2C] + [UInt8](repeating: 7, count: 300)
    /// Offsets at which the stream is between frames.
    static let boundaries: Set<Int> = [0, 5, stream.count]

    @Test func everyCutPointIsClassified() {
        for cut in 0...Self.stream.count {
            var boundary = TCPFrameBoundary()
            boundary.consume(Self.stream[..<cut])
            #expect(boundary.isAtBoundary == Self.boundaries.contains(cut), "after \(cut) bytes")
        }
    }

    @Test func byteByByteMatchesOneRead() {
        var single = TCPFrameBoundary()
        for (offset, byte) in Self.stream.enumerated() {
            single.consume(CollectionOfOne(byte))
            #expect(single.isAtBoundary == Self.boundaries.contains(offset + 1), "after byte \(offset + 1)")
        }
    }

    @Test func readsSplitAnywhereAgree() {
        for first in 0...Self.stream.count {
            for second in first...Self.stream.count where (second - first) % 37 == 0 || second == Self.stream.count {
                var boundary = TCPFrameBoundary()
                boundary.consume(Self.stream[..<first])
                boundary.consume(Self.stream[first..<second])
                #expect(boundary.isAtBoundary == Self.boundaries.contains(second), "reads \(first) / \(second)")
            }
        }
    }

    /// A zero length prefix is a framing error the decoder closes on; the machine is between frames.
    @Test func zeroLengthLeavesTheStreamAtABoundary() {
        var boundary = TCPFrameBoundary()
        boundary.consume([0, 0] as [UInt8])
        #expect(boundary.isAtBoundary)
    }
}
