import NIOCore
import NIOHTTP1
import Synchronization

/// A loopback HTTP server that receives webhook POSTs (issue 5 item 5) for tests: it records
/// every request with its body and answers from a script of statuses (e.g. `[503, 503]`: the
/// first two attempts fail, later ones get 200), so a test can make the first attempts fail.
public final class FakeWebhookReceiver: FakeTargetListening {
    /// One received request and the status it was answered with.
    public struct Received: Sendable, Hashable {
        public var method: String
        public var uri: String
        public var headers: [FakeHTTPHeader]
        public var body: [UInt8]
        public var status: Int

        public var bodyText: String { String(decoding: body, as: UTF8.self) }

        public func header(_ name: String) -> String? {
            headers.first { $0.name.lowercased() == name.lowercased() }?.value
        }
    }

    struct State {
        var script: [Int]
        var received: [Received] = []
    }

    public let server = FakeTargetServer()
    let state: Mutex<State>

    /// `script`: statuses for the first requests, in order; 200 after it runs out.
    public init(script: [Int] = []) {
        state = Mutex(State(script: script))
    }

    public static func started(script: [Int] = [], host: String = "127.0.0.1") async throws -> FakeWebhookReceiver {
        let receiver = FakeWebhookReceiver(script: script)
        try await receiver.start(host: host, port: 0)
        return receiver
    }

    public func start(host: String = "127.0.0.1", port: Int = 0) async throws {
        try await server.start(host: host, port: port) { [self] channel in
            channel.eventLoop.makeCompletedFuture {
                try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                try channel.pipeline.syncOperations.addHandler(FakeWebhookHandler(receiver: self))
            }
        }
    }

    /// `http://127.0.0.1:PORT/hook`.
    public var url: String {
        let host = server.host.contains(":") ? "[\(server.host)]" : server.host
        return "http://\(host):\(server.port)/hook"
    }

    /// Every request so far, in arrival order.
    public var received: [Received] { state.withLock { $0.received } }

    /// Records a complete request; returns the status to answer with.
    func record(method: String, uri: String, headers: [FakeHTTPHeader], body: [UInt8]) -> Int {
        state.withLock { state in
            let status = state.script.isEmpty ? 200 : state.script.removeFirst()
            state.received.append(Received(method: method, uri: uri, headers: headers, body: body, status: status))
            return status
        }
    }
}

/// Collects one request (head and body) and answers it with the receiver's scripted status.
final class FakeWebhookHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let receiver: FakeWebhookReceiver
    private var head: HTTPRequestHead?
    private var body: [UInt8] = []

    init(receiver: FakeWebhookReceiver) {
        self.receiver = receiver
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            body = []
        case .body(let buffer):
            body += buffer.readableBytesView
        case .end:
            guard let head else { return }
            let status = receiver.record(method: head.method.rawValue, uri: head.uri,
                                         headers: head.headers.map { FakeHTTPHeader($0.name, $0.value) }, body: body)
            let text = Array("status \(status)\n".utf8)
            var headers = HTTPHeaders()
            headers.add(name: "Content-Length", value: "\(text.count)")
            headers.add(name: "Connection", value: "close")
            let response = HTTPResponseHead(version: head.version, status: HTTPResponseStatus(statusCode: status), headers: headers)
            context.write(wrapOutboundOut(.head(response)), promise: nil)
            context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: text)))), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil))).assumeIsolated().whenComplete { _ in context.close(promise: nil) }
            self.head = nil
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
