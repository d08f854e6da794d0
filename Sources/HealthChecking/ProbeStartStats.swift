/// How punctually probes start (issue 6, "scale"): every probe the scheduler hands out is
/// counted with its *lateness* — the time from the checker's due instant (its previous response +
/// the interval, HC-05, or its random first phase) to the instant the probe was handed out.
///
/// A probe is **on time** when it starts no more than a tenth of its check's interval after its
/// due instant (100 ms for a 1 s interval, 1 s for Route 53's 10 s). A tenth, because a checker
/// that is later than that has visibly changed its interval; a fixed bound would be meaningless
/// across 0.1 s lab intervals and 30 s production ones. Probes can never start early: the
/// scheduler only hands out slots whose due instant has passed.
///
/// Plain counters in the scheduler's state (no clock reads, no allocation per probe), so they
/// cost next to nothing and are exact: the shell reads them under the monitor's lock.
public struct ProbeStartStats: Sendable, Hashable {
    /// Upper bounds of the lateness histogram buckets (cumulative counts as in Prometheus; the
    /// last, implicit bucket is +Inf = `started`).
    public static let bucketBounds: [Duration] = [
        .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(20), .milliseconds(50),
        .milliseconds(100), .milliseconds(200), .milliseconds(500), .seconds(1), .seconds(2), .seconds(5),
    ]

    /// Probes handed out (real and drill-synthesised).
    public private(set) var started: UInt64 = 0
    /// Of those, started within a tenth of their interval after their due instant.
    public private(set) var onTime: UInt64 = 0
    /// Non-cumulative count per bucket of `bucketBounds`, plus one overflow bucket.
    public private(set) var buckets: [UInt64] = Array(repeating: 0, count: ProbeStartStats.bucketBounds.count + 1)
    /// Sum of every lateness, for the mean.
    public private(set) var latenessSum: Duration = .zero
    /// The largest lateness seen.
    public private(set) var maximumLateness: Duration = .zero
    /// Responses (or synthesised results) the scheduler accepted.
    public private(set) var completed: UInt64 = 0
    /// Sum of the accepted probes' durations (hand-out → result accepted). HC-05 counts the
    /// interval from each response, so a checker's period is interval + duration: this is what
    /// the rate of a healthy schedule must be compared with.
    public private(set) var durationSum: Duration = .zero

    public init() {}

    /// Probes started later than a tenth of their interval.
    public var late: UInt64 { started - onTime }

    /// The on-time bound for a check probed every `interval`.
    public static func tolerance(for interval: Duration) -> Duration { interval / 10 }

    /// Counts a probe handed out `lateness` after its due instant by a check probed every `interval`.
    public mutating func recordStart(lateness: Duration, interval: Duration) {
        let late = max(.zero, lateness)
        started += 1
        if late <= Self.tolerance(for: interval) { onTime += 1 }
        latenessSum += late
        if late > maximumLateness { maximumLateness = late }
        buckets[Self.bucket(for: late)] += 1
    }

    /// Counts a response the scheduler accepted, `duration` after its probe was handed out.
    public mutating func recordCompletion(duration: Duration) {
        completed += 1
        durationSum += max(.zero, duration)
    }

    /// Cumulative counts per bound (`le` semantics), the last entry being +Inf.
    public var cumulativeBuckets: [UInt64] {
        var total: UInt64 = 0
        return buckets.map { count in
            total += count
            return total
        }
    }

    /// Index of the first bound ≥ `lateness` (a binary search over 12 bounds is not worth it).
    static func bucket(for lateness: Duration) -> Int {
        for (index, bound) in bucketBounds.enumerated() where lateness <= bound { return index }
        return bucketBounds.count
    }
}
