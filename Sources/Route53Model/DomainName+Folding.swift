import DNSWire

extension DomainName {
    /// `lowercased()` that returns the name itself, sharing its storage, when it has no upper-case
    /// letter: names in record sets are already folded (RR-02), so the importer and the snapshot
    /// compiler keep one copy of each owner name instead of one per layer (issue 6, scale).
    public func foldedSharingStorage() -> DomainName {
        wire.contains(where: { $0 >= 0x41 && $0 <= 0x5A }) ? lowercased() : self
    }
}
