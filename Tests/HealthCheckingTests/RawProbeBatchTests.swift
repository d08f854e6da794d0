import HealthChecking
import Synchronization
import TestSupport
import Testing

/// A large batch of plain-HTTP probes against a real loopback server (issue 6, scale). The raw
/// probe loop opens a batch a few dozen sockets per pass, so it keeps answering the sockets it
/// already has (a 5,000-probe batch opened in one go held them ~200 ms); every probe of the batch
/// is still opened and answered, and one cancelled while it waits to open ends as cancelled
/// without ever connecting.
@Suite("Raw HTTP probe batches")
struct RawProbeBatchTests {
    @Test func aLargeBatchIsAnsweredWholeAndAWaitingProbeCanBeCancelled() async throws {
        let target = try await FakeHTTPTarget.started()
        let count = 500
        let results = Mutex([Int: ProbeResult]())
        // The fixture's long deadlines: with 2 s ones, 11 of 1,000 timed out under six busy loops.
        let probe = ProberFixture.http(target)
        let requests = (0..<count).map { index in
            ProbeRequest(target: probe) { result in results.withLock { $0[index] = result } }
        }
        let handles = HTTPProber().start(batch: requests)
        // Submitted a moment ago, so it still waits behind ~7 passes of the loop.
        handles[count - 1].cancel()
        for _ in 0..<30000 where results.withLock({ $0.count }) < count {
            try await Task.sleep(for: .milliseconds(10))
        }
        let all = results.withLock { $0 }
        #expect(all.count == count, "probes never reported")
        #expect(all[count - 1]?.status == ProberStatus.cancelled)
        let answered = all.filter { $0.key < count - 1 && $0.value.success }.count
        #expect(answered == count - 1, "\(all.values.filter { !$0.success }.map(\.status).prefix(3))")
        #expect(target.requestCount == count - 1, "the cancelled probe reached the target")
        await target.stop()
    }
}
