import Route53Model
import Synchronization

/// One reader of the health event hub (an SSE client, the webhook dispatcher): an async sequence
/// over its own bounded buffer. The hub only ever appends (never waits); the reader takes items
/// at its own pace and learns how many it lost if it fell behind.
///
/// The sequence ends when the hub finishes (shutdown) or the reader calls `cancel()`.
public final class HealthEventSubscription: AsyncSequence, Sendable {
    public typealias Element = Delivery

    /// What a reader receives.
    public enum Delivery: Sendable, Hashable {
        case event(LabHealthEvent)
        /// `n` events were dropped before the next one (slow reader, or a replay gap).
        case lost(Int)
        /// `heartbeat()` was called while nothing was queued.
        case heartbeat
    }

    private struct State {
        var buffer: BoundedEventBuffer<LabHealthEvent>
        var waiter: CheckedContinuation<Delivery?, Never>?
        var finished = false
    }

    let id: UInt64
    private let state: Mutex<State>
    private let onCancel: @Sendable (UInt64) -> Void

    init(id: UInt64, capacity: Int, onCancel: @escaping @Sendable (UInt64) -> Void) {
        self.id = id
        state = Mutex(State(buffer: BoundedEventBuffer(capacity: capacity)))
        self.onCancel = onCancel
    }

    /// Appends (hub side); true when an old event was dropped to make room.
    @discardableResult
    func deliver(_ event: LabHealthEvent) -> Bool {
        let (dropped, wake) = state.withLock { state -> (Bool, (CheckedContinuation<Delivery?, Never>, Delivery)?) in
            guard !state.finished else { return (false, nil) }
            let dropped = state.buffer.append(event)
            return (dropped, Self.takeWaiter(&state))
        }
        if let (waiter, item) = wake { waiter.resume(returning: item) }
        return dropped
    }

    /// Records a replay gap of `count` events (hub side, before any delivery).
    func noteLost(_ count: Int) {
        state.withLock { $0.buffer.noteLost(count) }
    }

    /// Wakes the reader with `.heartbeat` if it has nothing else to read (the SSE keep-alive).
    public func heartbeat() {
        let (waiter, item) = state.withLock { state -> (CheckedContinuation<Delivery?, Never>?, Delivery?) in
            state.buffer.requestHeartbeat()
            guard let waiter = state.waiter, let item = Self.convert(state.buffer.next()) else { return (nil, nil) }
            state.waiter = nil
            return (waiter, item)
        }
        waiter?.resume(returning: item)
    }

    /// Ends the sequence after what is already queued (hub shutdown).
    func finish() {
        let waiter = state.withLock { state in
            state.finished = true
            let waiter = state.waiter
            state.waiter = nil
            return waiter
        }
        waiter?.resume(returning: nil)
    }

    /// Stops reading: unsubscribes from the hub and ends the sequence at once.
    public func cancel() {
        let waiter = state.withLock { state in
            state.finished = true
            state.buffer = BoundedEventBuffer(capacity: state.buffer.capacity)
            let waiter = state.waiter
            state.waiter = nil
            return waiter
        }
        waiter?.resume(returning: nil)
        onCancel(id)
    }

    /// The next delivery; nil once finished and drained, or when the waiting task is cancelled.
    func next() async -> Delivery? {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Delivery?, Never>) in
                let ready: Delivery?? = state.withLock { state in
                    if let item = Self.convert(state.buffer.next()) { return .some(item) }
                    if state.finished || Task.isCancelled { return .some(nil) }
                    state.waiter = continuation
                    return .none
                }
                if case .some(let item) = ready { continuation.resume(returning: item) }
            }
        } onCancel: {
            let waiter = state.withLock { state in
                let waiter = state.waiter
                state.waiter = nil
                return waiter
            }
            waiter?.resume(returning: nil)
        }
    }

    /// A parked reader is handed the next item at once (it drained the buffer before parking,
    /// so this is the item just queued).
    private static func takeWaiter(_ state: inout State) -> (CheckedContinuation<Delivery?, Never>, Delivery)? {
        guard let waiter = state.waiter, let item = convert(state.buffer.next()) else { return nil }
        state.waiter = nil
        return (waiter, item)
    }

    private static func convert(_ item: BoundedEventBuffer<LabHealthEvent>.Item?) -> Delivery? {
        switch item {
        case .element(let event): .event(event)
        case .lost(let count): .lost(count)
        case .heartbeat: .heartbeat
        case nil: nil
        }
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        let subscription: HealthEventSubscription
        public mutating func next() async -> Delivery? { await subscription.next() }
    }

    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(subscription: self) }
}
