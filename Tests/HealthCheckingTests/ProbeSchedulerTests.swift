import HealthChecking
import Testing

/// HC-05: per-checker schedule measured from each response, random first phase, independence.
struct ProbeSchedulerTests {
    typealias Slot = ProbeScheduler.Slot

    /// Collects every `.probe` due at `now`.
    static func due(_ scheduler: inout ProbeScheduler, at now: ContinuousClock.Instant) -> [ProbeScheduler.Ticket] {
        var tickets: [ProbeScheduler.Ticket] = []
        while case .probe(let ticket) = scheduler.nextAction(now: now) { tickets.append(ticket) }
        return tickets
    }

    @Test("first probes fall at seeded random phases within the first interval")
    func firstPhase() {
        let start = ContinuousClock.now
        var first = ProbeScheduler(seed: 7)
        first.schedule(checkId: "a", checkers: 16, interval: .seconds(10), now: start)
        var again = ProbeScheduler(seed: 7)
        again.schedule(checkId: "a", checkers: 16, interval: .seconds(10), now: start)
        var other = ProbeScheduler(seed: 8)
        other.schedule(checkId: "a", checkers: 16, interval: .seconds(10), now: start)
        var phases: [Duration] = []
        var otherPhases: [Duration] = []
        for checker in 0..<16 {
            guard case .waiting(let due) = first.state(of: Slot(checkId: "a", checker: checker)),
                  case .waiting(let same) = again.state(of: Slot(checkId: "a", checker: checker)),
                  case .waiting(let different) = other.state(of: Slot(checkId: "a", checker: checker)) else {
                Issue.record("checker \(checker) not waiting")
                return
            }
            #expect(due == same)
            #expect(due >= start && due < start + .seconds(10))
            phases.append(due - start)
            otherPhases.append(different - start)
        }
        #expect(Set(phases).count == 16, "checkers are uncoordinated")
        #expect(phases != otherPhases, "the seed matters")
    }

    @Test("a check's phases do not depend on other checks")
    func phasesIndependentOfOtherChecks() {
        let start = ContinuousClock.now
        var alone = ProbeScheduler(seed: 1)
        alone.schedule(checkId: "a", checkers: 3, interval: .seconds(30), now: start)
        var crowded = ProbeScheduler(seed: 1)
        crowded.schedule(checkId: "b", checkers: 5, interval: .seconds(30), now: start)
        crowded.schedule(checkId: "a", checkers: 3, interval: .seconds(30), now: start)
        for checker in 0..<3 {
            let slot = Slot(checkId: "a", checker: checker)
            #expect(alone.state(of: slot) == crowded.state(of: slot))
        }
    }

    @Test("the next probe is one interval after the response, not after the request")
    func intervalFromResponse() {
        let start = ContinuousClock.now
        var scheduler = ProbeScheduler(seed: 3)
        scheduler.schedule(checkId: "a", checkers: 1, interval: .seconds(10), now: start)
        guard case .sleep(let firstDue) = scheduler.nextAction(now: start) else {
            Issue.record("expected a sleep")
            return
        }
        let tickets = Self.due(&scheduler, at: firstDue)
        #expect(tickets.count == 1)
        #expect(scheduler.nextAction(now: firstDue) == .idle, "the only checker is in flight")
        let response = firstDue + .seconds(3)
        let accepted = scheduler.completed(tickets[0], at: response)
        #expect(accepted)
        #expect(scheduler.nextAction(now: response) == .sleep(until: response + .seconds(10)))
        let again = scheduler.completed(tickets[0], at: response)
        #expect(!again, "a ticket completes once")
    }

    @Test("a checker stuck on a hostile target delays no other checker")
    func hostileTargetIsolation() {
        let start = ContinuousClock.now
        var scheduler = ProbeScheduler(seed: 9)
        scheduler.schedule(checkId: "hostile", checkers: 3, interval: .seconds(1), now: start)
        scheduler.schedule(checkId: "good", checkers: 3, interval: .seconds(1), now: start)
        var goodProbes: [Int: [ContinuousClock.Instant]] = [:]
        var now = start
        // 60 virtual seconds; the hostile check's probes never complete.
        while now < start + .seconds(60) {
            switch scheduler.nextAction(now: now) {
            case .probe(let ticket):
                if ticket.slot.checkId == "good" {
                    goodProbes[ticket.slot.checker, default: []].append(now)
                    scheduler.completed(ticket, at: now)
                }
            case .sleep(let until):
                now = until
            case .idle:
                now = start + .seconds(60)
            }
        }
        for checker in 0..<3 {
            let times = goodProbes[checker] ?? []
            #expect(times.count == 60, "checker \(checker) probed \(times.count) times")
            for (earlier, later) in zip(times, times.dropFirst()) { #expect(later - earlier == .seconds(1)) }
        }
        #expect(scheduler.inFlightCount == 3)
    }

    @Test("pause invalidates probes in flight; resume restarts every checker")
    func pauseResume() {
        let start = ContinuousClock.now
        var scheduler = ProbeScheduler(seed: 2)
        scheduler.schedule(checkId: "a", checkers: 2, interval: .seconds(5), now: start)
        let tickets = Self.due(&scheduler, at: start + .seconds(5))
        #expect(tickets.count == 2)
        scheduler.pause(checkId: "a")
        #expect(scheduler.nextAction(now: start + .seconds(100)) == .idle)
        let stale = scheduler.completed(tickets[0], at: start + .seconds(6))
        #expect(!stale, "stale ticket")
        #expect(!scheduler.isCurrent(tickets[1]))
        scheduler.resume(checkId: "a", now: start + .seconds(100))
        let resumed = Self.due(&scheduler, at: start + .seconds(105))
        #expect(resumed.count == 2)
        #expect(Set(resumed.map(\.slot)) == Set(tickets.map(\.slot)))
    }

    @Test("remove forgets a check; a shortened interval takes effect at once")
    func removeAndShorten() {
        let start = ContinuousClock.now
        var scheduler = ProbeScheduler(seed: 4)
        scheduler.schedule(checkId: "a", checkers: 1, interval: .seconds(30), now: start)
        scheduler.schedule(checkId: "b", checkers: 1, interval: .seconds(30), now: start)
        scheduler.remove(checkId: "b")
        #expect(scheduler.state(of: Slot(checkId: "b", checker: 0)) == nil)
        let tickets = Self.due(&scheduler, at: start + .seconds(30))
        #expect(tickets.map(\.slot.checkId) == ["a"])
        scheduler.completed(tickets[0], at: start + .seconds(30))
        scheduler.schedule(checkId: "a", checkers: 1, interval: .seconds(1), now: start + .seconds(31))
        guard case .sleep(let due) = scheduler.nextAction(now: start + .seconds(31)) else {
            Issue.record("expected a sleep")
            return
        }
        #expect(due < start + .seconds(32), "pulled in from \(start + .seconds(60))")
    }

    @Test("growing and shrinking the checker count keeps existing checkers")
    func resize() {
        let start = ContinuousClock.now
        var scheduler = ProbeScheduler(seed: 5)
        scheduler.schedule(checkId: "a", checkers: 2, interval: .seconds(10), now: start)
        let before = scheduler.state(of: Slot(checkId: "a", checker: 1))
        scheduler.schedule(checkId: "a", checkers: 4, interval: .seconds(10), now: start)
        #expect(scheduler.state(of: Slot(checkId: "a", checker: 1)) == before)
        #expect(scheduler.state(of: Slot(checkId: "a", checker: 3)) != nil)
        scheduler.schedule(checkId: "a", checkers: 1, interval: .seconds(10), now: start)
        #expect(scheduler.state(of: Slot(checkId: "a", checker: 1)) == nil)
        #expect(Self.due(&scheduler, at: start + .seconds(10)).count == 1)
    }
}
