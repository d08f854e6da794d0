import NIOCore

/// A hostile "TLS server": waits for the ClientHello and answers it with bytes that are not a
/// valid handshake, then keeps the connection open. `stall: false` sends random bytes that
/// cannot start a TLS record (the client fails at once); `stall: true` sends a
/// handshake record header announcing 16 KiB and nothing more (the client waits — only its
/// deadline ends the probe).
final class FakeTargetTLSGarbage: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let stall: Bool
    private var answered = false

    init(stall: Bool) {
        self.stall = stall
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !answered else { return }
        answered = true
        let bytes: [UInt8]
        if stall {
            bytes = [0x16, 0x03, 0x03, 0x40, 0x00]
        } else {
            // Never a record header: TLS content types are 20–24 and the version's major byte is
            // 3 (RFC 8446 §5.1), so the client rejects the first five bytes without waiting.
            bytes = [UInt8.random(in: 0...19), UInt8.random(in: 4...255)] + (2..<256).map { _ in UInt8.random(in: 0...255) }
        }
        context.writeAndFlush(Self.wrapOutboundOut(context.channel.allocator.buffer(bytes: bytes)), promise: nil)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
