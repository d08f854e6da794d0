import AWSProtocol
import Foundation
import Route53Model

/// Who may call the Route 53 API (issue 4 item 5). With access keys configured every request must
/// carry a valid Signature Version 4 (constant-time compare, clock-skew window). Without keys any
/// signature — or none — is accepted, but only from loopback peers; the daemon warns at start when
/// the API listens beyond loopback in that mode.
public struct Route53Authenticator: Sendable {
    let verifier: SigV4Verifier?

    /// `keys`: access key ID → secret access key; empty disables verification.
    public init(keys: [String: String], allowedSkew: TimeInterval = 900) {
        verifier = keys.isEmpty ? nil : SigV4Verifier(secrets: keys, allowedSkew: allowedSkew)
    }

    public var verifiesSignatures: Bool { verifier != nil }

    /// The caller's identity for the change history: the verified (or, without keys, the claimed)
    /// access key ID, else `anonymous`.
    public func authenticate(method: String, rawPath: String, rawQuery: String, headers: [(String, String)], body: [UInt8],
                      loopbackPeer: Bool, now: Date = Date()) -> Result<String, Route53Error> {
        guard let verifier else {
            guard loopbackPeer else {
                return .failure(Route53Error(code: "AccessDenied",
                                             message: "Lab53 has no access keys configured, so it accepts requests from loopback only.",
                                             httpStatus: 403))
            }
            let authorization = headers.first { $0.0.lowercased() == "authorization" }?.1
            return .success(authorization.flatMap(SigV4Authorization.accessKeyID(fromAuthorizationHeader:)) ?? "anonymous")
        }
        let request = SigV4Request(method: method, rawPath: rawPath, rawQuery: rawQuery, headers: headers, body: body)
        switch verifier.verify(request, now: now) {
        case .success(let key): return .success(key)
        case .failure(let error): return .failure(Route53Error(code: error.code, message: error.message, httpStatus: error.httpStatus))
        }
    }
}
