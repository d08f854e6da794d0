/// Splits zone-file presentation text into fields (RFC 1035 §5.1) without interpreting them.
///
/// libldns parses the text; this exists only so we can check what ldns lets through silently
/// (integer fields wider than their wire size wrap, an unterminated quote is closed for you, an
/// odd-length hex string is padded) and so error messages can quote a record as one clean line.
struct PresentationTokens {
    /// One field as written (quotes and escapes kept) and whether it was a quoted string.
    struct Token: Equatable {
        var text: String
        var quoted: Bool
    }

    private(set) var tokens: [Token] = []
    /// True when a `"` opened a string that never closed before the end of the text.
    private(set) var unterminatedQuote = false
    /// True when the text before the first field starts with a blank (a zone-file line whose
    /// owner is left out, meaning "the previous owner").
    private(set) var startsWithBlank = false

    init(_ text: some StringProtocol) {
        let bytes = Array(text.utf8)
        var index = 0
        var current: [UInt8] = []
        var inToken = false
        var quoted = false
        var inQuotes = false
        func finish() {
            if inToken {
                tokens.append(Token(text: String(decoding: current, as: UTF8.self), quoted: quoted))
            }
            current.removeAll(keepingCapacity: true)
            inToken = false
            quoted = false
        }
        if let first = bytes.first, first == UInt8(ascii: " ") || first == UInt8(ascii: "\t") {
            startsWithBlank = true
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\\") {
                // An escape keeps the next byte literal, even a quote or a blank.
                current.append(byte)
                if index + 1 < bytes.count { current.append(bytes[index + 1]) }
                inToken = true
                index += 2
                continue
            }
            if inQuotes {
                current.append(byte)
                if byte == UInt8(ascii: "\"") { inQuotes = false }
                index += 1
                continue
            }
            switch byte {
            case UInt8(ascii: "\""):
                inQuotes = true
                inToken = true
                quoted = true
                current.append(byte)
            case UInt8(ascii: ";"):
                finish()
                while index < bytes.count && bytes[index] != UInt8(ascii: "\n") { index += 1 }
                continue
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"),
                 UInt8(ascii: "("), UInt8(ascii: ")"):
                finish()
            default:
                inToken = true
                current.append(byte)
            }
            index += 1
        }
        unterminatedQuote = inQuotes
        finish()
    }

    /// The fields joined by single spaces: a multi-line record with comments as one line.
    var line: String { tokens.map(\.text).joined(separator: " ") }
}
