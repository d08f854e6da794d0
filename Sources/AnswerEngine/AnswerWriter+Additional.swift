import DNSWire

/// How an additional-section name was found, which decides where its addresses may come from.
enum TargetMode {
    /// From answer or apex-NS data: any hosted zone (DNS-04). `glue` (NS data) also allows
    /// occluded addresses of the same zone, as NSD does for NS targets.
    case answer(glue: Bool)
    /// From a referral to the delegation at `cut` (DNS-07): addresses of the same zone only,
    /// occluded ones included; those at or below the cut are required glue (RFC 9471 §3).
    case referral(cut: DomainName)
}

/// A name from NS/MX/SRV/CNAME data whose A and AAAA records belong in the additional section.
struct AdditionalTarget {
    let name: DomainName
    let sourceZone: Int
    let mode: TargetMode
}

extension AnswerWriter {
    /// Writes A records for every target, then AAAA records (IPv4 first when space runs out, as
    /// NSD orders them), skipping repeats and what the answer section already holds.
    mutating func writeAdditional() {
        guard !additionalTargets.isEmpty else { return }
        for type in [RRType.a, RRType.aaaa] {
            for position in additionalTargets.indices {
                guard !builder.truncated else { return }
                let target = additionalTargets[position]
                guard !additionalTargets[..<position].contains(where: { $0.name == target.name }) else { continue }
                if target.name == query.name && (answeredType == .any || answeredType == type) { continue }
                writeAddresses(of: target, type: type)
            }
        }
    }

    private mutating func writeAddresses(of target: AdditionalTarget, type: RRType) {
        let name = FoldedName(alreadyFolded: target.name)
        let zoneIndex: Int
        let apexOffset: Int
        let ignoringCuts: Bool
        var required = false
        switch target.mode {
        case .answer(let glue):
            guard let found = snapshot.zone(containing: name) else { return }
            (zoneIndex, apexOffset) = found
            ignoringCuts = glue && zoneIndex == target.sourceZone
        case .referral(let cut):
            // Glue comes from the delegating zone itself, even when a child zone is hosted too.
            let zone = snapshot.zones[target.sourceZone]
            guard target.name.isSubdomain(of: zone.apex) else { return }
            zoneIndex = target.sourceZone
            apexOffset = name.offset(ofSuffixWithLabels: zone.apex.labelCount)
            ignoringCuts = true
            required = target.name.isSubdomain(of: cut)
        }
        let zone = snapshot.zones[zoneIndex]
        let node: Int32
        switch zone.locate(name, apexOffset: apexOffset, ignoringCuts: ignoringCuts) {
        case .exact(let found), .wildcard(let found): node = found
        case .nxdomain, .referral: return
        }
        guard let group = zone.nodes[Int(node)].groupIndex(of: type) else { return }
        // A broken alias here only costs the extra records, never the answer.
        _ = emitGroup(zoneIndex: zoneIndex, ref: GroupRef(node: node, group: Int32(group)), owner: target.name,
                      section: .additional, required: required, targets: nil)
    }
}
