import AnswerEngine
import DNSWire
import HealthChecking
import Route53Model

extension HealthService {
    /// Tells the service how to find the record sets that name a check (the daemon passes the
    /// Route 53 service's view), so each event can say what it affects.
    public func setRecordSetLookup(_ lookup: @escaping @Sendable (String) -> [LabEventRecordSet]) {
        recordSetLookup.withLock { $0 = lookup }
    }

    /// Publishes one health event for `transition` (issue 5 item 5), after the new health vector
    /// `healthGeneration` is live, so the answers it carries are the ones DNS now serves.
    /// Never waits: the hub only appends to bounded buffers.
    func publishEvent(_ transition: HealthTransition, healthGeneration: UInt64) {
        let recordSets = recordSetLookup.withLock { $0 }?(transition.checkId) ?? []
        let answers = Self.answers(for: recordSets, state: store.current)
        events.publish { id in
            LabHealthEvent(eventId: id, healthCheckId: transition.checkId, from: LabView.word(transition.previous),
                           to: LabView.word(transition.healthy), realStatus: LabView.word(transition.realHealthy),
                           reason: transition.reason, cause: transition.cause.rawValue,
                           time: LabView.iso8601(transition.decidedAtWall), healthGeneration: healthGeneration,
                           recordSets: recordSets, answers: answers)
        }
    }

    /// One answer per affected name and type, in first-seen order.
    static func answers(for recordSets: [LabEventRecordSet], state: ServingState) -> [LabAnswer] {
        var seen: Set<String> = []
        var answers: [LabAnswer] = []
        for recordSet in recordSets where seen.insert("\(recordSet.name) \(recordSet.type)").inserted {
            guard let name = try? DomainName(recordSet.name), let type = RRType(mnemonic: recordSet.type),
                  let answer = LabView.servedAnswer(name: name, type: type, state: state) else { continue }
            answers.append(answer)
        }
        return answers
    }
}
