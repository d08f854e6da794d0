import HealthChecking
import Route53Model

/// Drives a `HealthMonitorCore` through virtual time with no clock and no tasks: ticks at each
/// wake-up, answers every probe at the instant it starts from `script`, and collects transitions.
/// A script answer of nil leaves the probe in flight (a hostile target) in `pending`.
struct CoreHarness {
    typealias Script = (ProbeOrder, Duration) -> ProbeResult?

    var core: HealthMonitorCore
    let start: ContinuousClock.Instant
    private(set) var now: ContinuousClock.Instant
    var transitions: [HealthTransition] = []
    var started: [(order: ProbeOrder, at: Duration)] = []
    var pending: [ProbeOrder] = []
    var script: Script

    init(settings: MonitorSettings = MonitorSettings(), script: @escaping Script = { _, _ in CoreHarness.ok }) {
        let start = ContinuousClock.now
        self.start = start
        now = start
        core = HealthMonitorCore(settings: settings, wallSeconds: { 1_700_000_000 + MonitorTime.seconds($0 - start) })
        self.script = script
    }

    static let ok = ProbeResult(success: true, status: "Success: HTTP Status Code 200, OK")
    static let refused = ProbeResult(success: false, status: "Failure: Connection refused")

    var elapsed: Duration { now - start }

    func at(_ offset: Duration) -> ContinuousClock.Instant { start + offset }

    mutating func apply(_ checks: [HealthCheck]) {
        transitions += core.apply(checks, now: now)
    }

    /// Runs until `offset` after the start (inclusive), returning the transitions decided meanwhile.
    @discardableResult
    mutating func run(until offset: Duration) -> [HealthTransition] {
        let target = start + offset
        let before = transitions.count
        while true {
            let tick = core.tick(now: now)
            transitions += tick.transitions
            if !tick.probes.isEmpty {
                for order in tick.probes {
                    started.append((order, now - start))
                    if let result = script(order, now - start) {
                        transitions += core.complete(order, with: result, at: now)
                    } else {
                        pending.append(order)
                    }
                }
                continue
            }
            guard let wake = tick.wake, wake <= target else { break }
            now = wake
        }
        // Nothing is due at or before `target` any more (the loop only stops past it).
        now = max(now, target)
        return Array(transitions[before...])
    }

    /// Moves time without ticking (for drill calls at a given instant).
    mutating func jump(to offset: Duration) {
        now = max(now, start + offset)
    }
}
