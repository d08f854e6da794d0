extension ClientAddress {
    /// The address bits as two words (`high`: IPv6 bits 0–63, IPv4 in its top 32 bits; `low`:
    /// IPv6 bits 64–127): lets the query log copy an address into a fixed-size record without
    /// allocating (issue 5 item 4).
    @inline(__always)
    public var words: (high: UInt64, low: UInt64) { (high, low) }
}
