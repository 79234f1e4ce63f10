import struct Foundation.Date
import GRDB
package import Logging
package import SuperOfficeWebAPI

import LibC

/// The durable record of an import: one row per file, in SQLite (WAL) through GRDB.
///
/// Every state change is committed before the step after it (one cached SQL statement; an import reads nothing
/// back; the changes of files in flight at once share a commit, `JournalGroupCommit`), written before and after
/// each network step
/// (pending → uploaded with blob id → done, or failed with stage and reason), so a process killed at
/// any moment leaves a row that says exactly what the next run must do. The database runs in WAL mode
/// with `synchronous=NORMAL` (its log checkpointed every 256 pages, at most 1 MiB): a committed change survives the process being killed (kill -9); only an
/// operating-system crash can lose the last transactions, and then the next run redoes those files.
package struct Journal: Sendable {
    /// The default journal location for an import folder: `<folder>/.image-ingest/journal.sqlite`.
    package static func defaultPath(forFolder folder: String) -> String {
        (folder.hasSuffix("/") ? folder : folder + "/") + FileDiscovery.stateFolderName + "/journal.sqlite"
    }

    /// Where the database file is.
    package let path: String
    private let pool: DatabasePool
    /// Every write goes through it: the rows of files in flight are committed together.
    private let groupCommit: JournalGroupCommit
    private let logger: Logger

    /// Opens (creating when needed, with its folder) the journal at `path`. `concurrentWriters`: how many tasks
    /// write at once (an import's files in flight); their writes are committed together, and with one the group
    /// commit never waits for more.
    /// - Throws: `IngestError` `.journal` when the file cannot be opened or is not a journal.
    package init(path: String, concurrentWriters: Int = 1, logger: Logger) throws(IngestError) {
        self.path = path
        self.logger = logger
        let folder = path.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        if !folder.isEmpty { mkdir(folder, 0o755) }
        var configuration = Configuration()
        configuration.label = "image-ingest.journal"
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            // the write-ahead log is checkpointed every 256 pages and kept to 1 MiB, so what the journal needs on disk
            // is bounded (`JournalRoom` checks for it before the first upload)
            try db.execute(sql: "PRAGMA wal_autocheckpoint = \(JournalRoom.walPages)")
            try db.execute(sql: "PRAGMA journal_size_limit = \(JournalRoom.walBytes)")
        }
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            try JournalRow.migrator().migrate(pool)
            groupCommit = JournalGroupCommit(writer: pool, batchTarget: concurrentWriters)
        } catch {
            throw JournalFailure.error("cannot open the journal", error, path: path)
        }
        logger.debug("journal open", metadata: ["path": "\(path)"])
    }

    /// Opens an existing journal read-only-in-spirit (for `status`); fails when there is none.
    /// - Throws: `IngestError` `.journal` when no journal exists at `path`.
    package static func openExisting(path: String, logger: Logger) throws(IngestError) -> Journal {
        guard access(path, F_OK) == 0 else {
            throw IngestError(stage: .record, code: .journal, message: "no journal here (run an import first)", path: path)
        }
        return try Journal(path: path, logger: logger)
    }

    /// The row for `path` on the server `target`, if any.
    package func entry(forPath path: String, target: String) async throws(IngestError) -> JournalEntry? {
        try await read { db in try JournalRow.fetchOne(db, key: ["path": path, "target": target])?.entry }
    }

    /// Every row (one per file and server), by path, then server.
    package func allEntries() async throws(IngestError) -> [JournalEntry] {
        try await read { db in try JournalRow.order(Column("path"), Column("target")).fetchAll(db).map(\.entry) }
    }

    /// Writes (inserts or replaces) a whole row, committed before this returns.
    package func save(_ entry: JournalEntry) async throws(IngestError) {
        var entry = entry
        entry.updatedAt = Date()
        let row = JournalRow(entry)
        try await write { db in try row.save(db) }
    }

    /// Records that an attempt at `path` starts: the row becomes pending with one more attempt, keeping
    /// its creation time. With `keepUploaded`, an `uploaded` row keeps its state (the next step only
    /// submits the ImageInfo).
    ///
    /// One cached `INSERT … ON CONFLICT DO UPDATE … RETURNING` statement, committed before this returns.
    @discardableResult
    package func beginAttempt(path: String, size: Int, modificationTimeNanoseconds: Int64, projectId: Int,
                             target: String = "", keepUploaded: Bool) async throws(IngestError) -> JournalEntry {
        let arguments = Self.attemptArguments(path: path, size: size, modificationTimeNanoseconds: modificationTimeNanoseconds,
                                              projectId: projectId, target: target, keepUploaded: keepUploaded)
        let row = try await write { db in
            let statement = try db.cachedStatement(sql: Self.beginAttemptSQL + " RETURNING *")
            statement.setUncheckedArguments(arguments)
            return try JournalRow.fetchOne(statement)
        }
        guard let row else {
            throw IngestError(stage: .record, code: .journal, message: "journal write returned no row", path: path)
        }
        return row.entry
    }

    /// `beginAttempt` without reading the row back (what an import needs: one statement, nothing decoded).
    func recordAttempt(path: String, size: Int, modificationTimeNanoseconds: Int64, projectId: Int,
                       target: String, keepUploaded: Bool) async throws(IngestError) {
        let arguments = Self.attemptArguments(path: path, size: size, modificationTimeNanoseconds: modificationTimeNanoseconds,
                                              projectId: projectId, target: target, keepUploaded: keepUploaded)
        try await write { db in
            try db.cachedStatement(sql: Self.beginAttemptSQL).execute(arguments: arguments)
        }
    }

    private static func attemptArguments(path: String, size: Int, modificationTimeNanoseconds: Int64, projectId: Int,
                                         target: String, keepUploaded: Bool) -> StatementArguments {
        [
            "path": path, "size": size, "mtime": modificationTimeNanoseconds, "projectId": projectId,
            "target": target, "now": JournalTimestamp.now(), "keepUploaded": keepUploaded,
        ]
    }

    /// Every SET expression sees the old row; an `uploaded` row stays uploaded (with its size, time and blob)
    /// when `:keepUploaded`.
    private static let beginAttemptSQL = """
        INSERT INTO file (path, size, mtimeNanos, sha256, projectId, target, state, blobId, stage, code, reason,
                          attempts, createdAt, updatedAt)
        VALUES (:path, :size, :mtime, NULL, :projectId, :target, 'pending', NULL, NULL, NULL, NULL, 1, :now, :now)
        ON CONFLICT(path, target) DO UPDATE SET
            size = CASE WHEN :keepUploaded AND state = 'uploaded' AND blobId IS NOT NULL THEN size ELSE excluded.size END,
            mtimeNanos = CASE WHEN :keepUploaded AND state = 'uploaded' AND blobId IS NOT NULL THEN mtimeNanos ELSE excluded.mtimeNanos END,
            blobId = CASE WHEN :keepUploaded AND state = 'uploaded' AND blobId IS NOT NULL THEN blobId ELSE NULL END,
            state = CASE WHEN :keepUploaded AND state = 'uploaded' AND blobId IS NOT NULL THEN 'uploaded' ELSE 'pending' END,
            stage = NULL, code = NULL, reason = NULL,
            projectId = excluded.projectId,
            attempts = attempts + 1, updatedAt = excluded.updatedAt
        """

    /// Changes only the state (and optionally the content fields) of the row for `path` on `target`; a path
    /// with no row there is left alone.
    ///
    /// One cached `UPDATE` statement, committed before this returns (so a process killed after it keeps the new
    /// state); nothing is read back.
    package func transition(path: String, target: String, to state: JournalState, sha256: String? = nil, size: Int? = nil,
                           modificationTimeNanoseconds: Int64? = nil) async throws(IngestError) {
        var blobId: Int? = nil
        var stage: String? = nil
        var code: String? = nil
        var reason: String? = nil
        switch state {
        case .pending: break
        case .uploaded(let id), .done(let id): blobId = id
        case .failed(let failedStage, let failedCode, let failedReason):
            stage = failedStage.name
            code = failedCode.name
            reason = failedReason
        }
        let arguments: StatementArguments = [
            state.name, blobId, stage, code, reason, sha256, size, modificationTimeNanoseconds, JournalTimestamp.now(), path,
            target,
        ]
        try await write { db in
            let statement = try db.cachedStatement(sql: """
                UPDATE file SET state = ?, blobId = ?, stage = ?, code = ?, reason = ?,
                    sha256 = COALESCE(?, sha256), size = COALESCE(?, size), mtimeNanos = COALESCE(?, mtimeNanos),
                    updatedAt = ?
                WHERE path = ? AND target = ?
                """)
            try statement.execute(arguments: arguments)
        }
    }

    /// The keys an earlier run resolved on `target` by `match`, each to its one project.
    package func resolvedKeys(target: String, match: ProjectMatch) async throws(IngestError) -> [String: ProjectSummary] {
        let matchName = match.description
        return try await read { db in
            var known: [String: ProjectSummary] = [:]
            let rows = try Row.fetchAll(db, sql: "SELECT key, projectId, number, name FROM projectKey WHERE target = ? AND match = ?",
                                        arguments: [target, matchName])
            for row in rows {
                let key: String = row["key"]
                known[key] = ProjectSummary(projectId: row["projectId"], number: row["number"], name: row["name"])
            }
            return known
        }
    }

    /// Keeps which project each key named on `target` by `match` (one transaction; a key already kept is replaced).
    package func saveResolvedKeys(_ resolved: [String: ProjectSummary], target: String,
                                  match: ProjectMatch) async throws(IngestError) {
        guard !resolved.isEmpty else { return }
        let matchName = match.description
        let now = JournalTimestamp.now()
        try await write { db in
            let statement = try db.cachedStatement(sql: """
                INSERT OR REPLACE INTO projectKey (target, match, key, projectId, number, name, resolvedAt)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """)
            for (key, project) in resolved {
                try statement.execute(arguments: [target, matchName, key, project.projectId, project.number, project.name, now])
            }
        }
    }

    /// Counts by state name (`pending`, `uploaded`, `done`, `failed`).
    package func countsByState() async throws(IngestError) -> [String: Int] {
        try await read { db in
            var counts: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT state, COUNT(*) AS n FROM file GROUP BY state") {
                let state: String = row["state"]
                let count: Int = row["n"]
                counts[state] = count
            }
            return counts
        }
    }

    func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws(IngestError) -> T {
        do {
            return try await pool.read(body)
        } catch {
            throw JournalFailure.error("journal read failed", error, path: path)
        }
    }

    /// Runs `body` on the writer in a transaction, perhaps shared with the writes of other files
    /// (`JournalGroupCommit`), and answers its result once that transaction is committed: `body`'s statements
    /// are committed together or not at all.
    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws(IngestError) -> T {
        do {
            return try await groupCommit.write(body)
        } catch {
            throw JournalFailure.error("journal write failed", error, path: path)
        }
    }
}
