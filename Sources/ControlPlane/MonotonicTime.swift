import AnswerEngine

/// The failover timeline's time base: CLOCK_MONOTONIC nanoseconds, the same clock the data plane
/// stamps first answers with (`ServingState.uptimeNanoseconds`).
public enum MonotonicTime {
    public static func now() -> UInt64 { ServingState.uptimeNanoseconds() }

    /// Converts a `ContinuousClock` instant (the health monitor's clock) with a paired reading.
    public static func from(_ instant: ContinuousClock.Instant) -> UInt64 {
        let nowInstant = ContinuousClock.now
        let nowNanos = now()
        let (seconds, attoseconds) = (nowInstant - instant).components
        let nanos = Int64(seconds) * 1_000_000_000 + attoseconds / 1_000_000_000
        return nanos >= 0 ? nowNanos &- UInt64(nanos) : nowNanos &+ UInt64(-nanos)
    }
}
