import DNSWire
import Foundation
import LabStore
import Route53Model
import Testing

/// A batch whose last mutation must fail, so that the whole batch must leave no trace.
struct FailingBatchRow: Sendable, CustomTestStringConvertible {
    var label: String
    /// Everything before the failing mutation is valid on its own.
    var failing: StoreMutation
    var problem: String
    var testDescription: String { label }
}

@Suite("transactions and durability")
struct TransactionTests {
    static let failingRows: [FailingBatchRow] = {
        let zone = try! StoreFixtures.zone("example.test.")
        var duplicated = zone
        duplicated.recordSets.append(duplicated.recordSets[0])
        let set = try! StoreFixtures.set("www.example.test.")
        return [
            FailingBatchRow(label: "putRecordSets for a zone that does not exist",
                            failing: .putRecordSets(zoneId: "ZMISSING", [set]), problem: "no hosted zone with ID ZMISSING"),
            FailingBatchRow(label: "deleteRecordSets for a zone that does not exist",
                            failing: .deleteRecordSets(zoneId: "ZMISSING", [RecordSetKey(set)]), problem: "ZMISSING"),
            FailingBatchRow(label: "putZoneMetadata for a zone that does not exist",
                            failing: .putZoneMetadata(StoreFixtures.stored(try! StoreFixtures.zone("missing.test."))),
                            problem: "no hosted zone with ID"),
            FailingBatchRow(label: "a change ID used twice",
                            failing: .appendChange(ChangeRecord(id: "CFIRST", submittedAt: StoreFixtures.createdAt,
                                                                operation: "Again", actor: "test", detail: "{}")),
                            problem: "UNIQUE constraint failed"),
            FailingBatchRow(label: "a reusable delegation set without an ID",
                            failing: .putDelegationSet(StoredDelegationSet(set: zone.delegationSet, createdAt: StoreFixtures.createdAt)),
                            problem: "needs an ID"),
            FailingBatchRow(label: "a zone holding one record set twice (RR-14)",
                            failing: .putZone(StoreFixtures.stored(duplicated)), problem: "UNIQUE constraint failed"),
        ]
    }()

    @Test("a batch whose later mutation fails writes nothing", arguments: failingRows)
    func failedBatchWritesNothing(row: FailingBatchRow) throws {
        try withTemporaryDirectory { directory in
            let store = try StateStore(directory: directory)
            let existing = try StoreFixtures.zone("existing.test.")
            try store.write([.putZone(StoreFixtures.stored(existing))])
            let before = try store.load()

            var zone = try StoreFixtures.zone("new.test.", existing: [existing])
            zone.recordSets.append(try StoreFixtures.set("www.new.test."))
            let batch: [StoreMutation] = [
                .putZone(StoreFixtures.stored(zone)),
                .putRecordSets(zoneId: existing.id, [try StoreFixtures.set("added.existing.test.")]),
                .appendChange(ChangeRecord(id: "CFIRST", submittedAt: StoreFixtures.createdAt, operation: "Test",
                                           actor: "test", detail: "{}")),
                .rememberCallerReference(.hostedZone, "ref-new"),
                .putMeta(key: "k", value: "v"),
                .setTags(TagSetKey(type: .hostedzone, id: zone.id), [Tag(key: "a", value: "b")]),
                row.failing,
            ]
            let error = try #require(throws: StoreError.self) { try store.write(batch) }
            #expect(error.description.contains(store.path))
            #expect(error.description.contains("mutation 7 of 7"))
            #expect(error.description.contains(row.problem))
            #expect(error.description.contains("nothing was written"))

            #expect(try store.load() == before)
            #expect(try store.change(id: "CFIRST") == nil)
            // And nothing reached the file either.
            #expect(try StateStore(directory: directory).load() == before)
        }
    }

    @Test("the file is in WAL mode with synchronous FULL, foreign keys and a busy timeout")
    func connectionSettings() throws {
        try withTemporaryDirectory { directory in
            let store = try StateStore(directory: directory)
            let settings = try store.connectionSettings()
            #expect(settings.journalMode == "wal")
            #expect(settings.synchronous == 2)
            #expect(settings.foreignKeys)
            #expect(settings.busyTimeoutMilliseconds == 5000)
            #expect(store.path == directory + "/lab53.sqlite")
            #expect(FileManager.default.fileExists(atPath: store.path))
        }
        let memory = try StateStore.inMemory().connectionSettings()
        #expect(memory.journalMode == "memory")
        #expect(memory.foreignKeys)
    }

    @Test("a commit is in the file: a second connection sees it while the first stays open")
    func committedWriteIsVisibleToAnotherConnection() throws {
        try withTemporaryDirectory { directory in
            let writer = try StateStore(directory: directory)
            let (expected, mutations) = try FullStateFixture.make()
            try writer.write(mutations)
            try writer.write([.appendChange(ChangeRecord(id: "CDURABLE", submittedAt: StoreFixtures.createdAt,
                                                         operation: "Test", actor: "test", detail: "{}"))])

            // `writer` is still open: nothing has been checkpointed or closed, so what the reader
            // sees was committed to the WAL file, not held in the writer's cache.
            let reader = try StateStore(directory: directory)
            #expect(try reader.load() == expected)
            #expect(try reader.change(id: "CDURABLE") != nil)
            #expect(FileManager.default.fileExists(atPath: writer.path + "-wal"))

            // And the other way round: the first connection sees the second one's commit.
            try reader.write([.putMeta(key: "from", value: "reader")])
            #expect(try writer.load().meta["from"] == "reader")
        }
    }

    @Test("the state directory is created, nested, when missing")
    func createsDirectory() throws {
        try withTemporaryDirectory { directory in
            let nested = directory + "/state/deeper"
            let store = try StateStore(directory: nested)
            try store.write([.putMeta(key: "k", value: "v")])
            #expect(try StateStore(directory: nested).load().meta == ["k": "v"])
        }
    }

    @Test("a directory that cannot be created is an error naming the file")
    func unusableDirectory() throws {
        try withTemporaryDirectory { directory in
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let file = directory + "/plain-file"
            #expect(FileManager.default.createFile(atPath: file, contents: Data("x".utf8)))
            let error = try #require(throws: StoreError.self) { try StateStore(directory: file + "/state") }
            #expect(error.description.contains(file + "/state/lab53.sqlite"))
            #expect(error.description.contains("cannot create the state directory"))
        }
    }

    @Test("a file that is not a database is an error naming the file and SQLite's words")
    func notADatabase() throws {
        try withTemporaryDirectory { directory in
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let path = directory + "/lab53.sqlite"
            #expect(FileManager.default.createFile(atPath: path, contents: Data(repeating: 0x41, count: 4096)))
            let error = try #require(throws: StoreError.self) { try StateStore(directory: directory) }
            #expect(error.description.contains(path))
            #expect(error.description.contains("not a database"))
            #expect(error.sqliteResultCode == 26)
        }
    }

    @Test("an empty batch is allowed and writes nothing")
    func emptyBatch() throws {
        let store = try StateStore.inMemory()
        try store.write([])
        #expect(try store.load() == StoredState())
    }
}
