import AWSProtocol
import Foundation
import Testing

/// Signatures made at test time by the real botocore (`SigV4Auth`, service `route53`, and a real
/// `route53` client), verified here. Skipped when `python3` cannot import botocore.
@Suite("SigV4: real botocore", .enabled(if: Botocore.isAvailable, "python3 cannot import botocore; skipping real-botocore SigV4 checks"))
struct SigV4BotocoreTests {
    static let verifier = SigV4Verifier(secrets: [Botocore.accessKeyID: Botocore.secret])

    static func signed() throws -> [Botocore.Signed] {
        let all = try Botocore.signed.get()
        try #require(all.count == 14, "botocore produced \(all.count) requests")
        return all
    }

    @Test("every botocore-signed request verifies")
    func verifies() throws {
        for signed in try Self.signed() {
            let result = Self.verifier.verify(signed.request, now: Date())
            #expect(result == .success(Botocore.accessKeyID), "\(signed.name): \(signed.method) \(signed.url) → \(result)")
        }
    }

    @Test("what botocore actually sent: encoded query, double-encoded path, '+' for space, Date header")
    func wireShapes() throws {
        let byName = Dictionary(uniqueKeysWithValues: try Self.signed().map { ($0.name, $0) })
        #expect(byName["client ListHostedZonesByName"]?.request.rawQuery == "dnsname=a%2Ab.example.com.&maxitems=1")
        #expect(byName["client ListResourceRecordSets"]?.request.rawQuery == "name=%2A.lab.test.&type=TXT")
        #expect(byName["client GetHostedZone"]?.request.rawPath == "/2013-04-01/hostedzone/Z0EXAMPLE11")
        #expect(byName["AWSRequest GET escaped path (signed double-encoded)"]?.request.rawPath == "/2013-04-01/hostedzone/Z%2A1/rrset/")
        #expect(byName["AWSRequest GET params with a space and a plus"]?.request.rawQuery == "marker=x+y%2Bz&maxitems=2")
        let dated = try #require(byName["AWSRequest Date header instead of X-Amz-Date"]?.request)
        #expect(dated.header("x-amz-date") == nil)
        #expect(dated.header("date")?.hasSuffix(" -0000") == true)
        #expect(byName["AWSRequest signed for eu-west-3"]?.request.header("authorization")?.contains("/eu-west-3/route53/") == true)
        let created = try #require(byName["client CreateHostedZone"]?.request)
        let root = try XMLDocumentReader().read(created.body)
        #expect(root.name == "CreateHostedZoneRequest")
        #expect(root.descendant("HostedZoneConfig", "Comment")?.text == "demo <&>")
    }

    @Test("botocore signatures stop verifying once the request is altered")
    func tampered() throws {
        for signed in try Self.signed() {
            var request = signed.request
            if request.body.isEmpty {
                request.rawPath += request.rawPath.hasSuffix("/") ? "x" : "/"
            } else {
                request.body[request.body.count / 2] ^= 0x01
            }
            let result = Self.verifier.verify(request, now: Date())
            if case .failure(let error) = result {
                #expect(error.reason == .signatureMismatch, "\(signed.name)")
            } else {
                Issue.record("\(signed.name): altered request still verified")
            }
            let wrongSecret = SigV4Verifier(secrets: [Botocore.accessKeyID: Botocore.secret + "x"])
            #expect(throws: SigV4Error.self, "\(signed.name)") { try wrongSecret.verify(signed.request, now: Date()).get() }
            let otherKeys = SigV4Verifier(secrets: ["AKIDSOMEONEELSE": Botocore.secret])
            let unknown = otherKeys.verify(signed.request, now: Date())
            #expect(unknown.failureCode == "InvalidClientTokenId", "\(signed.name)")
            let later = Self.verifier.verify(signed.request, now: Date() + 3600)
            #expect(later.failureCode == "SignatureDoesNotMatch", "\(signed.name)")
        }
    }

    @Test("the access key id can be read without verifying (history when no keys are configured)")
    func accessKeyOnly() throws {
        for signed in try Self.signed() {
            let header = try #require(signed.request.header("authorization"))
            #expect(SigV4Authorization.accessKeyID(fromAuthorizationHeader: header) == Botocore.accessKeyID)
        }
    }
}

extension Result where Failure == SigV4Error {
    fileprivate var failureCode: String? {
        if case .failure(let error) = self { return error.code }
        return nil
    }
}
