extension ImportReport {
    /// One file's row in an import's journal, as a status reads it, and what the server shows for it now once
    /// compared (`Ingestor.drift(of:logger:)`).
    public struct FileRecord: Sendable, Hashable {
        /// Where the file stands.
        public enum State: String, Sendable, Hashable, CaseIterable {
            /// Work started; nothing confirmed by the server yet.
            case pending
            /// The bitmap is on the server; the ImageInfo is not submitted yet.
            case uploaded
            /// Uploaded and the ImageInfo submitted.
            case done
            /// The last attempt failed (`failure` says where and why); the next run retries it.
            case failed
        }

        /// What the project shows now, against what the journal says this import put there.
        public enum Drift: String, Sendable, Hashable {
            /// The project shows what the journal says this import put there.
            case inStep
            /// The project shows another picture now.
            case changed
            /// The project has no picture now.
            case removed
            /// The project's ImageInfo could not be read (`driftError` says why).
            case unreadable
        }

        /// The path relative to the import folder.
        public var path: String
        /// The server the row is for, as the journal keys it (a base URL, or the in-process sandbox's data).
        public var target: String
        /// The same, as people read it (`FolderImportSettings.serverName(ofTarget:)`).
        public var server: String
        /// The project the file was mapped to.
        public var projectId: Int
        /// Where the file stands.
        public var state: State
        /// The blob on the server, once uploaded.
        public var blobId: Int?
        /// Why the last attempt failed (stage, code and message), for `.failed`.
        public var failure: IngestError?
        /// The file's size in bytes when last seen.
        public var size: Int
        /// The SHA-256 of the file's bytes when last read, once known.
        public var sha256: String?
        /// How many times a submission of the file has started.
        public var attempts: Int
        /// After a comparison with the server: what the project shows now; nil before one.
        public var drift: Drift? = nil
        /// After a comparison: the project's blob id now, when it has a picture.
        public var serverBlobId: Int? = nil
        /// After a comparison: why the project could not be read (`.unreadable`).
        public var driftError: IngestError? = nil

        /// The state in words: `pending`, `uploaded (blob 7)`, `done (blob 7)`, `failed at verify (truncated): …`.
        public var stateDescription: String {
            switch state {
            case .pending: "pending"
            case .uploaded: "uploaded (blob \(blobId ?? 0))"
            case .done: "done (blob \(blobId ?? 0))"
            case .failed: "failed at \(failure?.stage.name ?? "?") (\(failure?.code.name ?? "?")): \(failure?.message ?? "")"
            }
        }
    }

    /// How many of `records` are in `state`.
    public func count(_ state: FileRecord.State, server: String? = nil) -> Int {
        records.count { $0.state == state && (server == nil || $0.server == server) }
    }
}
