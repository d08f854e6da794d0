import NIOCore
import NIOHTTP1

/// Writes one webhook request when the connection is up and completes `promise` with the
/// response status once the response has ended (the receiver has seen the whole request by
/// then); a connection that closes or fails first fails the promise.
final class WebhookResponseHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundOut = HTTPClientRequestPart

    private let request: WebhookRequest
    private let promise: EventLoopPromise<Int>
    private var status: Int?

    init(request: WebhookRequest, promise: EventLoopPromise<Int>) {
        self.request = request
        self.promise = promise
    }

    func channelActive(context: ChannelHandlerContext) {
        context.write(wrapOutboundOut(.head(request.head)), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: request.body)))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            status = Int(head.status.code)
        case .body:
            break
        case .end:
            if let status { promise.succeed(status) }
            context.close(promise: nil)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        promise.fail(WebhookQueue.Failure(status.map { "connection closed during the HTTP \($0) response" }
                                          ?? "connection closed before a response"))
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        promise.fail(WebhookQueue.Failure("\(error)"))
        context.close(promise: nil)
    }
}
