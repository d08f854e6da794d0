import NIOCore
import Synchronization

/// The socket of a probe's connect attempt, so cancelling the probe can close it while the
/// connect is still pending (a black-holed target would otherwise hold it for the whole connect
/// timeout). Whichever of `set` and `cancel` comes second closes the channel.
final class ConnectingChannel: Sendable {
    private struct State {
        var channel: (any Channel)?
        var cancelled = false
    }

    private let state = Mutex(State())

    func set(_ channel: any Channel) {
        let close = state.withLock { state in
            state.channel = channel
            return state.cancelled
        }
        if close { channel.close(promise: nil) }
    }

    func cancel() {
        let channel = state.withLock { state in
            state.cancelled = true
            return state.channel
        }
        channel?.close(promise: nil)
    }
}
