import Foundation
@testable import HealthChecking
import Testing

/// The probe's own HTTP/1.x response parser (RFC 7230), string window and request, without
/// sockets: every byte split, limit and framing rule the live tests cannot pin down exactly.
@Suite struct ProberResponseParserTests {
    /// Feeds `text` in pieces of `step` bytes and collects the events, or the failure.
    static func parse(_ text: String, wantsBody: Bool = true, step: Int = .max, eof: Bool = true)
        -> Result<[HTTPResponseParser.Event], HTTPResponseParser.Failure> {
        var parser = HTTPResponseParser(wantsBody: wantsBody)
        let bytes = Array(text.utf8)
        var events: [HTTPResponseParser.Event] = []
        do {
            var start = 0
            while start < bytes.count {
                let end = min(bytes.count, start + min(step, bytes.count))
                events += try parser.feed(Array(bytes[start..<end]))
                start = end
            }
            if eof { events += try parser.finish() }
            return .success(events)
        } catch {
            return .failure(error)
        }
    }

    static func body(of events: [HTTPResponseParser.Event]) -> String {
        String(decoding: events.flatMap { event -> [UInt8] in
            if case .body(let bytes) = event { return bytes }
            return []
        }, as: UTF8.self)
    }

    @Test(arguments: [1, 2, 3, 7, 1000])
    func chunkedBodyDecodesWhateverTheReadSizes(step: Int) throws {
        let text = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "5;ext=1\r\nHello\r\n1A\r\n, chunked world of probes!\r\n0\r\nX-Trailer: t\r\n\r\n"
        let events = try Self.parse(text, step: step, eof: false).get()
        #expect(Self.body(of: events) == "Hello, chunked world of probes!")
        #expect(events.last == .end)
        guard case .head(let head) = events.first else { Issue.record("no head"); return }
        #expect(head.statusCode == 200 && head.reasonPhrase == "OK" && head.version == "HTTP/1.1")
    }

    @Test(arguments: [1, 5, 1000])
    func contentLengthEndsTheBody(step: Int) throws {
        let events = try Self.parse("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nHelloEXTRA", step: step, eof: false).get()
        #expect(Self.body(of: events) == "Hello")
        #expect(events.last == .end)
    }

    struct FailureCase: Sendable, CustomTestStringConvertible {
        let name: String
        let text: String
        let failure: HTTPResponseParser.Failure
        var testDescription: String { name }
    }

    @Test(arguments: [
        FailureCase(name: "bad chunk size", text: "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
                    failure: .malformed("invalid chunk size \"zz\"")),
        FailureCase(name: "chunk without CRLF", text: "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabX",
                    failure: .malformed("chunk data not followed by CRLF")),
        FailureCase(name: "conflicting lengths", text: "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n",
                    failure: .malformed("invalid Content-Length")),
        FailureCase(name: "negative length", text: "HTTP/1.1 200 OK\r\nContent-Length: -5\r\n\r\n", failure: .malformed("invalid Content-Length")),
        FailureCase(name: "gzip transfer coding", text: "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n",
                    failure: .unsupportedEncoding("gzip")),
        FailureCase(name: "brotli content", text: "HTTP/1.1 200 OK\r\nContent-Encoding: br\r\n\r\n", failure: .unsupportedEncoding("br")),
        FailureCase(name: "NUL in a value", text: "HTTP/1.1 200 OK\r\nX-A: a\u{0}b\r\n\r\n",
                    failure: .malformed("control character in a header field value")),
        FailureCase(name: "fold before any field", text: "HTTP/1.1 200 OK\r\n folded\r\n\r\n",
                    failure: .malformed("header continuation line before any header field")),
        FailureCase(name: "not HTTP", text: "SSH-2.0-OpenSSH\r\n", failure: .malformed("the response does not start with an HTTP/1.x status line")),
        FailureCase(name: "body cut short", text: "HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\nabc", failure: .truncated),
        FailureCase(name: "head cut short", text: "HTTP/1.1 200 OK\r\nX-A", failure: .truncated),
    ])
    func malformedResponsesAreRejected(_ row: FailureCase) {
        #expect(throws: row.failure) { try Self.parse(row.text).get() }
    }

    /// HC-01: at most 16,384 bytes of header section (status line through the empty line).
    @Test(arguments: [(16_384, true), (16_385, false)])
    func headLimitIsExact(total: Int, accepted: Bool) {
        let fixed = "HTTP/1.1 200 OK\r\nX-Pad: \r\n\r\n".utf8.count
        let text = "HTTP/1.1 200 OK\r\nX-Pad: " + String(repeating: "p", count: total - fixed) + "\r\n\r\n"
        #expect(text.utf8.count == total)
        let result = Self.parse(text, wantsBody: false, eof: false)
        if accepted {
            #expect((try? result.get())?.count == 1)
        } else {
            #expect(throws: HTTPResponseParser.Failure.headTooLarge) { try result.get() }
        }
    }

    @Test func endlessHeadFailsOnceOverTheLimit() {
        var parser = HTTPResponseParser(wantsBody: false)
        #expect(throws: HTTPResponseParser.Failure.headTooLarge) {
            _ = try parser.feed(Array("HTTP/1.1 200 OK\r\n".utf8))
            for _ in 0..<20 { _ = try parser.feed([UInt8](repeating: UInt8(ascii: "a"), count: 1000)) }
        }
    }

    @Test func garbageFailsOnItsFirstByte() {
        var parser = HTTPResponseParser(wantsBody: false)
        #expect(throws: HTTPResponseParser.Failure.self) { _ = try parser.feed([0x16]) }
    }

    @Test func headFieldsAndFolding() throws {
        let events = try Self.parse("HTTP/1.1 200 OK\r\nX-A:  one \r\n\ttwo\r\nx-a: three\r\nContent-Length: 0\r\n\r\n").get()
        guard case .head(let head) = events.first else { Issue.record("no head"); return }
        #expect(head.fields.first == HTTPHeaderField(name: "X-A", value: "one two"))
        #expect(head.values(of: "x-A") == ["one two", "three"])
    }

    @Test func unhealthyStatusStopsAtTheHead() throws {
        let events = try Self.parse("HTTP/1.1 500 Oops\r\nContent-Encoding: gzip\r\n\r\nzzz", eof: false).get()
        #expect(events.count == 1)
    }

    struct SearchCase: Sendable, CustomTestStringConvertible {
        let name: String
        let pieces: [Int]
        let offset: Int
        let outcome: BodySearch.Outcome
        var testDescription: String { name }
    }

    @Test(arguments: [
        SearchCase(name: "in one piece", pieces: [100], offset: 10, outcome: .found),
        SearchCase(name: "split over pieces", pieces: [12, 1, 1, 86], offset: 10, outcome: .found),
        SearchCase(name: "ends at 5120", pieces: [6000], offset: 5114, outcome: .found),
        SearchCase(name: "ends at 5121", pieces: [6000], offset: 5115, outcome: .exhausted),
        SearchCase(name: "split at 5120", pieces: [5117, 883], offset: 5114, outcome: .found),
        SearchCase(name: "not yet", pieces: [100], offset: 200, outcome: .needMore),
    ])
    func bodySearchWindow(_ row: SearchCase) {
        var body = [UInt8](repeating: UInt8(ascii: "."), count: max(row.pieces.reduce(0, +), row.offset + 6))
        body.replaceSubrange(row.offset..<(row.offset + 6), with: Array("NEEDLE".utf8))
        var search = BodySearch(searchString: "NEEDLE")
        var outcome = BodySearch.Outcome.needMore
        var start = 0
        for piece in row.pieces where outcome == .needMore {
            outcome = search.append(body[start..<(start + piece)])
            start += piece
        }
        #expect(outcome == row.outcome)
        #expect(search.bytesRead <= BodySearch.limit)
    }

    @Test func requestIsExactlyRoute53s() throws {
        let target = ProbeTarget(kind: .http(tls: false, searchString: nil), address: "192.0.2.7", port: 8080, path: "health?x=1",
                                 hostHeader: "www.example.com:8080")
        let reference = try #require(UUID(uuidString: "0B9A8C7D-1234-4ABC-9DEF-001122334455"))
        let request = String(decoding: HTTPProber.request(for: target, reference: reference), as: UTF8.self)
        #expect(request == "GET /health?x=1 HTTP/1.1\r\nHost: www.example.com:8080\r\n"
            + "User-Agent: Amazon-Route53-Health-Check-Service (ref 0b9a8c7d-1234-4abc-9def-001122334455; report http://amzn.to/1vsZADi)\r\n"
            + "Accept: */*\r\nConnection: close\r\n\r\n")
    }

    struct HostCase: Sendable, CustomTestStringConvertible {
        let fqdn: String?
        let ip: String?
        let port: Int
        let tls: Bool
        let expected: String
        var testDescription: String { expected }
    }

    /// HC-03: FQDN (or the IP in its place), `:port` unless it is the scheme's default.
    @Test(arguments: [
        HostCase(fqdn: "www.example.com", ip: "192.0.2.1", port: 80, tls: false, expected: "www.example.com"),
        HostCase(fqdn: "www.example.com", ip: nil, port: 8080, tls: false, expected: "www.example.com:8080"),
        HostCase(fqdn: "www.example.com", ip: nil, port: 443, tls: true, expected: "www.example.com"),
        HostCase(fqdn: "www.example.com", ip: nil, port: 80, tls: true, expected: "www.example.com:80"),
        HostCase(fqdn: "www.example.com", ip: nil, port: 443, tls: false, expected: "www.example.com:443"),
        HostCase(fqdn: nil, ip: "192.0.2.1", port: 80, tls: false, expected: "192.0.2.1"),
        HostCase(fqdn: nil, ip: "192.0.2.1", port: 8443, tls: true, expected: "192.0.2.1:8443"),
        HostCase(fqdn: nil, ip: "2001:db8::1", port: 443, tls: true, expected: "[2001:db8::1]"),
        HostCase(fqdn: nil, ip: "2001:db8::1", port: 8080, tls: false, expected: "[2001:db8::1]:8080"),
    ])
    func hostHeaderRule(_ row: HostCase) {
        #expect(HTTPProber.hostHeader(fullyQualifiedDomainName: row.fqdn, ipAddress: row.ip, port: row.port, tls: row.tls) == row.expected)
    }

    @Test(arguments: [
        ("SSLV3_ALERT_HANDSHAKE_FAILURE", "SSL alert handshake_failure"),
        ("TLSV1_ALERT_PROTOCOL_VERSION", "SSL alert protocol_version"),
        ("TLSV1_ALERT_INTERNAL_ERROR", "SSL alert internal_error"),
    ])
    func tlsAlertsAreNamedLikeRoute53(code: String, name: String) {
        #expect(ProberErrors.alertName(code) == name)
        #expect(ProberErrors.reasonCode(in: "Error: 1 error:10000410:SSL routines:OPENSSL_internal:\(code) at x.cc:1") == code)
    }

    @Test func wrongVersionIsNoAlert() {
        #expect(ProberErrors.alertName("WRONG_VERSION_NUMBER") == nil)
    }
}
