import Synchronization

/// A value shared between the test and the event loops serving a fake target, behind a mutex
/// (a class, so closures can capture it).
final class FakeTargetLocked<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>

    init(_ value: Value) {
        mutex = Mutex(value)
    }

    var value: Value {
        get { mutex.withLock { $0 } }
        set { mutex.withLock { $0 = newValue } }
    }
}
