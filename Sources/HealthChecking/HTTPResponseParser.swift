/// An incremental HTTP/1.x response parser for health-check probes (RFC 7230 §3).
///
/// Written by hand rather than taken from NIOHTTP1 because the probe needs Route 53's own limits
/// (HC-01): the response header section may be at most 16,384 bytes, header lines must be
/// RFC 7230-conformant, and a string-match body read stops after 5120 bytes — so the parser must
/// hand over the body as it arrives and never buffer more than one header section.
///
/// Feed it the bytes as they are read; it emits the response head once the header section is
/// complete (skipping interim 1xx responses, RFC 7231 §6.2), then, if the caller asked for the
/// body, the decoded body bytes (`Content-Length`, chunked, or until close — RFC 7230 §3.3.3).
struct HTTPResponseParser {
    /// Route 53's limit on the total response header size (HC-01).
    static let maximumHeadBytes = 16_384

    /// Why a response was rejected; `ProberStatus` turns these into status strings.
    enum Failure: Error, Equatable, Sendable {
        /// The header section exceeded `maximumHeadBytes` (HC-01).
        case headTooLarge
        /// Not an HTTP/1.x response, or a header line that breaks RFC 7230 §3.2.
        case malformed(String)
        /// The body uses a content or transfer coding the lab checker does not decode.
        case unsupportedEncoding(String)
        /// The connection ended inside the header section or a framed body.
        case truncated
    }

    enum Event: Equatable, Sendable {
        case head(HTTPResponseHead)
        /// Decoded body bytes (chunk framing removed).
        case body([UInt8])
        /// The body is complete.
        case end
    }

    private enum State {
        case head
        case body(BodyFraming)
        case done
    }

    enum BodyFraming {
        case length(Int)
        case chunked(ChunkedDecoder)
        case untilClose
    }

    /// Whether the caller needs the body (string matching). Without it, or for a status outside
    /// 200–399, parsing stops at the head.
    let wantsBody: Bool
    private var state = State.head
    /// Bytes of the header section seen so far (only while in `.head`).
    private var pending: [UInt8] = []
    /// Where the current, not yet terminated, header line starts in `pending`.
    private var lineStart = 0
    /// Lines of the header section found so far, as ranges of `pending` (CR stripped).
    private var lines: [Range<Int>] = []

    init(wantsBody: Bool) {
        self.wantsBody = wantsBody
    }

    /// True once the head (and, if wanted, the body) has been fully parsed.
    var isComplete: Bool {
        if case .done = state { return true }
        return false
    }

    /// Consumes `bytes`, returning what became available.
    mutating func feed(_ bytes: [UInt8]) throws(Failure) -> [Event] {
        var events: [Event] = []
        var input = bytes[...]
        while !input.isEmpty {
            switch state {
            case .head:
                input = try consumeHead(input, into: &events)
            case .body(let framing):
                input = try consumeBody(input, framing: framing, into: &events)
            case .done:
                return events
            }
        }
        return events
    }

    /// The peer closed the connection; returns the final events or throws if a response was cut off.
    mutating func finish() throws(Failure) -> [Event] {
        switch state {
        case .head:
            throw .truncated
        case .body(.untilClose):
            state = .done
            return [.end]
        case .body:
            throw .truncated
        case .done:
            return []
        }
    }

    // MARK: - Head

    private mutating func consumeHead(_ input: ArraySlice<UInt8>, into events: inout [Event]) throws(Failure) -> ArraySlice<UInt8> {
        let scanFrom = pending.count
        pending.append(contentsOf: input)
        try Self.checkStatusLinePrefix(pending)
        var index = scanFrom
        while index < pending.count {
            if pending[index] == HTTPSyntax.lf {
                var end = index
                if end > lineStart, pending[end - 1] == HTTPSyntax.cr { end -= 1 }
                if end == lineStart {
                    // Empty line: the header section ends here (RFC 7230 §3).
                    let headLength = index + 1
                    guard headLength <= Self.maximumHeadBytes else { throw .headTooLarge }
                    let head = try HTTPResponseHead(parsing: lines.map { pending[$0] })
                    let rest = input.suffix(pending.count - headLength)
                    try completeHead(head, into: &events)
                    return rest
                }
                lines.append(lineStart..<end)
                lineStart = index + 1
            }
            index += 1
        }
        if pending.count > Self.maximumHeadBytes { throw .headTooLarge }
        return []
    }

    /// A response must start with `HTTP/` (RFC 7230 §3.1.2); rejecting garbage at its first byte
    /// means a non-HTTP endpoint fails at once instead of at the deadline.
    private static func checkStatusLinePrefix(_ bytes: [UInt8]) throws(Failure) {
        let prefix = Array("HTTP/".utf8)
        let count = min(prefix.count, bytes.count)
        if !bytes.prefix(count).elementsEqual(prefix.prefix(count)) {
            throw .malformed("the response does not start with an HTTP/1.x status line")
        }
    }

    private mutating func completeHead(_ head: HTTPResponseHead, into events: inout [Event]) throws(Failure) {
        pending.removeAll(keepingCapacity: false)
        lineStart = 0
        lines.removeAll()
        if (100...199).contains(head.statusCode) && head.statusCode != 101 {
            // Interim response (RFC 7231 §6.2): the final one follows; stay in `.head`.
            return
        }
        events.append(.head(head))
        // The body of an unhealthy status is never read: the verdict is already known (HC-01).
        guard wantsBody, ProberStatus.isSuccessfulStatus(head.statusCode) else {
            state = .done
            return
        }
        switch try head.bodyFraming() {
        case .length(0):
            state = .done
            events.append(.end)
        case let framing:
            state = .body(framing)
        }
    }

    // MARK: - Body

    private mutating func consumeBody(_ input: ArraySlice<UInt8>, framing: BodyFraming,
                                      into events: inout [Event]) throws(Failure) -> ArraySlice<UInt8> {
        switch framing {
        case .length(let remaining):
            let taken = input.prefix(remaining)
            events.append(.body(Array(taken)))
            if taken.count == remaining {
                state = .done
                events.append(.end)
            } else {
                state = .body(.length(remaining - taken.count))
            }
            return []
        case .untilClose:
            events.append(.body(Array(input)))
            return []
        case .chunked(var decoder):
            let (data, finished) = try decoder.decode(input)
            if !data.isEmpty { events.append(.body(data)) }
            if finished {
                state = .done
                events.append(.end)
            } else {
                state = .body(.chunked(decoder))
            }
            return []
        }
    }
}

/// Byte constants used by the parser.
enum HTTPSyntax {
    static let cr: UInt8 = 0x0D
    static let lf: UInt8 = 0x0A
    static let space: UInt8 = 0x20
    static let tab: UInt8 = 0x09
    static let colon: UInt8 = 0x3A
    static let semicolon: UInt8 = 0x3B

    /// `tchar` of RFC 7230 §3.2.6.
    static func isTokenCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"):
            return true
        default:
            return Array("!#$%&'*+-.^_`|~".utf8).contains(byte)
        }
    }

    /// Control characters other than HTAB, forbidden in field values and reason phrases (RFC 7230 §3.2).
    static func isForbiddenControl(_ byte: UInt8) -> Bool {
        (byte < 0x20 && byte != tab) || byte == 0x7F
    }
}
