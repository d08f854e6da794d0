import Yams

/// The keys of one YAML mapping, with typed accessors that report problems (value, rule, line, key path).
struct YAMLFields {
    let reader: YAMLNodeReader
    /// Key path of the mapping itself, e.g. `HostedZones[0]`.
    let path: String
    /// Line of the mapping.
    let line: Int?
    let entries: [String: (key: Node, value: Node)]
    /// Problems already reported when this mapping was entered.
    let problemsBefore: Int

    /// True when nothing was reported since this mapping was entered (its unknown keys included).
    var isClean: Bool { reader.problems.count == problemsBefore }

    static func join(_ path: String, _ key: String) -> String {
        path.isEmpty ? key : "\(path).\(key)"
    }

    func path(_ key: String) -> String { YAMLFields.join(path, key) }

    /// The value node of `key`, nil when absent or null.
    func node(_ key: String) -> Node? {
        guard let entry = entries[key], !YAMLNodeReader.isNull(entry.value) else { return nil }
        return entry.value
    }

    /// Line of the value of `key` (of the key when the value has no mark), else of the mapping.
    func line(_ key: String) -> Int? {
        entries[key].flatMap { $0.value.mark?.line ?? $0.key.mark?.line } ?? line
    }

    func has(_ key: String) -> Bool { node(key) != nil }

    /// Reports `key` as missing when it is required and absent.
    func require(_ key: String) -> Bool {
        if has(key) { return true }
        reader.report(line: line, path: path, "missing required key \(key)")
        return false
    }

    func report(_ key: String, _ message: String) {
        reader.report(line: line(key), path: path(key), message)
    }

    func string(_ key: String, required: Bool = false) -> String? {
        guard let node = node(key) else {
            if required { _ = require(key) }
            return nil
        }
        return reader.scalar(node, path: path(key))
    }

    /// An integer within `range`; text that is not an integer or out of range is reported.
    func integer(_ key: String, in range: ClosedRange<Int64>, required: Bool = false) -> Int64? {
        guard let text = string(key, required: required) else { return nil }
        let digits = text.hasPrefix("-") || text.hasPrefix("+") ? text.dropFirst() : Substring(text)
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            report(key, "\(text) is not an integer")
            return nil
        }
        guard let value = Int64(text), range.contains(value) else {
            report(key, "\(text) is out of range (\(range.lowerBound)…\(range.upperBound))")
            return nil
        }
        return value
    }

    /// An unsigned 64-bit integer (the seed).
    func unsigned(_ key: String) -> UInt64? {
        guard let text = string(key) else { return nil }
        guard !text.isEmpty, text.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            report(key, "\(text) is not a non-negative integer")
            return nil
        }
        guard let value = UInt64(text) else {
            report(key, "\(text) is out of range (0…\(UInt64.max))")
            return nil
        }
        return value
    }

    func bool(_ key: String, required: Bool = false) -> Bool? {
        guard let text = string(key, required: required) else { return nil }
        switch text.lowercased() {
        case "true": return true
        case "false": return false
        default:
            report(key, "\(text) is not true or false")
            return nil
        }
    }

    /// One of `allowed`, compared exactly.
    func choice(_ key: String, _ allowed: [String], required: Bool = false) -> String? {
        guard let text = string(key, required: required) else { return nil }
        guard allowed.contains(text) else {
            report(key, "\(text) is not one of \(allowed.joined(separator: ", "))")
            return nil
        }
        return text
    }

    func mapping(_ key: String, allowed: [String], required: Bool = false) -> YAMLFields? {
        guard let node = node(key) else {
            if required { _ = require(key) }
            return nil
        }
        return reader.mapping(node, path: path(key), allowed: allowed)
    }

    /// The items of a list with their key paths (`Key[0]`, …); a single scalar counts as a one-item list.
    func sequence(_ key: String) -> [(node: Node, path: String)]? {
        guard let node = node(key) else { return nil }
        switch node {
        case .sequence(let items):
            return items.enumerated().map { ($1, "\(path(key))[\($0)]") }
        case .scalar:
            return [(node, path(key))]
        default:
            report(key, "expected a list, found \(YAMLNodeReader.kind(of: node))")
            return nil
        }
    }
}
