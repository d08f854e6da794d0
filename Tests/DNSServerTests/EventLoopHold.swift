import Dispatch
import NIOCore

/// Keeps an event loop busy in one task until `release()`, so a test can line up work behind it
/// — socket events and queued tasks alike — and make a race in the server deterministic.
struct EventLoopHold {
    private let released = DispatchSemaphore(value: 0)

    /// Returns once the loop is inside the task (bounded: 30 s), or nil if it never got there.
    static func start(on loop: any EventLoop) -> EventLoopHold? {
        let hold = EventLoopHold()
        let inside = DispatchSemaphore(value: 0)
        loop.execute {
            inside.signal()
            _ = hold.released.wait(timeout: .now() + 30)
        }
        return inside.wait(timeout: .now() + 30) == .success ? hold : nil
    }

    func release() {
        released.signal()
    }
}
