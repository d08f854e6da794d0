import Foundation
import Testing
import TestSupport

/// Golden text for the CLI's help and error output (issue 5 item 6): what users read is part of the
/// interface. `LAB53_UPDATE_GOLDEN=1 swift test --filter CLIGoldenTests` rewrites the files after an
/// intended change; review the diff before committing.
@Suite("lab53 golden help and errors")
struct CLIGoldenTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    struct Case: CustomTestStringConvertible, Sendable {
        let file: String
        let arguments: [String]
        let status: Int32
        var testDescription: String { file }
    }

    static let cases: [Case] = [
        Case(file: "help.txt", arguments: ["--help"], status: 0),
        Case(file: "zones-help.txt", arguments: ["zones", "--help"], status: 0),
        Case(file: "zones-import-help.txt", arguments: ["zones", "import", "--help"], status: 0),
        Case(file: "records-help.txt", arguments: ["records", "--help"], status: 0),
        Case(file: "records-apply-help.txt", arguments: ["records", "apply", "--help"], status: 0),
        Case(file: "error-missing-argument.txt", arguments: ["zones", "show"], status: 64),
        Case(file: "error-bad-type.txt", arguments: ["query", "www.example.test", "NOPE"], status: 64),
        Case(file: "error-unreachable.txt", arguments: ["checks", "--api", "127.0.0.1:1"], status: 2),
        Case(file: "error-bad-batch-file.txt", arguments: ["records", "apply", "lab.test", "/nonexistent/batch.json", "--api", "127.0.0.1:1"], status: 1),
    ]

    @Test(arguments: cases)
    func golden(_ row: Case) throws {
        let result = try ProcessRunner.run(executable: CLIQueryTests.cliPath, row.arguments, limit: 30)
        // Help goes to stdout, errors to stderr; the golden file holds whichever the case produces.
        // Connection errors carry libcurl's wording after the address, which is not ours to pin.
        var text = result.status == 0 ? result.stdout : result.stderr
        if row.status == 2, let cut = text.range(of: "127.0.0.1:1: ") { text = String(text[..<cut.upperBound]) + "…\n" }
        let path = Self.directory.appendingPathComponent(row.file)
        if ProcessInfo.processInfo.environment["LAB53_UPDATE_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(at: Self.directory, withIntermediateDirectories: true)
            try text.write(to: path, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOf: path, encoding: .utf8)
        #expect(result.status == row.status)
        #expect(text == expected)
    }
}
