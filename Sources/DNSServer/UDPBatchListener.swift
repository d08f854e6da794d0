import AnswerEngine
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// One UDP listen socket served by a `UDPBatchLoop` on a dedicated thread (issue 6): the data
/// plane's UDP path runs outside NIO and Swift concurrency, so no event-loop hop, no channel
/// pipeline and no per-datagram buffer stand between `recvmmsg` and the responder.
final class UDPBatchListener: Sendable {
    private enum Exit {
        case running
        case awaited(CheckedContinuation<Void, Never>)
        case finished
    }

    let socket: UDPBatchSocket
    private let stopping = Atomic<Bool>(false)
    private let exit = Mutex<Exit>(.running)

    init(socket: UDPBatchSocket) {
        self.socket = socket
    }

    /// Starts the loop's thread.
    func start(store: SnapshotStore, counters: ServerCounters, options: DNSServer.Options) throws(UDPBatchSocketError) {
        let socket = self.socket
        let body: @Sendable () -> Void = { [self] in
            let loop = UDPBatchLoop(socket: socket, store: store, counters: counters, options: options)
            loop.run { stopping.load(ordering: .relaxed) }
            finished()
        }
        let context = Unmanaged.passRetained(ThreadBody(body)).toOpaque()
        var thread = pthread_t()
        let created = pthread_create(&thread, nil, { raw in
            guard let raw else { return nil }
            let body = Unmanaged<ThreadBody>.fromOpaque(raw).takeRetainedValue()
            body.run()
            return nil
        }, context)
        guard created == 0 else {
            Unmanaged<ThreadBody>.fromOpaque(context).release()
            throw UDPBatchSocketError(operation: "thread", host: socket.endpoint.host, port: socket.endpoint.port,
                                      code: created)
        }
        pthread_detach(thread)
    }

    /// Stops the loop (it finishes the batch in hand, replies included), then closes the socket.
    func stop() async {
        stopping.store(true, ordering: .relaxed)
        socket.wakeReceivers()
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let done = exit.withLock { state -> Bool in
                if case .finished = state { return true }
                state = .awaited(continuation)
                return false
            }
            if done { continuation.resume() }
        }
        socket.close()
    }

    /// Closes the socket of a listener whose thread never started.
    func discard() {
        socket.close()
    }

    private func finished() {
        let waiting = exit.withLock { state -> CheckedContinuation<Void, Never>? in
            defer { state = .finished }
            if case .awaited(let continuation) = state { return continuation }
            return nil
        }
        waiting?.resume()
    }
}

/// The closure a listener thread runs, boxed to cross pthread_create's C pointer.
private final class ThreadBody: Sendable {
    let run: @Sendable () -> Void

    init(_ run: @escaping @Sendable () -> Void) {
        self.run = run
    }
}
