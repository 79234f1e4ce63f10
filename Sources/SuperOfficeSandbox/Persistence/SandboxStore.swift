import GRDB

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

import LibC

/// Where a sandbox keeps its projects' pictures between runs: one SQLite file (GRDB, WAL), one row per
/// project with its ImageInfo fields and, while the sandbox's image budget keeps it, its bitmap.
///
/// The store has an identity (a UUID made with it), so that a journal can tell "the same sandbox as last
/// time" from a fresh one.
final class SandboxStore: Sendable {
    /// The file.
    let path: String
    /// Made when the store was created; a new store (or one emptied with `--fresh`) has a new one.
    let identity: String
    private let queue: DatabaseQueue

    /// Why the store cannot be opened, in words: the errno's, or what SQLite's result code means (never the SQL).
    struct OpenFailure: Error, CustomStringConvertible {
        var description: String
    }

    /// Opens the store at `path`, creating it (and its folder) when needed.
    /// - Throws: `OpenFailure`, or the database's error while it is read.
    init(path: String) throws {
        self.path = path
        let folder = path.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        if !folder.isEmpty { try Self.makeFolders(folder) }
        do {
            queue = try Self.open(path)
        } catch let error as DatabaseError {
            throw OpenFailure(description: Self.words(error, path: path))
        }
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.create(table: "meta") { t in
                t.primaryKey("key", .text)
                t.column("value", .text).notNull()
            }
            try db.create(table: "picture") { t in
                t.primaryKey("projectId", .integer)
                t.column("blobId", .integer).notNull()
                t.column("mimeType", .text).notNull()
                t.column("blobSize", .integer).notNull()
                t.column("originalSize", .integer).notNull()
                t.column("description", .text).notNull()
                t.column("extraInfo", .text).notNull()
                t.column("conceptualType", .text).notNull()
                t.column("isEncrypted", .boolean).notNull()
                t.column("isZipped", .boolean).notNull()
                t.column("created", .double)
                t.column("updated", .double)
                t.column("evicted", .boolean).notNull()
                t.column("bytes", .blob)
            }
            try db.execute(sql: "INSERT INTO meta (key, value) VALUES ('identity', ?)", arguments: [UUID().uuidString])
        }
        do {
            try migrator.migrate(queue)
            identity = try queue.read { db in try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'identity'") } ?? ""
        } catch let error as DatabaseError {
            throw OpenFailure(description: Self.words(error, path: path))
        }
    }

    private static func open(_ path: String) throws -> DatabaseQueue {
        var configuration = Configuration()
        configuration.label = "image-ingest.sandbox-store"
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = NORMAL") }
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        try queue.writeWithoutTransaction { db in _ = try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL") }
        return queue
    }

    /// `mkdir -p`, in errno's words.
    private static func makeFolders(_ folder: String) throws {
        var built = folder.hasPrefix("/") ? "" : "."
        for part in folder.split(separator: "/") {
            built += "/" + part
            if mkdir(built, 0o755) == 0 { continue }
            let code = errno
            guard code == EEXIST else {
                throw OpenFailure(description: "cannot create the folder \(built): \(String(cString: strerror(code)))")
            }
            // there already: a folder opens as one
            guard let listing = opendir(built) else {
                throw OpenFailure(description: "cannot create the folder \(folder): \(built) is a file, not a folder")
            }
            closedir(listing)
        }
    }

    private static func words(_ error: DatabaseError, path: String) -> String {
        switch error.resultCode {
        case .SQLITE_NOTADB, .SQLITE_CORRUPT: "\(path) is not a sandbox's data file, or it is damaged: move it aside (or --fresh empties it)"
        case .SQLITE_READONLY, .SQLITE_PERM, .SQLITE_AUTH: "\(path) is read-only here"
        case .SQLITE_CANTOPEN: "\(path) cannot be opened (is its folder writable?)"
        case .SQLITE_FULL: "the disk holding \(path) is full"
        case .SQLITE_IOERR: "an input/output error on \(path)"
        default: "\(path): SQLite result \(error.resultCode.rawValue)"
        }
    }

    /// Removes the store at `path` (and its WAL files), so the next open starts empty with a new identity.
    static func remove(path: String) {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    /// Every stored picture, by project, the least recently updated first.
    func loadAll() throws -> [(projectId: Int, image: StoredImage)] {
        try queue.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM picture ORDER BY updated, projectId").map { row in
                var image = StoredImage()
                image.blobId = row["blobId"]
                image.mimeType = row["mimeType"]
                image.blobSize = row["blobSize"]
                image.originalSize = row["originalSize"]
                image.description = row["description"]
                image.extraInfo = row["extraInfo"]
                image.conceptualType = row["conceptualType"]
                image.isEncrypted = row["isEncrypted"]
                image.isZipped = row["isZipped"]
                image.created = (row["created"] as Double?).map { Date(timeIntervalSince1970: $0) }
                image.updated = (row["updated"] as Double?).map { Date(timeIntervalSince1970: $0) }
                image.evicted = row["evicted"]
                image.bytes = (row["bytes"] as Data?).map { Array($0) }
                return (row["projectId"], image)
            }
        }
    }

    /// Writes a project's picture: its fields, and its bitmap when `withBytes` (else the stored one stays).
    func save(projectId: Int, _ image: StoredImage, withBytes: Bool) throws {
        try queue.write { db in
            try db.execute(sql: """
                INSERT INTO picture (projectId, blobId, mimeType, blobSize, originalSize, description, extraInfo,
                    conceptualType, isEncrypted, isZipped, created, updated, evicted, bytes)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(projectId) DO UPDATE SET blobId = excluded.blobId, mimeType = excluded.mimeType,
                    blobSize = excluded.blobSize, originalSize = excluded.originalSize,
                    description = excluded.description, extraInfo = excluded.extraInfo,
                    conceptualType = excluded.conceptualType, isEncrypted = excluded.isEncrypted,
                    isZipped = excluded.isZipped, created = excluded.created, updated = excluded.updated,
                    evicted = excluded.evicted, bytes = CASE WHEN ? THEN excluded.bytes ELSE bytes END
                """, arguments: [
                    projectId, image.blobId, image.mimeType, image.blobSize, image.originalSize, image.description,
                    image.extraInfo, image.conceptualType, image.isEncrypted, image.isZipped,
                    image.created?.timeIntervalSince1970, image.updated?.timeIntervalSince1970, image.evicted,
                    withBytes ? image.bytes.map { Data($0) } : nil, withBytes,
                ])
        }
    }

    /// Drops a project's bitmap (kept within the image budget); its fields stay.
    func evict(projectId: Int, blobId: Int) throws {
        try queue.write { db in
            try db.execute(sql: "UPDATE picture SET bytes = NULL, evicted = 1 WHERE projectId = ? AND blobId = ?",
                           arguments: [projectId, blobId])
        }
    }

    /// Removes a project's picture.
    func delete(projectId: Int) throws {
        try queue.write { db in try db.execute(sql: "DELETE FROM picture WHERE projectId = ?", arguments: [projectId]) }
    }
}
