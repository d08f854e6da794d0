import Yams

/// Walks a composed YAML tree (`Yams.compose`), collecting located problems instead of stopping at
/// the first: the config loader reports every problem of a file in one run. Not Codable on purpose —
/// Codable loses line numbers and silently ignores unknown keys.
final class YAMLNodeReader {
    let file: String
    private(set) var problems: [ConfigProblem] = []

    init(file: String) {
        self.file = file
    }

    func report(line: Int?, path: String, _ message: String) {
        problems.append(ConfigProblem(file: file, line: line, path: path, message: message))
    }

    /// `node` as a mapping whose keys all belong to `allowed`; each unknown key is reported at its line.
    func mapping(_ node: Node, path: String, allowed: [String]) -> YAMLFields? {
        guard case .mapping(let mapping) = node else {
            report(line: node.mark?.line, path: path, "expected a mapping with keys \(allowed.joined(separator: ", ")), found \(YAMLNodeReader.kind(of: node))")
            return nil
        }
        let problemsBefore = problems.count
        var entries: [String: (key: Node, value: Node)] = [:]
        // YAML merge keys (`<<: *anchor`) supply keys the mapping does not set itself.
        var merged: [(key: Node, value: Node)] = []
        for (key, value) in mapping where key.scalar?.string == "<<" {
            let sources: [Node] = if case .sequence(let list) = value { Array(list) } else { [value] }
            for source in sources {
                guard case .mapping(let inner) = source else {
                    report(line: source.mark?.line, path: YAMLFields.join(path, "<<"), "a merge key needs a mapping, found \(YAMLNodeReader.kind(of: source))")
                    continue
                }
                merged += inner.map { (key: $0.key, value: $0.value) }
            }
        }
        let explicit = mapping.filter { $0.key.scalar?.string != "<<" }.map { (key: $0.key, value: $0.value) }
        let explicitNames = Set(explicit.map { $0.key.scalar?.string ?? "" })
        for (key, value) in explicit + merged.filter({ !explicitNames.contains($0.key.scalar?.string ?? "") }) {
            let name = key.scalar?.string ?? ""
            if entries[name] != nil { continue }
            let keyPath = YAMLFields.join(path, name)
            if !allowed.contains(name) {
                report(line: key.mark?.line, path: keyPath, "unknown key; allowed keys: \(allowed.joined(separator: ", "))")
                continue
            }
            entries[name] = (key, value)
        }
        return YAMLFields(reader: self, path: path, line: node.mark?.line, entries: entries, problemsBefore: problemsBefore)
    }

    /// A scalar's text, or nil (reported) for mappings and sequences.
    func scalar(_ node: Node, path: String, expected: String = "a string") -> String? {
        guard case .scalar(let scalar) = node else {
            report(line: node.mark?.line, path: path, "expected \(expected), found \(YAMLNodeReader.kind(of: node))")
            return nil
        }
        return scalar.string
    }

    /// `~`, `null` and an empty plain scalar mean "absent".
    static func isNull(_ node: Node) -> Bool {
        guard case .scalar(let scalar) = node, scalar.style == .plain || scalar.style == .any else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    static func kind(of node: Node) -> String {
        switch node {
        case .scalar(let scalar): "the scalar \(scalar.string)"
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        }
    }
}
