/// A fast case-insensitive hash of wire-format names (ASCII letters folded, RFC 4343), eight bytes
/// at a time, for the open-addressing name tables of zone import, validation and the compiled
/// snapshot. Not stable across versions; never persisted.
///
/// FNV-1a byte by byte and SipHash over a folded copy were a visible share of loading a
/// million-name zone (issue 6, scale).
public enum NameHash {
    /// The hash of the name bytes `bytes` (a whole wire name or a suffix of one).
    @inlinable
    public static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var hash: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(bytes.count)
        var offset = 0
        while offset + 8 <= bytes.count {
            hash = mix(hash, folded(bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)))
            offset += 8
        }
        if offset < bytes.count {
            var tail: UInt64 = 0
            for index in offset..<bytes.count { tail |= UInt64(bytes[index]) << (UInt64(index - offset) * 8) }
            hash = mix(hash, folded(tail))
        }
        return finalized(hash)
    }

    /// The hash of `name`.
    @inlinable
    public static func hash(_ name: DomainName) -> UInt64 {
        name.wire.withUnsafeBytes { hash($0) }
    }

    /// The eight bytes of `word` (little-endian lanes) with A–Z turned into a–z: a lane's bit 7 is
    /// set in `upper` exactly when it holds 0x41…0x5A (lanes ≥ 0x80 excluded, no carry between
    /// lanes), and 0x80 >> 2 is the case bit 0x20.
    @inlinable @inline(__always)
    public static func folded(_ word: UInt64) -> UInt64 {
        let low = word & 0x7F7F_7F7F_7F7F_7F7F
        let upper = (low &+ 0x3F3F_3F3F_3F3F_3F3F) & ~(low &+ 0x2525_2525_2525_2525) & ~word & 0x8080_8080_8080_8080
        return word | (upper >> 2)
    }

    @inlinable @inline(__always)
    static func mix(_ hash: UInt64, _ word: UInt64) -> UInt64 {
        let product = (hash ^ word).multipliedFullWidth(by: 0x9FB2_1C65_1E98_DF25)
        return product.high ^ product.low
    }

    /// The MurmurHash3 finaliser: every input bit reaches both halves (slot position and tag).
    @inlinable @inline(__always)
    public static func finalized(_ value: UInt64) -> UInt64 {
        var hash = value
        hash ^= hash >> 33
        hash = hash &* 0xFF51_AFD7_ED55_8CCD
        hash ^= hash >> 33
        return hash
    }
}
