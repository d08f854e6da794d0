import DNSClient
import DNSWire
import Foundation

/// Queries one name continuously from a background thread while a test breaks and restores
/// targets, keeping every answer: a failover must never serve a bad one (SERVFAIL, empty, a
/// value outside the expected set). Bounded by `maximumQueries` and stopped by the test.
final class AnswerRecorder: @unchecked Sendable {
    struct Sample {
        let time: Date
        /// Sorted IPv4 addresses, or nil for a bad answer (error, timeout, non-NOERROR, empty).
        let addresses: [String]?
    }

    private let lock = NSLock()
    private var samples: [Sample] = []
    private var stopped = false
    private let done = DispatchSemaphore(value: 0)

    init(client: DNSStubClient, name: DomainName, every interval: Double = 0.02, maximumQueries: Int = 20_000) {
        Thread.detachNewThread { [self] in
            for _ in 0..<maximumQueries {
                if lock.withLock({ stopped }) { break }
                let sample = Sample(time: Date(), addresses: Self.addresses(client: client, name: name))
                lock.withLock { samples.append(sample) }
                Thread.sleep(forTimeInterval: interval)
            }
            done.signal()
        }
    }

    static func addresses(client: DNSStubClient, name: DomainName) -> [String]? {
        guard let response = try? client.query(name: name, type: .a, timeout: .seconds(2)),
              response.extendedRCode == .noError else { return nil }
        let values = response.answers.filter { $0.type == .a }.map { $0.rdata.map(String.init).joined(separator: ".") }
        return values.isEmpty ? nil : values.sorted()
    }

    var latest: [String]? { lock.withLock { samples.last?.addresses } }
    var all: [Sample] { lock.withLock { samples } }

    /// Waits (bounded) until the latest answer satisfies `condition`.
    func wait(timeout: Double = 30, until condition: ([String]) -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let latest, condition(latest) { return true }
            Thread.sleep(forTimeInterval: 0.02)
        }
        return false
    }

    func stop() -> [Sample] {
        lock.withLock { stopped = true }
        done.wait()
        return all
    }
}
