import Synchronization

extension HealthMonitor {
    /// Performs one probe and reports it to the core; the result of a probe cancelled by shutdown
    /// is dropped.
    func perform(_ order: ProbeOrder) async {
        let result = await runWithinBudget(order)
        let cancelled = Task.isCancelled
        finish(order, with: result, dropped: cancelled)
    }

    /// The completion of a callback probe (`CallbackProber`), on the prober's thread. Results
    /// arriving once shutdown began are dropped, as cancelled task probes' are.
    func completeCallback(_ order: ProbeOrder, with result: ProbeResult) {
        finish(order, with: result, dropped: nil)
    }

    /// Reports a finished probe to the core; wakes the loop only when its plan must change.
    /// `dropped` nil: decided under the lock from the shutdown flag.
    private func finish(_ order: ProbeOrder, with result: ProbeResult, dropped: Bool?) {
        let (transitions, waiter, reported) = state.withLock { shell in
            shell.inFlight -= 1
            let slot = order.ticket.slot
            if let entry = shell.handles[slot], entry.generation == order.ticket.generation { shell.handles[slot] = nil }
            let drop = dropped ?? shell.shutdownRequested
            let transitions = drop ? [] : shell.core.complete(order, with: result, at: clock.now)
            for transition in transitions { streamContinuation.yield(transition) }
            let waiter = shell.takeWaiterAfterCompletion(of: slot)
            if waiter == nil { resumeSettleWaitersIfIdle(&shell) }
            return (transitions, waiter, !drop)
        }
        waiter?.resume()
        if reported { probeObserver?(order.checkId, result) }
        log(transitions)
    }

    /// Remembers the cancellers of callback probes just started, except those already finished
    /// (their completion may run before this).
    func register(_ started: [(ProbeOrder, ProbeHandle)]) {
        state.withLock { shell in
            for (order, handle) in started where shell.core.isCurrent(order) {
                shell.handles[order.ticket.slot] = (order.ticket.generation, handle)
            }
        }
    }

    /// Resolves (FQDN-only checks, HC-03) and probes, racing the order's safety budget on the
    /// injected clock. The prober and resolver run in their own task so that even one that ignores
    /// cancellation cannot hold the checker past the budget.
    private func runWithinBudget(_ order: ProbeOrder) async -> ProbeResult {
        let deadline = clock.now + order.budget
        let race = ProbeRace()
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<ProbeResult, Never>) in
                race.attach(continuation)
                let work = Task { [prober, resolver] in
                    race.finish(await Self.execute(order.plan, prober: prober, resolver: resolver))
                }
                let timer = Task { [clock] in
                    guard (try? await clock.sleep(until: deadline)) != nil else { return }
                    race.finish(ProbeResult(success: false, status: ProberStatus.deadlineExceeded))
                }
                race.attach(tasks: [work, timer])
            }
        } onCancel: {
            race.finish(ProbeResult(success: false, status: ProberStatus.deadlineExceeded))
        }
    }

    /// The I/O of one probe: resolution when needed (first IPv4 address, `DNS resolution failed`
    /// when there is none), then the prober.
    static func execute(_ plan: ProbePlan, prober: any Prober,
                        resolver: @Sendable (String) async -> [String]) async -> ProbeResult {
        switch plan {
        case .connect(let target):
            return await prober.probe(target)
        case .resolve(let fqdn, let template):
            guard let address = ProbePlan.chooseAddress(await resolver(fqdn)) else {
                return ProbeResult(success: false, status: ProberStatus.dnsResolutionFailed)
            }
            return await prober.probe(ProbePlan.resolved(template, fqdn: fqdn, address: address))
        case .unprobeable(let reason):
            return ProbeResult(success: false, status: reason)
        }
    }
}

/// First-finisher-wins between a probe and its budget timer: the first `finish` resumes the
/// waiting continuation and cancels both tasks; later calls are ignored.
final class ProbeRace: Sendable {
    private struct State {
        var continuation: CheckedContinuation<ProbeResult, Never>?
        var tasks: [Task<Void, Never>] = []
        var result: ProbeResult?
    }

    private let state = Mutex(State())

    func attach(_ continuation: CheckedContinuation<ProbeResult, Never>) {
        let early = state.withLock { state -> ProbeResult? in
            if let result = state.result { return result }
            state.continuation = continuation
            return nil
        }
        if let early { continuation.resume(returning: early) }
    }

    func attach(tasks: [Task<Void, Never>]) {
        let finished = state.withLock { state in
            if state.result != nil { return true }
            state.tasks = tasks
            return false
        }
        if finished { tasks.forEach { $0.cancel() } }
    }

    func finish(_ result: ProbeResult) {
        let (continuation, tasks) = state.withLock { state -> (CheckedContinuation<ProbeResult, Never>?, [Task<Void, Never>]) in
            guard state.result == nil else { return (nil, []) }
            state.result = result
            defer {
                state.continuation = nil
                state.tasks = []
            }
            return (state.continuation, state.tasks)
        }
        tasks.forEach { $0.cancel() }
        continuation?.resume(returning: result)
    }
}
