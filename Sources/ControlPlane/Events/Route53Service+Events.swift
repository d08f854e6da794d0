import Route53Model

extension Route53Service {
    /// The record sets whose `HealthCheckId` names `checkId`, in zone order: what a health event
    /// for that check affects (issue 5 item 5).
    public func recordSets(namingHealthCheck checkId: String) -> [LabEventRecordSet] {
        LabView.eventRecordSets(checkId: checkId, zones: hostedZones)
    }
}
