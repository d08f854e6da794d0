import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// API-01 timestamps (`2017-02-10T01:36:41.958Z`: ISO-8601, UTC, milliseconds) without
/// `ISO8601DateFormatter`. Creating that formatter costs an ICU formatter per call, which was about
/// 15 % of the daemon's CPU per ChangeResourceRecordSets at an empty zone (Benchmarks/api.md).
/// Same output as the formatter with `[.withInternetDateTime, .withFractionalSeconds]` in UTC:
/// milliseconds rounded to nearest, checked against it in `Route53TimestampTests`.
enum Route53Timestamp {
    static func string(_ date: Date) -> String {
        let total = Int64((date.timeIntervalSince1970 * 1000).rounded())
        var seconds = total / 1000
        var milliseconds = total % 1000
        if milliseconds < 0 {
            seconds -= 1
            milliseconds += 1000
        }
        var clock = time_t(seconds)
        var parts = tm()
        gmtime_r(&clock, &parts)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(24)
        func digits(_ value: Int, _ count: Int) {
            var divisor = 1
            for _ in 1..<count { divisor *= 10 }
            while divisor > 0 {
                bytes.append(UInt8(ascii: "0") + UInt8((value / divisor) % 10))
                divisor /= 10
            }
        }
        digits(Int(parts.tm_year) + 1900, 4)
        bytes.append(UInt8(ascii: "-"))
        digits(Int(parts.tm_mon) + 1, 2)
        bytes.append(UInt8(ascii: "-"))
        digits(Int(parts.tm_mday), 2)
        bytes.append(UInt8(ascii: "T"))
        digits(Int(parts.tm_hour), 2)
        bytes.append(UInt8(ascii: ":"))
        digits(Int(parts.tm_min), 2)
        bytes.append(UInt8(ascii: ":"))
        digits(Int(parts.tm_sec), 2)
        bytes.append(UInt8(ascii: "."))
        digits(Int(milliseconds), 3)
        bytes.append(UInt8(ascii: "Z"))
        return String(decoding: bytes, as: UTF8.self)
    }
}
