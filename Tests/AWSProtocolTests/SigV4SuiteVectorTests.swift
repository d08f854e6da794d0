import AWSProtocol
import Foundation
import Testing

/// Vectors from AWS's Signature Version 4 test suite (the `v4/*/header-signed-request.txt` files as
/// kept in awslabs/aws-c-auth): credentials AKIDEXAMPLE / wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY,
/// region us-east-1, service `service`, 20150830T123600Z. The verifier is built for service
/// `service` here; Route 53 uses `route53`.
enum SuiteVectors {
    static let accessKeyID = "AKIDEXAMPLE"
    static let secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
    static let signedAt = Date(timeIntervalSince1970: 1_440_938_160) // 2015-08-30T12:36:00Z
    static let verifier = SigV4Verifier(secrets: [accessKeyID: secret], service: "service")

    static func authorization(_ signedHeaders: String, _ signature: String) -> String {
        "Authorization:AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
            + "SignedHeaders=\(signedHeaders), Signature=\(signature)"
    }

    struct Vector: Sendable, CustomTestStringConvertible {
        let name: String
        let request: String
        var testDescription: String { name }
    }

    static let vectors: [Vector] = [
        Vector(name: "get-vanilla", request: """
            GET / HTTP/1.1
            Host:example.amazonaws.com
            \(authorization("host;x-amz-date", "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"))
            X-Amz-Date:20150830T123600Z


            """),
        Vector(name: "post-vanilla", request: """
            POST / HTTP/1.1
            Host:example.amazonaws.com
            \(authorization("host;x-amz-date", "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b"))
            X-Amz-Date:20150830T123600Z


            """),
        Vector(name: "get-vanilla-query-order-key-case", request: """
            GET /?Param2=value2&Param1=value1 HTTP/1.1
            Host:example.amazonaws.com
            \(authorization("host;x-amz-date", "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500"))
            X-Amz-Date:20150830T123600Z


            """),
        Vector(name: "get-vanilla-query-unreserved", request: """
            GET /?-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz=-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz HTTP/1.1
            Host:example.amazonaws.com
            \(authorization("host;x-amz-date", "9c3e54bfcdf0b19771a7f523ee5669cdf59bc7cc0884027167c21bb143a40197"))
            X-Amz-Date:20150830T123600Z


            """),
        Vector(name: "get-vanilla-utf8-query", request: """
            GET /?ሴ=bar HTTP/1.1
            Host:example.amazonaws.com
            \(authorization("host;x-amz-date", "2cdec8eed098649ff3a119c94853b13c643bcf08f8b0a1d91e12c9027818dd04"))
            X-Amz-Date:20150830T123600Z


            """),
        Vector(name: "get-vanilla-query-order-encoded", request: """
            GET /?Param-3=Value3&Param=Value2&%E1%88%B4=Value1 HTTP/1.1
            Host:example.amazonaws.com
            \(authorization("host;x-amz-date", "371d3713e185cc334048618a97f809c9ffe339c62934c032af5a0e595648fcac"))
            X-Amz-Date:20150830T123600Z


            """),
        Vector(name: "get-vanilla-empty-query-key", request: """
            GET /?Param1=value1 HTTP/1.1
            Host:example.amazonaws.com
            \(authorization("host;x-amz-date", "a67d582fa61cc504c4bae71f336f98b97f1ea3c7a6bfe1b6e45aec72011b9aeb"))
            X-Amz-Date:20150830T123600Z


            """),
        Vector(name: "post-vanilla-query", request: """
            POST /?Param1=value1 HTTP/1.1
            Host:example.amazonaws.com
            \(authorization("host;x-amz-date", "28038455d6de14eafc1f9222cf5aa6f1a96197d7deb8263271d420d138af7f11"))
            X-Amz-Date:20150830T123600Z


            """),
        Vector(name: "get-utf8", request: """
            GET /ሴ HTTP/1.1
            Host:example.amazonaws.com
            \(authorization("host;x-amz-date", "8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85"))
            X-Amz-Date:20150830T123600Z


            """),
        Vector(name: "get-unreserved", request: """
            GET /-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz HTTP/1.1
            Host:example.amazonaws.com
            \(authorization("host;x-amz-date", "07ef7494c76fa4850883e2b006601f940f8a34d404d0cfa977f52a65bbf5f24f"))
            X-Amz-Date:20150830T123600Z


            """),
        Vector(name: "get-space-normalized", request: """
            GET /example space/ HTTP/1.1
            Host:example.amazonaws.com
            \(authorization("host;x-amz-date", "652487583200325589f1fba4c7e578f72c47cb61beeca81406b39ddec1366741"))
            X-Amz-Date:20150830T123600Z


            """),
        Vector(name: "get-slashes-normalized", request: """
            GET //example// HTTP/1.1
            Host:example.amazonaws.com
            \(authorization("host;x-amz-date", "9a624bd73a37c9a373b5312afbebe7a714a789de108f0bdfe846570885f57e84"))
            X-Amz-Date:20150830T123600Z


            """),
        Vector(name: "get-slash-pointless-dot-normalized", request: """
            GET /./example HTTP/1.1
            Host:example.amazonaws.com
            \(authorization("host;x-amz-date", "ef75d96142cf21edca26f06005da7988e4f8dc83a165a80865db7089db637ec5"))
            X-Amz-Date:20150830T123600Z


            """),
        Vector(name: "get-relative-relative-normalized", request: """
            GET /example1/example2/../.. HTTP/1.1
            Host:example.amazonaws.com
            \(authorization("host;x-amz-date", "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"))
            X-Amz-Date:20150830T123600Z


            """),
        Vector(name: "get-header-key-duplicate", request: """
            GET / HTTP/1.1
            Host:example.amazonaws.com
            My-Header1:value2
            My-Header1:value2
            My-Header1:value1
            \(authorization("host;my-header1;x-amz-date", "c9d5ea9f3f72853aea855b47ea873832890dbdd183b4468f858259531a5138ea"))
            X-Amz-Date:20150830T123600Z


            """),
        Vector(name: "get-header-value-order", request: """
            GET / HTTP/1.1
            Host:example.amazonaws.com
            My-Header1:value4
            My-Header1:value1
            My-Header1:value3
            My-Header1:value2
            \(authorization("host;my-header1;x-amz-date", "08c7e5a9acfcfeb3ab6b2185e75ce8b1deb5e634ec47601a50643f830c755c01"))
            X-Amz-Date:20150830T123600Z


            """),
        Vector(name: "get-header-value-trim", request: """
            GET / HTTP/1.1
            Host:example.amazonaws.com
            My-Header1: value1
            My-Header2: "a   b   c"
            \(authorization("host;my-header1;my-header2;x-amz-date", "acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736"))
            X-Amz-Date:20150830T123600Z


            """),
        Vector(name: "post-header-key-sort", request: """
            POST / HTTP/1.1
            Host:example.amazonaws.com
            My-Header1:value1
            \(authorization("host;my-header1;x-amz-date", "c5410059b04c1ee005303aed430f6e6645f61f4dc9e1461ec8f8916fdf18852c"))
            X-Amz-Date:20150830T123600Z


            """),
        Vector(name: "post-header-value-case", request: """
            POST / HTTP/1.1
            Host:example.amazonaws.com
            My-Header1:VALUE1
            \(authorization("host;my-header1;x-amz-date", "cdbc9802e29d2942e5e10b5bccfdd67c5f22c7c4e8ae67b53629efa58b974b7d"))
            X-Amz-Date:20150830T123600Z


            """),
        Vector(name: "get-vanilla-with-session-token", request: """
            GET / HTTP/1.1
            Host:example.amazonaws.com
            \(authorization("host;x-amz-date;x-amz-security-token", "07ec1639c89043aa0e3e2de82b96708f198cceab042d4a97044c66dd9f74e7f8"))
            X-Amz-Date:20150830T123600Z
            X-Amz-Security-Token:6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267


            """),
        Vector(name: "post-sts-header-after", request: """
            POST / HTTP/1.1
            Host:example.amazonaws.com
            x-amz-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
            \(authorization("host;x-amz-date", "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b"))
            X-Amz-Date:20150830T123600Z


            """),
        Vector(name: "post-x-www-form-urlencoded", request: """
            POST / HTTP/1.1
            Content-Type:application/x-www-form-urlencoded
            Host:example.amazonaws.com
            Content-Length:13
            x-amz-content-sha256:9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e
            \(authorization("content-length;content-type;host;x-amz-content-sha256;x-amz-date", "d3875051da38690788ef43de4db0d8f280229d82040bfac253562e56c3f20e0b"))
            X-Amz-Date:20150830T123600Z

            Param1=value1
            """),
    ]

    static func request(_ name: String) -> SigV4Request {
        RawHTTPRequest.parse(vectors.first { $0.name == name }!.request)
    }
}

@Suite("SigV4: AWS test-suite vectors")
struct SigV4SuiteVectorTests {
    @Test("each vector verifies", arguments: SuiteVectors.vectors)
    func verifies(vector: SuiteVectors.Vector) {
        let request = RawHTTPRequest.parse(vector.request)
        let result = SuiteVectors.verifier.verify(request, now: SuiteVectors.signedAt)
        #expect(result == .success(SuiteVectors.accessKeyID), "\(vector.name): \(result)")
    }

    @Test("each vector fails once any signed part changes", arguments: SuiteVectors.vectors)
    func tamperedFails(vector: SuiteVectors.Vector) throws {
        let request = RawHTTPRequest.parse(vector.request)
        var changedMethod = request
        changedMethod.method = request.method == "GET" ? "HEAD" : "PUT"
        var changedPath = request
        changedPath.rawPath += "x"
        var changedQuery = request
        changedQuery.rawQuery += request.rawQuery.isEmpty ? "extra=1" : "&extra=1"
        let changedHost = request.replacingHeader("Host", with: "example.amazonaws.com.evil")
        for (what, tampered) in [("method", changedMethod), ("path", changedPath), ("query", changedQuery), ("host", changedHost)] {
            let result = SuiteVectors.verifier.verify(tampered, now: SuiteVectors.signedAt)
            guard case .failure(let error) = result else {
                Issue.record("\(vector.name): changed \(what) still verified")
                continue
            }
            #expect(error.reason == .signatureMismatch, "\(vector.name): changed \(what)")
            #expect(error.code == "SignatureDoesNotMatch")
            #expect(error.httpStatus == 403)
            #expect(error.canonicalRequest != nil && error.stringToSign != nil)
        }
    }
}
