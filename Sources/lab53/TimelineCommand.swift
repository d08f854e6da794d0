import ArgumentParser
import Route53Model

/// `lab53 timeline [--check ID]`: every transition with its stages (issue 3, item 7).
struct TimelineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "timeline",
        abstract: "Show health transitions: last good probe, first failed probe, decision, publication, first answer.",
        discussion: "Stage times are milliseconds relative to the decision (the threshold crossing).")

    @OptionGroup var lab: LabOptions
    @Option(help: "Only this health check.") var check: String?

    func run() throws {
        let query = check.map { "?check=\(pathSegment($0))" } ?? ""
        let entries = try lab.client.get("/_lab/timeline\(query)", as: [LabTimelineEntry].self)
        if lab.output == .json { return try printJSON(entries) }
        func ms(_ value: Double?) -> String { value.map { format(($0 * 100).rounded() / 100) } ?? "-" }
        print(Table.render(
            header: ["#", "TIME", "CHECK", "FROM → TO", "LAST GOOD", "FIRST FAIL", "PUBLISHED", "FIRST ANSWER", "REASON"],
            rows: entries.map {
                ["\($0.sequence)", $0.time, $0.healthCheckId, "\($0.from) → \($0.to)", ms($0.lastGoodProbeMs),
                 ms($0.firstFailedProbeMs), "+" + ms($0.publishedMs), $0.firstAnswerMs.map { "+" + ms($0) } ?? "-", $0.reason]
            }))
    }
}

/// `lab53 answer NAME [TYPE]`: what the daemon serves right now, through the lab API.
struct AnswerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "answer", abstract: "Show the answer currently served for a name.")

    @OptionGroup var lab: LabOptions
    @Argument(help: "The name.") var name: String
    @Argument(help: "The record type.") var type: String = "A"

    func run() throws {
        let answer = try lab.client.get("/_lab/answer?name=\(pathSegment(name))&type=\(pathSegment(type))", as: LabAnswer.self)
        if lab.output == .json { return try printJSON(answer) }
        print("\(answer.rcode) (zones generation \(answer.generation), health generation \(answer.healthGeneration))")
        answer.answer.forEach { print($0) }
    }
}
