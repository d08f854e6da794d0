import DNSWire
import LabStore
import Route53Model

/// A change batch applied over a zone's record sets without copying them (API-20, API-21): only the
/// slots the batch touches are held here. Slots `0..<base.count` are the zone's record sets in
/// stored order; created sets take slots after them, in the order they are created — the same
/// layout as applying the batch to a copy of the array with tombstones, so the resulting order is
/// unchanged. Every operation is O(1); finding the batch's sets is one pass over the zone that
/// compares names and hashes only the sets at a name the batch writes (measured: hashing every
/// set's key per change was most of a change's cost at 10,000 record sets).
struct BatchOverlay {
    let base: [ResourceRecordSet]
    /// Slot of every key the batch names that exists now.
    private(set) var slotOf: [RecordSetKey: Int] = [:]
    /// Original positions at a name the batch touches, ascending (for the relational rules).
    private(set) var positionsAtNames: [Int] = []
    private var replaced: [Int: ResourceRecordSet] = [:]
    private(set) var removed: Set<Int> = []
    private var appended: [ResourceRecordSet?] = []

    init(base: [ResourceRecordSet], keys: [RecordSetKey]) {
        self.base = base
        let wanted = Set(keys)
        let names = NameFilter(keys.map(\.name))
        for (index, set) in base.enumerated() where names.contains(set.name) {
            positionsAtNames.append(index)
            let key = RecordSetKey(set)
            if wanted.contains(key) { slotOf[key] = index }
        }
    }

    /// The record set in `slot` now, nil when deleted.
    func content(_ slot: Int) -> ResourceRecordSet? {
        if slot >= base.count { return appended[slot - base.count] }
        if removed.contains(slot) { return nil }
        return replaced[slot] ?? base[slot]
    }

    /// True when the original set at `position` is still there, untouched by the batch.
    func isUnchanged(_ position: Int) -> Bool {
        !removed.contains(position) && replaced[position] == nil
    }

    mutating func append(_ set: ResourceRecordSet, key: RecordSetKey) {
        slotOf[key] = base.count + appended.count
        appended.append(set)
    }

    mutating func replace(_ slot: Int, with set: ResourceRecordSet) {
        if slot >= base.count {
            appended[slot - base.count] = set
        } else {
            replaced[slot] = set
        }
    }

    mutating func remove(_ slot: Int, key: RecordSetKey) {
        if slot >= base.count {
            appended[slot - base.count] = nil
        } else {
            replaced[slot] = nil
            removed.insert(slot)
        }
        slotOf[key] = nil
    }

    /// The zone's record sets afterwards, in slot order.
    func recordSets() -> [ResourceRecordSet] {
        var result: [ResourceRecordSet]
        if removed.isEmpty {
            result = base
            for (slot, set) in replaced { result[slot] = set }
        } else {
            result = []
            result.reserveCapacity(base.count + appended.count)
            for index in base.indices where !removed.contains(index) {
                result.append(replaced[index] ?? base[index])
            }
        }
        result.append(contentsOf: appended.compactMap { $0 })
        return result
    }
}

/// Membership of a few names by comparison (no hashing), of many through a set.
struct NameFilter {
    private let few: [DomainName]
    private let many: Set<DomainName>?

    init(_ names: [DomainName]) {
        var distinct: [DomainName] = []
        for name in names where !distinct.contains(name) {
            distinct.append(name)
            if distinct.count > 8 { break }
        }
        if distinct.count > 8 {
            few = []
            many = Set(names)
        } else {
            few = distinct
            many = nil
        }
    }

    func contains(_ name: DomainName) -> Bool {
        if let many { return many.contains(name) }
        return few.contains(name)
    }
}
