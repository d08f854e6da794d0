import Foundation
import LabStore
import Route53Model

/// Drill states (forced status, pause) are part of the durable state: a restarted daemon is still
/// failed over if a drill said so (issue 4 item 4).
extension Route53Service {
    /// Records the drill state of `checkId` after the lab API changed it; nil `forced` and not
    /// paused removes the record.
    public func recordDrill(checkId: String, forcedHealthy: Bool?, forcedUntil: Date?, paused: Bool) {
        do {
            try write { state throws(Route53Error) in
                state.drillStates.removeAll { $0.checkId == checkId }
                guard forcedHealthy != nil || paused else {
                    return ((), Effects(mutations: [.deleteDrillState(checkId: checkId)]))
                }
                let drill = DrillState(checkId: checkId, forcedHealthy: forcedHealthy, forcedUntil: forcedUntil, paused: paused)
                state.drillStates.append(drill)
                return ((), Effects(mutations: [.putDrillState(drill)]))
            }
        } catch {
            logger.error("cannot store drill state", metadata: ["check": "\(checkId)", "error": "\(error)"])
        }
    }

    /// Re-applies stored drill states to the monitor after a start (expired forces are dropped).
    func applyDrillStates() {
        let drills = state.withLock { $0.drillStates }
        let now = clock()
        for drill in drills {
            if let healthy = drill.forcedHealthy {
                if let until = drill.forcedUntil {
                    let remaining = until.timeIntervalSince(now)
                    if remaining > 0 {
                        try? health.monitor.force(id: drill.checkId, healthy: healthy, for: .milliseconds(Int64(remaining * 1000)))
                    }
                } else {
                    try? health.monitor.force(id: drill.checkId, healthy: healthy, for: nil)
                }
            }
            if drill.paused { try? health.monitor.pause(id: drill.checkId) }
        }
    }
}
