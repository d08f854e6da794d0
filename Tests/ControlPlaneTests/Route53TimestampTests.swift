@testable import ControlPlane
import Foundation
import Testing

/// API-01 timestamps: the hand-written formatter gives what `ISO8601DateFormatter` gives (UTC,
/// milliseconds rounded to nearest), including the half-millisecond and pre-1970 edges.
@Suite("Route 53 timestamps (API-01)")
struct Route53TimestampTests {
    static func reference() -> ISO8601DateFormatter {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter
    }

    @Test("matches ISO8601DateFormatter on a grid of half milliseconds and a seeded spread of instants")
    func matchesFoundation() {
        var instants = (0..<2000).map { 1_700_000_000 + Double($0) * 0.0005 }
        instants += [0, -0.0005, -1.2345, 951_782_400.9995, 4_102_444_799.999, 1_487_468_201.958]
        var state: UInt64 = 53
        for _ in 0..<5000 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            instants.append(Double(state >> 32) + Double(state & 0xFFFF) / 65536)
        }
        let reference = Self.reference()
        for instant in instants {
            let date = Date(timeIntervalSince1970: instant)
            #expect(Route53Timestamp.string(date) == reference.string(from: date), "at \(instant)")
        }
    }

    @Test("the documented example")
    func example() {
        #expect(Route53Timestamp.string(Date(timeIntervalSince1970: 1_486_690_601.958)) == "2017-02-10T01:36:41.958Z")
    }
}
