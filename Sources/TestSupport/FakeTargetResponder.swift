import NIOCore
import NIOHTTP1

/// Serves one connection of a fake HTTP(S) target: decodes the request with NIOHTTP1, records
/// it, and answers with raw bytes according to the target's current `Behaviour` — raw, so it can
/// send exactly the broken, slow or oversized responses the probe must survive.
final class FakeTargetResponder: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = ByteBuffer

    private let record: FakeTargetRecord
    private var answered = false
    /// Set when the connection is gone; scheduled steps (delays, drips) check it before acting.
    private var removed = false

    init(record: FakeTargetRecord) {
        self.record = record
    }

    /// Adds the request decoder and a responder to `channel` (after any TLS handler).
    static func install(on channel: any Channel, record: FakeTargetRecord) throws {
        let operations = channel.pipeline.syncOperations
        try operations.addHandler(ByteToMessageHandler(HTTPRequestDecoder(leftOverBytesStrategy: .dropBytes)))
        try operations.addHandler(FakeTargetResponder(record: record))
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        removed = true
    }

    func channelActive(context: ChannelHandlerContext) {
        if record.behaviour.mode == .closeImmediately {
            context.close(promise: nil)
            return
        }
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch Self.unwrapInboundIn(data) {
        case .head(let head):
            record.noteRequest(head)
        case .body:
            break
        case .end:
            guard !answered else { return }
            answered = true
            let behaviour = record.behaviour
            let delay = FakeTargetServer.timeAmount(behaviour.headerDelay)
            if delay == .zero {
                respond(behaviour, context: context)
            } else {
                context.eventLoop.assumeIsolated().scheduleTask(in: delay) { [self] in respond(behaviour, context: context) }
            }
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    private func respond(_ behaviour: FakeHTTPTarget.Behaviour, context: ChannelHandlerContext) {
        guard !removed else { return }
        let (head, bodyParts) = behaviour.response()
        switch behaviour.mode {
        case .respond, .hugeHeaders:
            // The head goes out with the first body part; `chunkDelay` separates the body parts.
            let first = head + (bodyParts.first ?? [])
            send([first] + bodyParts.dropFirst(), pause: FakeTargetServer.timeAmount(behaviour.chunkDelay), context: context)
        case .closeImmediately, .closeAfterRequest:
            context.close(promise: nil)
        case .silent:
            break
        case .garbage:
            // Never starts with "H", so no prefix of it can look like a status line.
            let garbage = [UInt8.random(in: 0...0x3F)] + (1..<64).map { _ in UInt8.random(in: 0...255) }
            write(garbage, context: context)
        case .raw(let bytes):
            send([bytes], pause: .zero, context: context)
        case .slowLorisHead(let interval):
            drip(head + bodyParts.flatMap { $0 }, from: 0, interval: FakeTargetServer.timeAmount(interval), context: context)
        case .slowLorisBody(let interval):
            write(head, context: context)
            drip(bodyParts.flatMap { $0 }, from: 0, interval: FakeTargetServer.timeAmount(interval), context: context)
        }
    }

    /// Writes `parts` one after the other (`pause` apart), then closes once the last is written.
    private func send(_ parts: [[UInt8]], pause: TimeAmount, context: ChannelHandlerContext) {
        guard !removed else { return }
        guard let first = parts.first else {
            context.close(promise: nil)
            return
        }
        let rest = Array(parts.dropFirst())
        let written = write(first, context: context)
        written.assumeIsolated().whenComplete { [self] _ in
            if rest.isEmpty || pause == .zero {
                send(rest, pause: pause, context: context)
            } else {
                context.eventLoop.assumeIsolated().scheduleTask(in: pause) { [self] in send(rest, pause: pause, context: context) }
            }
        }
    }

    /// Sends one byte per `interval` until the bytes run out (then closes) or the peer goes away.
    private func drip(_ bytes: [UInt8], from index: Int, interval: TimeAmount, context: ChannelHandlerContext) {
        guard !removed else { return }
        guard index < bytes.count else {
            context.close(promise: nil)
            return
        }
        write([bytes[index]], context: context)
        context.eventLoop.assumeIsolated().scheduleTask(in: interval) { [self] in
            drip(bytes, from: index + 1, interval: interval, context: context)
        }
    }

    @discardableResult
    private func write(_ bytes: [UInt8], context: ChannelHandlerContext) -> EventLoopFuture<Void> {
        let promise = context.eventLoop.makePromise(of: Void.self)
        context.writeAndFlush(Self.wrapOutboundOut(context.channel.allocator.buffer(bytes: bytes)), promise: promise)
        return promise.futureResult
    }
}
