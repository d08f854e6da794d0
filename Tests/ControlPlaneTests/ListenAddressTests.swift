import DNSServer
import ControlPlane
import Testing

@Suite("Listen addresses")
struct ListenAddressTests {
    @Test("Valid HOST:PORT forms", arguments: [
        ("127.0.0.1:5353", "127.0.0.1", 5353), ("[::1]:53", "::1", 53), ("0.0.0.0:0", "0.0.0.0", 0),
        ("[2001:db8::1]:65535", "2001:db8::1", 65535),
    ])
    func valid(text: String, host: String, port: Int) throws {
        let address = try ListenAddress(parsing: text)
        #expect(address.host == host && address.port == port)
        #expect(address.description == text)
    }

    @Test("Invalid forms say why", arguments: [
        ("127.0.0.1", "127.0.0.1 is not HOST:PORT (e.g. 127.0.0.1:5353 or [::1]:5353)"),
        ("127.0.0.1:65536", "port 65536 is out of range (0…65535)"),
        ("127.0.0.1:http", "port http is not a number"),
        ("::1:53", "::1:53: an IPv6 address must be written in brackets, e.g. [::1]:5353"),
        ("localhost:53", "localhost is not an IPv4 address (IPv6 goes in brackets: [::1]:5353)"),
        ("[1.2.3.4]:53", "1.2.3.4 is not an IPv6 address"),
    ])
    func invalid(text: String, message: String) {
        let error = #expect(throws: ListenAddressError.self) { _ = try ListenAddress(parsing: text) }
        #expect(error?.message == message)
    }
}
