import HealthChecking
import Testing

struct DrillOverlayTests {
    @Test("effective = forced ?? computed", arguments: [
        (Bool?.none, true, true), (nil, false, false), (true, false, true), (false, true, false),
    ])
    func effective(forced: Bool?, computed: Bool, expected: Bool) {
        #expect(DrillOverlay(forced: forced).effective(computed: computed) == expected)
    }

    @Test("force and fault expire independently at their deadlines")
    func expiry() {
        let start = ContinuousClock.now
        var overlay = DrillOverlay()
        overlay.force(false, for: .seconds(10), now: start)
        overlay.inject(.refused, for: .seconds(5), now: start)
        #expect(overlay.nextExpiry == start + .seconds(5))
        #expect(!overlay.expire(now: start + .seconds(4)).changed)
        let first = overlay.expire(now: start + .seconds(5))
        #expect(first.faultCleared && !first.forceCleared && overlay.fault == nil && overlay.forced == false)
        #expect(overlay.nextExpiry == start + .seconds(10))
        let second = overlay.expire(now: start + .seconds(10))
        #expect(second.forceCleared && overlay.forced == nil && overlay.nextExpiry == nil)
    }

    @Test("no duration means until cleared; clearing drops the deadline")
    func openEnded() {
        let start = ContinuousClock.now
        var overlay = DrillOverlay()
        overlay.force(true, for: nil, now: start)
        #expect(overlay.nextExpiry == nil)
        #expect(!overlay.expire(now: start + .seconds(1_000_000)).changed)
        overlay.force(true, for: .seconds(1), now: start)
        overlay.force(nil, for: .seconds(1), now: start)
        #expect(overlay.forced == nil && overlay.forcedUntil == nil)
    }
}
