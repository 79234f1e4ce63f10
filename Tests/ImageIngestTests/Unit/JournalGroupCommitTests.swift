import GRDB
import ImageIngest
import Testing

/// The journal's group commit, on its own: writes that share a batch each get their own outcome.
@Suite struct JournalGroupCommitTests {
    /// One write of a batch fails (a NOT NULL constraint): the batch is rolled back and its writes run again one
    /// transaction each, so that write alone fails and every other one is committed, once.
    @Test func aFailingWriteFailsAloneAndTheOthersOfItsBatchCommitOnce() async throws {
        let database = try DatabaseQueue()
        try await database.write { db in
            try db.execute(sql: "CREATE TABLE item (id INTEGER PRIMARY KEY, name TEXT NOT NULL, writes INTEGER NOT NULL DEFAULT 0)")
        }
        let commit = JournalGroupCommit(writer: database, batchTarget: 8)
        let outcomes = await withTaskGroup(of: (Int, Bool).self) { group in
            for index in 0..<8 {
                group.addTask {
                    do {
                        try await commit.write { db in
                            // the row counts how often its statement ran in a committed transaction
                            try db.execute(sql: "INSERT INTO item (id, name, writes) VALUES (?, ?, 1)",
                                           arguments: [index, index == 5 ? nil : "item \(index)"])
                        }
                        return (index, true)
                    } catch {
                        return (index, false)
                    }
                }
            }
            var outcomes: [Int: Bool] = [:]
            for await (index, succeeded) in group { outcomes[index] = succeeded }
            return outcomes
        }
        #expect(outcomes == Dictionary(uniqueKeysWithValues: (0..<8).map { ($0, $0 != 5) }))
        let rows = try database.read { db in try Row.fetchAll(db, sql: "SELECT id, writes FROM item ORDER BY id") }
        #expect(rows.map { $0["id"] as Int } == [0, 1, 2, 3, 4, 6, 7])
        #expect(rows.allSatisfy { $0["writes"] as Int == 1 })
    }

    /// What a write answers is what its body returned, read after its commit.
    @Test func aWriteAnswersItsBodysValue() async throws {
        let database = try DatabaseQueue()
        let commit = JournalGroupCommit(writer: database, batchTarget: 4)
        let values = try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<4 { group.addTask { try await commit.write { db in try Int.fetchOne(db, sql: "SELECT ?", arguments: [index * 10]) ?? -1 } } }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(values.sorted() == [0, 10, 20, 30])
    }
}
