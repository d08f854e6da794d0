#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The time source of the health monitor (architecture pattern 2: time is injected).
///
/// Instants are `ContinuousClock.Instant`s so that every timestamp the monitor hands out
/// (probe times, decisions, forced-until deadlines) shares one monotonic base with the rest of
/// the daemon; a `ManualClock` produces instants in the same type, moved forward by tests only.
public protocol HealthClock: Sendable {
    /// The current instant.
    var now: ContinuousClock.Instant { get }
    /// Suspends until `deadline` (returns at once if it has passed). Throws `CancellationError`
    /// when the calling task is cancelled, so a parked monitor or probe deadline can be abandoned.
    func sleep(until deadline: ContinuousClock.Instant) async throws
    /// Seconds since 1970 (UTC) at `instant`, for display only (HC-13 `CheckedTime`, timelines).
    func wallSeconds(at instant: ContinuousClock.Instant) -> Double
}

/// The real clock: `ContinuousClock` for intervals and deadlines, and a wall-clock reading paired
/// with a continuous one at creation to convert instants to display times without ever letting
/// wall-clock steps (NTP, manual changes) move a deadline.
public struct SystemHealthClock: HealthClock {
    private let anchor: ContinuousClock.Instant
    private let anchorWall: Double

    /// Pairs a wall-clock reading with a continuous one, once.
    public init() {
        anchor = ContinuousClock.now
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        anchorWall = Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    public var now: ContinuousClock.Instant { ContinuousClock.now }

    public func sleep(until deadline: ContinuousClock.Instant) async throws {
        try await Task.sleep(until: deadline, clock: .continuous)
    }

    public func wallSeconds(at instant: ContinuousClock.Instant) -> Double {
        anchorWall + MonitorTime.seconds(instant - anchor)
    }
}

/// Conversions between `Duration` and seconds as `Double` (the unit of `HealthCheckConfig`,
/// the time scale and the lab API). A namespace rather than a `Duration` extension so it cannot
/// collide with helpers of the same name elsewhere in the module.
public enum MonitorTime {
    /// `duration` in seconds (attosecond precision is far beyond what probes need).
    public static func seconds(_ duration: Duration) -> Double {
        let (whole, fraction) = duration.components
        return Double(whole) + Double(fraction) / 1e18
    }

    /// `seconds` as a `Duration`; negative and non-finite values clamp to zero, huge ones to ~285 years.
    public static func duration(seconds: Double) -> Duration {
        guard seconds.isFinite, seconds > 0 else { return .zero }
        return .nanoseconds(Int64(min(seconds, 9e9) * 1e9))
    }
}
