@testable import AWSProtocol
import Foundation
import Testing

@Suite("SigV4: Authorization header parsing")
struct SigV4AuthorizationTests {
    @Test("a well-formed header")
    func parses() throws {
        let header = "AWS4-HMAC-SHA256 Credential=AKID/20150830/us-east-1/route53/aws4_request, "
            + "SignedHeaders=host;x-amz-date;x-amz-security-token, Signature=abc123"
        let parsed = try SigV4Authorization.parse(header).get()
        #expect(parsed == SigV4Authorization(algorithm: "AWS4-HMAC-SHA256",
                                             credential: "AKID/20150830/us-east-1/route53/aws4_request",
                                             signedHeaders: ["host", "x-amz-date", "x-amz-security-token"],
                                             signature: "abc123"))
        #expect(parsed.accessKeyID == "AKID")
    }

    @Test("commas without spaces and extra white space")
    func separators() throws {
        let parsed = try SigV4Authorization.parse(
            "  AWS4-HMAC-SHA256\tCredential=AKID/d/r/s/aws4_request,SignedHeaders=host,Signature=ff  ").get()
        #expect(parsed.credential == "AKID/d/r/s/aws4_request")
        #expect(parsed.signedHeaders == ["host"])
        #expect(parsed.signature == "ff")
    }

    struct KeyRow: Sendable, CustomTestStringConvertible {
        let header: String
        let accessKeyID: String?
        var testDescription: String { header }
    }

    static let keyRows: [KeyRow] = [
        KeyRow(header: "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20150830/us-east-1/route53/aws4_request, "
                   + "SignedHeaders=host;x-amz-date, Signature=x", accessKeyID: "AKIAIOSFODNN7EXAMPLE"),
        KeyRow(header: "AWS4-HMAC-SHA256 SignedHeaders=host, Credential=ASIAEXAMPLE/20150830", accessKeyID: "ASIAEXAMPLE"),
        KeyRow(header: "AWS4-HMAC-SHA256 Credential=onlykey", accessKeyID: "onlykey"),
        KeyRow(header: "AWS AKIDV2EXAMPLE:qaNdqGsI6bq4Hi+9Gzovwyjbh0E=", accessKeyID: "AKIDV2EXAMPLE"),
        KeyRow(header: "AWS4-HMAC-SHA256 Credential=/20150830/us-east-1/route53/aws4_request", accessKeyID: nil),
        KeyRow(header: "Bearer eyJhbGciOi", accessKeyID: nil),
        KeyRow(header: "", accessKeyID: nil),
    ]

    @Test("access key id without verifying", arguments: keyRows)
    func accessKey(row: KeyRow) {
        #expect(SigV4Authorization.accessKeyID(fromAuthorizationHeader: row.header) == row.accessKeyID)
    }
}

@Suite("SigV4: canonical request pieces")
struct SigV4CanonicalTests {
    struct Row: Sendable, CustomTestStringConvertible {
        let input: String
        let output: String
        var testDescription: String { "\(input) → \(output)" }
    }

    static let uris: [Row] = [
        Row(input: "", output: "/"),
        Row(input: "/", output: "/"),
        Row(input: "/2013-04-01/hostedzone/Z0EXAMPLE11/rrset/", output: "/2013-04-01/hostedzone/Z0EXAMPLE11/rrset/"),
        Row(input: "/2013-04-01/hostedzone/Z%2A1", output: "/2013-04-01/hostedzone/Z%252A1"),
        Row(input: "/a b/ሴ", output: "/a%20b/%E1%88%B4"),
        Row(input: "//example//", output: "/example/"),
        Row(input: "/./example/..", output: "/"),
        Row(input: "/a/./b/../c/", output: "/a/c/"),
        Row(input: "/-._~!$'()*+,;=:@", output: "/-._~%21%24%27%28%29%2A%2B%2C%3B%3D%3A%40"),
    ]

    @Test("canonical URI (non-S3: normalised, encoded again)", arguments: uris)
    func uri(row: Row) {
        #expect(SigV4Canonical.uri(rawPath: row.input) == row.output)
    }

    static let queries: [Row] = [
        Row(input: "", output: ""),
        Row(input: "dnsname=a%2Ab.example.com.&maxitems=1", output: "dnsname=a%2Ab.example.com.&maxitems=1"),
        Row(input: "maxitems=1&dnsname=a*b.example.com.", output: "dnsname=a%2Ab.example.com.&maxitems=1"),
        Row(input: "b=2&a=2&a=1", output: "a=1&a=2&b=2"),
        Row(input: "Param-3=V&Param=V&%E1%88%B4=V", output: "%E1%88%B4=V&Param=V&Param-3=V"),
        Row(input: "marker=x+y%2Bz", output: "marker=x%20y%2Bz"),
        Row(input: "flag&name=", output: "flag=&name="),
        Row(input: "a=%zz&b=%4", output: "a=%25zz&b=%254"),
        Row(input: "&&a=1&", output: "a=1"),
        Row(input: "name=%2f%2F", output: "name=%2F%2F"),
    ]

    @Test("canonical query string", arguments: queries)
    func query(row: Row) {
        #expect(SigV4Canonical.query(rawQuery: row.input) == row.output)
    }

    @Test("header values are trimmed and runs of white space collapsed")
    func trimAll() {
        #expect(SigV4Canonical.trimAll("  a   b \t c  ") == "a b c")
        #expect(SigV4Canonical.trimAll("") == "")
        let request = SigV4Request(method: "GET", rawPath: "/", headers: [
            ("Host", "h"), ("X-Multi", " one "), ("x-multi", "two  three"), ("Other", "o"),
        ])
        #expect(SigV4Canonical.headers(["host", "x-multi"], in: request) == "host:h\nx-multi:one,two three\n")
    }

    @Test("request target splitting")
    func target() {
        let request = SigV4Request(method: "GET", target: "/2013-04-01/hostedzone?marker=Z1&maxitems=2", headers: [])
        #expect(request.rawPath == "/2013-04-01/hostedzone")
        #expect(request.rawQuery == "marker=Z1&maxitems=2")
        #expect(SigV4Request(method: "GET", target: "/x", headers: []).rawQuery == "")
    }
}

@Suite("SigV4: timestamps")
struct SigV4TimestampTests {
    struct Row: Sendable, CustomTestStringConvertible {
        let text: String
        let epoch: Int64?
        var testDescription: String { text }
    }

    static let rows: [Row] = [
        Row(text: "20150830T123600Z", epoch: 1_440_938_160),
        Row(text: "19700101T000000Z", epoch: 0),
        Row(text: "20240229T235959Z", epoch: 1_709_251_199),
        Row(text: "Sun, 30 Aug 2015 12:36:00 GMT", epoch: 1_440_938_160),
        Row(text: "Mon, 23 Nov 2026 06:30:35 -0000", epoch: 1_795_415_435),
        Row(text: "30 Aug 2015 12:36:00 UTC", epoch: 1_440_938_160),
        Row(text: "20230229T000000Z", epoch: nil),
        Row(text: "20150830T243600Z", epoch: nil),
        Row(text: "20150830T123600", epoch: nil),
        Row(text: "2015-08-30T12:36:00Z", epoch: nil),
        Row(text: "Sun, 30 Aug 2015 12:36:00 PST", epoch: nil),
        Row(text: "Sun, 30 Foo 2015 12:36:00 GMT", epoch: nil),
        Row(text: "", epoch: nil),
    ]

    @Test("parsing X-Amz-Date and Date values", arguments: rows)
    func parse(row: Row) {
        #expect(SigV4Timestamp.parseHTTPDate(row.text)?.epochSeconds == row.epoch)
    }

    @Test("basic format round trip")
    func format() {
        for epoch: Int64 in [0, 1_440_938_160, 1_709_251_199, 4_102_444_800, -1] {
            let basic = SigV4Timestamp(epochSeconds: epoch).basic
            #expect(SigV4Timestamp.parseBasic(basic)?.epochSeconds == epoch, "\(epoch) → \(basic)")
        }
        #expect(SigV4Timestamp(Date(timeIntervalSince1970: 1_440_938_160.9)).basic == "20150830T123600Z")
        #expect(SigV4Timestamp(epochSeconds: -1).basic == "19691231T235959Z")
    }
}
