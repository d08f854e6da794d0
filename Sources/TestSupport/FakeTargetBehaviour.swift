/// A header field a fake target sends or received.
public struct FakeHTTPHeader: Sendable, Hashable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// The request a fake target last received (method, target URI, header fields as sent).
public struct FakeHTTPRequest: Sendable, Hashable {
    public var method: String
    public var uri: String
    public var headers: [FakeHTTPHeader]

    /// The first value of `name` (case-insensitive), if any.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}

extension FakeHTTPTarget {
    /// How a fake HTTP(S) target answers. Read at each request (the mode `.closeImmediately` at
    /// each accept), so a running target can be reconfigured between probes.
    public struct Behaviour: Sendable, Hashable {
        public enum Mode: Sendable, Hashable {
            /// Answer with `statusCode`, `reasonPhrase`, `headers` and `body`, then close.
            case respond
            /// Accept the connection and close it at once, reading nothing.
            case closeImmediately
            /// Read the request, then close without answering.
            case closeAfterRequest
            /// Read the request and never answer (a black hole after connect).
            case silent
            /// Answer with random bytes that are not HTTP, keeping the connection open.
            case garbage
            /// Answer with these exact bytes, then close.
            case raw([UInt8])
            /// Answer normally but pad the header section to at least this many bytes.
            case hugeHeaders(bytes: Int)
            /// Drip the whole response (head and body) one byte per `interval`.
            case slowLorisHead(interval: Duration)
            /// Send the head at once, then drip the body one byte per `interval`.
            case slowLorisBody(interval: Duration)
        }

        public var mode: Mode
        public var statusCode: Int
        public var reasonPhrase: String
        public var body: [UInt8]
        /// Extra header fields after the framing headers.
        public var headers: [FakeHTTPHeader]
        /// Send the body with `Transfer-Encoding: chunked` in chunks of this size (else
        /// `Content-Length`).
        public var chunkSize: Int?
        /// Pause between chunks (each chunk is flushed separately), so chunks arrive in separate reads.
        public var chunkDelay: Duration
        /// Wait this long after the request before answering (a slow first byte).
        public var headerDelay: Duration

        public init(mode: Mode = .respond, statusCode: Int = 200, reasonPhrase: String = "OK", body: [UInt8] = Array("OK\n".utf8),
                    headers: [FakeHTTPHeader] = [], chunkSize: Int? = nil, chunkDelay: Duration = .zero, headerDelay: Duration = .zero) {
            self.mode = mode
            self.statusCode = statusCode
            self.reasonPhrase = reasonPhrase
            self.body = body
            self.headers = headers
            self.chunkSize = chunkSize
            self.chunkDelay = chunkDelay
            self.headerDelay = headerDelay
        }

        /// A plain response with `statusCode` and `reasonPhrase`.
        public static func status(_ statusCode: Int, _ reasonPhrase: String, body: String = "") -> Behaviour {
            Behaviour(statusCode: statusCode, reasonPhrase: reasonPhrase, body: Array(body.utf8))
        }

        /// The response head, and the body as separate writes (one per chunk when chunked).
        func response() -> (head: [UInt8], bodyParts: [[UInt8]]) {
            var lines = ["HTTP/1.1 \(statusCode) \(reasonPhrase)", "Content-Type: text/plain", "Connection: close"]
            var parts: [[UInt8]]
            if let chunkSize, chunkSize > 0 {
                lines.append("Transfer-Encoding: chunked")
                parts = stride(from: 0, to: body.count, by: chunkSize).map { start in
                    let chunk = body[start..<min(start + chunkSize, body.count)]
                    return Array("\(String(chunk.count, radix: 16))\r\n".utf8) + chunk + Array("\r\n".utf8)
                }
                parts.append(Array("0\r\n\r\n".utf8))
            } else {
                lines.append("Content-Length: \(body.count)")
                parts = [body]
            }
            lines += headers.map { "\($0.name): \($0.value)" }
            if case .hugeHeaders(let size) = mode {
                var padded = lines.reduce(0) { $0 + $1.utf8.count + 2 }
                var index = 0
                while padded < size {
                    let line = "X-Padding-\(index): " + String(repeating: "x", count: 100)
                    lines.append(line)
                    padded += line.utf8.count + 2
                    index += 1
                }
            }
            let head = Array((lines.joined(separator: "\r\n") + "\r\n\r\n").utf8)
            return (head, parts)
        }
    }
}
