extension RDataText {
    /// Rewrites every three-digit `\DDD` escape of `text` from base `from` to base `to`, leaving
    /// `\X` escapes and everything else untouched.
    ///
    /// Zone files and libldns use decimal escapes (RFC 1035 §5.1); the Route 53 API uses octal
    /// ones in names and TXT data (RR-02, RR-03, RR-09: `\052` is `*`). Returns nil when an
    /// escape has a digit invalid in `from` or a value above 255, or when a radix is not 8 or 10.
    public static func convertEscapes(_ text: String, from: Int, to: Int) -> String? {
        guard [8, 10].contains(from), [8, 10].contains(to) else { return nil }
        if from == to { return text }
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            guard byte == UInt8(ascii: "\\"), index + 1 < bytes.count else {
                out.append(byte)
                index += 1
                continue
            }
            let digits = bytes[(index + 1)..<min(index + 4, bytes.count)]
            let isNumeric = digits.count == 3 && digits.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
            guard isNumeric else {
                // `\X`: copy the escape and the escaped byte, so `\\052` stays a literal backslash.
                out.append(byte)
                out.append(bytes[index + 1])
                index += 2
                continue
            }
            var value = 0
            for digit in digits {
                let digitValue = Int(digit - UInt8(ascii: "0"))
                guard digitValue < from else { return nil }
                value = value * from + digitValue
            }
            guard value <= 255 else { return nil }
            out.append(UInt8(ascii: "\\"))
            out.append(contentsOf: String(value, radix: to).leftPadded(to: 3).utf8)
            index += 4
        }
        return String(decoding: out, as: UTF8.self)
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: Swift.max(0, width - count)) + self
    }
}
