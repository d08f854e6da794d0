import LabStore
import Route53Model

/// ChangeTagsForResource, ListTagsForResource(s) (API-03; ≤ 50 tags, key ≤ 128, value ≤ 256).
extension Route53Service {
    static let maximumTagsPerResource = 50
    static let maximumTagsPerRequest = 10

    public func changeTags(type rawType: String, id rawId: String, add: [Tag], remove: [String], actor: String) throws(Route53Error) {
        let type = try Self.resourceType(rawType)
        let id = try Self.taggedId(rawId, type: type)
        if add.count > Self.maximumTagsPerRequest || remove.count > Self.maximumTagsPerRequest {
            throw Route53Error(code: Route53Error.invalidInput,
                               message: "1 validation error detected: AddTags and RemoveTagKeys may each have at most \(Self.maximumTagsPerRequest) members.")
        }
        if add.isEmpty && remove.isEmpty {
            throw Route53Error(code: Route53Error.invalidInput, message: "You must specify at least one of AddTags or RemoveTagKeys.")
        }
        for tag in add {
            if tag.key.isEmpty || tag.key.count > 128 {
                throw Route53Error(code: Route53Error.invalidInput, message: Route53Message.tooLong(tag.key, maximum: 128, type: "TagKey"))
            }
            if tag.value.count > 256 {
                throw Route53Error(code: Route53Error.invalidInput, message: Route53Message.tooLong(tag.value, maximum: 256, type: "TagValue"))
            }
        }
        try write { state throws(Route53Error) in
            try Self.requireResource(type, id, in: state)
            let key = TagSetKey(type: type, id: id)
            var tags = state.tags[key] ?? []
            tags.removeAll { remove.contains($0.key) }
            for tag in add {
                if let index = tags.firstIndex(where: { $0.key == tag.key }) { tags[index].value = tag.value } else { tags.append(tag) }
            }
            guard tags.count <= Self.maximumTagsPerResource else {
                throw Route53Error(code: Route53Error.invalidInput,
                                   message: "A resource can have at most \(Self.maximumTagsPerResource) tags; this change would leave \(tags.count).")
            }
            state.tags[key] = tags.isEmpty ? nil : tags
            let change = changeRecord(operation: "ChangeTagsForResource", zoneId: type == .hostedzone ? id : nil, actor: actor,
                                      detail: ["ResourceType": type.rawValue, "ResourceId": id,
                                               "AddTags": add.map(\.key).joined(separator: ","), "RemoveTagKeys": remove.joined(separator: ",")])
            return ((), Effects(mutations: [.setTags(key, tags), .appendChange(change)]))
        }
    }

    public func tags(type rawType: String, id rawId: String) throws(Route53Error) -> (TaggedResourceType, String, [Tag]) {
        let type = try Self.resourceType(rawType)
        let id = try Self.taggedId(rawId, type: type)
        return try read { state throws(Route53Error) in
            try Self.requireResource(type, id, in: state)
            return (type, id, state.tags[TagSetKey(type: type, id: id)] ?? [])
        }
    }

    /// The tags API takes bare IDs of at most 32 characters in its path; a full `/hostedzone/Z…`
    /// is refused with the schema message, as on Route 53 (observed against the real service). A
    /// short prefixed ID is still tolerated (API-02).
    static func taggedId(_ rawId: String, type: TaggedResourceType) throws(Route53Error) -> String {
        guard type == .hostedzone else { return rawId }
        if rawId.count > 32 {
            throw Route53Error(code: Route53Error.invalidInput,
                               message: "1 validation error detected: Value '\(rawId)' at 'resourceId' failed to satisfy constraint: Member must have length less than or equal to 32")
        }
        return Route53IDs.bare(rawId)
    }

    static func resourceType(_ text: String) throws(Route53Error) -> TaggedResourceType {
        guard let type = TaggedResourceType(rawValue: text) else {
            throw Route53Error(code: Route53Error.invalidInput,
                               message: Route53Message.notInEnumeration(text, TaggedResourceType.allCases.map(\.rawValue)))
        }
        return type
    }

    static func requireResource(_ type: TaggedResourceType, _ id: String, in state: ControlState) throws(Route53Error) {
        switch type {
        case .hostedzone: if state.zoneIndex(id) == nil { throw noSuchHostedZone(id) }
        case .healthcheck: if state.healthCheckIndex(id) == nil { throw noSuchHealthCheck(id) }
        }
    }
}
