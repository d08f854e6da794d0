extension AnswerSnapshot {
    /// Counts one packet the server answered (issue 5 item 3): two relaxed atomic adds at most,
    /// into the block of the zone the responder attributed it to.
    @inline(__always)
    public func count(_ outcome: QueryOutcome, transport: Transport) {
        let block = outcome.zone >= 0 && outcome.zone < zoneCounters.count ? zoneCounters[outcome.zone] : unattributedCounters
        block.count(outcome, transport: transport)
    }

    /// Counts a replayed reply (issue 6) by the zone and counter cell of the query it was built
    /// for (`QueryCounterCell.index(of:transport:)`), without a `QueryOutcome`.
    @inline(__always)
    public func count(zone: Int, cell: Int, truncated: Bool, transport: Transport) {
        let block = zone >= 0 && zone < zoneCounters.count ? zoneCounters[zone] : unattributedCounters
        block.count(cell: cell, truncated: truncated, transport: transport)
    }

    /// Hosted-zone ID of zone `index` as attributed in a `QueryOutcome`; nil for -1.
    public func zoneID(at index: Int) -> String? {
        index >= 0 && index < zones.count ? zones[index].id : nil
    }
}
