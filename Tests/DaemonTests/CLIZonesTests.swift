import Foundation
import Testing
import TestSupport

/// `lab53 zones …` and `lab53 records …` against the real daemon through the Route 53 API
/// (issue 5 item 6): JSON output for scripts, exit codes 1 (refused) and 2 (unreachable).
@Suite("lab53 zones and records")
struct CLIZonesTests {
    func run(_ daemon: DaemonProcess, _ arguments: [String]) throws -> ProcessRunner.Result {
        let api = try LabAPIClient(daemon).address
        return try ProcessRunner.run(executable: CLIQueryTests.cliPath, arguments + ["--api", api], limit: 30)
    }

    func json(_ result: ProcessRunner.Result) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
    }

    @Test("create, import a zone file, apply/upsert/delete a change batch, export, delete")
    func lifecycle() throws {
        let daemon = try DaemonFixture.startExample()
        let directory = try TemporaryDirectory()
        let zoneFile = try directory.write("cli.zone", """
            $ORIGIN cli.test.
            $TTL 300
            @    IN SOA ns.other. host.other. 1 2 3 4 5
            @    IN NS  ns.other.
            www  IN A   192.0.2.5
            www  IN A   192.0.2.6
            mail IN MX  10 mx.cli.test.
            """)
        let imported = try run(daemon, ["zones", "import", "cli.test", zoneFile, "--create", "--output", "json"])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect((try json(imported) as? [String: String])?["RecordSets"] == "2")

        let answer = try #require(AnswerRecorder.addresses(client: try DaemonFixture.client(daemon), name: try .init("www.cli.test.")))
        #expect(answer == ["192.0.2.5", "192.0.2.6"])

        let batch = try directory.write("batch.json", """
            {"Comment": "cli test", "Changes": [{"Action": "CREATE", "ResourceRecordSet":
              {"Name": "api.cli.test", "Type": "A", "TTL": 60, "ResourceRecords": [{"Value": "192.0.2.9"}]}}]}
            """)
        #expect(try run(daemon, ["records", "apply", "cli.test", batch]).status == 0)
        let again = try run(daemon, ["records", "apply", "cli.test", batch])
        #expect(again.status == 1)
        #expect(again.stderr == "lab53: InvalidChangeBatch: [Tried to create resource record set [name='api.cli.test.', type='A'] but it already exists]\n")
        #expect(try run(daemon, ["records", "upsert", "cli.test", batch]).status == 0)

        let listed = try run(daemon, ["records", "list", "cli.test", "--output", "json"])
        let names = (try json(listed) as? [[String: Any]])?.map { "\($0["Name"] ?? "") \($0["Type"] ?? "")" }
        #expect(names == ["cli.test. NS", "cli.test. SOA", "api.cli.test. A", "mail.cli.test. MX", "www.cli.test. A"])

        let exported = try run(daemon, ["zones", "export", "cli.test"])
        #expect(exported.status == 0)
        #expect(exported.stdout.contains("www.cli.test.\t300\tIN\tA\t192.0.2.5"))
        #expect(exported.stdout.contains("mail.cli.test.\t300\tIN\tMX\t10 mx.cli.test."))

        let notEmpty = try run(daemon, ["zones", "delete", "cli.test"])
        #expect(notEmpty.status == 1)
        #expect(notEmpty.stderr.contains("HostedZoneNotEmpty"))
        #expect(try run(daemon, ["records", "delete", "cli.test", batch]).status == 0)
        let shown = try run(daemon, ["zones", "show", "cli.test", "--output", "json"])
        let zone = (try json(shown) as? [String: Any])?["HostedZone"] as? [String: Any]
        #expect(zone?["ResourceRecordSetCount"] as? String == "4")
    }

    @Test("exit codes: 2 when the daemon is unreachable, 1 for an unknown zone, 64 for bad usage")
    func exitCodes() throws {
        let unreachable = try ProcessRunner.run(executable: CLIQueryTests.cliPath, ["zones", "list", "--api", "127.0.0.1:1"], limit: 30)
        #expect(unreachable.status == 2)
        #expect(unreachable.stderr.hasPrefix("lab53: cannot reach lab53d at http://127.0.0.1:1"))
        let daemon = try DaemonFixture.startExample()
        let unknown = try run(daemon, ["records", "list", "nope.test"])
        #expect(unknown.status == 1)
        #expect(unknown.stderr == "lab53: NoSuchHostedZone: no hosted zone is named nope.test.\n")
        let usage = try ProcessRunner.run(executable: CLIQueryTests.cliPath, ["zones", "show"], limit: 30)
        #expect(usage.status == 64)
    }
}
