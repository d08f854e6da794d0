import Synchronization

/// Lock-free counters the data plane bumps; the metrics issue exports them.
public final class ServerCounters: Sendable {
    public let answeredUDP = Atomic<Int>(0)
    public let answeredTCP = Atomic<Int>(0)
    /// Packets the accept filter dropped (too short, QR=1).
    public let dropped = Atomic<Int>(0)
    public let socketErrors = Atomic<Int>(0)
    public let idleClosed = Atomic<Int>(0)
    /// TCP connections accepted, and those open now (issue 5 item 3).
    public let tcpAccepted = Atomic<Int>(0)
    public let tcpOpen = Atomic<Int>(0)

    public init() {}
}

extension Atomic where Value == Int {
    @inline(__always)
    func add(_ value: Int) { wrappingAdd(value, ordering: .relaxed) }
}
