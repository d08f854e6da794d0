import Foundation

/// A request time to the second, as SigV4 uses it: parsed from `X-Amz-Date` (ISO 8601 basic,
/// `20150830T123600Z`) or `Date` (RFC 1123, `Sun, 30 Aug 2015 12:36:00 GMT`), and written back in the
/// basic form for the string to sign and for AWS's skew messages. Calendar arithmetic is done by hand
/// (proleptic Gregorian, UTC) so it needs no formatter, locale or time zone.
struct SigV4Timestamp: Sendable, Hashable {
    /// Seconds since 1970-01-01T00:00:00Z.
    let epochSeconds: Int64

    init(epochSeconds: Int64) {
        self.epochSeconds = epochSeconds
    }

    /// Truncates to whole seconds.
    init(_ date: Date) {
        epochSeconds = Int64(date.timeIntervalSince1970.rounded(.down))
    }

    var date: Date { Date(timeIntervalSince1970: TimeInterval(epochSeconds)) }

    /// `yyyyMMdd'T'HHmmss'Z'`.
    var basic: String {
        let days = epochSeconds >= 0 ? epochSeconds / 86_400 : (epochSeconds - 86_399) / 86_400
        let secondOfDay = epochSeconds - days * 86_400
        let (year, month, day) = Self.civil(fromDays: days)
        return Self.pad(year, 4) + Self.pad(month, 2) + Self.pad(day, 2) + "T"
            + Self.pad(secondOfDay / 3600, 2) + Self.pad(secondOfDay / 60 % 60, 2) + Self.pad(secondOfDay % 60, 2) + "Z"
    }

    /// `yyyyMMdd`, the date part of a credential scope.
    var day: String { String(basic.prefix(8)) }

    /// Strict ISO 8601 basic format, exactly 16 characters.
    static func parseBasic(_ text: String) -> SigV4Timestamp? {
        let chars = Array(text.utf8)
        guard chars.count == 16, chars[8] == UInt8(ascii: "T"), chars[15] == UInt8(ascii: "Z") else { return nil }
        guard let year = number(chars[0..<4]), let month = number(chars[4..<6]), let day = number(chars[6..<8]),
              let hour = number(chars[9..<11]), let minute = number(chars[11..<13]),
              let second = number(chars[13..<15]) else { return nil }
        return make(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
    }

    /// RFC 1123 (`Sun, 30 Aug 2015 12:36:00 GMT`; Python's `formatdate` writes `-0000` for the zone),
    /// or the basic form, which some clients put in `Date` too.
    static func parseHTTPDate(_ text: String) -> SigV4Timestamp? {
        if let basic = parseBasic(text) { return basic }
        var fields = text.split(separator: " ").map(String.init)
        if let first = fields.first, first.hasSuffix(",") { fields.removeFirst() } // weekday is not checked
        guard fields.count == 5, ["GMT", "UTC", "UT", "Z", "+0000", "-0000"].contains(fields[4]),
              let day = number(Array(fields[0].utf8)[...]), fields[0].count <= 2,
              let month = months.firstIndex(of: fields[1].lowercased()).map({ Int64($0) + 1 }),
              fields[2].count == 4, let year = number(Array(fields[2].utf8)[...]) else { return nil }
        let time = fields[3].split(separator: ":", omittingEmptySubsequences: false)
        guard time.count == 3, time.allSatisfy({ $0.count == 2 }),
              let hour = number(Array(time[0].utf8)[...]), let minute = number(Array(time[1].utf8)[...]),
              let second = number(Array(time[2].utf8)[...]) else { return nil }
        return make(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
    }

    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    private static func make(year: Int64, month: Int64, day: Int64, hour: Int64, minute: Int64,
                             second: Int64) -> SigV4Timestamp? {
        guard (1...12).contains(month), day >= 1, day <= daysInMonth(year: year, month: month),
              hour < 24, minute < 60, second < 60 else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        return SigV4Timestamp(epochSeconds: days * 86_400 + hour * 3600 + minute * 60 + second)
    }

    private static func number(_ digits: ArraySlice<UInt8>) -> Int64? {
        guard !digits.isEmpty else { return nil }
        var value: Int64 = 0
        for digit in digits {
            guard digit >= UInt8(ascii: "0"), digit <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int64(digit - UInt8(ascii: "0"))
        }
        return value
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    private static func daysInMonth(year: Int64, month: Int64) -> Int64 {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 for a proleptic Gregorian date (H. Hinnant's `days_from_civil`).
    private static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// Inverse of `daysFromCivil`.
    private static func civil(fromDays days: Int64) -> (Int64, Int64, Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
