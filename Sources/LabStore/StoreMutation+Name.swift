extension StoreMutation {
    /// The case name and its object, for error messages (`putRecordSets Z0123…`).
    var name: String {
        switch self {
        case .putZone(let stored): "putZone \(stored.zone.id)"
        case .putZoneMetadata(let stored): "putZoneMetadata \(stored.zone.id)"
        case .deleteZone(let id): "deleteZone \(id)"
        case .putRecordSets(let zoneId, _): "putRecordSets \(zoneId)"
        case .deleteRecordSets(let zoneId, _): "deleteRecordSets \(zoneId)"
        case .putHealthCheck(let stored): "putHealthCheck \(stored.check.id)"
        case .deleteHealthCheck(let id): "deleteHealthCheck \(id)"
        case .putDelegationSet(let stored): "putDelegationSet \(stored.set.id ?? "(no ID)")"
        case .deleteDelegationSet(let id): "deleteDelegationSet \(id)"
        case .setTags(let key, _): "setTags \(key.type.rawValue)/\(key.id)"
        case .appendChange(let change): "appendChange \(change.id)"
        case .rememberCallerReference(let kind, _): "rememberCallerReference \(kind.rawValue)"
        case .putDrillState(let state): "putDrillState \(state.checkId)"
        case .deleteDrillState(let checkId): "deleteDrillState \(checkId)"
        case .putMeta(let key, _): "putMeta \(key)"
        case .deleteAll: "deleteAll"
        }
    }
}
