/// One server-sent event (WHATWG HTML §9.2, `text/event-stream`): what `GET /_lab/events` writes
/// and what `lab53 watch` and the tests read. Pure text, no I/O, so the daemon's encoder and the
/// clients' parser are one definition.
public struct ServerSentEvent: Sendable, Hashable {
    /// `event:`; nil means the default type `message`.
    public var event: String?
    /// `id:`; clients send the last one back as `Last-Event-ID` when they reconnect.
    public var id: String?
    /// `data:`, lines joined with `\n`.
    public var data: String

    public init(event: String? = nil, id: String? = nil, data: String) {
        self.event = event
        self.id = id
        self.data = data
    }

    /// The frame: `id:`, `event:`, one `data:` line per line of `data`, and the blank line that
    /// dispatches it. Line breaks inside `event`/`id` would end the field, so they are dropped.
    public var encoded: String {
        var text = ""
        if let id { text += "id: \(Self.singleLine(id))\n" }
        if let event { text += "event: \(Self.singleLine(event))\n" }
        for line in Self.lines(data) {
            text += "data: \(line)\n"
        }
        return text + "\n"
    }

    /// A comment line (`: text`): ignored by clients, it keeps proxies and idle timers from
    /// closing a quiet stream (the heartbeat).
    public static func comment(_ text: String) -> String {
        ": \(singleLine(text))\n\n"
    }

    /// `retry:`: how long an EventSource waits before reconnecting.
    public static func retry(milliseconds: Int) -> String {
        "retry: \(milliseconds)\n\n"
    }

    /// `text` without CR and LF (checked per scalar: `"\r\n"` is one `Character`).
    static func singleLine(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        scalars.append(contentsOf: text.unicodeScalars.filter { $0 != "\n" && $0 != "\r" })
        return String(scalars)
    }

    /// `text` split at CRLF, CR or LF — the line ends of the format — so no line of `data` can
    /// end a field early.
    static func lines(_ text: String) -> [String] {
        var lines: [String] = []
        var current = String.UnicodeScalarView()
        var afterCR = false
        for scalar in text.unicodeScalars {
            if afterCR {
                afterCR = false
                if scalar == "\n" { continue }
            }
            if scalar == "\n" || scalar == "\r" {
                lines.append(String(current))
                current = String.UnicodeScalarView()
                afterCR = scalar == "\r"
            } else {
                current.append(scalar)
            }
        }
        lines.append(String(current))
        return lines
    }
}

/// Incremental `text/event-stream` parser: feed it bytes as they arrive (any split), take the
/// events it completed. Follows the WHATWG rules the clients need: `\n`, `\r\n` or `\r` end a
/// line, one space after the colon is dropped, comments and unknown fields are ignored, an event
/// with no `data` is not dispatched, and the last `id` is kept for `Last-Event-ID`.
public struct ServerSentEventParser: Sendable {
    private var pending: [UInt8] = []
    private var sawCarriageReturn = false
    private var event: String?
    private var id: String?
    private var dataLines: [String] = []
    /// The most recent `id:` seen (the value to send as `Last-Event-ID`).
    public private(set) var lastEventId: String?
    /// The most recent `retry:` in milliseconds.
    public private(set) var retryMilliseconds: Int?

    public init() {}

    /// Parses `bytes` and returns the events completed by them, in order.
    public mutating func feed(_ bytes: some Sequence<UInt8>) -> [ServerSentEvent] {
        var completed: [ServerSentEvent] = []
        for byte in bytes {
            if sawCarriageReturn {
                sawCarriageReturn = false
                if byte == UInt8(ascii: "\n") { continue }
            }
            switch byte {
            case UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                sawCarriageReturn = byte == UInt8(ascii: "\r")
                let line = String(decoding: pending, as: UTF8.self)
                pending.removeAll(keepingCapacity: true)
                if let event = process(line) { completed.append(event) }
            default:
                pending.append(byte)
            }
        }
        return completed
    }

    private mutating func process(_ line: String) -> ServerSentEvent? {
        if line.isEmpty { return dispatch() }
        if line.hasPrefix(":") { return nil }
        let field: Substring
        var value: Substring
        if let colon = line.firstIndex(of: ":") {
            field = line[..<colon]
            value = line[line.index(after: colon)...]
            if value.first == " " { value = value.dropFirst() }
        } else {
            field = Substring(line)
            value = ""
        }
        switch field {
        case "event": event = String(value)
        case "data": dataLines.append(String(value))
        case "id" where !value.contains("\0"): id = String(value)
        case "retry": if let milliseconds = Int(value) { retryMilliseconds = milliseconds }
        default: break
        }
        return nil
    }

    private mutating func dispatch() -> ServerSentEvent? {
        defer {
            event = nil
            dataLines = []
        }
        if let id { lastEventId = id }
        let eventId = id
        id = nil
        guard !dataLines.isEmpty else { return nil }
        return ServerSentEvent(event: event, id: eventId ?? lastEventId, data: dataLines.joined(separator: "\n"))
    }
}
