/// A prober that starts a probe without a task of its own and reports through a callback
/// (issue 6, "scale"). The monitor uses it for IP-addressed checks: at 10,000 probes a second, a
/// task per probe, a budget timer per probe and the hops between the cooperative pool and the
/// event loop cost more CPU than the probe's own socket work.
///
/// Contract: `completion` is called exactly once, on any thread, and no later than the target's
/// deadlines allow — the prober enforces connect, first-byte and body deadlines and its own
/// watchdog, because the monitor gives callback probes no budget timer of its own (that timer is
/// what keeps a misbehaving async `Prober` from wedging a checker). `cancel()` on the returned
/// handle ends the probe promptly; its completion then reports a failure (the monitor drops it).
public protocol CallbackProber: Prober {
    func start(_ target: ProbeTarget, completion: @escaping @Sendable (ProbeResult) -> Void) -> ProbeHandle
    /// Starts several probes at once (the monitor starts every probe due in one tick together),
    /// one handle per request, in order. The default starts them one by one; a prober on event
    /// loops can hand the whole batch to a loop in one hop.
    func start(batch: [ProbeRequest]) -> [ProbeHandle]
}

extension CallbackProber {
    public func start(batch: [ProbeRequest]) -> [ProbeHandle] {
        batch.map { start($0.target, completion: $0.completion) }
    }
}

/// One probe of a batch: the target and where its result goes.
public struct ProbeRequest: Sendable {
    public var target: ProbeTarget
    public var completion: @Sendable (ProbeResult) -> Void

    public init(target: ProbeTarget, completion: @escaping @Sendable (ProbeResult) -> Void) {
        self.target = target
        self.completion = completion
    }
}

/// Cancels one probe started by a `CallbackProber`.
public struct ProbeHandle: Sendable {
    private let onCancel: @Sendable () -> Void

    public init(cancel: @escaping @Sendable () -> Void) {
        onCancel = cancel
    }

    /// A handle for a probe that already finished (nothing to cancel).
    public static let finished = ProbeHandle {}

    public func cancel() { onCancel() }
}
