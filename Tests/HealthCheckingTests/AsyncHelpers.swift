import HealthChecking

/// Yields until `condition` holds, at most `limit` times (never sleeps); false if it never did.
func eventually(limit: Int = 1_000_000, _ condition: () -> Bool) async -> Bool {
    for _ in 0..<limit {
        if condition() { return true }
        await Task.yield()
    }
    return condition()
}

/// Steps a running monitor through `duration` of manual time: settles, advances to the next
/// wake-up, and repeats, so every probe happens at its exact scheduled instant.
func advance(_ monitor: HealthMonitor, _ clock: ManualClock, by duration: Duration) async {
    let target = clock.now + duration
    var next = await monitor.settle()
    while let wake = next, wake <= target {
        clock.advance(to: wake)
        next = await monitor.settle()
    }
    clock.advance(to: target)
    _ = await monitor.settle()
}

/// The next element of `stream`, or nil if it finishes first or `limit` passes on the real clock
/// (a guard against a hung test, not a timing assertion).
func firstTransition(of stream: AsyncStream<HealthTransition>, within limit: Duration) async -> HealthTransition? {
    await withTaskGroup(of: HealthTransition?.self) { group in
        group.addTask {
            var iterator = stream.makeAsyncIterator()
            return await iterator.next()
        }
        group.addTask {
            try? await Task.sleep(for: limit)
            return nil
        }
        let first = await group.next() ?? nil
        group.cancelAll()
        return first
    }
}

/// For tests on the real clock: checks `condition` every 10 ms for up to `limit` (a guard against
/// a hung test, not a timing assertion).
func poll(upTo limit: Duration = .seconds(30), _ condition: () -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + limit
    while ContinuousClock.now < deadline {
        if condition() { return true }
        try? await Task.sleep(for: .milliseconds(10))
    }
    return condition()
}
