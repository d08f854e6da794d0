import Synchronization

/// The query counters of one hosted zone (or of queries outside every zone): one relaxed atomic
/// per `QueryCounterCell` plus one truncation counter per transport (issue 5 item 3). The data
/// plane adds; the metrics exporter reads at scrape time. A block outlives snapshots: the
/// `QueryCounters` registry hands the same block to every snapshot serving the zone, so the
/// counts of a zone survive zone edits and health flips.
public final class ZoneQueryCounters: @unchecked Sendable {
    /// Route 53 hosted-zone ID (bare), `-` for the block of unattributed queries.
    public let zoneID: String
    /// Zone name with the trailing dot, `-` for the unattributed block.
    public let zoneName: String
    /// `QueryCounterCell.count` query cells, then 2 truncation cells. Allocated once and never
    /// moved, as atomics require; `Atomic` is safe to share, hence `@unchecked Sendable`.
    private let cells: UnsafeMutablePointer<Atomic<Int>>
    private static let cellCount = QueryCounterCell.count + QueryCounterCell.transportLabels.count

    public init(zoneID: String, zoneName: String) {
        self.zoneID = zoneID
        self.zoneName = zoneName
        cells = .allocate(capacity: Self.cellCount)
        for index in 0..<Self.cellCount {
            (cells + index).initialize(to: Atomic(0))
        }
    }

    deinit {
        cells.deinitialize(count: Self.cellCount)
        cells.deallocate()
    }

    /// Counts one answered query: its cell, and its truncation when TC was set.
    @inline(__always)
    public func count(_ outcome: QueryOutcome, transport: Transport) {
        cells[QueryCounterCell.index(of: outcome, transport: transport)].wrappingAdd(1, ordering: .relaxed)
        if outcome.truncated {
            cells[QueryCounterCell.count + QueryCounterCell.transportSlot(transport)].wrappingAdd(1, ordering: .relaxed)
        }
    }

    /// Counts one answered query whose cell (`QueryCounterCell.index(of:transport:)`) was worked
    /// out earlier: a listener replaying a stored reply (issue 6) keeps the cell with the reply.
    @inline(__always)
    public func count(cell: Int, truncated: Bool, transport: Transport) {
        cells[cell].wrappingAdd(1, ordering: .relaxed)
        if truncated {
            cells[QueryCounterCell.count + QueryCounterCell.transportSlot(transport)].wrappingAdd(1, ordering: .relaxed)
        }
    }

    /// The value of query cell `index` (`QueryCounterCell`).
    public func value(ofCell index: Int) -> Int {
        cells[index].load(ordering: .relaxed)
    }

    /// Responses with TC set, sent over `transport`.
    public func truncated(_ transport: Transport) -> Int {
        cells[QueryCounterCell.count + QueryCounterCell.transportSlot(transport)].load(ordering: .relaxed)
    }
}
