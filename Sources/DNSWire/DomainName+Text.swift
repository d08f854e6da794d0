extension DomainName {
    /// Parses presentation format (RFC 1035 §5.1): `\DDD` decimal and `\X` escapes.
    /// A name without a trailing dot is taken as absolute (Route 53 treats every name as fully
    /// qualified, RR-02). `"."` and `""` are the root.
    ///
    /// `escapeRadix` is 10 for zone files (RFC 1035) and 8 for Route 53 API input, whose
    /// `\ooo` escapes are octal (RR-02: `\052` is `*`).
    public init(_ text: String, escapeRadix: Int = 10) throws(DomainNameError) {
        let bytes = Array(text.utf8)
        if bytes.isEmpty || bytes == [UInt8(ascii: ".")] {
            self = .root
            return
        }
        var wire: [UInt8] = []
        wire.reserveCapacity(bytes.count + 2)
        var label: [UInt8] = []
        var index = 0
        func flush() throws(DomainNameError) {
            guard !label.isEmpty else { throw .emptyLabel }
            guard label.count <= 63 else { throw .labelTooLong }
            wire.append(UInt8(label.count))
            wire.append(contentsOf: label)
            label.removeAll(keepingCapacity: true)
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\\") {
                guard index + 1 < bytes.count else { throw .badEscape }
                let next = bytes[index + 1]
                if next >= UInt8(ascii: "0") && next <= UInt8(ascii: "9") {
                    guard index + 3 < bytes.count else { throw .badEscape }
                    var value = 0
                    for digit in bytes[(index + 1)...(index + 3)] {
                        let digitValue = Int(digit) - Int(UInt8(ascii: "0"))
                        guard digitValue >= 0 && digitValue < escapeRadix else { throw .badEscape }
                        value = value * escapeRadix + digitValue
                    }
                    guard value <= 255 else { throw .badEscape }
                    label.append(UInt8(value))
                    index += 4
                } else {
                    label.append(next)
                    index += 2
                }
            } else if byte == UInt8(ascii: ".") {
                try flush()
                index += 1
            } else {
                label.append(byte)
                index += 1
            }
        }
        if !label.isEmpty { try flush() }
        wire.append(0)
        guard wire.count <= 255 else { throw .nameTooLong }
        self.init(trustedWire: wire)
    }

    /// Presentation format with a trailing dot; bytes outside printable ASCII and the special
    /// characters `. \ " ( ) ; @ $` are escaped (`\DDD` decimal, `\X` for the specials).
    public var description: String {
        if isRoot { return "." }
        var out: [UInt8] = []
        out.reserveCapacity(wire.count + 8)
        for label in labels {
            for byte in label {
                switch byte {
                case UInt8(ascii: "."), UInt8(ascii: "\\"), UInt8(ascii: "\""), UInt8(ascii: "("),
                     UInt8(ascii: ")"), UInt8(ascii: ";"), UInt8(ascii: "@"), UInt8(ascii: "$"):
                    out.append(UInt8(ascii: "\\"))
                    out.append(byte)
                case 0x21...0x7E:
                    out.append(byte)
                default:
                    out.append(UInt8(ascii: "\\"))
                    out.append(contentsOf: String(format3: Int(byte), radix: 10).utf8)
                }
            }
            out.append(UInt8(ascii: "."))
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Route 53 API output form (RR-03): lower case; every byte other than `a-z 0-9 - _` is
    /// written as a three-digit **octal** escape, so `*.example.com.` reads `\052.example.com.`.
    public var route53Description: String {
        if isRoot { return "." }
        // Straight from the wire bytes into one buffer: this runs once per record set when a
        // config zone is seeded (issue 6, scale), so no per-label arrays or per-character appends.
        var out: [UInt8] = []
        out.reserveCapacity(wire.count + 8)
        var index = 0
        while wire[index] != 0 {
            let end = index + 1 + Int(wire[index])
            for position in (index + 1)..<end {
                let byte = DomainName.foldCase(wire[position])
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                     UInt8(ascii: "-"), UInt8(ascii: "_"):
                    out.append(byte)
                default:
                    out.append(UInt8(ascii: "\\"))
                    out.append(UInt8(ascii: "0") + byte >> 6)
                    out.append(UInt8(ascii: "0") + (byte >> 3) & 7)
                    out.append(UInt8(ascii: "0") + byte & 7)
                }
            }
            out.append(UInt8(ascii: "."))
            index = end
        }
        return String(decoding: out, as: UTF8.self)
    }
}

extension String {
    /// `value` in `radix`, left-padded with zeros to three digits.
    init(format3 value: Int, radix: Int) {
        let digits = String(value, radix: radix)
        let padding = String(repeating: "0", count: Swift.max(0, 3 - digits.count))
        self = padding + digits
    }
}
