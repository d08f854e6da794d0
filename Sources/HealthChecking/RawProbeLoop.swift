#if canImport(Glibc)
import CNIOLinux
import Glibc
import Synchronization

/// Plain-HTTP probes on non-blocking sockets driven by one `epoll` thread (issue 6, "scale").
///
/// Why not SwiftNIO here: a probe is one short connection, and NIO builds a channel, a pipeline,
/// promises, futures and three scheduled tasks for each — measured on this box at ~80 µs of user
/// CPU per probe, so 10,000 checks a second needed more than a core before the kernel's own TCP
/// work. This loop keeps one small struct per connection in an array indexed by descriptor, one
/// timer heap, one read buffer, and decides with the pure `HTTPProbeSession`. HTTPS (TLS needs
/// NIOSSL) and TCP checks stay on NIO.
///
/// Threading: `submit` and `cancel` may be called from any thread (they append to `inbox` under a
/// lock and wake the loop through an eventfd); everything else runs on the loop's own thread,
/// which owns `connections`, `timers` and `buffer` — hence `@unchecked Sendable`. Completions are
/// called on that thread. The loop lives as long as the process (`shared`).
final class RawProbeLoop: @unchecked Sendable {
    typealias Instant = ContinuousClock.Instant

    /// The process-wide loop, started on first use.
    static let shared = RawProbeLoop()

    struct Connection {
        var id: UInt64
        var session: HTTPProbeSession
        var completion: @Sendable (ProbeResult) -> Void
        var request: [UInt8]
        var sent = 0
        var deadline: Instant
    }

    struct Timer: Comparable {
        var deadline: Instant
        var fd: Int32
        var id: UInt64

        static func < (lhs: Timer, rhs: Timer) -> Bool { lhs.deadline < rhs.deadline }
    }

    struct Inbox {
        var nextId: UInt64 = 0
        var requests: [(id: UInt64, request: ProbeRequest)] = []
        var cancels: [UInt64] = []
    }

    /// Sockets opened per pass of the loop at most; the rest of a batch waits for the next pass.
    /// A connect on loopback does the whole handshake in the system call (~40 µs), and the monitor
    /// can hand over thousands of probes at once: opening 5,000 in one go kept the loop from its
    /// ready sockets for ~200 ms, which the probes counted as connect and first-byte time. Since
    /// a check's next probe is due an interval after its response (HC-05), those probes finished
    /// together and came back together: the batches never dissolved, and 10,000 checks at 1 s
    /// ran at ~7,500 probes/s (Benchmarks/scale-checks.md).
    static let opensPerPass = 64

    let epollFD: Int32
    let wakeFD: Int32
    let inbox = Mutex(Inbox())
    // Loop-thread state.
    var connections: [Connection?] = []
    var timers = MinHeap<Timer>()
    var buffer = [UInt8](repeating: 0, count: 16_384)
    /// Requests taken from the inbox and not opened yet, oldest first from `pendingHead`; nil
    /// where one was cancelled before it opened.
    var pending: [(id: UInt64, request: ProbeRequest)?] = []
    var pendingHead = 0

    private init() {
        epollFD = epoll_create1(Int32(EPOLL_CLOEXEC))
        wakeFD = eventfd(0, Int32(EFD_NONBLOCK | EFD_CLOEXEC))
        var event = epoll_event()
        event.events = EPOLLIN.rawValue
        event.data.fd = wakeFD
        _ = epoll_ctl(epollFD, EPOLL_CTL_ADD, wakeFD, &event)
        let thread = UnsafeMutablePointer<pthread_t>.allocate(capacity: 1)
        defer { thread.deallocate() }
        let context = Unmanaged.passRetained(self).toOpaque()
        pthread_create(thread, nil, { context in
            Unmanaged<RawProbeLoop>.fromOpaque(context!).takeRetainedValue().run()
            return nil
        }, context)
        pthread_detach(thread.pointee)
    }

    /// Starts `batch`; one handle per request, in order.
    func submit(_ batch: [ProbeRequest]) -> [ProbeHandle] {
        let ids = inbox.withLock { inbox in
            batch.map { request in
                inbox.nextId += 1
                inbox.requests.append((inbox.nextId, request))
                return inbox.nextId
            }
        }
        wake()
        return ids.map { id in ProbeHandle { [self] in cancel(id) } }
    }

    /// Ends probe `id` with `ProberStatus.cancelled` (nothing if it already finished).
    func cancel(_ id: UInt64) {
        inbox.withLock { $0.cancels.append(id) }
        wake()
    }

    private func wake() {
        var one: UInt64 = 1
        _ = write(wakeFD, &one, 8)
    }

    private func run() {
        var events = [epoll_event](repeating: epoll_event(), count: 256)
        while true {
            // Requests still waiting to open: only look at the sockets, then open the next ones.
            let timeout = pendingHead < pending.count ? 0 : timers.min.map { Self.milliseconds(until: $0.deadline) } ?? -1
            let count = events.withUnsafeMutableBufferPointer { epoll_wait(epollFD, $0.baseAddress, Int32($0.count), timeout) }
            for index in 0..<max(0, Int(count)) {
                let fd = events[index].data.fd
                if fd == wakeFD {
                    var value: UInt64 = 0
                    _ = read(wakeFD, &value, 8)
                } else {
                    ready(fd, events: events[index].events)
                }
            }
            let (requests, cancels) = inbox.withLock { inbox in
                defer {
                    inbox.requests = []
                    inbox.cancels = []
                }
                return (inbox.requests, inbox.cancels)
            }
            pending += requests.map { Optional($0) }
            for id in cancels { cancelNow(id) }
            openPending()
            expireTimers(now: .now)
        }
    }

    /// Opens up to `opensPerPass` pending requests, oldest first.
    private func openPending() {
        var opened = 0
        while pendingHead < pending.count && opened < Self.opensPerPass {
            if let (id, request) = pending[pendingHead] {
                open(id, request)
                opened += 1
            }
            pendingHead += 1
        }
        if pendingHead == pending.count {
            pending.removeAll(keepingCapacity: true)
            pendingHead = 0
        }
    }

    /// Milliseconds for `epoll_wait` until `deadline`, rounded up so a timer never fires early.
    static func milliseconds(until deadline: Instant) -> Int32 {
        let remaining = deadline - .now
        guard remaining > .zero else { return 0 }
        let (seconds, attoseconds) = remaining.components
        return Int32(min(60_000, seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000))
    }
}
#endif
