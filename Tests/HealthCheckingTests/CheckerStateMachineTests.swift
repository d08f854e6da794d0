import HealthChecking
import Testing

/// HC-06: one checker starts healthy and flips only after FailureThreshold consecutive opposite
/// results, in both directions. Rows: results as `S`/`F`, threshold, and the expected state after
/// every result as `H`/`U` (flips marked by the change of letter).
struct CheckerStateMachineTests {
    struct Row: Sendable, CustomTestStringConvertible {
        let results: String
        let threshold: Int
        let states: String
        var testDescription: String { "threshold \(threshold): \(results)" }
    }

    static let rows: [Row] = [
        Row(results: "SSSS", threshold: 3, states: "HHHH"),
        Row(results: "FF", threshold: 3, states: "HH"),
        Row(results: "FFF", threshold: 3, states: "HHU"),
        Row(results: "FFSFFSFF", threshold: 3, states: "HHHHHHHH"),
        Row(results: "FFFSSFSSS", threshold: 3, states: "HHUUUUUUH"),
        Row(results: "F", threshold: 1, states: "U"),
        Row(results: "FSFSFS", threshold: 1, states: "UHUHUH"),
        Row(results: "FSSFSS", threshold: 2, states: "HHHHHH"),
        Row(results: "FFSFFSS", threshold: 2, states: "HUUUUUH"),
        // 30 results, threshold 3: flip down after the 3rd failure, back up after the 3rd success.
        Row(results: "SSFSFFSFFFSSFSSFSSSFFFFFFSSSSS", threshold: 3,
            states: "HHHHHHHHHUUUUUUUUUHHHUUUUUUHHH"),
        // 30 results, threshold 10 (Route 53's maximum).
        Row(results: "FFFFFFFFFSFFFFFFFFFFSSSSSSSSSS", threshold: 10,
            states: "HHHHHHHHHHHHHHHHHHHUUUUUUUUUUH"),
        // Values below 1 behave as 1.
        Row(results: "FS", threshold: 0, states: "UH"),
    ]

    @Test("state after every result", arguments: rows)
    func sequence(_ row: Row) {
        var machine = CheckerStateMachine(failureThreshold: row.threshold)
        #expect(machine.isHealthy)
        var seen = ""
        var previous = CheckerStateMachine.State.healthy
        for result in row.results {
            let action = machine.record(success: result == "S")
            let state = machine.state
            seen.append(state == .healthy ? "H" : "U")
            // The action reports exactly the flips.
            #expect(action == (state == previous ? .none : .flipped(to: state)))
            previous = state
        }
        #expect(seen == row.states)
    }

    @Test("consecutive counters reset on the opposite result")
    func counters() {
        var machine = CheckerStateMachine(failureThreshold: 3)
        _ = machine.record(success: false)
        _ = machine.record(success: false)
        #expect(machine.consecutiveFailures == 2 && machine.consecutiveSuccesses == 0)
        _ = machine.record(success: true)
        #expect(machine.consecutiveFailures == 0 && machine.consecutiveSuccesses == 1)
    }

    @Test("a lowered threshold applies to the run in progress at the next result")
    func thresholdChange() {
        var machine = CheckerStateMachine(failureThreshold: 5)
        for _ in 0..<3 { #expect(machine.record(success: false) == .none) }
        machine.failureThreshold = 2
        #expect(machine.record(success: false) == .flipped(to: .unhealthy))
    }

    @Test("a checker can start unhealthy and needs threshold successes")
    func startUnhealthy() {
        var machine = CheckerStateMachine(failureThreshold: 2, state: .unhealthy)
        #expect(machine.record(success: true) == .none)
        #expect(machine.record(success: true) == .flipped(to: .healthy))
    }
}
