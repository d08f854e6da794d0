import AWSProtocol
import Foundation
import Testing

/// What the verifier answers for requests AWS would refuse, with AWS's codes and wording (see
/// `SigV4Error`). Built on the test-suite vectors, which are known to verify untouched.
@Suite("SigV4: refusals")
struct SigV4RefusalTests {
    static let vanilla = SuiteVectors.request("get-vanilla")
    static let form = SuiteVectors.request("post-x-www-form-urlencoded")
    static let good = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
        + "SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"

    struct Row: Sendable, CustomTestStringConvertible {
        let name: String
        let request: SigV4Request
        var verifier = SuiteVectors.verifier
        var now = SuiteVectors.signedAt
        let reason: SigV4Error.Reason
        let code: String
        let status: Int
        let message: String
        var testDescription: String { name }
    }

    static func withAuthorization(_ value: String?) -> SigV4Request {
        vanilla.replacingHeader("Authorization", with: value)
    }

    static let mismatch = "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details."

    static let rows: [Row] = [
        Row(name: "no Authorization header", request: withAuthorization(nil),
            reason: .missingAuthenticationToken, code: "MissingAuthenticationToken", status: 403,
            message: "Missing Authentication Token"),
        Row(name: "blank Authorization header", request: withAuthorization("  "),
            reason: .missingAuthenticationToken, code: "MissingAuthenticationToken", status: 403,
            message: "Missing Authentication Token"),
        Row(name: "Signature Version 2 header", request: withAuthorization("AWS AKIDEXAMPLE:qaNdqGsI6bq4Hi+9Gzovwyjbh0E="),
            reason: .incompleteSignature, code: "IncompleteSignature", status: 400,
            message: "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. "
                + "Authorization header requires 'SignedHeaders' parameter. Authorization=AWS AKIDEXAMPLE:qaNdqGsI6bq4Hi+9Gzovwyjbh0E="),
        Row(name: "bearer token", request: withAuthorization("Bearer abc").replacingHeader("X-Amz-Date", with: nil),
            reason: .incompleteSignature, code: "IncompleteSignature", status: 400,
            message: "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. "
                + "Authorization header requires 'SignedHeaders' parameter. Authorization header requires existence of either "
                + "a 'X-Amz-Date' or a 'Date' header. Authorization=Bearer abc"),
        Row(name: "no Signature", request: withAuthorization(
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date"),
            reason: .incompleteSignature, code: "IncompleteSignature", status: 400,
            message: "Authorization header requires 'Signature' parameter. Authorization=AWS4-HMAC-SHA256 "
                + "Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date"),
        Row(name: "no date header", request: vanilla.replacingHeader("X-Amz-Date", with: nil),
            reason: .incompleteSignature, code: "IncompleteSignature", status: 400,
            message: "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=" + good),
        Row(name: "space after Credential=", request: withAuthorization(
                "AWS4-HMAC-SHA256 Credential= AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc"),
            reason: .incompleteSignature, code: "IncompleteSignature", status: 400,
            message: "'AKIDEXAMPLE/20150830/us-east-1/service/aws4_request' not a valid key=value pair (missing equal-sign) in "
                + "Authorization header: 'AWS4-HMAC-SHA256 Credential= AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
                + "SignedHeaders=host;x-amz-date, Signature=abc'."),
        Row(name: "X-Amz-Date not in basic format", request: vanilla.replacingHeader("X-Amz-Date", with: "2015-08-30T12:36:00Z"),
            reason: .incompleteSignature, code: "IncompleteSignature", status: 400,
            message: "Date must be in ISO-8601 'basic format'. Got '2015-08-30T12:36:00Z'. See http://en.wikipedia.org/wiki/ISO_8601"),
        Row(name: "impossible X-Amz-Date", request: vanilla.replacingHeader("X-Amz-Date", with: "20150230T123600Z"),
            reason: .incompleteSignature, code: "IncompleteSignature", status: 400,
            message: "Date must be in ISO-8601 'basic format'. Got '20150230T123600Z'. See http://en.wikipedia.org/wiki/ISO_8601"),
        Row(name: "16 minutes late", request: vanilla, now: SuiteVectors.signedAt + 16 * 60,
            reason: .signatureExpired, code: "SignatureDoesNotMatch", status: 403,
            message: "Signature expired: 20150830T123600Z is now earlier than 20150830T123700Z (20150830T125200Z - 15 min.)"),
        Row(name: "16 minutes early", request: vanilla, now: SuiteVectors.signedAt - 16 * 60,
            reason: .signatureNotYetCurrent, code: "SignatureDoesNotMatch", status: 403,
            message: "Signature not yet current: 20150830T123600Z is still later than 20150830T123500Z (20150830T122000Z + 15 min.)"),
        Row(name: "6 minutes late with Route 53's 5-minute window", request: vanilla,
            verifier: SigV4Verifier(secrets: [SuiteVectors.accessKeyID: SuiteVectors.secret], allowedSkew: 300, service: "service"),
            now: SuiteVectors.signedAt + 6 * 60,
            reason: .signatureExpired, code: "SignatureDoesNotMatch", status: 403,
            message: "Signature expired: 20150830T123600Z is now earlier than 20150830T123700Z (20150830T124200Z - 5 min.)"),
        Row(name: "Host not signed", request: withAuthorization(
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=x-amz-date, Signature=abc"),
            reason: .hostNotSigned, code: "SignatureDoesNotMatch", status: 403,
            message: "'Host' must be a 'SignedHeader' in the AWS Authorization."),
        Row(name: "other algorithm", request: withAuthorization(
                "AWS4-HMAC-SHA512 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc"),
            reason: .incompleteSignature, code: "IncompleteSignature", status: 400,
            message: "Unsupported AWS 'algorithm': 'AWS4-HMAC-SHA512' (only AWS4-HMAC-SHA256 for now). "),
        Row(name: "credential with 4 parts", request: withAuthorization(
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service, SignedHeaders=host;x-amz-date, Signature=abc"),
            reason: .incompleteSignature, code: "IncompleteSignature", status: 400,
            message: "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, "
                + "got 'AKIDEXAMPLE/20150830/us-east-1/service'"),
        Row(name: "wrong service in scope", request: withAuthorization(
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/ec2/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc"),
            reason: .invalidCredentialScope, code: "SignatureDoesNotMatch", status: 403,
            message: "Credential should be scoped to correct service: 'service'."),
        Row(name: "route53 scope sent to a verifier for another service", request: withAuthorization(
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/route53/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc"),
            reason: .invalidCredentialScope, code: "SignatureDoesNotMatch", status: 403,
            message: "Credential should be scoped to correct service: 'service'."),
        Row(name: "every scope part wrong", request: withAuthorization(
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150831//s3/aws5_request, SignedHeaders=host;x-amz-date, Signature=abc"),
            reason: .invalidCredentialScope, code: "SignatureDoesNotMatch", status: 403,
            message: "Credential should be scoped to a valid region, not ''. Credential should be scoped to correct service: 'service'. "
                + "Credential should be scoped with a valid terminator: 'aws4_request', not 'aws5_request'. Date in Credential scope "
                + "does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20150831' != '20150830', from '20150830T123600Z'."),
        Row(name: "unknown access key", request: withAuthorization(good.replacingOccurrences(of: "AKIDEXAMPLE", with: "AKIDUNKNOWN")),
            reason: .unknownAccessKey, code: "InvalidClientTokenId", status: 403,
            message: "The security token included in the request is invalid."),
        Row(name: "wrong secret", request: vanilla,
            verifier: SigV4Verifier(secrets: [SuiteVectors.accessKeyID: "not-the-secret"], service: "service"),
            reason: .signatureMismatch, code: "SignatureDoesNotMatch", status: 403, message: mismatch),
        Row(name: "signature in upper case", request: withAuthorization(good.uppercasedSignature),
            reason: .signatureMismatch, code: "SignatureDoesNotMatch", status: 403, message: mismatch),
        Row(name: "truncated signature", request: withAuthorization(String(good.dropLast(2))),
            reason: .signatureMismatch, code: "SignatureDoesNotMatch", status: 403, message: mismatch),
        Row(name: "other region (signature was for us-east-1)", request: withAuthorization(
                good.replacingOccurrences(of: "us-east-1", with: "eu-west-3")),
            reason: .signatureMismatch, code: "SignatureDoesNotMatch", status: 403, message: mismatch),
        Row(name: "body added to a signed empty POST", request: {
                var request = SuiteVectors.request("post-vanilla")
                request.body = Array("<x/>".utf8)
                return request
            }(),
            reason: .signatureMismatch, code: "SignatureDoesNotMatch", status: 403, message: mismatch),
        Row(name: "body changed under a signed x-amz-content-sha256", request: {
                var request = form
                request.body = Array("Param1=value2".utf8)
                return request
            }(),
            reason: .payloadHashMismatch, code: "SignatureDoesNotMatch", status: 403, message: mismatch),
        Row(name: "body and x-amz-content-sha256 changed together", request: {
                var request = form.replacingHeader("x-amz-content-sha256",
                                                   with: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
                request.body = []
                return request
            }(),
            reason: .signatureMismatch, code: "SignatureDoesNotMatch", status: 403, message: mismatch),
        Row(name: "signed header value changed", request: SuiteVectors.request("get-header-value-trim")
                .replacingHeader("My-Header2", with: "\"a b c d\""),
            reason: .signatureMismatch, code: "SignatureDoesNotMatch", status: 403, message: mismatch),
        Row(name: "session token changed", request: SuiteVectors.request("get-vanilla-with-session-token")
                .replacingHeader("X-Amz-Security-Token", with: "forged"),
            reason: .signatureMismatch, code: "SignatureDoesNotMatch", status: 403, message: mismatch),
    ]

    @Test("refused with AWS's code, status and message", arguments: rows)
    func refused(row: Row) throws {
        let result = row.verifier.verify(row.request, now: row.now)
        guard case .failure(let error) = result else {
            Issue.record("\(row.name) verified")
            return
        }
        #expect(error.reason == row.reason)
        #expect(error.code == row.code)
        #expect(error.httpStatus == row.status)
        #expect(error.message == row.message)
        #expect(error.type == "Sender")
    }

    @Test("the skew window is inclusive at both ends")
    func skewBoundaries() {
        for offset in [-900.0, -1, 0, 1, 900, 900.9] {
            let result = SuiteVectors.verifier.verify(Self.vanilla, now: SuiteVectors.signedAt + offset)
            #expect(result == .success("AKIDEXAMPLE"), "offset \(offset)")
        }
        for offset in [-901.0, 901] {
            let result = SuiteVectors.verifier.verify(Self.vanilla, now: SuiteVectors.signedAt + offset)
            #expect(throws: SigV4Error.self, "offset \(offset)") { try result.get() }
        }
    }

    @Test("the scope date must be the X-Amz-Date date even inside the skew window")
    func scopeDateAcrossMidnight() {
        // Signed at 23:59:59 with the next day's scope date: AWS refuses it however small the skew.
        let request = Self.withAuthorization(Self.good.replacingOccurrences(of: "20150830/", with: "20150831/"))
            .replacingHeader("X-Amz-Date", with: "20150830T235959Z")
        let result = SuiteVectors.verifier.verify(request, now: Date(timeIntervalSince1970: 1_440_979_199))
        #expect(throws: SigV4Error.self) { try result.get() }
        if case .failure(let error) = result { #expect(error.reason == .invalidCredentialScope) }
    }

    @Test("no configured keys: every key is unknown")
    func noKeys() {
        let result = SigV4Verifier(secrets: [:], service: "service").verify(Self.vanilla, now: SuiteVectors.signedAt)
        #expect(result == .failure(SigV4Error(reason: .unknownAccessKey, code: "InvalidClientTokenId",
                                              message: "The security token included in the request is invalid.",
                                              httpStatus: 403)))
    }

    @Test("UNSIGNED-PAYLOAD is accepted as the client's choice when it is what was signed")
    func unsignedPayload() {
        // Only the canonical payload line changes, so with that line the vector's signature no longer fits:
        // the request is refused as a signature mismatch, not as a payload-hash mismatch.
        let request = SuiteVectors.request("post-vanilla").replacingHeader("x-amz-content-sha256", with: "UNSIGNED-PAYLOAD")
        let result = SuiteVectors.verifier.verify(request, now: SuiteVectors.signedAt)
        if case .failure(let error) = result {
            #expect(error.reason == .signatureMismatch)
            #expect(error.canonicalRequest?.hasSuffix("\nUNSIGNED-PAYLOAD") == true)
        } else {
            Issue.record("verified with a payload line it was not signed with")
        }
    }
}

extension String {
    /// The same Authorization header with its signature in upper-case hex.
    fileprivate var uppercasedSignature: String {
        guard let range = range(of: "Signature=") else { return self }
        return String(self[..<range.upperBound]) + self[range.upperBound...].uppercased()
    }
}
