import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import Route53Model

/// Serves the Route 53 REST XML API (API-01…API-03) under `/2013-04-01/` on the control listener,
/// ahead of the lab API's routes. Dispatch is by method and path here, not through the router, so
/// that unknown paths and wrong methods also get a Route 53 `<ErrorResponse>` (issue 4 item 6)
/// instead of an empty 404. Also answers `POST /moto-api/reset` (moto's server-mode reset, which
/// third-party Route 53 test suites call between tests) with a reset to the seed state.
public struct Route53Middleware: RouterMiddleware {
    public typealias Context = ControlRequestContext

    let service: Route53Service
    let authenticator: Route53Authenticator
    let logger: Logger

    /// Largest request body: a full change batch (1,000 records of ≤ 4,000 characters, RR-16)
    /// fits with room for markup.
    static let maximumBodySize = 8 * 1024 * 1024
    static let prefix = "/2013-04-01/"

    public init(service: Route53Service, authenticator: Route53Authenticator, logger: Logger) {
        self.service = service
        self.authenticator = authenticator
        self.logger = logger
    }

    public func handle(_ request: Request, context: Context,
                       next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        guard path.hasPrefix(Self.prefix) || path == "/2013-04-01" else {
            // The lab API changes state without AWS semantics (drills, reset): off-box peers must
            // sign with a configured key, and with none configured only loopback may use it.
            if !context.isLoopbackPeer {
                var request = request
                let buffer = (try? await request.collectBody(upTo: Self.maximumBodySize)) ?? ByteBuffer()
                if case .failure(let error) = authenticate(request, body: Array(buffer.readableBytesView), context: context) {
                    return try LabAPI.json(LabError(code: error.code, message: error.message),
                                           status: HTTPResponse.Status(code: error.httpStatus))
                }
                if path == "/moto-api/reset" && request.method == .post { return try resetForTestSuites() }
                return try await next(request, context)
            }
            if path == "/moto-api/reset" && request.method == .post { return try resetForTestSuites() }
            return try await next(request, context)
        }
        let requestId = Route53IDs.requestId()
        do {
            var request = request
            let body: [UInt8]
            do {
                let buffer = try await request.collectBody(upTo: Self.maximumBodySize)
                body = Array(buffer.readableBytesView)
            } catch {
                throw Route53Error(code: "RequestEntityTooLarge",
                                   message: "The request body exceeds the maximum size of \(Self.maximumBodySize) bytes.", httpStatus: 413)
            }
            let actor = try authenticate(request, body: body, context: context).get()
            let segments = path.dropFirst(Self.prefix.count).split(separator: "/", omittingEmptySubsequences: true)
                .map { String($0).removingPercentEncoding ?? String($0) }
            var query: [String: String] = [:]
            for (key, value) in request.uri.queryParameters { query[String(key)] = String(value) }
            let call = Route53Call(method: request.method, segments: segments, query: query, body: body, actor: actor)
            let dispatcher = Route53Dispatcher(service: service)
            let outcome: Result<Route53Reply, Route53Error>
            if call.method == .get {
                outcome = Result { () throws(Route53Error) in try dispatcher.dispatch(call) }
            } else {
                // Writes commit and recompile: off the cooperative pool (`Route53WriteQueue`).
                outcome = await Route53WriteQueue.run { Result { () throws(Route53Error) in try dispatcher.dispatch(call) } }
            }
            let reply = try outcome.get()
            return Self.response(status: reply.status, body: reply.body, requestId: requestId, location: reply.location)
        } catch let error as Route53Error {
            if error.httpStatus >= 500 {
                logger.error("Route 53 API request failed", metadata: ["path": "\(path)", "error": "\(error)"])
            }
            return Self.response(status: error.httpStatus, body: Route53Response.error(error, requestId: requestId), requestId: requestId)
        } catch {
            // Never a bare 500 without the envelope (issue 4 item 6).
            logger.error("Route 53 API request failed", metadata: ["path": "\(path)", "error": "\(error)"])
            let failure = Route53Error(code: "InternalFailure", message: "An internal error occurred: \(error)", httpStatus: 500)
            return Self.response(status: 500, body: Route53Response.error(failure, requestId: requestId), requestId: requestId)
        }
    }

    /// SigV4 (or the loopback rule) for one request; the caller's identity on success.
    func authenticate(_ request: Request, body: [UInt8], context: Context) -> Result<String, Route53Error> {
        var headers = request.headers.map { ($0.name.rawName, $0.value) }
        // HTTP/1.1's Host header arrives as the request's authority (HTTPTypes); SigV4 signs it.
        if let authority = request.head.authority, !headers.contains(where: { $0.0.lowercased() == "host" }) {
            headers.append(("host", authority))
        }
        return authenticator.authenticate(method: request.method.rawValue, rawPath: request.uri.path, rawQuery: request.uri.query ?? "",
                                          headers: headers, body: body, loopbackPeer: context.isLoopbackPeer)
    }

    func resetForTestSuites() throws -> Response {
        do {
            try service.reset(actor: "moto-api")
        } catch {
            return Response(status: .internalServerError, headers: [.contentType: "application/json"],
                            body: ResponseBody(byteBuffer: ByteBuffer(string: #"{"status": "error"}"#)))
        }
        return Response(status: .ok, headers: [.contentType: "application/json"],
                        body: ResponseBody(byteBuffer: ByteBuffer(string: #"{"status": "ok"}"#)))
    }

    static func response(status: Int, body: [UInt8], requestId: String, location: String? = nil) -> Response {
        var headers: HTTPFields = [.contentType: "text/xml"]
        headers[HTTPField.Name("x-amzn-RequestId")!] = requestId
        if let location { headers[.location] = location }
        return Response(status: HTTPResponse.Status(code: status), headers: headers,
                        body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }
}

/// One API call, as the dispatcher sees it.
struct Route53Call {
    var method: HTTPRequest.Method
    /// Path segments after `/2013-04-01/`, percent-decoded.
    var segments: [String]
    /// Percent-decoded query parameters (the last value of a repeated key wins).
    var query: [String: String]
    var body: [UInt8]
    var actor: String

    func parameter(_ name: String) -> String? { query[name] }
}

struct Route53Reply {
    var status: Int
    var body: [UInt8]
    var location: String?

    init(_ body: [UInt8], status: Int = 200, location: String? = nil) {
        self.status = status
        self.body = body
        self.location = location
    }
}
