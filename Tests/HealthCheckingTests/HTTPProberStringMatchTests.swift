import HealthChecking
import TestSupport
import Testing

/// HTTP_STR_MATCH against real loopback servers (HC-01): the string must lie entirely within the
/// first 5120 bytes of the decoded body, case-sensitively; the read stops there.
@Suite struct HTTPProberStringMatchTests {
    let prober = HTTPProber()
    static let needle = "HEALTHY"

    /// A body of `length` dots with `needle` starting at `offset` (nil: absent).
    static func body(length: Int, needleAt offset: Int?) -> [UInt8] {
        var bytes = [UInt8](repeating: UInt8(ascii: "."), count: length)
        if let offset { bytes.replaceSubrange(offset..<(offset + needle.utf8.count), with: Array(needle.utf8)) }
        return bytes
    }

    struct MatchCase: Sendable, CustomTestStringConvertible {
        let name: String
        let length: Int
        let offset: Int?
        let chunkSize: Int?
        let found: Bool
        var testDescription: String { name }
    }

    static let notFound = "Failure: Search string \"HEALTHY\" not found in the first 5120 bytes of the response body"

    @Test(arguments: [
        MatchCase(name: "at the start", length: 6000, offset: 0, chunkSize: nil, found: true),
        MatchCase(name: "ending at byte 5120", length: 6000, offset: 5120 - 7, chunkSize: nil, found: true),
        MatchCase(name: "straddling byte 5120", length: 6000, offset: 5120 - 3, chunkSize: nil, found: false),
        MatchCase(name: "only after byte 5120", length: 9000, offset: 8000, chunkSize: nil, found: false),
        MatchCase(name: "absent from a short body", length: 100, offset: nil, chunkSize: nil, found: false),
        MatchCase(name: "short body", length: 10, offset: 2, chunkSize: nil, found: true),
        MatchCase(name: "chunked, split across chunks", length: 3000, offset: 1000 - 3, chunkSize: 1000, found: true),
        MatchCase(name: "chunked, ending at byte 5120", length: 7000, offset: 5120 - 7, chunkSize: 333, found: true),
        MatchCase(name: "chunked, after byte 5120", length: 7000, offset: 6000, chunkSize: 500, found: false),
        MatchCase(name: "chunked, one-byte chunks", length: 40, offset: 30, chunkSize: 1, found: true),
    ])
    func searchWindowIsTheFirst5120Bytes(_ row: MatchCase) async throws {
        let behaviour = FakeHTTPTarget.Behaviour(body: Self.body(length: row.length, needleAt: row.offset), chunkSize: row.chunkSize)
        let target = try await FakeHTTPTarget.started(behaviour)
        let result = await prober.probe(ProberFixture.http(target, searchString: Self.needle))
        await target.stop()
        #expect(result.success == row.found)
        #expect(result.status == (row.found ? "Success: HTTP Status Code 200, OK" : Self.notFound))
    }

    @Test func chunksArrivingInSeparateReadsAreJoined() async throws {
        let behaviour = FakeHTTPTarget.Behaviour(body: Self.body(length: 64, needleAt: 30), chunkSize: 4,
                                                 chunkDelay: .milliseconds(20))
        let target = try await FakeHTTPTarget.started(behaviour)
        let result = await prober.probe(ProberFixture.http(target, searchString: Self.needle))
        await target.stop()
        #expect(result.status == "Success: HTTP Status Code 200, OK")
    }

    @Test func matchIsCaseSensitive() async throws {
        let target = try await FakeHTTPTarget.started(.status(200, "OK", body: "status: healthy"))
        let result = await prober.probe(ProberFixture.http(target, searchString: Self.needle))
        await target.stop()
        #expect(result.status == Self.notFound)
    }

    /// The first chunk fills the 5120-byte window, the next would come a minute later: a probe
    /// that kept reading would end with "body timed out", one that stops reports "not found".
    @Test func readingStopsAfter5120Bytes() async throws {
        let behaviour = FakeHTTPTarget.Behaviour(body: Self.body(length: 5120 + 100, needleAt: 5120 + 50), chunkSize: 5120,
                                                 chunkDelay: .seconds(60))
        let target = try await FakeHTTPTarget.started(behaviour)
        let probe = ProberFixture.http(target, searchString: Self.needle, bodyTimeout: .seconds(20))
        // The status alone decides it: a prober that waited for more body would hit the 20 s body
        // deadline and report a timeout. No wall-clock bound (the machine is shared).
        let result = await prober.probe(probe)
        await target.stop()
        #expect(result.status == Self.notFound)
    }

    @Test func slowLorisBodyFailsAtTheBodyDeadline() async throws {
        let behaviour = FakeHTTPTarget.Behaviour(mode: .slowLorisBody(interval: .milliseconds(100)),
                                                 body: Self.body(length: 200, needleAt: 150))
        let target = try await FakeHTTPTarget.started(behaviour)
        let probe = ProberFixture.http(target, searchString: Self.needle, bodyTimeout: .milliseconds(500))
        let (result, elapsed) = await ProberFixture.timed(prober, probe)
        await target.stop()
        #expect(result.status == ProberStatus.responseBodyTimedOut)
        #expect(elapsed < ProberFixture.bound(probe))
    }

    @Test func unhealthyStatusFailsWithoutReadingTheBody() async throws {
        let target = try await FakeHTTPTarget.started(.status(503, "Service Temporarily Unavailable", body: "HEALTHY"))
        let result = await prober.probe(ProberFixture.http(target, searchString: Self.needle))
        await target.stop()
        #expect(result.status == "Failure: HTTP Status Code 503, Service Temporarily Unavailable")
    }

    @Test func redirectBodyIsSearched() async throws {
        let target = try await FakeHTTPTarget.started(.status(301, "Moved Permanently", body: "HEALTHY"))
        let result = await prober.probe(ProberFixture.http(target, searchString: Self.needle))
        await target.stop()
        #expect(result.status == "Success: HTTP Status Code 301, Moved Permanently")
    }

    @Test func noContentHasNothingToMatch() async throws {
        let target = try await FakeHTTPTarget.started(.status(204, "No Content"))
        let result = await prober.probe(ProberFixture.http(target, searchString: Self.needle))
        await target.stop()
        #expect(result.status == Self.notFound)
    }

    @Test(arguments: ["gzip", "deflate"])
    func compressedBodiesAreDeclaredUnsupported(coding: String) async throws {
        let behaviour = FakeHTTPTarget.Behaviour(body: Array("HEALTHY".utf8), headers: [FakeHTTPHeader("Content-Encoding", coding)])
        let target = try await FakeHTTPTarget.started(behaviour)
        let result = await prober.probe(ProberFixture.http(target, searchString: Self.needle))
        await target.stop()
        #expect(result.status == ProberStatus.unsupportedEncoding(coding))
        #expect(!result.success)
    }

    @Test func bodyUntilCloseIsSearched() async throws {
        let raw = "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nall is HEALTHY here"
        let target = try await FakeHTTPTarget.started(.init(mode: .raw(Array(raw.utf8))))
        let result = await prober.probe(ProberFixture.http(target, searchString: Self.needle))
        await target.stop()
        #expect(result.status == "Success: HTTP Status Code 200, OK")
    }

    @Test func truncatedBodyWithoutTheStringFails() async throws {
        let raw = "HTTP/1.1 200 OK\r\nContent-Length: 500\r\n\r\nonly a little"
        let target = try await FakeHTTPTarget.started(.init(mode: .raw(Array(raw.utf8))))
        let result = await prober.probe(ProberFixture.http(target, searchString: Self.needle))
        await target.stop()
        #expect(result.status == Self.notFound)
    }
}
