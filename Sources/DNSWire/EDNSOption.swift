/// One EDNS(0) option as carried in OPT RDATA (RFC 6891 §6.1.2): code, then opaque data.
public struct EDNSOption: Sendable, Hashable {
    public var code: UInt16
    public var data: [UInt8]

    public init(code: UInt16, data: [UInt8]) {
        self.code = code
        self.data = data
    }

    /// EDNS Client Subnet (RFC 7871 §6).
    public static let clientSubnetCode: UInt16 = 8
}

extension EDNS {
    /// The OPT RDATA for this EDNS: the client-subnet option when set, else empty.
    public var optionBytes: [UInt8] {
        guard let clientSubnet else { return [] }
        let data = clientSubnet.optionData
        return [UInt8(EDNSOption.clientSubnetCode >> 8), UInt8(EDNSOption.clientSubnetCode & 0xFF),
                UInt8(data.count >> 8), UInt8(data.count & 0xFF)] + data
    }
}
