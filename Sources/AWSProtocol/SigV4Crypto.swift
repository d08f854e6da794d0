import Crypto

/// The hashing half of Signature Version 4: SHA-256 hex digests, the derived signing key, HMAC, and
/// a comparison whose time does not depend on where two signatures differ.
enum SigV4Crypto {
    static func sha256Hex(_ bytes: some Sequence<UInt8>) -> String {
        hex(SHA256.hash(data: Array(bytes)))
    }

    /// kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request").
    static func signingKey(secret: String, date: String, region: String, service: String) -> SymmetricKey {
        var key = SymmetricKey(data: Array(("AWS4" + secret).utf8))
        for part in [date, region, service, "aws4_request"] {
            key = SymmetricKey(data: hmac(key: key, Array(part.utf8)))
        }
        return key
    }

    static func hmac(key: SymmetricKey, _ message: [UInt8]) -> [UInt8] {
        Array(HMAC<SHA256>.authenticationCode(for: message, using: key))
    }

    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Compares two strings in time that depends only on `expected`'s length, never on the position
    /// of the first difference, so a caller cannot find a valid signature byte by byte.
    static func constantTimeEquals(_ expected: String, _ provided: String) -> Bool {
        let lhs = Array(expected.utf8)
        let rhs = Array(provided.utf8)
        var difference: UInt8 = lhs.count == rhs.count ? 0 : 1
        for index in 0..<lhs.count {
            let other = rhs.isEmpty ? 0 : rhs[index % rhs.count]
            difference |= lhs[index] ^ other
        }
        return difference == 0
    }
}
