import Foundation
import Route53Model

/// A zone's delegation set (HZ-06, HZ-10) as JSON: the optional reusable-set ID and caller
/// reference, and the name servers by wire bytes in their stored order (HZ-08).
struct DelegationSetDTO: Codable {
    var id: String?
    var callerReference: String?
    var nameServers: [Data]

    init(_ set: DelegationSet) {
        id = set.id
        callerReference = set.callerReference
        nameServers = set.nameServers.map { Data($0.wire) }
    }

    func model() throws -> DelegationSet {
        DelegationSet(id: id, callerReference: callerReference, nameServers: try nameServers.map(RowCoding.name))
    }
}
