/// One plain-HTTP probe's verdict logic as a pure state machine (architecture pattern 1), for the
/// raw-socket probe loop (`RawProbeLoop`): the loop feeds it socket events and the time, and it
/// answers with the next deadline to arm or the finished `ProbeResult`. The rules are those of
/// `HTTPProbeHandler` (HC-01, HC-13): the response head within `firstByteTimeout` after connect,
/// healthy on 200–399; string-match kinds read the body until the string is found, 5120 bytes
/// are in, the body ends or `bodyTimeout` after the head passes.
struct HTTPProbeSession {
    typealias Instant = ContinuousClock.Instant

    enum Stage: Equatable {
        case connecting, awaitingFirstByte, readingHead, readingBody, finished
    }

    /// What the loop must do after an event.
    enum Step: Equatable {
        /// Keep reading; the current stage's deadline is at this instant.
        case wait(deadline: Instant)
        /// Close the socket and report.
        case done(ProbeResult)
    }

    let target: ProbeTarget
    let started: Instant
    private(set) var stage = Stage.connecting
    private var parser: HTTPResponseParser
    private var search: BodySearch?
    private var head: HTTPResponseHead?
    private var connectedAt: Instant?
    private var connectTime: Duration?
    private var timeToFirstByte: Duration?

    init(target: ProbeTarget, started: Instant) {
        self.target = target
        self.started = started
        let searchString: String? = if case .http(_, let string) = target.kind { string } else { nil }
        parser = HTTPResponseParser(wantsBody: searchString != nil)
        search = searchString.map(BodySearch.init(searchString:))
    }

    /// The connect deadline (HC-01: connect ≤ 4 s for HTTP types).
    var connectDeadline: Instant { started + target.connectTimeout }

    /// TCP is up: the request goes out now; the head is due `firstByteTimeout` after this.
    mutating func connected(at now: Instant) -> Instant {
        connectedAt = now
        connectTime = now - started
        stage = .awaitingFirstByte
        return now + target.firstByteTimeout
    }

    /// Response bytes arrived at `now`.
    mutating func received(_ bytes: [UInt8], at now: Instant) -> Step {
        guard stage != .finished else { return .done(result(success: false, status: ProberStatus.cancelled)) }
        if stage == .awaitingFirstByte {
            timeToFirstByte = connectedAt.map { now - $0 }
            stage = .readingHead
        }
        let events: [HTTPResponseParser.Event]
        do {
            events = try parser.feed(bytes)
        } catch {
            return fail(parsing: error)
        }
        return handle(events, at: now)
    }

    /// The peer closed the connection (read returned 0).
    mutating func closedByPeer() -> ProbeResult {
        switch stage {
        case .connecting, .awaitingFirstByte:
            return finish(success: false, status: ProberStatus.connectionClosedBeforeResponse)
        case .readingHead:
            return finish(success: false, status: ProberStatus.connectionClosedDuringHeaders)
        case .readingBody:
            if let events = try? parser.finish(), case .done(let result) = handle(events, at: started) { return result }
            return finish(success: false, status: searchFailure())
        case .finished:
            return result(success: false, status: ProberStatus.cancelled)
        }
    }

    /// The current stage's deadline passed.
    mutating func deadlineExpired() -> ProbeResult {
        let status = switch stage {
        case .connecting: ProberStatus.connectionTimedOut
        case .awaitingFirstByte: ProberStatus.responseTimedOut
        case .readingHead: ProberStatus.responseHeadersTimedOut
        case .readingBody: ProberStatus.responseBodyTimedOut
        case .finished: ProberStatus.cancelled
        }
        return finish(success: false, status: status)
    }

    /// A socket error (connect, write or read) with its HC-13 status.
    mutating func failed(_ status: String) -> ProbeResult {
        finish(success: false, status: status)
    }

    // MARK: - Verdicts (as `HTTPProbeHandler`)

    private mutating func handle(_ events: [HTTPResponseParser.Event], at now: Instant) -> Step {
        for event in events {
            switch event {
            case .head(let head):
                self.head = head
                let healthy = ProberStatus.isSuccessfulStatus(head.statusCode)
                guard healthy, search != nil else { return .done(finish(success: healthy, status: statusLine())) }
                // HC-01: the body must arrive within the body timeout after the status.
                stage = .readingBody
            case .body(let bytes):
                guard var current = search else { continue }
                let outcome = current.append(bytes)
                search = current
                switch outcome {
                case .found: return .done(finish(success: true, status: statusLine()))
                case .exhausted: return .done(finish(success: false, status: searchFailure()))
                case .needMore: break
                }
            case .end:
                return .done(finish(success: false, status: searchFailure()))
            }
        }
        if stage == .readingBody, bodyDeadline == nil { bodyDeadline = now + target.bodyTimeout }
        return .wait(deadline: stage == .readingBody ? bodyDeadline ?? now + target.bodyTimeout
                                                     : (connectedAt ?? started) + target.firstByteTimeout)
    }

    /// Set when the head is complete on a string-match probe.
    private var bodyDeadline: Instant?

    private mutating func fail(parsing error: HTTPResponseParser.Failure) -> Step {
        guard let status = ProberStatus.parseFailure(error) else { return .done(closedByPeer()) }
        return .done(finish(success: false, status: status))
    }

    private func statusLine() -> String {
        ProberStatus.statusLine(of: head)
    }

    private func searchFailure() -> String {
        ProberStatus.searchFailure(head: head, target: target)
    }

    private mutating func finish(success: Bool, status: String) -> ProbeResult {
        stage = .finished
        return result(success: success, status: status)
    }

    private func result(success: Bool, status: String) -> ProbeResult {
        ProbeResult(success: success, status: ProberStatus.withResolvedIP(status, for: target), connectTime: connectTime,
                    timeToFirstByte: timeToFirstByte)
    }
}
