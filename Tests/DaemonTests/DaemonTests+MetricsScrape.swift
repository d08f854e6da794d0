import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import TestSupport

/// One `GET /metrics` from the daemon's control listener, parsed into samples (issue 5 item 3).
struct MetricsScrape {
    let text: String
    let contentType: String
    /// `name{labels}` exactly as printed → value.
    let samples: [String: Double]

    static func fetch(_ api: LabAPIClient) async throws -> MetricsScrape {
        var request = URLRequest(url: URL(string: api.base + "/metrics")!)
        request.timeoutInterval = 10
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = response as? HTTPURLResponse
        guard http?.statusCode == 200 else { throw FakeTargetError("GET /metrics: HTTP \(http?.statusCode ?? 0)") }
        let text = String(decoding: data, as: UTF8.self)
        var samples: [String: Double] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else {
                throw FakeTargetError("unparsable sample line: \(line)")
            }
            samples[String(line[..<space])] = value
        }
        return MetricsScrape(text: text, contentType: http?.value(forHTTPHeaderField: "Content-Type") ?? "", samples: samples)
    }

    /// Samples of one metric family (exact name, labels any).
    func family(_ name: String) -> [String: Double] {
        samples.filter { $0.key == name || $0.key.hasPrefix(name + "{") }
    }

    /// Non-zero differences `self − earlier` of one family.
    func delta(_ name: String, since earlier: MetricsScrape) -> [String: Double] {
        var result: [String: Double] = [:]
        for (series, value) in family(name) {
            let change = value - (earlier.samples[series] ?? 0)
            if change != 0 { result[series] = change }
        }
        return result
    }

    subscript(_ series: String) -> Double? { samples[series] }
}

/// `promtool check metrics` (Debian package prometheus, installed by scripts/install-deps.sh).
enum Promtool {
    /// promtool's verdict on `text`: exit status and what it printed. Nil (with the reason
    /// recorded by the caller) when promtool is not installed.
    static func check(_ text: String) throws -> ProcessRunner.Result? {
        guard let promtool = try? ExternalTool.path(of: "promtool") else { return nil }
        let directory = try TemporaryDirectory()
        let file = try directory.write("metrics.txt", text)
        return try ExternalTool.run(executable: "/bin/sh", ["-c", "\"$0\" check metrics < \"$1\"", promtool, file], limit: 60)
    }
}
