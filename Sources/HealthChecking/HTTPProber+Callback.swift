import NIOCore
import Synchronization

extension HTTPProber {
    /// `CallbackProber`: the same probe as `probe(_:)` — including the HTTPS retry without SNI
    /// (HC-03) — reported through `completion` on the event loop, without a task.
    public func start(_ target: ProbeTarget, completion: @escaping @Sendable (ProbeResult) -> Void) -> ProbeHandle {
        guard case .http(let tls, let searchString) = target.kind else {
            return TCPProber(group: group).start(target, completion: completion)
        }
        if !tls { return RawProbeLoop.shared.submit([ProbeRequest(target: target, completion: completion)])[0] }
        let cancelled = Self.failure(ProberStatus.cancelled, target)
        let serverName = tls ? TLSProbeContext.serverName(target.serverName) : nil
        let first = launch(target, tls: tls, searchString: searchString, serverName: serverName)
        guard serverName != nil else {
            // Plain HTTP (and HTTPS without SNI) never retries: the promise is the whole probe.
            first.futureResult.whenComplete { completion(Self.verdict($0, cancelled)) }
            return ProbeHandle { first.succeed(cancelled) }
        }
        let current = RetryingAttempt(first)
        first.futureResult.whenComplete { outcome in
            let attempt = (try? outcome.get()) ?? cancelled
            // HC-03: a checker whose SNI handshake is rejected retries once without SNI.
            guard attempt.tlsHandshakeFailed,
                  let retry = current.replace(with: { launch(target, tls: tls, searchString: searchString, serverName: nil) }) else {
                completion(attempt.result)
                return
            }
            retry.futureResult.whenComplete { completion(Self.verdict($0, cancelled)) }
        }
        return ProbeHandle { current.cancel(with: cancelled) }
    }

    /// Plain HTTP probes go to the raw-socket loop (`RawProbeLoop`) in one submission; HTTPS
    /// probes without SNI (nothing to retry) to one event loop in one hop (`launch(batch:)`); the
    /// others start one by one.
    public func start(batch: [ProbeRequest]) -> [ProbeHandle] {
        var handles = [ProbeHandle?](repeating: nil, count: batch.count)
        var raw: [ProbeRequest] = []
        var rawIndices: [Int] = []
        var direct: [ProbeRequest] = []
        var directIndices: [Int] = []
        for (index, request) in batch.enumerated() {
            guard case .http(let tls, _) = request.target.kind else {
                handles[index] = start(request.target, completion: request.completion)
                continue
            }
            if !tls {
                raw.append(request)
                rawIndices.append(index)
            } else if TLSProbeContext.serverName(request.target.serverName) == nil {
                direct.append(request)
                directIndices.append(index)
            } else {
                handles[index] = start(request.target, completion: request.completion)
            }
        }
        if !raw.isEmpty {
            for (index, handle) in zip(rawIndices, RawProbeLoop.shared.submit(raw)) { handles[index] = handle }
        }
        if !direct.isEmpty {
            for ((index, request), promise) in zip(zip(directIndices, direct), launch(batch: direct)) {
                let cancelled = Self.failure(ProberStatus.cancelled, request.target)
                handles[index] = ProbeHandle { promise.succeed(cancelled) }
            }
        }
        return handles.map { $0 ?? .finished }
    }

    /// An awaited plain-HTTP probe on the raw-socket loop; task cancellation cancels it.
    func probeRaw(_ target: ProbeTarget) async -> ProbeResult {
        let handle = Mutex<ProbeHandle?>(nil)
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<ProbeResult, Never>) in
                let started = RawProbeLoop.shared.submit([ProbeRequest(target: target) { continuation.resume(returning: $0) }])[0]
                handle.withLock { $0 = started }
                if Task.isCancelled { started.cancel() }
            }
        } onCancel: {
            handle.withLock { $0 }?.cancel()
        }
    }

    private static func verdict(_ outcome: Result<HTTPProbeAttempt, any Error>, _ cancelled: HTTPProbeAttempt) -> ProbeResult {
        ((try? outcome.get()) ?? cancelled).result
    }
}

/// The attempt of a callback HTTPS probe that may retry without SNI: cancelling completes
/// whichever attempt is current, and a retry is not started once cancelled.
final class RetryingAttempt: Sendable {
    private struct State {
        var promise: EventLoopPromise<HTTPProbeAttempt>
        var cancelled = false
    }

    private let state: Mutex<State>

    init(_ first: EventLoopPromise<HTTPProbeAttempt>) {
        state = Mutex(State(promise: first))
    }

    /// Starts the retry unless the probe was cancelled (nil then).
    func replace(with launch: () -> EventLoopPromise<HTTPProbeAttempt>) -> EventLoopPromise<HTTPProbeAttempt>? {
        state.withLock { state in
            guard !state.cancelled else { return nil }
            state.promise = launch()
            return state.promise
        }
    }

    func cancel(with result: HTTPProbeAttempt) {
        let promise = state.withLock { state in
            state.cancelled = true
            return state.promise
        }
        promise.succeed(result)
    }
}
