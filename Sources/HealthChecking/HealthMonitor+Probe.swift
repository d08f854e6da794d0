import Synchronization

extension HealthMonitor {
    /// Performs one probe and reports it to the core; the result of a probe cancelled by shutdown
    /// is dropped.
    func perform(_ order: ProbeOrder) async {
        let result = await runWithinBudget(order)
        let cancelled = Task.isCancelled
        let (transitions, waiter) = state.withLock { shell in
            shell.inFlight -= 1
            let transitions = cancelled ? [] : shell.core.complete(order, with: result, at: clock.now)
            for transition in transitions { streamContinuation.yield(transition) }
            return (transitions, shell.takeWaiterForWake())
        }
        waiter?.resume()
        if !cancelled { probeObserver?(order.checkId, result) }
        log(transitions)
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
