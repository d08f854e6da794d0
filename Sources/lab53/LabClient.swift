import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import AWSProtocol
import Route53Model

/// A blocking JSON client for the daemon's lab API (`/_lab/…`). The CLI is a short-lived
/// process, so a semaphore around URLSession keeps every command a straight line.
struct LabClient {
    let base: String
    var timeout: Double = 10

    init(api: String) {
        base = api.hasPrefix("http://") || api.hasPrefix("https://") ? api : "http://\(api)"
    }

    /// A failed call. `exitCode` follows the CLI's documented codes: 1 the daemon refused the
    /// request (its error code and message are shown), 2 the daemon could not be reached.
    struct Failure: Error, CustomStringConvertible {
        let description: String
        var exitCode: Int32 = 1
    }

    func get<T: Decodable>(_ path: String, as type: T.Type) throws -> T {
        try decode(try send("GET", path, body: nil), as: type)
    }

    @discardableResult
    func send<B: Encodable>(_ method: String, _ path: String, json body: B) throws -> Data {
        try send(method, path, body: try JSONEncoder().encode(body))
    }

    @discardableResult
    func send(_ method: String, _ path: String, body: Data?, contentType: String = "application/json") throws -> Data {
        guard let url = URL(string: base + path) else { throw Failure(description: "bad URL \(base + path)") }
        var request = URLRequest(url: url)
        request.httpMethod = method
        request.timeoutInterval = timeout
        if let body {
            request.httpBody = body
            request.setValue(contentType, forHTTPHeaderField: "Content-Type")
        }
        let box = ResponseBox()
        URLSession.shared.dataTask(with: request) { data, response, error in
            box.set(data: data, status: (response as? HTTPURLResponse)?.statusCode, error: error)
        }.resume()
        let (data, status, error) = box.wait()
        if let error {
            throw Failure(description: "cannot reach lab53d at \(base): \(error.localizedDescription)", exitCode: 2)
        }
        let payload = data ?? Data()
        guard let status, (200..<300).contains(status) else {
            if let lab = try? JSONDecoder().decode(LabError.self, from: payload) {
                throw Failure(description: "\(lab.code): \(lab.message)")
            }
            // The Route 53 API's <ErrorResponse> (API-05).
            if let error = try? XMLDocumentReader().read(Array(payload)), let code = error.descendant("Error", "Code")?.text {
                throw Failure(description: "\(code): \(error.descendant("Error", "Message")?.text ?? "")")
            }
            throw Failure(description: "HTTP \(status ?? 0): \(String(decoding: payload, as: UTF8.self))")
        }
        return payload
    }

    private func decode<T: Decodable>(_ data: Data, as type: T.Type) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch {
            throw Failure(description: "unexpected response from the lab API: \(error)")
        }
    }
}

/// Hands a URLSession completion to the waiting command thread.
private final class ResponseBox: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var value: (Data?, Int?, (any Error)?) = (nil, nil, nil)

    func set(data: Data?, status: Int?, error: (any Error)?) {
        value = (data, status, error)
        done.signal()
    }

    func wait() -> (Data?, Int?, (any Error)?) {
        done.wait()
        return value
    }
}

/// Percent-encodes a path segment (health-check IDs, alarm names).
func pathSegment(_ text: String) -> String {
    text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? text
}
