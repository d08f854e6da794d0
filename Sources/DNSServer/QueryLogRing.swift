import AnswerEngine
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The bounded buffer between the DNS listeners and the query-log writer (DNS-13, issue 5 item 4).
///
/// Many producers (event-loop threads), one consumer (the writer thread). Dmitry Vyukov's bounded
/// MPMC queue: each slot has a sequence number, a producer claims a position with one CAS and
/// publishes the slot with a release store; the consumer frees it the same way. No lock, no
/// allocation, no syscall per query. When the writer falls behind and every slot is taken, the
/// record is dropped and counted — a query is never delayed for its log line.
public final class QueryLogRing: @unchecked Sendable {
    /// Slots, a power of two.
    public let capacity: Int
    private let mask: Int
    private let sequences: UnsafeMutablePointer<Atomic<Int>>
    private let slots: UnsafeMutableRawPointer
    private let enqueuePosition = Atomic<Int>(0)
    /// Touched by the single consumer only.
    private let dequeuePosition = Atomic<Int>(0)
    private let droppedRecords = Atomic<Int>(0)

    /// A ring of at least `capacity` records (rounded up to a power of two, at least 2).
    public init(capacity requested: Int) {
        var size = 2
        while size < requested { size <<= 1 }
        capacity = size
        mask = size - 1
        sequences = .allocate(capacity: size)
        for index in 0..<size { (sequences + index).initialize(to: Atomic(index)) }
        slots = .allocate(byteCount: size * QueryLogRecord.size, alignment: 16)
    }

    deinit {
        sequences.deinitialize(count: capacity)
        sequences.deallocate()
        slots.deallocate()
    }

    /// Records dropped because the ring was full.
    public var dropped: Int { droppedRecords.load(ordering: .relaxed) }

    /// Queues the log record of one answered query; drops and counts it when the ring is full.
    @inline(__always)
    public func append(_ outcome: QueryOutcome, transport: Transport, client: ClientAddress?, zoneID: String?) {
        var position = enqueuePosition.load(ordering: .relaxed)
        while true {
            let sequence = sequences[position & mask].load(ordering: .acquiring)
            if sequence == position {
                let claim = enqueuePosition.compareExchange(expected: position, desired: position + 1, ordering: .relaxed)
                if claim.exchanged { break }
                position = claim.original
            } else if sequence < position {
                // The slot still holds a record from one lap ago: the writer is behind.
                droppedRecords.wrappingAdd(1, ordering: .relaxed)
                return
            } else {
                position = enqueuePosition.load(ordering: .relaxed)
            }
        }
        QueryLogRecord.write(into: slots + (position & mask) * QueryLogRecord.size, timeNanoseconds: Self.now(),
                             outcome: outcome, transport: transport, client: client, zoneID: zoneID)
        sequences[position & mask].store(position + 1, ordering: .releasing)
    }

    /// Consumer side: passes the oldest record to `body` and frees its slot; false when empty.
    /// Only one thread may call it.
    public func consume(_ body: (QueryLogRecord) -> Void) -> Bool {
        let position = dequeuePosition.load(ordering: .relaxed)
        let sequence = sequences[position & mask].load(ordering: .acquiring)
        guard sequence == position + 1 else { return false }
        body(QueryLogRecord(base: UnsafeRawPointer(slots + (position & mask) * QueryLogRecord.size)))
        sequences[position & mask].store(position + capacity, ordering: .releasing)
        dequeuePosition.store(position + 1, ordering: .relaxed)
        return true
    }

    /// Wall-clock nanoseconds (CLOCK_REALTIME, a vDSO call): DNS-13's response timestamp.
    @inline(__always)
    static func now() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec) * 1_000_000_000 + Int64(spec.tv_nsec)
    }
}
