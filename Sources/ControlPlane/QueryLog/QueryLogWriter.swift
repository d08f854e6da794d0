import DNSServer
import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns the records the DNS listeners leave in a `QueryLogRing` into Route 53 query-log lines
/// (DNS-13) on its own thread, off the query path (issue 5 item 4): the listeners never format,
/// never write and never wait. The thread drains whatever is queued into one buffer and writes it
/// with one `write(2)` per batch; when nothing is queued it naps (1 ms, backing off to 20 ms while
/// idle), so a line reaches the file within milliseconds without the listeners ever signalling.
///
/// A slow destination (a full disk, a pipe nobody reads) only blocks this thread: the ring fills
/// and further records are dropped and counted (`dropped`, `lab53_query_log_dropped_total`).
public final class QueryLogWriter: Sendable {
    /// What the DNS server is given: queries are appended here.
    public let ring: QueryLogRing
    /// Where the lines go: a file path, or `-` for standard output.
    public let path: String
    private let descriptor: Int32
    private let lines = Atomic<Int>(0)
    private let lost = Atomic<Int>(0)
    private let stopping = Atomic<Bool>(false)
    private let finished = DispatchSemaphore(value: 0)

    static let minimumNap: UInt32 = 1_000
    static let maximumNap: UInt32 = 20_000

    /// Opens `path` for appending (created 0644 when missing; `-` is standard output) and starts
    /// the writer thread; `bufferSize` records fit in the ring.
    public init(path: String, bufferSize: Int) throws(QueryLogError) {
        // A destination that goes away (a pipe whose reader exits) must cost lines, not the
        // daemon: without this the first write after that would kill the process.
        signal(SIGPIPE, SIG_IGN)
        if path == "-" {
            descriptor = STDOUT_FILENO
        } else {
            let opened = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
            guard opened >= 0 else { throw QueryLogError(path: path, reason: String(cString: strerror(errno))) }
            descriptor = opened
        }
        self.path = path
        ring = QueryLogRing(capacity: bufferSize)
        let thread = Thread { [self] in run() }
        thread.name = "lab53-query-log"
        thread.start()
    }

    /// Lines written so far.
    public var written: Int { lines.load(ordering: .relaxed) }
    /// Records dropped because the ring was full.
    public var dropped: Int { ring.dropped }
    /// Lines formatted but lost to a failed write (EBADF, ENOSPC, EPIPE…): best effort, like
    /// Route 53's log delivery, and counted rather than retried.
    public var lostLines: Int { lost.load(ordering: .relaxed) }

    /// Writes what is queued and stops the thread; waits at most `timeout` for it (a writer stuck
    /// on a destination that does not drain must not hold up shutdown).
    public func stop(timeout: Duration = .seconds(2)) {
        stopping.store(true, ordering: .relaxed)
        let (seconds, attoseconds) = timeout.components
        _ = finished.wait(timeout: .now() + Double(seconds) + Double(attoseconds) / 1e18)
    }

    private func run() {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(64 * 1024)
        var nap = Self.minimumNap
        while true {
            let finishing = stopping.load(ordering: .relaxed)
            var count = 0
            while buffer.count < 60 * 1024, ring.consume({ QueryLogLine.format($0, into: &buffer) }) {
                count += 1
            }
            if count > 0 {
                if writeAll(buffer) {
                    lines.wrappingAdd(count, ordering: .relaxed)
                } else {
                    lost.wrappingAdd(count, ordering: .relaxed)
                }
                buffer.removeAll(keepingCapacity: true)
                nap = Self.minimumNap
                continue
            }
            if finishing { break }
            usleep(nap)
            nap = min(nap * 2, Self.maximumNap)
        }
        if descriptor != STDOUT_FILENO { close(descriptor) }
        finished.signal()
    }

    private func writeAll(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let result = write(descriptor, raw.baseAddress! + offset, raw.count - offset)
                if result < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                offset += result
            }
            return true
        }
    }
}

/// The query log's destination could not be opened.
public struct QueryLogError: Error, Sendable, CustomStringConvertible {
    public let path: String
    public let reason: String
    public var description: String { "cannot open the query log \(path): \(reason)" }
}
