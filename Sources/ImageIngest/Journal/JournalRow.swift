import struct Foundation.Date
import GRDB

/// The SQLite row behind a `JournalEntry` (table `file`).
struct JournalRow: Codable, Sendable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "file"

    var path: String
    var size: Int
    var mtimeNanos: Int64
    var sha256: String?
    var projectId: Int
    var target: String
    var state: String
    var blobId: Int?
    var stage: String?
    var code: String?
    var reason: String?
    var attempts: Int
    var createdAt: Date
    var updatedAt: Date

    init(_ entry: JournalEntry) {
        path = entry.path
        size = entry.size
        mtimeNanos = entry.modificationTimeNanoseconds
        sha256 = entry.sha256
        projectId = entry.projectId
        target = entry.target
        state = entry.state.name
        attempts = entry.attempts
        createdAt = entry.createdAt
        updatedAt = entry.updatedAt
        switch entry.state {
        case .pending:
            break
        case .uploaded(let id), .done(let id):
            blobId = id
        case .failed(let stage, let code, let reason):
            self.stage = stage.name
            self.code = code.name
            self.reason = reason
        }
    }

    var entry: JournalEntry {
        let decoded: JournalState
        switch state {
        case "uploaded" where blobId != nil: decoded = .uploaded(blobId: blobId!)
        case "done" where blobId != nil: decoded = .done(blobId: blobId!)
        case "failed":
            decoded = .failed(stage: stage.flatMap(IngestStage.init(name:)) ?? .record,
                              code: code.flatMap(IngestError.Code.init(name:)) ?? .io,
                              reason: reason ?? "")
        default: decoded = .pending
        }
        return JournalEntry(path: path, size: size, modificationTimeNanoseconds: mtimeNanos, sha256: sha256,
                            projectId: projectId, target: target, state: decoded, attempts: attempts,
                            createdAt: createdAt, updatedAt: updatedAt)
    }

    static func migrator() -> DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-file") { db in
            try db.create(table: "file") { t in
                t.primaryKey("path", .text)
                t.column("size", .integer).notNull()
                t.column("mtimeNanos", .integer).notNull()
                t.column("sha256", .text)
                t.column("projectId", .integer).notNull()
                t.column("target", .text).notNull().defaults(to: "")
                t.column("state", .text).notNull()
                t.column("blobId", .integer)
                t.column("stage", .text)
                t.column("code", .text)
                t.column("reason", .text)
                t.column("attempts", .integer).notNull().defaults(to: 0)
                t.column("createdAt", .datetime).notNull()
                t.column("updatedAt", .datetime).notNull()
            }
            try db.create(index: "file_state", on: "file", columns: ["state"])
        }
        // One history per server: a folder imported into two tenants keeps a row per file for each.
        migrator.registerMigration("v2-file-per-server") { db in
            try db.create(table: "file_v2") { t in
                t.column("path", .text).notNull()
                t.column("size", .integer).notNull()
                t.column("mtimeNanos", .integer).notNull()
                t.column("sha256", .text)
                t.column("projectId", .integer).notNull()
                t.column("target", .text).notNull().defaults(to: "")
                t.column("state", .text).notNull()
                t.column("blobId", .integer)
                t.column("stage", .text)
                t.column("code", .text)
                t.column("reason", .text)
                t.column("attempts", .integer).notNull().defaults(to: 0)
                t.column("createdAt", .datetime).notNull()
                t.column("updatedAt", .datetime).notNull()
                t.primaryKey(["path", "target"])
            }
            try db.execute(sql: "INSERT INTO file_v2 SELECT path, size, mtimeNanos, sha256, projectId, target, state, blobId, "
                + "stage, code, reason, attempts, createdAt, updatedAt FROM file")
            try db.drop(table: "file")
            try db.rename(table: "file_v2", to: "file")
            try db.create(index: "file_state", on: "file", columns: ["state"])
        }
        // which project each key (a number, a name, an outside key) named on a server, so a resumed run does not
        // look everything up again
        migrator.registerMigration("v3-project-key") { db in
            try db.create(table: "projectKey") { t in
                t.column("target", .text).notNull()
                t.column("match", .text).notNull()
                t.column("key", .text).notNull()
                t.column("projectId", .integer).notNull()
                t.column("number", .text).notNull()
                t.column("name", .text).notNull()
                t.column("resolvedAt", .datetime).notNull()
                t.primaryKey(["target", "match", "key"])
            }
        }
        // every import run, and every picture a run replaced: what `undo` puts back (the bitmap in backups/, the
        // ImageInfo here), and what the run put there instead
        migrator.registerMigration("v4-run-backup") { db in
            try db.create(table: "run") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("target", .text).notNull()
                t.column("startedAt", .datetime).notNull()
                t.column("pid", .integer).notNull()
            }
            try db.create(table: "backup") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("runId", .integer).notNull().references("run")
                t.column("target", .text).notNull()
                t.column("path", .text).notNull()
                t.column("projectId", .integer).notNull()
                // nil when the project had no picture: undo removes the new one only with --remove-new
                t.column("priorSHA256", .text)
                t.column("priorBytes", .integer)
                t.column("priorInfo", .text)
                t.column("replacementBlobId", .integer)
                t.column("createdAt", .datetime).notNull()
                t.column("undoneAt", .datetime)
                t.column("undoneBy", .text)
            }
            try db.create(index: "backup_target_project", on: "backup", columns: ["target", "projectId"])
        }
        return migrator
    }
}
