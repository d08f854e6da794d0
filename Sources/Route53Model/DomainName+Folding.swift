import DNSWire

extension DomainName {
    /// `lowercased()` that returns the name itself, sharing its storage, when it has no upper-case
    /// letter: names in record sets are already folded (RR-02), so the importer and the snapshot
    /// compiler keep one copy of each owner name instead of one per layer (issue 6, scale).
    public func foldedSharingStorage() -> DomainName {
        hasUpperCase ? lowercased() : self
    }

    /// Whether any byte is an ASCII upper-case letter, eight bytes at a time (`NameHash.folded`
    /// changes a word exactly when one of its bytes is A–Z): the byte loop ran three times per
    /// name of a million-name import (issue 6, scale).
    public var hasUpperCase: Bool {
        wire.withUnsafeBytes { bytes in
            var offset = 0
            while offset + 8 <= bytes.count {
                let word = bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                if NameHash.folded(word) != word { return true }
                offset += 8
            }
            while offset < bytes.count {
                if bytes[offset] >= 0x41 && bytes[offset] <= 0x5A { return true }
                offset += 1
            }
            return false
        }
    }
}
