/// A subscriber's queue of undelivered events, bounded so a slow reader can never make the
/// publisher wait or grow memory (issue 5 item 5: "never blocking the checker").
///
/// When full, the *oldest* event is dropped and counted; the reader is told how many it lost
/// (`.lost(n)`) at the place of the gap — before the oldest event still queued. Pure value type:
/// the subscription wraps it in a lock.
struct BoundedEventBuffer<Element: Sendable>: Sendable {
    /// What the reader gets next.
    enum Item: Sendable {
        case element(Element)
        /// `n` elements were dropped here.
        case lost(Int)
        /// Nothing to deliver, but the reader asked to be woken (heartbeat tick).
        case heartbeat
    }

    let capacity: Int
    private var elements: [Element] = []
    /// Index of the oldest queued element in `elements` (removal without shifting).
    private var head = 0
    private var lost = 0
    private var heartbeatDue = false

    init(capacity: Int) {
        precondition(capacity > 0, "an event buffer holds at least one event")
        self.capacity = capacity
    }

    /// Events queued (not counting a pending lost notice or heartbeat).
    var count: Int { elements.count - head }
    var isEmpty: Bool { count == 0 && lost == 0 && !heartbeatDue }

    /// Queues `element`; returns true when the oldest queued one was dropped to make room.
    @discardableResult
    mutating func append(_ element: Element) -> Bool {
        var dropped = false
        if count == capacity {
            head += 1
            lost += 1
            dropped = true
        }
        elements.append(element)
        compact()
        return dropped
    }

    /// Records a gap the reader must be told about (e.g. events that left the replay ring).
    mutating func noteLost(_ count: Int) {
        lost += max(0, count)
    }

    /// Asks for a `.heartbeat` when nothing else is queued.
    mutating func requestHeartbeat() {
        heartbeatDue = true
    }

    /// The next item: a pending lost notice first, then the oldest event, then a heartbeat.
    mutating func next() -> Item? {
        if lost > 0 {
            defer { lost = 0 }
            return .lost(lost)
        }
        if head < elements.count {
            let element = elements[head]
            head += 1
            compact()
            heartbeatDue = false
            return .element(element)
        }
        if heartbeatDue {
            heartbeatDue = false
            return .heartbeat
        }
        return nil
    }

    /// Drops consumed slots once they outnumber the live ones (amortised O(1)).
    private mutating func compact() {
        if head > 0 && head >= elements.count - head {
            elements.removeFirst(head)
            head = 0
        }
    }
}
