import Foundation
import Testing
import TestSupport

/// `lab53 query` against the real daemon: the CLI's only command until the control API exists.
@Suite("lab53 query")
struct CLIQueryTests {
    static var cliPath: String {
        URL(fileURLWithPath: DaemonProcess.executablePath).deletingLastPathComponent().appendingPathComponent("lab53").path
    }

    func runCLI(_ arguments: [String]) throws -> ProcessRunner.Result {
        try ProcessRunner.run(executable: Self.cliPath, arguments, limit: 30)
    }

    @Test("prints the answer dig-style over UDP and TCP", arguments: [false, true])
    func query(tcp: Bool) throws {
        let daemon = try DaemonFixture.startExample()
        let port = try #require(daemon.listener("udp")?.port)
        let result = try runCLI(["query", "www.demo.lab53.test", "A", "--server", "127.0.0.1:\(port)"] + (tcp ? ["--tcp"] : []))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("status: NOERROR"))
        #expect(result.stdout.contains("flags: qr aa;"))
        #expect(result.stdout.contains("www.demo.lab53.test.\t60\tIN\tA\t192.0.2.10"))
        #expect(result.stdout.contains("www.demo.lab53.test.\t60\tIN\tA\t192.0.2.11"))
    }

    @Test("bad input is a usage error with a clear message")
    func badInput() throws {
        let badType = try runCLI(["query", "www.demo.lab53.test", "NOPE"])
        #expect(badType.status != 0)
        #expect(badType.stderr.contains("unknown record type 'NOPE'"))
        let badServer = try runCLI(["query", "www.demo.lab53.test", "--server", "localhost"])
        #expect(badServer.status != 0)
        #expect(badServer.stderr.contains("--server: 'localhost' is not HOST:PORT"))
    }
}
