package import struct Foundation.Date

/// Where a file stands in an import, as the journal records it.
package enum JournalState: Hashable, Sendable, CustomStringConvertible {
    /// Work started; nothing confirmed by the server yet.
    case pending
    /// The bitmap is on the server (this blob id); the ImageInfo is not submitted yet.
    case uploaded(blobId: Int)
    /// Uploaded and the ImageInfo submitted: finished.
    case done(blobId: Int)
    /// The last attempt stopped at `stage` for `code` (retried on the next run).
    case failed(stage: IngestStage, code: IngestError.Code, reason: String)

    /// The stable name stored in the `state` column.
    package var name: String {
        switch self {
        case .pending: "pending"
        case .uploaded: "uploaded"
        case .done: "done"
        case .failed: "failed"
        }
    }

    package var description: String {
        switch self {
        case .pending: "pending"
        case .uploaded(let blobId): "uploaded (blob \(blobId))"
        case .done(let blobId): "done (blob \(blobId))"
        case .failed(let stage, let code, let reason): "failed at \(stage) (\(code)): \(reason)"
        }
    }
}

/// One file's row in the journal.
package struct JournalEntry: Hashable, Sendable {
    /// The path relative to the import folder.
    package var path: String
    /// The file's size in bytes when last seen.
    package var size: Int
    /// The file's modification time (nanoseconds since 1970) when last seen.
    package var modificationTimeNanoseconds: Int64
    /// The SHA-256 (lowercase hex) of the bytes last read, once known.
    package var sha256: String?
    /// The project the file was mapped to.
    package var projectId: Int
    /// The server the file was submitted to (its base URL); a row for another server is not "done" here.
    package var target: String
    /// Where the file stands.
    package var state: JournalState
    /// How many times a submission of this file has started (a file that fails before it, in read, probe,
    /// verify or pack, counts once when its failure is first recorded).
    package var attempts: Int
    /// When the file was first seen.
    package var createdAt: Date
    /// When the row last changed.
    package var updatedAt: Date

    /// Creates an entry.
    package init(path: String, size: Int, modificationTimeNanoseconds: Int64, sha256: String? = nil, projectId: Int,
                target: String = "", state: JournalState = .pending, attempts: Int = 0, createdAt: Date = Date(), updatedAt: Date = Date()) {
        self.path = path
        self.size = size
        self.modificationTimeNanoseconds = modificationTimeNanoseconds
        self.sha256 = sha256
        self.projectId = projectId
        self.target = target
        self.state = state
        self.attempts = attempts
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}
