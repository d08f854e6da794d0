import ControlPlane
import Foundation
import Route53Model
import Testing

/// Issue 4 item 5: who may call the control API. Signature checking itself is covered by
/// AWSProtocolTests (AWS vectors, real botocore) and Tests/api (boto3 against the daemon).
@Suite("Control API access rules (issue 4 item 5)")
struct AuthenticatorTests {
    @Test(arguments: [("127.0.0.1", true), ("127.5.6.7", true), ("::1", true), ("::ffff:127.0.0.1", true),
                      ("10.0.0.1", false), ("192.0.2.1", false), ("::2", false), ("fe80::1", false)])
    func loopbackPeers(_ address: String, _ loopback: Bool) {
        #expect(ControlRequestContext.isLoopback(address) == loopback)
    }

    @Test("without keys: any signature from loopback, nothing from other peers")
    func noKeys() throws {
        let authenticator = Route53Authenticator(keys: [:])
        #expect(!authenticator.verifiesSignatures)
        let header = "AWS4-HMAC-SHA256 Credential=AKIDANY/20261123/us-east-1/route53/aws4_request, SignedHeaders=host, Signature=00"
        let local = authenticator.check(authorization: header, loopbackPeer: true)
        #expect(try local.get() == "AKIDANY")
        #expect(try authenticator.check(authorization: nil, loopbackPeer: true).get() == "anonymous")
        guard case .failure(let error) = authenticator.check(authorization: header, loopbackPeer: false) else {
            Issue.record("an off-box peer was accepted without keys")
            return
        }
        #expect(error.code == "AccessDenied")
        #expect(error.httpStatus == 403)
    }

    @Test("with keys: an unsigned request is refused even from loopback")
    func keysRequireSignature() {
        let authenticator = Route53Authenticator(keys: ["AKIDLAB": "secret"])
        #expect(authenticator.verifiesSignatures)
        guard case .failure(let error) = authenticator.check(authorization: nil, loopbackPeer: true) else {
            Issue.record("an unsigned request was accepted with keys configured")
            return
        }
        #expect(error.code == "MissingAuthenticationToken")
        #expect(error.httpStatus == 403)
    }
}

extension Route53Authenticator {
    /// A GET of the hosted-zone count with the given Authorization header (or none).
    func check(authorization: String?, loopbackPeer: Bool) -> Result<String, Route53Error> {
        var headers = [("host", "127.0.0.1:8053"), ("x-amz-date", "20261123T070000Z")]
        if let authorization { headers.append(("authorization", authorization)) }
        return authenticate(method: "GET", rawPath: "/2013-04-01/hostedzonecount", rawQuery: "", headers: headers, body: [],
                            loopbackPeer: loopbackPeer, now: Date())
    }
}
