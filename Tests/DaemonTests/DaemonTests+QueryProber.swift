import DNSClient
import DNSWire
import Foundation

/// Queries one name over and over from a background thread while a test reconfigures the daemon,
/// recording every answer: a reload must never make a query fail. Bounded by `limit` queries and
/// paced (one query per millisecond at most), so it can neither run away nor starve the daemon.
final class QueryProber: @unchecked Sendable {
    private let lock = NSLock()
    private var answers: [String] = []
    private var failures: [String] = []
    private var stopped = false
    private var finished = false
    private let client: DNSStubClient
    private let name: DomainName
    private let limit: Int

    init(client: DNSStubClient, name: DomainName, limit: Int = 200_000) {
        self.client = client
        self.name = name
        self.limit = limit
    }

    /// Starts the background thread.
    func start() {
        Thread.detachNewThread { [self] in run() }
    }

    private func run() {
        var id: UInt16 = 1
        while true {
            let done = lock.withLock { stopped || answers.count + failures.count >= limit }
            if done { break }
            let outcome = probe(id: id)
            lock.withLock {
                switch outcome {
                case .success(let value): answers.append(value)
                case .failure(let failure): failures.append("query \(answers.count + failures.count): \(failure.description)")
                }
            }
            id &+= 1
            Thread.sleep(forTimeInterval: 0.001)
        }
        lock.withLock { finished = true }
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// One query: NOERROR, AA, exactly one A record, whose address is returned.
    private func probe(id: UInt16) -> Result<String, Failure> {
        do {
            let response = try client.query(name: name, type: .a, id: id)
            guard response.headerRCode == .noError, response.authoritativeAnswer, response.answers.count == 1,
                  let record = response.answers.first, record.type == .a, record.rdata.count == 4 else {
                return .failure(Failure(description: "rcode \(response.headerRCode), \(response.answers.count) answers"))
            }
            return .success(record.rdata.map(String.init).joined(separator: "."))
        } catch {
            return .failure(Failure(description: "\(error)"))
        }
    }

    /// Number of queries made so far (answered or failed).
    var count: Int { lock.withLock { answers.count + failures.count } }

    /// Every answer so far, in order.
    var answersSoFar: [String] { lock.withLock { answers } }

    var failuresSoFar: [String] { lock.withLock { failures } }

    /// Waits until `condition` holds for the prober's state, the prober stops, or `bound` seconds
    /// pass (a bound on the wait, not a performance assertion). Returns whether it held.
    func wait(upTo bound: Double = 30, until condition: (_ answers: [String]) -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(bound)
        while Date() < deadline {
            let (current, isFinished) = lock.withLock { (answers, finished) }
            if condition(current) { return true }
            if isFinished { return false }
            Thread.sleep(forTimeInterval: 0.01)
        }
        return false
    }

    /// Stops the thread and waits for it to finish its last query.
    func stop() {
        lock.withLock { stopped = true }
        _ = wait(upTo: 30) { _ in lock.withLock { finished } }
    }
}
