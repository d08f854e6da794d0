import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Route53Model
import Synchronization

/// Reads the daemon's `GET /_lab/events` in a test: URLSession's data delegate hands over bytes
/// as they arrive (the body never ends), the shared `ServerSentEventParser` turns them into
/// events, and the test waits for what it expects with a bounded poll.
final class EventStreamReader: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    private let state = Mutex<(parser: ServerSentEventParser, events: [ServerSentEvent], status: Int?)>((ServerSentEventParser(), [], nil))
    private var session: URLSession?

    init(base: String, lastEventId: String? = nil) {
        super.init()
        var request = URLRequest(url: URL(string: base + "/_lab/events")!)
        request.timeoutInterval = 60
        if let lastEventId { request.setValue(lastEventId, forHTTPHeaderField: "Last-Event-ID") }
        let session = URLSession(configuration: .ephemeral, delegate: self, delegateQueue: nil)
        self.session = session
        session.dataTask(with: request).resume()
    }

    var events: [ServerSentEvent] { state.withLock { $0.events } }
    var status: Int? { state.withLock { $0.status } }

    /// Health events received so far, decoded.
    var healthEvents: [LabHealthEvent] {
        events.filter { $0.event == "health" }.compactMap { try? JSONDecoder().decode(LabHealthEvent.self, from: Data($0.data.utf8)) }
    }

    /// Waits (bounded) until `condition` holds for the events received so far.
    func wait(for condition: ([ServerSentEvent]) -> Bool) -> Bool {
        for _ in 0..<3000 {
            if condition(events) { return true }
            Thread.sleep(forTimeInterval: 0.01)
        }
        return condition(events)
    }

    func close() {
        session?.invalidateAndCancel()
        session = nil
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
                    completionHandler: @escaping (URLSession.ResponseDisposition) -> Void) {
        let code = (response as? HTTPURLResponse)?.statusCode
        state.withLock { $0.status = code }
        completionHandler(.allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        state.withLock { state in
            state.events += state.parser.feed(data)
        }
    }
}
