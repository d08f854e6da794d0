@testable import HealthChecking
import Testing

/// The raw-socket probe's verdicts (`HTTPProbeSession`, issue 6) on injected instants: the same
/// HC-01/HC-13 rules as the NIO handler, decided without a socket.
struct HTTPProbeSessionTests {
    static let start = ContinuousClock.now

    static func session(searchString: String? = nil) -> HTTPProbeSession {
        HTTPProbeSession(target: ProbeTarget(kind: .http(tls: false, searchString: searchString), address: "127.0.0.1", port: 80,
                                             hostHeader: "127.0.0.1", connectTimeout: .seconds(4), firstByteTimeout: .seconds(2),
                                             bodyTimeout: .seconds(2)),
                         started: start)
    }

    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    @Test("connect deadline, then the head is due first-byte timeout after connect")
    func deadlines() {
        var session = Self.session()
        #expect(session.connectDeadline == Self.start + .seconds(4))
        let due = session.connected(at: Self.start + .milliseconds(5))
        #expect(due == Self.start + .milliseconds(2005))
        // Half a head: keep waiting for the same deadline.
        #expect(session.received(Self.bytes("HTTP/1.1 200 OK\r\nServer: x"), at: Self.start + .milliseconds(6))
            == .wait(deadline: Self.start + .milliseconds(2005)))
        #expect(session.stage == .readingHead)
        guard case .done(let result) = session.received(Self.bytes("\r\n\r\n"), at: Self.start + .milliseconds(7)) else {
            Issue.record("no verdict")
            return
        }
        #expect(result.success && result.status == "Success: HTTP Status Code 200, OK")
        #expect(result.connectTime == .milliseconds(5) && result.timeToFirstByte == .milliseconds(1))
    }

    struct Row: Sendable, CustomTestStringConvertible {
        var name: String
        var response: String?
        var searchString: String?
        var end: End
        var status: String
        var testDescription: String { name }

        enum End: Sendable { case none, closed, deadline }
    }

    @Test(arguments: [
        Row(name: "503", response: "HTTP/1.1 503 Service Unavailable\r\n\r\n", end: .none,
            status: "Failure: HTTP Status Code 503, Service Unavailable"),
        Row(name: "closed before a byte", response: nil, end: .closed,
            status: ProberStatus.connectionClosedBeforeResponse),
        Row(name: "closed in the head", response: "HTTP/1.1 200 OK\r\n", end: .closed,
            status: ProberStatus.connectionClosedDuringHeaders),
        Row(name: "no byte in time", response: nil, end: .deadline, status: ProberStatus.responseTimedOut),
        Row(name: "head too slow", response: "HTTP/1.1 200", end: .deadline, status: ProberStatus.responseHeadersTimedOut),
        Row(name: "string found", response: "HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\nall is up", searchString: "is up",
            end: .none, status: "Success: HTTP Status Code 200, OK"),
        Row(name: "string missing at the end", response: "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\ndown", searchString: "up",
            end: .none, status: ProberStatus.searchStringNotFound("up")),
        Row(name: "body too slow", response: "HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\nall", searchString: "up",
            end: .deadline, status: ProberStatus.responseBodyTimedOut),
        Row(name: "garbage", response: "SSH-2.0-OpenSSH\r\n\r\n", end: .none, status: "Failure: Invalid HTTP response"),
    ])
    func verdicts(_ row: Row) {
        var session = Self.session(searchString: row.searchString)
        _ = session.connected(at: Self.start)
        var verdict: ProbeResult?
        if let response = row.response, case .done(let result) = session.received(Self.bytes(response), at: Self.start) {
            verdict = result
        }
        switch row.end {
        case .none: break
        case .closed: verdict = verdict ?? session.closedByPeer()
        case .deadline: verdict = verdict ?? session.deadlineExpired()
        }
        #expect(verdict?.status.hasPrefix(row.status) == true, "\(String(describing: verdict?.status))")
        #expect(session.stage == .finished)
    }

    @Test("a connect that never completes times out with Route 53's string")
    func connectTimeout() {
        var session = Self.session()
        #expect(session.deadlineExpired().status == ProberStatus.connectionTimedOut)
    }
}
