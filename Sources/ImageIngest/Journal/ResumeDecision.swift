/// What an import does with one planned file, given its journal row and the file as it is now.
package enum ResumeDecision: Hashable, Sendable {
    /// Done earlier with the same content: nothing to do.
    case skip(blobId: Int)
    /// Done earlier with the same size but a new modification time: read and hash it; when the hash
    /// is still `sha256`, skip it (and refresh the row); otherwise ingest it again.
    case skipIfUnchanged(sha256: String, blobId: Int)
    /// Uploaded earlier but the ImageInfo was not submitted: when the bytes still hash to `sha256`,
    /// submit the ImageInfo for `blobId` without uploading again; otherwise ingest it again.
    case finishSubmit(blobId: Int, sha256: String)
    /// An earlier attempt started and never finished (the process stopped, or the journal could not record the
    /// upload): its bitmap may be on the project already. Run the pipeline, but first look at the picture the
    /// project serves: when it is this very payload, submit the ImageInfo for it instead of uploading again.
    case ingestAfterInterruptedAttempt
    /// New, failed, changed, remapped or forced: run the whole pipeline.
    case ingest

    /// Decides for one file.
    /// - Parameters:
    ///   - entry: the journal row, if any.
    ///   - size: the file's size now.
    ///   - modificationTimeNanoseconds: the file's modification time now.
    ///   - projectId: the project the file maps to now.
    ///   - target: the server submitted to now (a row for another server counts for nothing).
    ///   - force: `--force`: redo everything.
    package static func decide(entry: JournalEntry?, size: Int, modificationTimeNanoseconds: Int64, projectId: Int,
                              target: String = "", force: Bool) -> ResumeDecision {
        guard !force, let entry, entry.projectId == projectId, entry.target == target else { return .ingest }
        switch entry.state {
        case .done(let blobId):
            guard entry.size == size else { return .ingest }
            if entry.modificationTimeNanoseconds == modificationTimeNanoseconds { return .skip(blobId: blobId) }
            guard let sha = entry.sha256 else { return .ingest }
            return .skipIfUnchanged(sha256: sha, blobId: blobId)
        case .uploaded(let blobId):
            guard entry.size == size, let sha = entry.sha256 else { return .ingest }
            return .finishSubmit(blobId: blobId, sha256: sha)
        case .pending:
            return entry.attempts > 0 ? .ingestAfterInterruptedAttempt : .ingest
        case .failed(let stage, _, _):
            // a failure from the upload on (a 5xx after the server stored the bitmap, a lost answer) may have left
            // the bitmap on the project
            return stage >= .upload ? .ingestAfterInterruptedAttempt : .ingest
        }
    }
}
