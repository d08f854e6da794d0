import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Route53Model
import TestSupport

/// A JSON client for the daemon's lab API in tests (the `lab53` CLI has its own).
struct LabAPIClient {
    let base: String

    init(_ daemon: DaemonProcess) throws {
        let line = daemon.stdoutText.split(separator: "\n").first { $0.hasPrefix("api http ") }
        guard let line else { throw FakeTargetError("the daemon printed no `api http` line:\n\(daemon.stdoutText)") }
        base = "http://" + line.dropFirst("api http ".count)
    }

    var address: String { String(base.dropFirst("http://".count)) }

    func get<T: Decodable>(_ path: String, as type: T.Type = T.self) async throws -> T {
        let (data, status) = try await send("GET", path)
        guard status == 200 else { throw FakeTargetError("GET \(path): HTTP \(status) \(String(decoding: data, as: UTF8.self))") }
        return try JSONDecoder().decode(type, from: data)
    }

    @discardableResult
    func send(_ method: String, _ path: String, body: (some Encodable)?) async throws -> (Data, Int) {
        var request = URLRequest(url: URL(string: base + path)!)
        request.httpMethod = method
        request.timeoutInterval = 10
        if let body {
            request.httpBody = try JSONEncoder().encode(body)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        return (data, (response as? HTTPURLResponse)?.statusCode ?? 0)
    }

    @discardableResult
    func send(_ method: String, _ path: String) async throws -> (Data, Int) {
        try await send(method, path, body: Optional<LabForceRequest>.none)
    }
}
