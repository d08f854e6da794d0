import ArgumentParser
import DNSClient
import DNSWire

/// `lab53 query NAME [TYPE]`: one query over UDP or TCP, printed dig-style.
struct QueryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query",
        abstract: "Send one DNS query and print the response.")

    @Argument(help: "The name to look up.")
    var name: String

    @Argument(help: "The record type (A, AAAA, MX, TXT, …, ANY or TYPEnnn).")
    var type: String = "A"

    @Option(name: .long, help: ArgumentHelp("The server as HOST:PORT; IPv6 as [::1]:5353.", valueName: "host:port"))
    var server: String = "127.0.0.1:5353"

    @Flag(name: .long, help: "Query over TCP instead of UDP.")
    var tcp = false

    @Option(name: .long, help: ArgumentHelp("EDNS UDP payload size; 0 sends no OPT record.", valueName: "bytes"))
    var bufsize: UInt16 = 1232

    func run() throws {
        guard let rrType = RRType(mnemonic: type) else {
            throw ValidationError("unknown record type '\(type)'")
        }
        let qname: DomainName
        do {
            qname = try DomainName(name)
        } catch {
            throw ValidationError("'\(name)' is not a valid domain name: \(error)")
        }
        let address = try Self.parseServer(server)
        let client = DNSStubClient(server: address)
        let edns: EDNS? = bufsize == 0 ? nil : EDNS(udpPayloadSize: bufsize)
        do {
            let response = try client.query(name: qname, type: rrType, over: tcp ? .tcp : .udp, edns: edns)
            print(DigStyle.render(response))
        } catch {
            throw ValidationError("query failed: \(error)")
        }
    }

    static func parseServer(_ text: String) throws -> DNSServerAddress {
        guard let colon = text.lastIndex(of: ":"), let port = UInt16(text[text.index(after: colon)...]) else {
            throw ValidationError("--server: '\(text)' is not HOST:PORT")
        }
        var host = String(text[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        return DNSServerAddress(host: host, port: port)
    }
}
