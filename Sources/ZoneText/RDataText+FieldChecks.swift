import DNSWire

/// Checks on RDATA text that libldns 1.8.3 does not make itself.
///
/// Measured on ldns 1.8.3: `MX 70000 x.` is stored as priority 4464, `MX -1 x.` as 65535,
/// `CAA 256 …` as flags 0, `SOA … 4294967296 …` as serial 0, `SVCB … port=65536` as port 0,
/// `TLSA 3 1 1 abc` as `abc0`, and `TXT "abc` as if the quote were closed. Route 53 rejects such
/// values (RR-06: "priority 0–65535"), so we check the fields before trusting the wire bytes.
extension RDataText {
    /// An integer field at a position of the RDATA text.
    struct IntegerField {
        let index: Int
        let max: UInt64
        /// The field may also be a mnemonic (DS algorithm) or a BIND time value (`1h`, SOA timers);
        /// only purely numeric text is range-checked then.
        var allowsWords = false
    }

    static let integerFields: [RRType: [IntegerField]] = [
        .mx: [IntegerField(index: 0, max: 0xFFFF)],
        .srv: [IntegerField(index: 0, max: 0xFFFF), IntegerField(index: 1, max: 0xFFFF), IntegerField(index: 2, max: 0xFFFF)],
        .naptr: [IntegerField(index: 0, max: 0xFFFF), IntegerField(index: 1, max: 0xFFFF)],
        .caa: [IntegerField(index: 0, max: 0xFF)],
        .ds: [IntegerField(index: 0, max: 0xFFFF), IntegerField(index: 1, max: 0xFF, allowsWords: true),
              IntegerField(index: 2, max: 0xFF)],
        .tlsa: [IntegerField(index: 0, max: 0xFF), IntegerField(index: 1, max: 0xFF), IntegerField(index: 2, max: 0xFF)],
        .sshfp: [IntegerField(index: 0, max: 0xFF), IntegerField(index: 1, max: 0xFF)],
        .svcb: [IntegerField(index: 0, max: 0xFFFF)],
        .https: [IntegerField(index: 0, max: 0xFFFF)],
        .soa: (2...6).map { IntegerField(index: $0, max: 0xFFFF_FFFF, allowsWords: $0 > 2) },
    ]

    /// Index of the first hex field that runs to the end of the text (whitespace allowed inside,
    /// RFC 4034 §5.3, RFC 6698 §2.2, RFC 4255 §3.2).
    static let hexTailStart: [RRType: Int] = [.ds: 3, .tlsa: 3, .sshfp: 2]

    /// Whether `type` has checks of its own beyond the quote and TTL checks every record gets.
    static func hasFieldRules(_ type: RRType) -> Bool {
        integerFields[type] != nil || hexTailStart[type] != nil || type == .svcb || type == .https
    }

    /// Returns why `tokens`, the RDATA fields of a `type` record, are unacceptable, or nil.
    static func fieldProblem(type: RRType, tokens: PresentationTokens) -> String? {
        fieldProblem(type: type, fields: tokens.tokens[...], unterminatedQuote: tokens.unterminatedQuote)
    }

    /// Same, for RDATA fields cut out of a whole zone-file record.
    static func fieldProblem(type: RRType, fields: ArraySlice<PresentationTokens.Token>,
                             unterminatedQuote: Bool) -> String? {
        if unterminatedQuote { return "unterminated quoted string" }
        let fields = Array(fields)
        // RFC 3597 §5 generic form: ldns checks the length against the hex itself.
        if fields.first?.text == "\\#" { return nil }
        for field in integerFields[type] ?? [] where field.index < fields.count {
            let text = fields[field.index].text
            if field.allowsWords && text.contains(where: \.isLetter) { continue }
            let numeric = !text.isEmpty && text.utf8.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
            guard numeric else { return "field \(field.index + 1) \"\(text)\" is not an unsigned integer" }
            guard let value = UInt64(text), value <= field.max else {
                return "field \(field.index + 1) \"\(text)\" is out of range 0…\(field.max)"
            }
        }
        if let start = hexTailStart[type], start < fields.count {
            let hex = fields[start...].map(\.text).joined()
            let isHex = hex.utf8.allSatisfy { byte in
                (0x30...0x39).contains(byte) || (0x41...0x46).contains(byte) || (0x61...0x66).contains(byte)
            }
            guard isHex, hex.utf8.count % 2 == 0 else {
                return "\"\(hex)\" is not an even number of hex digits"
            }
        }
        if type == .svcb || type == .https {
            for field in fields.dropFirst(2) {
                let lower = field.text.lowercased()
                guard lower.hasPrefix("port=") || lower.hasPrefix("key3=") else { continue }
                let value = lower.dropFirst(5).filter { $0 != "\"" }
                guard let port = UInt32(value), port <= 0xFFFF else {
                    return "SvcParam \"\(field.text)\" is not a port number 0…65535"
                }
            }
        }
        return nil
    }

    /// The checks of `fieldProblem` for a whole zone-file record (`owner TTL class type rdata`,
    /// owner left out when the line starts with a blank), plus the TTL limit of RFC 2181 §8.
    static func recordProblem(type: RRType, tokens: PresentationTokens) -> String? {
        var fields = tokens.tokens[...]
        if !tokens.startsWithBlank { fields = fields.dropFirst() }
        let names = [type.description, "TYPE\(type.rawValue)"]
        guard let typeIndex = fields.firstIndex(where: { names.contains($0.text.uppercased()) }) else { return nil }
        for field in fields[..<typeIndex] where !field.text.isEmpty && field.text.allSatisfy(\.isNumber) {
            guard let ttl = UInt64(field.text), ttl <= 0x7FFF_FFFF else {
                return "TTL \(field.text) is out of range 0…2147483647 (RFC 2181 §8)"
            }
        }
        return fieldProblem(type: type, fields: fields[(typeIndex + 1)...], unterminatedQuote: tokens.unterminatedQuote)
    }
}
