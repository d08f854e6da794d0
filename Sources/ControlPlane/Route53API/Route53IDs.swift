import Foundation
import Route53Model

/// Identifiers of objects created through the API (API-02, HZ-18, HC-11, HZ-10).
enum Route53IDs {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")

    /// `C` + 20 upper-case letters/digits, like new-style change IDs (API-02).
    static func changeId() -> String { "C" + randomCharacters(20) }

    /// `N` + 20 upper-case letters/digits (HZ-10).
    static func delegationSetId() -> String { "N" + randomCharacters(20) }

    /// A lower-case UUID (HC-11).
    static func healthCheckId() -> String { UUID().uuidString.lowercased() }

    /// The request ID of `x-amzn-RequestId` (API-01).
    static func requestId() -> String { UUID().uuidString.lowercased() }

    static func randomCharacters(_ count: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return String((0..<count).map { _ in alphabet[Int(generator.next(upperBound: UInt64(alphabet.count)))] })
    }

    /// API-02: request IDs are bare, but a `/hostedzone/`, `/change/` or `/delegationset/` prefix
    /// (as the API returns them) is tolerated.
    static func bare(_ id: String) -> String {
        guard let slash = id.lastIndex(of: "/") else { return id }
        return String(id[id.index(after: slash)...])
    }
}
