import Route53Model

extension HealthMonitorCore {
    /// Does everything due at `now`: expires drill overlays, delivers synthesised fault results,
    /// and hands out the probes whose checkers are due (HC-05). Faulted and unprobeable checks are
    /// answered here without I/O. Call again at `wake` at the latest, and after every completion.
    public mutating func tick(now: Instant) -> MonitorTick {
        var result = MonitorTick()
        result.transitions += expireOverlays(now: now)
        while let next = synthetic.min, next.due <= now {
            synthetic.popMin()
            result.transitions += complete(next.ticket, with: next.result, at: now)
        }
        var schedulerWake: Instant?
        scheduling: while true {
            switch scheduler.nextAction(now: now) {
            case .probe(let ticket):
                guard let runtime = checks[ticket.slot.checkId], let plan = runtime.plan else {
                    scheduler.completed(ticket, at: now)
                    continue
                }
                if let fault = runtime.overlay.fault, let template = plan.template {
                    let synthesis = fault.synthesize(for: template)
                    if synthesis.delay <= .zero {
                        result.transitions += complete(ticket, with: synthesis.result, at: now)
                    } else {
                        synthetic.insert(SyntheticProbe(due: now + synthesis.delay, ticket: ticket, result: synthesis.result))
                    }
                } else if case .unprobeable(let reason) = plan {
                    result.transitions += complete(ticket, with: ProbeResult(success: false, status: reason), at: now)
                } else {
                    result.probes.append(ProbeOrder(ticket: ticket, plan: plan, budget: Self.budget(for: plan)))
                }
            case .sleep(let until):
                schedulerWake = until
                break scheduling
            case .idle:
                break scheduling
            }
        }
        result.wake = [schedulerWake, synthetic.min?.due, nextOverlayExpiry].compactMap { $0 }.min()
        return result
    }

    /// Reports the result of a probe handed out by `tick`, received at `now`.
    @discardableResult
    public mutating func complete(_ order: ProbeOrder, with result: ProbeResult, at now: Instant) -> [HealthTransition] {
        complete(order.ticket, with: result, at: now)
    }

    /// Whether the probe is still wanted (not superseded by a pause, removal or type change).
    public func isCurrent(_ order: ProbeOrder) -> Bool {
        scheduler.isCurrent(order.ticket)
    }

    mutating func complete(_ ticket: ProbeScheduler.Ticket, with result: ProbeResult, at now: Instant) -> [HealthTransition] {
        // A stale ticket (check paused, removed or re-typed while the probe ran) changes nothing.
        guard scheduler.completed(ticket, at: now), let position = checks.index(forKey: ticket.slot.checkId),
              ticket.slot.checker < checks.values[position].checkers.count else { return [] }
        // Mutated in place through the dictionary's storage: copying the runtime out and back
        // would copy its checkers array on every probe (issue 6: 10,000 probes a second).
        let action = checks.values[position].record(result, checker: ticket.slot.checker, at: now)
        guard case .flipped = action else { return [] }
        return recompute(ticket.slot.checkId, now: now, cause: .probes)
    }

    /// Clears expired forced statuses and faults; a cleared force re-publishes the computed status.
    mutating func expireOverlays(now: Instant) -> [HealthTransition] {
        var transitions: [HealthTransition] = []
        guard !timedOverlays.isEmpty else { return [] }
        let due = timedOverlays.filter { id in checks[id]?.overlay.nextExpiry.map { $0 <= now } ?? false }
        for id in sortedIDs(due) {
            guard var runtime = checks[id] else { continue }
            let expired = runtime.overlay.expire(now: now)
            checks[id] = runtime
            noteOverlay(id)
            if expired.forceCleared {
                transitions += recompute(id, now: now, cause: .drill, reasonPrefix: "drill override expired")
            }
        }
        return transitions
    }

    /// The earliest drill deadline among `timedOverlays`.
    var nextOverlayExpiry: Instant? {
        timedOverlays.compactMap { checks[$0]?.overlay.nextExpiry }.min()
    }

    /// Safety net for one probe: twice the sum of the target's deadlines plus a quarter second.
    /// Real probers always finish well inside it (they enforce the deadlines themselves); it only
    /// stops a faulty prober or resolver from wedging its checker forever.
    static func budget(for plan: ProbePlan) -> Duration {
        guard let target = plan.template else { return .seconds(1) }
        return (target.connectTimeout + target.firstByteTimeout + target.bodyTimeout) * 2 + .milliseconds(250)
    }
}
