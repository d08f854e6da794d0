import DNSClient
import DNSWire
import Foundation
import ZoneText

/// Polls one name over DNS during a drill. An answer counts as bad when it is not NOERROR or has
/// no records of the asked type (SERVFAIL, empty, timeout): a failover must never produce one.
struct AnswerProbe {
    let client: DNSStubClient
    let name: DomainName
    let type: RRType

    struct Failure: Error, CustomStringConvertible { let description: String }

    /// The sorted RDATA texts of the current answer, or nil for a bad answer.
    func answerOrNil() -> [String]? {
        guard let response = try? client.query(name: name, type: type),
              response.extendedRCode == .noError else { return nil }
        let values = response.answers.filter { $0.type == type }.map { (try? RDataText.format(type: $0.type, rdata: $0.rdata)) ?? "?" }
        return values.isEmpty ? nil : values.sorted()
    }

    func answer() throws -> [String] {
        guard let answer = answerOrNil() else { throw Failure(description: "no good answer for \(name) \(type)") }
        return answer
    }

    func waitForChange(from baseline: [String], every milliseconds: Int, timeout: Double) throws -> (answer: [String], bad: Int) {
        try wait(every: milliseconds, timeout: timeout) { $0 != baseline }
    }

    func waitForEqual(to baseline: [String], every milliseconds: Int, timeout: Double) throws -> (answer: [String], bad: Int) {
        try wait(every: milliseconds, timeout: timeout) { $0 == baseline }
    }

    private func wait(every milliseconds: Int, timeout: Double, until done: ([String]) -> Bool) throws -> (answer: [String], bad: Int) {
        let deadline = Date().addingTimeInterval(timeout)
        var bad = 0
        while Date() < deadline {
            if let answer = answerOrNil() {
                if done(answer) { return (answer, bad) }
            } else {
                bad += 1
            }
            Thread.sleep(forTimeInterval: Double(milliseconds) / 1000)
        }
        throw Failure(description: "\(name) \(type) did not flip within \(format(timeout)) s")
    }
}

/// Runs a drill's kill/restore command with /bin/sh, waiting for the shell only: a restore
/// command usually starts a long-lived target in the background, and Foundation's `Process`
/// would wait until that grandchild exits too.
enum Shell {
    struct Failure: Error, CustomStringConvertible { let description: String }

    static func run(_ command: String) throws {
        var pid: pid_t = 0
        let arguments = ["/bin/sh", "-c", command]
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let spawned = posix_spawn(&pid, "/bin/sh", nil, nil, &argv, environ)
        guard spawned == 0 else { throw Failure(description: "cannot run /bin/sh: errno \(spawned)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let exited = status & 0x7F == 0
        let code = (status >> 8) & 0xFF
        guard exited && code == 0 else {
            throw Failure(description: "'\(command)' failed (wait status \(status))")
        }
    }
}
