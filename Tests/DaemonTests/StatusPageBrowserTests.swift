import Foundation
import Route53Model
import Testing
import TestSupport

/// The status page (issue 5 item 7) in a real headless browser: Debian's Chromium loads
/// `GET /` from the daemon, runs the page's script (fetch `/_lab/status`, render, follow
/// `/_lab/events`), and the test asserts on the DOM it dumps and on a screenshot.
///
/// The example configuration at `--time-scale 100` keeps every check in its initial healthy
/// state (HC-08) for the test, so the first render is known; a drill then flips `web-primary`.
@Suite("Status page in headless Chromium", .serialized)
struct StatusPageBrowserTests {
    /// The `<tr …>…</tr>` whose opening tag contains `marker`, or "" when none.
    static func row(_ dom: String, _ marker: String) -> String {
        guard let start = dom.range(of: marker) else { return "" }
        let rowStart = dom[..<start.lowerBound].range(of: "<tr", options: .backwards)?.lowerBound ?? start.lowerBound
        let end = dom[start.upperBound...].range(of: "</tr>")?.upperBound ?? dom.endIndex
        return String(dom[rowStart..<end])
    }

    @Test("renders zones, checks and served answers, updates live from the event stream, and screenshots")
    func statusPage() async throws {
        #expect(HeadlessChromium.executable != nil, "install Debian's chromium (scripts/install-deps.sh)")
        guard HeadlessChromium.executable != nil else { return }
        let daemon = try DaemonFixture.startExample()
        let api = try LabAPIClient(daemon)
        let page = "http://\(api.address)/"

        // 1. First render. `?closeAfter=0`: the page does not follow the stream, so the
        //    virtual-time run ends once its fetch is done.
        let dom = try HeadlessChromium.dumpDOM(page + "?closeAfter=0")
        #expect(dom.contains("data-loaded=\"true\""), "the script ran and rendered:\n\(dom.prefix(2000))")
        for zone in ["demo.lab53.test.", "import.lab53.test."] {
            #expect(dom.contains("data-zone-name=\"\(zone)\""), "zone \(zone) listed")
        }
        for check in ["web-primary", "web-secondary", "mv-1", "mv-2", "mv-3", "web-any"] {
            #expect(dom.contains("<tr data-check-id=\"\(check)\" data-status=\"Healthy\""), "\(check) shown Healthy")
        }
        let app = Self.row(dom, "data-name=\"app.demo.lab53.test.\"")
        #expect(app.contains("<td class=\"answer mono\"><ul class=\"sets\"><li>127.0.0.1</li></ul></td>"), "PRIMARY served: \(app)")
        #expect(app.contains("failover PRIMARY") && app.contains("failover SECONDARY"))
        #expect(Self.row(dom, "data-name=\"geo.demo.lab53.test.\"").contains("<li>192.0.2.122</li>"), "no client: default location")

        // 2. Screenshot of the same state, in a temp dir (kept with LAB53_KEEP_SCREENSHOTS=1).
        let shots = try TemporaryDirectory()
        let keep = ProcessInfo.processInfo.environment["LAB53_KEEP_SCREENSHOTS"] != nil
        defer { if !keep { shots.remove() } }
        let png = shots.url.appendingPathComponent("status.png").path
        try HeadlessChromium.screenshot(page + "?closeAfter=0", to: png)
        let bytes = try #require(FileManager.default.contents(atPath: png))
        #expect(bytes.count > 10_000, "a rendered page, not a blank image (\(bytes.count) bytes)")
        #expect(Array(bytes.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], "PNG signature")
        if keep { print("status page screenshot: \(png)") }

        // 3. Live: the page follows /_lab/events until one health event arrived (then closes the
        //    stream so the run can end). Once the daemon counts its subscription, force a flip.
        let baseline = try await api.get("/_lab/status", as: LabStatus.self).eventSubscribers
        let browser = try HeadlessChromium(url: page + "?closeAfter=1", arguments: ["--dump-dom"])
        var attached = false
        for _ in 0..<3000 where browser.isRunning {
            if try await api.get("/_lab/status", as: LabStatus.self).eventSubscribers > baseline {
                attached = true
                break
            }
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(attached, "the page subscribed to /_lab/events\n\(browser.stderrTail)")
        let (_, forced) = try await api.send("POST", "/_lab/health-checks/web-primary/force", body: LabForceRequest(status: "Unhealthy"))
        #expect(forced == 200)
        let live = try browser.finish()
        #expect(live.contains("data-live-events=\"1\""), "one event arrived over SSE")
        #expect(live.contains("<tr data-check-id=\"web-primary\" data-status=\"Unhealthy\" data-real-status=\"Healthy\""))
        #expect(Self.row(live, "data-check-id=\"web-primary\"").contains("forced unhealthy"))
        #expect(Self.row(live, "data-name=\"app.demo.lab53.test.\"").contains("<li>127.0.0.2</li>"), "SECONDARY served now")
        #expect(live.contains("<li data-event-id=\"1\" data-check-id=\"web-primary\" data-to=\"Unhealthy\">"), "event listed")

        // 4. A fresh load shows the same state from its own fetch.
        let reloaded = try HeadlessChromium.dumpDOM(page + "?closeAfter=0")
        #expect(reloaded.contains("<tr data-check-id=\"web-primary\" data-status=\"Unhealthy\""))
        #expect(Self.row(reloaded, "data-name=\"app.demo.lab53.test.\"").contains("<li>127.0.0.2</li>"))
        #expect(reloaded.contains("data-last-event-id=\"1\""))
        // The same page at /status.
        #expect(try HeadlessChromium.dumpDOM("http://\(api.address)/status?closeAfter=0").contains("data-loaded=\"true\""))
    }
}
