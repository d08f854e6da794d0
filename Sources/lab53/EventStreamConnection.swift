import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Route53Model

/// One connection to `GET /_lab/events`, read as it arrives (URLSession's data delegate: the
/// body of an event stream never ends), parsed with the shared `ServerSentEventParser`. The
/// command thread blocks in `next()` — the CLI is a straight line, like `LabClient`.
final class EventStreamConnection: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    /// What the reader gets.
    enum Item {
        case event(ServerSentEvent)
        /// The response was not a 200 event stream: status and body.
        case refused(status: Int, body: String)
        /// The connection ended (nil error: the server closed it).
        case ended((any Error)?)
    }

    private let lock = NSLock()
    private let available = DispatchSemaphore(value: 0)
    private var items: [Item] = []
    private var parser = ServerSentEventParser()
    private var status = 0
    private var errorBody = Data()
    private var session: URLSession?

    /// Connects to `url`, sending `Last-Event-ID` when given. `idleTimeout` bounds the silence
    /// between bytes; the server sends a heartbeat every 15 s, so a minute means it is gone.
    init(url: URL, lastEventId: String?, idleTimeout: Double = 60) {
        super.init()
        var request = URLRequest(url: url)
        request.timeoutInterval = idleTimeout
        request.setValue("text/event-stream", forHTTPHeaderField: "Accept")
        if let lastEventId { request.setValue(lastEventId, forHTTPHeaderField: "Last-Event-ID") }
        let queue = OperationQueue()
        queue.maxConcurrentOperationCount = 1
        let session = URLSession(configuration: .default, delegate: self, delegateQueue: queue)
        self.session = session
        session.dataTask(with: request).resume()
    }

    /// The next item, waiting for it.
    func next() -> Item {
        available.wait()
        return lock.withLock { items.removeFirst() }
    }

    func close() {
        session?.invalidateAndCancel()
        session = nil
    }

    private func push(_ new: [Item]) {
        lock.withLock { items += new }
        for _ in new { available.signal() }
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
                    completionHandler: @escaping (URLSession.ResponseDisposition) -> Void) {
        status = (response as? HTTPURLResponse)?.statusCode ?? 0
        completionHandler(.allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        guard status == 200 else {
            errorBody.append(data)
            return
        }
        push(parser.feed(data).map(Item.event))
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        if status != 200 && error == nil {
            push([.refused(status: status, body: String(decoding: errorBody, as: UTF8.self))])
        } else {
            push([.ended(error)])
        }
    }
}
