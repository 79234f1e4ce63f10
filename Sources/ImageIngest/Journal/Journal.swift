import struct Foundation.Date
import GRDB
public import Logging

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The durable record of an import: one row per file, in SQLite (WAL) through GRDB.
///
/// Every state change is its own committed transaction, written before and after each network step
/// (pending → uploaded with blob id → done, or failed with stage and reason), so a process killed at
/// any moment leaves a row that says exactly what the next run must do. The database runs in WAL mode
/// with `synchronous=NORMAL`: a committed change survives the process being killed (kill -9); only an
/// operating-system crash can lose the last transactions, and then the next run redoes those files.
public struct Journal: Sendable {
    /// The default journal location for an import folder: `<folder>/.image-ingest/journal.sqlite`.
    public static func defaultPath(forFolder folder: String) -> String {
        (folder.hasSuffix("/") ? folder : folder + "/") + FileDiscovery.stateFolderName + "/journal.sqlite"
    }

    /// Where the database file is.
    public let path: String
    private let pool: DatabasePool
    private let logger: Logger

    /// Opens (creating when needed, with its folder) the journal at `path`.
    /// - Throws: `IngestError` `.journal` when the file cannot be opened or is not a journal.
    public init(path: String, logger: Logger) throws(IngestError) {
        self.path = path
        self.logger = logger
        let folder = path.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        if !folder.isEmpty { mkdir(folder, 0o755) }
        var configuration = Configuration()
        configuration.label = "image-ingest.journal"
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            try JournalRow.migrator().migrate(pool)
        } catch {
            throw IngestError(stage: .record, code: .journal, message: "cannot open the journal: \(error)", path: path)
        }
        logger.debug("journal open", metadata: ["path": "\(path)"])
    }

    /// Opens an existing journal read-only-in-spirit (for `status`); fails when there is none.
    /// - Throws: `IngestError` `.journal` when no journal exists at `path`.
    public static func openExisting(path: String, logger: Logger) throws(IngestError) -> Journal {
        guard access(path, F_OK) == 0 else {
            throw IngestError(stage: .record, code: .journal, message: "no journal here (run an import first)", path: path)
        }
        return try Journal(path: path, logger: logger)
    }

    /// The row for `path`, if any.
    public func entry(forPath path: String) async throws(IngestError) -> JournalEntry? {
        try await read { db in try JournalRow.fetchOne(db, key: path)?.entry }
    }

    /// Every row, by path.
    public func allEntries() async throws(IngestError) -> [JournalEntry] {
        try await read { db in try JournalRow.order(Column("path")).fetchAll(db).map(\.entry) }
    }

    /// Writes (inserts or replaces) a whole row in its own transaction.
    public func save(_ entry: JournalEntry) async throws(IngestError) {
        var entry = entry
        entry.updatedAt = Date()
        let row = JournalRow(entry)
        try await write { db in try row.save(db) }
    }

    /// Records that an attempt at `path` starts: the row becomes pending with one more attempt, keeping
    /// its creation time. With `keepUploaded`, an `uploaded` row keeps its state (the next step only
    /// submits the ImageInfo).
    @discardableResult
    public func beginAttempt(path: String, size: Int, modificationTimeNanoseconds: Int64, projectId: Int,
                             target: String = "", keepUploaded: Bool) async throws(IngestError) -> JournalEntry {
        try await write { db in
            let now = Date()
            var entry = try JournalRow.fetchOne(db, key: path)?.entry
                ?? JournalEntry(path: path, size: size, modificationTimeNanoseconds: modificationTimeNanoseconds,
                                projectId: projectId, target: target, createdAt: now, updatedAt: now)
            if case .uploaded = entry.state, keepUploaded {
                // finish the earlier upload: same bytes, same blob
            } else {
                entry.state = .pending
                entry.size = size
                entry.modificationTimeNanoseconds = modificationTimeNanoseconds
            }
            entry.projectId = projectId
            entry.target = target
            entry.attempts += 1
            entry.updatedAt = now
            try JournalRow(entry).save(db)
            return entry
        }
    }

    /// Changes only the state (and optionally the content fields) of an existing row.
    public func transition(path: String, to state: JournalState, sha256: String? = nil, size: Int? = nil,
                           modificationTimeNanoseconds: Int64? = nil) async throws(IngestError) {
        try await write { db in
            guard var entry = try JournalRow.fetchOne(db, key: path)?.entry else { return }
            entry.state = state
            if let sha256 { entry.sha256 = sha256 }
            if let size { entry.size = size }
            if let modificationTimeNanoseconds { entry.modificationTimeNanoseconds = modificationTimeNanoseconds }
            entry.updatedAt = Date()
            try JournalRow(entry).save(db)
        }
    }

    /// Counts by state name (`pending`, `uploaded`, `done`, `failed`).
    public func countsByState() async throws(IngestError) -> [String: Int] {
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

    private func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws(IngestError) -> T {
        do {
            return try await pool.read(body)
        } catch {
            throw IngestError(stage: .record, code: .journal, message: "journal read failed: \(error)", path: path)
        }
    }

    private func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws(IngestError) -> T {
        do {
            return try await pool.write(body)
        } catch {
            throw IngestError(stage: .record, code: .journal, message: "journal write failed: \(error)", path: path)
        }
    }
}
