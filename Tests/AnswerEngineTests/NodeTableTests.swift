@testable import AnswerEngine
import DNSWire
import Testing

/// The compiled zone's name index (issue 6, scale): every inserted name is found, through growth
/// from the smallest table and after a reserve; names that are absent, differ in one byte or are
/// a suffix of an inserted name are not.
@Suite("NodeTable")
struct NodeTableTests {
    static func nodes(_ count: Int) throws -> [ZoneNode] {
        try (0..<count).map { ZoneNode(name: try DomainName("n\($0).w\($0 % 7).example.test.")) }
    }

    @Test("finds every name after growing from empty or after a reserve", arguments: [false, true])
    func findsEveryName(reserved: Bool) throws {
        let nodes = try Self.nodes(5_000)
        var table = NodeTable()
        if reserved { table.reserveCapacity(nodes.count, in: []) }
        for index in nodes.indices { table.insert(Int32(index), in: nodes) }
        #expect(table.count == nodes.count)
        for index in nodes.indices {
            #expect(table.find(nodes[index].name.wire[...], in: nodes) == Int32(index))
        }
    }

    @Test("absent names, one-byte differences and suffixes are not found")
    func misses() throws {
        let nodes = try Self.nodes(100)
        var table = NodeTable()
        for index in nodes.indices { table.insert(Int32(index), in: nodes) }
        let absent = try ["n100.w2.example.test.", "n1.w2.example.test.", "n1.w1.example.tesu.", "w1.example.test.", "example.test.", "."]
            .map { try DomainName($0).wire }
        for wire in absent {
            #expect(table.find(wire[...], in: nodes) == nil, "\(wire)")
        }
        // A suffix of a longer buffer, as the query path looks up ancestors.
        let query = try DomainName("x.n5.w5.example.test.").wire
        #expect(table.find(query[2...], in: nodes) == 5)
    }
}
