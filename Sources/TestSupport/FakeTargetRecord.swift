import NIOHTTP1
import Synchronization

/// What a fake HTTP(S) target is configured to do and what it has seen, shared between the
/// test thread and the event loop that serves the connections.
final class FakeTargetRecord: Sendable {
    private struct State {
        var behaviour: FakeHTTPTarget.Behaviour
        var requestCount = 0
        var lastRequest: FakeHTTPRequest?
        var serverNames: [String?] = []
    }

    private let state: Mutex<State>

    init(behaviour: FakeHTTPTarget.Behaviour) {
        state = Mutex(State(behaviour: behaviour))
    }

    var behaviour: FakeHTTPTarget.Behaviour {
        get { state.withLock { $0.behaviour } }
        set { state.withLock { $0.behaviour = newValue } }
    }

    var requestCount: Int { state.withLock { $0.requestCount } }
    var lastRequest: FakeHTTPRequest? { state.withLock { $0.lastRequest } }
    var serverNames: [String?] { state.withLock { $0.serverNames } }

    func noteRequest(_ head: HTTPRequestHead) {
        let request = FakeHTTPRequest(method: head.method.rawValue, uri: head.uri,
                                      headers: head.headers.map { FakeHTTPHeader($0.name, $0.value) })
        state.withLock { state in
            state.requestCount += 1
            state.lastRequest = request
        }
    }

    func noteHandshake(serverName: String?) {
        state.withLock { $0.serverNames.append(serverName) }
    }
}
