import HealthChecking
import Testing

struct ManualClockTests {
    @Test("sleepers resume when the clock reaches their deadline, earliest first")
    func ordering() async throws {
        let clock = ManualClock()
        let order = OrderLog()
        let late = Task { try await clock.sleep(until: clock.start + .seconds(2)); await order.append(2) }
        let early = Task { try await clock.sleep(until: clock.start + .seconds(1)); await order.append(1) }
        #expect(await eventually { clock.sleeperCount == 2 })
        #expect(clock.nextDeadline == clock.start + .seconds(1))
        clock.advance(by: .milliseconds(999))
        #expect(clock.sleeperCount == 2)
        clock.advance(by: .milliseconds(1))
        try await early.value
        #expect(clock.sleeperCount == 1)
        clock.advance(to: clock.start + .seconds(5))
        try await late.value
        #expect(await order.values == [1, 2])
        #expect(clock.elapsed == .seconds(5))
        #expect(clock.wallSeconds(at: clock.now) == 1_700_000_005)
    }

    @Test("a deadline in the past returns at once; cancellation throws and unregisters")
    func pastAndCancel() async {
        let clock = ManualClock()
        await #expect(throws: Never.self) { try await clock.sleep(until: clock.now) }
        let sleeper = Task { try await clock.sleep(until: clock.start + .seconds(60)) }
        #expect(await eventually { clock.sleeperCount == 1 })
        sleeper.cancel()
        await #expect(throws: CancellationError.self) { try await sleeper.value }
        #expect(clock.sleeperCount == 0)
    }

    actor OrderLog {
        var values: [Int] = []
        func append(_ value: Int) { values.append(value) }
    }
}
