import Synchronization

extension HealthMonitor {
    /// Runs the monitor until `shutdown()` or cancellation: ticks the core whenever something is
    /// due (at most once per `MonitorSettings.wakeCoalescing`), starts every due probe — through
    /// the prober's callbacks for IP-addressed checks when it is a `CallbackProber`, else as a
    /// task — and parks on the clock in between, woken early by every configuration or drill
    /// change and by completions that move the plan. Returns at once if already started.
    public func run() async {
        let starting = state.withLock { shell in
            guard case .notStarted = shell.loop, !shell.shutdownRequested else { return false }
            shell.loop = .running
            return true
        }
        guard starting else { return }
        await withDiscardingTaskGroup { group in
            while let step = nextStep() {
                log(step.transitions)
                var orders: [ProbeOrder] = []
                var requests: [ProbeRequest] = []
                for order in step.probes {
                    if callbackProber != nil, case .connect(let target) = order.plan {
                        orders.append(order)
                        requests.append(ProbeRequest(target: target) { result in self.completeCallback(order, with: result) })
                    } else {
                        group.addTask { await self.perform(order) }
                    }
                }
                if let fast = callbackProber, !requests.isEmpty {
                    register(Array(zip(orders, fast.start(batch: requests))))
                }
                await park(until: step.wake)
            }
            group.cancelAll()
        }
        // Callback probes have no task to cancel: cancel each one still in flight.
        let handles = state.withLock { shell in
            defer { shell.handles = [:] }
            return shell.handles.values.map(\.handle)
        }
        for handle in handles { handle.cancel() }
        let waiters = state.withLock { shell in
            shell.loop = .stopped
            defer {
                shell.stopWaiters = []
                shell.settleWaiters = []
            }
            return (shell.stopWaiters, shell.settleWaiters)
        }
        streamContinuation.finish()
        for waiter in waiters.0 { waiter.resume() }
        for waiter in waiters.1 { waiter.resume(returning: nil) }
    }

    /// Stops `run()` (probes in flight are cancelled and their results dropped), waits for it to
    /// return, and finishes `transitions`.
    public func shutdown() async {
        let (waiter, running) = state.withLock { shell in
            shell.shutdownRequested = true
            let running: Bool
            switch shell.loop {
            case .running, .parked: running = true
            case .notStarted, .stopped: running = false
            }
            return (shell.takeWaiterForWake(), running)
        }
        waiter?.resume()
        if running {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let stopped = state.withLock { shell in
                    if case .stopped = shell.loop { return true }
                    shell.stopWaiters.append(continuation)
                    return false
                }
                if stopped { continuation.resume() }
            }
        }
        streamContinuation.finish()
    }

    /// For tests with a `ManualClock`: waits until the monitor has nothing left to do at the
    /// clock's current instant — no probe in flight, no unprocessed completion or change, and the
    /// run loop parked until a later instant — and returns that instant (nil when nothing is
    /// scheduled or the monitor has stopped). `run()` must be running. Advancing the clock to the
    /// returned instant and settling again steps through the schedule deterministically.
    public func settle() async -> ContinuousClock.Instant? {
        await withCheckedContinuation { (continuation: CheckedContinuation<ContinuousClock.Instant?, Never>) in
            let answer: ContinuousClock.Instant?? = state.withLock { shell in
                if case .stopped = shell.loop { return .some(nil) }
                if let wake = idleWake(shell) { return .some(wake) }
                shell.settleWaiters.append(continuation)
                return .none
            }
            if let answer { continuation.resume(returning: answer) }
        }
    }

    struct Step {
        var transitions: [HealthTransition]
        var probes: [ProbeOrder]
        var wake: ContinuousClock.Instant?
    }

    /// One tick of the core under the lock; nil when the loop must stop.
    private func nextStep() -> Step? {
        state.withLock { shell in
            if shell.shutdownRequested || Task.isCancelled { return nil }
            shell.wakePending = false
            let now = clock.now
            let tick = shell.core.tick(now: now)
            for transition in tick.transitions { streamContinuation.yield(transition) }
            shell.inFlight += tick.probes.count
            let wake = tick.wake.map { max($0, now + settings.wakeCoalescing) }
            shell.plannedWake = wake
            return Step(transitions: tick.transitions, probes: tick.probes, wake: wake)
        }
    }

    /// Parks until `wake` (a timer on the injected clock) or an earlier wake-up signal.
    private func park(until wake: ContinuousClock.Instant?) async {
        let timer: Task<Void, Never>? = wake.map { deadline in
            Task { [clock] in
                guard (try? await clock.sleep(until: deadline)) != nil else { return }
                self.wakeLoop()
            }
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let proceed = state.withLock { shell in
                    if shell.wakePending || shell.shutdownRequested || Task.isCancelled { return true }
                    shell.waiter = continuation
                    shell.loop = .parked(until: wake)
                    resumeSettleWaitersIfIdle(&shell)
                    return false
                }
                if proceed { continuation.resume() }
            }
        } onCancel: {
            wakeLoop()
        }
        timer?.cancel()
        state.withLock { shell in
            if case .parked = shell.loop { shell.loop = .running }
        }
    }

    /// Answers `settle()` callers once the monitor is idle (see `idleWake`).
    func resumeSettleWaitersIfIdle(_ shell: inout Shell) {
        guard !shell.settleWaiters.isEmpty, let idle = idleWake(shell) else { return }
        for waiter in shell.settleWaiters { waiter.resume(returning: idle) }
        shell.settleWaiters = []
    }

    /// Wakes the run loop (or makes its next park return at once).
    func wakeLoop() {
        let waiter = state.withLock { $0.takeWaiterForWake() }
        waiter?.resume()
    }

    /// The parked deadline when the monitor is idle at the clock's current instant, else nil
    /// (`.some(nil)` = idle with nothing scheduled).
    func idleWake(_ shell: borrowing Shell) -> ContinuousClock.Instant?? {
        guard shell.inFlight == 0, !shell.wakePending, case .parked(let until) = shell.loop else { return nil }
        if let until, until <= clock.now { return nil }
        return .some(until)
    }
}
