import struct Foundation.Data
import class Foundation.JSONDecoder
import class Foundation.JSONEncoder
import GRDB
import SuperOfficeWebAPI

import LibC

/// A picture a run was about to replace, as the journal keeps it: what the project showed before (nil when it
/// had no picture), and the blob the run put there instead.
struct BackupRecord: Sendable, Hashable {
    /// The kept bitmap (in `PictureBackupStore`) and the ImageInfo that described it.
    struct Prior: Sendable, Hashable {
        var sha256: String
        var bytes: Int
        var info: BlobEntity
    }

    var id: Int64
    var runId: Int64
    var path: String
    var projectId: Int
    var prior: Prior?
    /// The blob the run uploaded over it; nil when the upload never answered (the project was left as it was, or
    /// holds a picture nobody can name).
    var replacementBlobId: Int?
}

/// Runs and backups: which run replaced what, and what `undo` puts back.
extension Journal {
    /// Starts a run on `target` and answers its id (1, 2, …: what `undo --run` takes).
    func beginRun(target: String) async throws(IngestError) -> Int64 {
        let now = JournalTimestamp.now()
        let pid = Int(getpid())
        return try await write { db in
            try db.execute(sql: "INSERT INTO run (target, startedAt, pid) VALUES (?, ?, ?)", arguments: [target, now, pid])
            return db.lastInsertedRowID
        }
    }

    /// Records, before the upload, that run `runId` is about to replace the picture of `projectId` (kept as `prior`,
    /// or nil when the project has none) with `path`'s; answers the record's id.
    func recordBackup(runId: Int64, target: String, path: String, projectId: Int,
                      prior: BackupRecord.Prior?) async throws(IngestError) -> Int64 {
        let info: String?
        if let prior {
            do {
                info = String(decoding: try JSONEncoder().encode(prior.info), as: UTF8.self)
            } catch {
                throw IngestError(stage: .backup, code: .journal, message: "the ImageInfo cannot be kept: \(error)", path: path)
            }
        } else {
            info = nil
        }
        let arguments: StatementArguments = [runId, target, path, projectId, prior?.sha256, prior?.bytes, info, JournalTimestamp.now()]
        return try await write { db in
            try db.cachedStatement(sql: """
                INSERT INTO backup (runId, target, path, projectId, priorSHA256, priorBytes, priorInfo, createdAt)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """).execute(arguments: arguments)
            return db.lastInsertedRowID
        }
    }

    /// The file row's step to `uploaded` with its blob id, as `transition(…to: .uploaded…)` writes it.
    private static let markUploadedSQL = """
        UPDATE file SET state = 'uploaded', blobId = ?, stage = NULL, code = NULL, reason = NULL,
            sha256 = COALESCE(?, sha256), updatedAt = ? WHERE path = ? AND target = ?
        """

    /// Records, in one transaction as soon as the upload answers, that `path` is uploaded as `blobId` and that
    /// this blob replaced the picture kept as `backupId`: a crash can never leave one without the other.
    func recordUpload(path: String, target: String, blobId: Int, sha256: String, backupId: Int64) async throws(IngestError) {
        let now = JournalTimestamp.now()
        try await write { db in
            try db.cachedStatement(sql: Self.markUploadedSQL).execute(arguments: [blobId, sha256, now, path, target])
            try db.cachedStatement(sql: "UPDATE backup SET replacementBlobId = ? WHERE id = ?").execute(arguments: [blobId, backupId])
        }
    }

    /// Records, in one transaction as soon as the upload answers, that `path` is uploaded as `blobId` onto a project
    /// that had no picture (the row `undo --remove-new` needs): one write instead of one before and one after.
    func recordNewPictureUpload(path: String, target: String, blobId: Int, sha256: String, runId: Int64,
                                projectId: Int) async throws(IngestError) {
        let now = JournalTimestamp.now()
        try await write { db in
            try db.cachedStatement(sql: Self.markUploadedSQL).execute(arguments: [blobId, sha256, now, path, target])
            try db.cachedStatement(sql: """
                INSERT INTO backup (runId, target, path, projectId, priorSHA256, priorBytes, priorInfo, replacementBlobId, createdAt)
                VALUES (?, ?, ?, ?, NULL, NULL, NULL, ?, ?)
                """).execute(arguments: [runId, target, path, projectId, blobId, now])
        }
    }

    /// Names `blobId` as what the project shows after the picture kept as `backupId` was replaced (an undo whose
    /// ImageInfo did not go through after its bitmap did).
    func recordReplacement(backupId: Int64, blobId: Int) async throws(IngestError) {
        try await write { db in
            try db.cachedStatement(sql: "UPDATE backup SET replacementBlobId = ? WHERE id = ?").execute(arguments: [blobId, backupId])
        }
    }

    /// Names `blobId` as the replacement of this project's latest kept picture that has none yet (an earlier run's
    /// upload whose answer never reached the journal, found on the server by a later run).
    func recordLateReplacement(target: String, projectId: Int, blobId: Int) async throws(IngestError) {
        try await write { db in
            try db.execute(sql: """
                UPDATE backup SET replacementBlobId = ? WHERE id = (
                    SELECT id FROM backup WHERE target = ? AND projectId = ? AND undoneAt IS NULL ORDER BY id DESC LIMIT 1)
                AND replacementBlobId IS NULL
                """, arguments: [blobId, target, projectId])
        }
    }

    /// Every picture replaced on `target` and not undone yet, oldest first.
    func backups(target: String) async throws(IngestError) -> [BackupRecord] {
        struct Stored: Sendable {
            var record: BackupRecord
            var sha256: String?
            var bytes: Int?
            var info: String?
        }
        let rows = try await read { db in
            try Row.fetchAll(db, sql: """
                SELECT id, runId, path, projectId, priorSHA256, priorBytes, priorInfo, replacementBlobId FROM backup
                WHERE target = ? AND undoneAt IS NULL ORDER BY id
                """, arguments: [target]).map { row in
                Stored(record: BackupRecord(id: row["id"], runId: row["runId"], path: row["path"], projectId: row["projectId"],
                                            prior: nil, replacementBlobId: row["replacementBlobId"]),
                       sha256: row["priorSHA256"], bytes: row["priorBytes"], info: row["priorInfo"])
            }
        }
        var records: [BackupRecord] = []
        for stored in rows {
            var record = stored.record
            if let sha256 = stored.sha256, let bytes = stored.bytes, let text = stored.info {
                guard let info = try? JSONDecoder().decode(BlobEntity.self, from: Data(text.utf8)) else {
                    throw IngestError(stage: .backup, code: .journal,
                                      message: "the journal's record of the picture replaced on project \(record.projectId) cannot be read",
                                      path: record.path)
                }
                record.prior = BackupRecord.Prior(sha256: sha256, bytes: bytes, info: info)
            }
            records.append(record)
        }
        return records
    }

    /// The runs on `target` that replaced pictures still not undone, by id.
    func runIds(target: String) async throws(IngestError) -> [Int64] {
        try await read { db in
            try Int64.fetchAll(db, sql: "SELECT DISTINCT runId FROM backup WHERE target = ? AND undoneAt IS NULL ORDER BY runId",
                               arguments: [target])
        }
    }

    /// Marks `ids` undone (`how`: restored, removed, …) and forgets the files' rows on `target`, so the next import
    /// takes those files as new; one transaction. `repoint` names the blob a restore put back (`to`) in place of the
    /// one it had been (`from`), so an earlier run's replacement that was that picture can be undone after it.
    func markUndone(_ ids: [Int64], how: String, paths: [String], projectId: Int, target: String,
                    repoint: (from: Int, to: Int)? = nil) async throws(IngestError) {
        let now = JournalTimestamp.now()
        try await write { db in
            for id in ids {
                try db.execute(sql: "UPDATE backup SET undoneAt = ?, undoneBy = ? WHERE id = ?", arguments: [now, how, id])
            }
            if let repoint {
                try db.execute(sql: """
                    UPDATE backup SET replacementBlobId = ?
                    WHERE target = ? AND projectId = ? AND replacementBlobId = ? AND undoneAt IS NULL
                    """, arguments: [repoint.to, target, projectId, repoint.from])
            }
            // (a file remapped to another project since keeps its row there)
            for path in paths {
                try db.execute(sql: "DELETE FROM file WHERE path = ? AND target = ? AND projectId = ?", arguments: [path, target, projectId])
            }
        }
    }
}
