/// Reads RDATA fields left to right and appends their text; every step returns false when the
/// bytes are short or need an escape, so the caller falls back to libldns.
struct PlainCursor {
    let bytes: UnsafeBufferPointer<UInt8>
    var position = 0

    var atEnd: Bool { position == bytes.count }

    /// The separator between fields; true, to chain with the field readers.
    func space(_ out: inout [UInt8]) -> Bool {
        out.append(UInt8(ascii: " "))
        return true
    }

    /// A big-endian unsigned integer of `bytes` bytes, in decimal.
    mutating func number(bytes width: Int, into out: inout [UInt8]) -> Bool {
        guard position + width <= bytes.count else { return false }
        var value: UInt = 0
        for offset in 0..<width { value = value << 8 | UInt(bytes[position + offset]) }
        position += width
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            let count = Self.decimal(value, into: digits, at: 0)
            out.append(contentsOf: digits[..<count])
        }
        return true
    }

    /// An uncompressed name, absolute with its final dot (`.` for the root); false when a label
    /// holds a byte libldns would escape.
    mutating func name(into out: inout [UInt8]) -> Bool {
        var labels = 0
        while true {
            guard position < bytes.count else { return false }
            let length = Int(bytes[position])
            position += 1
            if length == 0 { break }
            guard length <= 63, position + length <= bytes.count else { return false }
            for offset in 0..<length {
                let byte = bytes[position + offset]
                guard Self.isPlainLabelByte(byte) else { return false }
                out.append(byte)
            }
            out.append(UInt8(ascii: "."))
            position += length
            labels += 1
        }
        if labels == 0 { out.append(UInt8(ascii: ".")) }
        return true
    }

    /// A character-string in double quotes; false when a byte is not printable ASCII or is `"`
    /// or `\`, which libldns escapes.
    mutating func characterString(into out: inout [UInt8]) -> Bool {
        guard position < bytes.count else { return false }
        let length = Int(bytes[position])
        position += 1
        guard position + length <= bytes.count else { return false }
        out.append(UInt8(ascii: "\""))
        for offset in 0..<length {
            let byte = bytes[position + offset]
            guard byte >= 0x20 && byte <= 0x7E && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "\\") else { return false }
            out.append(byte)
        }
        out.append(UInt8(ascii: "\""))
        position += length
        return true
    }

    /// Letters, digits, `-`, `_` and `*`: the bytes libldns prints as they are in every name.
    static func isPlainLabelByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "*"):
            return true
        default:
            return false
        }
    }

    /// Writes `value` in decimal at `offset`; returns the number of digits.
    static func decimal(_ value: UInt, into out: UnsafeMutableBufferPointer<UInt8>, at offset: Int) -> Int {
        var digits = 1
        var rest = value / 10
        while rest > 0 { digits += 1; rest /= 10 }
        var remaining = value
        for index in stride(from: offset + digits - 1, through: offset, by: -1) {
            out[index] = UInt8(ascii: "0") + UInt8(remaining % 10)
            remaining /= 10
        }
        return digits
    }

    /// Lower-case hex without leading zeros.
    static func hex(_ group: UInt16, into out: inout [UInt8]) {
        let digits: StaticString = "0123456789abcdef"
        var started = false
        for shift in stride(from: 12, through: 0, by: -4) {
            let nibble = Int(group >> UInt16(shift) & 0xF)
            if nibble == 0 && !started && shift > 0 { continue }
            started = true
            out.append(digits.utf8Start[nibble])
        }
    }
}
