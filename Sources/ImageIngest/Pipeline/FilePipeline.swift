import ImageCodecs
import Logging
import Metrics
import SuperOfficeWebAPI
import Tracing

/// The one per-file pipeline every front door runs, in this order:
///
/// 1. **read** the file once (or take the caller's bytes), then in the same CPU work item **probe**,
///    **verify** and **pack** that one buffer (`PreparedImage`);
/// 2. check the file did not change since it was read (`ChangeCheck`);
/// 3. **upload** the bitmap while the server's current ImageInfo is read beside it (when a field is left as
///    the server has it), then **submit** the ImageInfo (`Submission`);
/// 4. check the file again, and **record** it done.
///
/// `Ingestor.ingest(…)` runs it with no collaborators. The folder import adds a ``Recording`` (the journal:
/// the resume decision, the attempt, the uploaded blob, done), a ``MemoryShare`` of its budget, and an
/// event sink; planning and scheduling stay in `ImportRunner`.
struct FilePipeline: Sendable {
    let client: SuperOfficeClient
    let options: IngestOptions
    let logger: Logger

    /// Where a file's bytes come from.
    enum Source: Sendable {
        /// A file, read once (`FileReader`) and re-checked before the upload and after the submit.
        case file(path: String)
        /// A file the caller opened (and read the header of, with `pread`), read from the descriptor: one open a file.
        case openFile(path: String, descriptor: Int32)
        /// Bytes the caller holds; nothing to re-check.
        case bytes([UInt8])
    }

    /// One file's job.
    struct Job: Sendable {
        var source: Source
        /// The name in events, errors and the journal (the path relative to an import's folder).
        var displayPath: String
        var projectId: Int
        /// The ImageInfo Description and ConceptualType for this file (a manifest row's); nil takes the options'.
        var description: String? = nil
        var conceptualType: String? = nil
        /// The file's header as the memory estimate read it from the same descriptor, so it is parsed once.
        var probedHeader: ImageHeader? = nil
    }

    /// What the journal adds: where the file stands from an earlier run, and where to record this one.
    struct Recording: Sendable {
        var journal: Journal
        /// The server the work is for (the journal keeps it per row).
        var target: String
        /// What the journal's row allows this run to skip.
        var decision: ResumeDecision
        /// Where the project's current picture is kept before a replacement, and the run that replaces it; nil
        /// keeps nothing (`FolderImportSettings.keepBackups` off).
        var backups: Backups? = nil
        /// The import's stop switch: once the journal cannot be written, nothing more goes to the server, not even
        /// from files already in flight.
        var control: ImportControl? = nil

        /// Throws when the journal (or the backups folder) stopped the import: the file stays as its row says.
        func checkJournalStillWritable(_ stage: IngestStage, path: String) throws(IngestError) {
            if control?.journalFailed == true {
                throw IngestError(stage: stage, code: .cancelled,
                                  message: "not sent: the journal cannot record it (the import stopped)", path: path)
            }
        }

        /// The backups folder and this run's id in the journal.
        struct Backups: Sendable {
            var store: PictureBackupStore
            var runId: Int64
        }
    }

    /// The file's share of the import's memory budget: all of it while the CPU stages run, the file's bytes
    /// until the upload ends.
    struct MemoryShare: Sendable {
        var hold: BudgetHold
        var fileBytes: Int
    }

    /// How a file ended.
    enum Outcome: Sendable {
        /// Submitted (or, in a dry run, checked up to the network).
        case done(IngestResult, bytes: Int)
        /// The journal said done with another time stamp, and the content hashes the same: nothing to send.
        case unchanged(blobId: Int)
        /// The project's picture already is this content, or is kept (`IngestOptions.existing`): not uploaded.
        case existingOnServer(IngestResult, SkipReason)
    }

    typealias Emit = @Sendable (ImportEvent) -> Void

    /// Runs `job` through every stage, in a span (`image-ingest file`, its WebAPI requests as children) and
    /// counted in swift-metrics: `image_ingest_files_total` by outcome (and error code), `image_ingest_bytes_total`,
    /// `image_ingest_file_duration_seconds`. Both are no-ops unless the host bootstraps a backend.
    /// - Throws: `IngestError` naming the stage that failed.
    func run(_ job: Job, recording: Recording? = nil, memory: MemoryShare? = nil,
             emit: Emit? = nil) async throws(IngestError) -> Outcome {
        let started = ContinuousClock.now
        let result: Result<Outcome, IngestError> = await withSpan("image-ingest file") { span in
            // with no tracer bootstrapped the span records nothing: its attributes are not built
            if span.isRecording {
                span.attributes["image_ingest.path"] = job.displayPath
                span.attributes["image_ingest.project_id"] = job.projectId
            }
            do throws(IngestError) {
                return .success(try await runStages(job, recording: recording, memory: memory, emit: emit))
            } catch {
                span.recordError(error)
                span.attributes["image_ingest.error.code"] = error.code.name
                span.attributes["image_ingest.error.stage"] = error.stage.name
                return .failure(error)
            }
        }
        let elapsed = (ContinuousClock.now - started).components
        Timer(label: "image_ingest_file_duration_seconds")
            .recordNanoseconds(elapsed.seconds * 1_000_000_000 + elapsed.attoseconds / 1_000_000_000)
        switch result {
        case .success(let outcome):
            switch outcome {
            case .done(_, let bytes):
                Counter(label: "image_ingest_files_total", dimensions: [("outcome", "done")]).increment()
                Counter(label: "image_ingest_bytes_total").increment(by: bytes)
            case .unchanged:
                Counter(label: "image_ingest_files_total", dimensions: [("outcome", "unchanged")]).increment()
            case .existingOnServer(_, let skip):
                Counter(label: "image_ingest_files_total", dimensions: [("outcome", skip.name)]).increment()
            }
            return outcome
        case .failure(let error):
            Counter(label: "image_ingest_files_total", dimensions: [("outcome", "failed"), ("code", error.code.name)]).increment()
            throw error
        }
    }

    /// The stages themselves.
    private func runStages(_ job: Job, recording: Recording?, memory: MemoryShare?,
                           emit: Emit?) async throws(IngestError) -> Outcome {
        let path = job.displayPath
        let options = self.options
        var logger = self.logger
        // (only what is logged below error level carries it: see SuperOfficeClient.send)
        if logger.logLevel < .error { logger[metadataKey: "projectId"] = "\(job.projectId)" }

        // 1. one CPU work item: read, (hash for the resume check,) probe, verify, pack
        enum Prepared: Sendable {
            case unchanged(FileSnapshot, blobId: Int)
            case image(PreparedImage, FileSnapshot?)
        }
        let decision = recording?.decision
        // `prepared` is scoped so that, once it gives up its payload after the upload, nothing holds the
        // file's bytes any more and its share of the memory budget goes to the next file truly free.
        var prepared: PreparedImage
        let snapshot: FileSnapshot?
        do {
            let result = try await CPUWork.run { () throws(IngestError) -> Prepared in
                let bytes: [UInt8]
                let snapshot: FileSnapshot?
                switch job.source {
                case .file(let fullPath):
                    (bytes, snapshot) = try { () throws(IngestError) in
                        let (bytes, read) = try FileReader.read(path: fullPath, displayPath: path,
                                                                maxBytes: options.limits.maxFileBytes)
                        return (bytes, Optional(read))
                    }()
                    emit?(.stagePassed(path: path, stage: .read))
                case .openFile(_, let descriptor):
                    (bytes, snapshot) = try { () throws(IngestError) in
                        let (bytes, read) = try FileReader.read(descriptor: descriptor, displayPath: path,
                                                                maxBytes: options.limits.maxFileBytes)
                        return (bytes, Optional(read))
                    }()
                    emit?(.stagePassed(path: path, stage: .read))
                case .bytes(let given):
                    (bytes, snapshot) = (given, nil)
                }
                if case .skipIfUnchanged(let sha, let blobId) = decision, let snapshot, ImagePacker.sha256Hex(bytes) == sha {
                    return .unchanged(snapshot, blobId: blobId)
                }
                let image = try PreparedImage.prepare(bytes: bytes, displayPath: path, options: options,
                                                      probed: job.probedHeader) { stage in
                    emit?(.stagePassed(path: path, stage: stage))
                }
                return .image(image, snapshot)
            }
            // the decode and pack are over: only the bytes to upload stay held
            if let memory { memory.hold.release(keeping: memory.fileBytes) }
            switch result {
            case .unchanged(let snapshot, let blobId):
                if !options.dryRun, let recording {
                    try await recording.journal.transition(
                        path: path, target: recording.target, to: .done(blobId: blobId), size: snapshot.size,
                        modificationTimeNanoseconds: snapshot.modificationTimeNanoseconds)
                }
                return .unchanged(blobId: blobId)
            case .image(let image, let read):
                prepared = image
                snapshot = read
            }
        }
        // the file's own hash (what the journal and the change checks compare; the result carries the uploaded
        // bytes' hash, what the server's ExtraInfo says): the same unless the picture was changed
        let sourceSHA = prepared.sourceSHA256
        let bytes = snapshot?.size ?? prepared.packed.originalSize
        var result = prepared.result(path: path, projectId: job.projectId, bytes: bytes)
        result.dryRun = options.dryRun
        if options.dryRun {
            guard options.planAgainstServer else { return .done(result, bytes: bytes) }
            // the plan: what the project shows decides, as in the real run; nothing is written anywhere
            let (current, skip) = try await currentPicture(job.projectId, path: path, prepared: prepared, into: &result)
            if let skip { return .existingOnServer(result, skip) }
            result.plannedUpload = options.existing.plannedUpload(current: current)
            return .done(result, bytes: bytes)
        }

        // 2. the attempt, and the file as it was read
        var earlierBlob: Int? = nil
        if case .finishSubmit(let blobId, let recordedSHA) = decision, recordedSHA == sourceSHA { earlierBlob = blobId }
        if let recording, let snapshot {
            try await recording.journal.recordAttempt(
                path: path, size: snapshot.size, modificationTimeNanoseconds: snapshot.modificationTimeNanoseconds,
                projectId: job.projectId, target: recording.target, keepUploaded: earlierBlob != nil)
        }
        try recheck(job, since: snapshot, sha256: sourceSHA, afterUpload: false)

        // 3. upload, with the current ImageInfo read beside it; then submit
        let submission = Submission(client: client, logger: logger)
        let builder = ImageInfoBuilder(description: job.description ?? options.description,
                                       conceptualType: job.conceptualType ?? options.conceptualType,
                                       extraInfo: options.extraInfo, fileName: job.displayPath)
        let projectId = job.projectId
        // What the project shows decides first, unless every picture is replaced: read before the upload (and
        // always when the picture is kept before it is replaced, or an earlier attempt may have sent it).
        let afterInterruption = decision == .ingestAfterInterruptedAttempt
        var readBefore: BlobEntity? = nil
        // after an interrupted attempt the project may already serve this payload (its upload went up, its blob id
        // never reached the journal): then only the ImageInfo is submitted, nothing is uploaded twice, and no
        // policy takes the file's own bitmap for someone else's picture
        var served: [UInt8]? = nil
        if earlierBlob == nil, options.existing.readsCurrentInfo || recording?.backups != nil || afterInterruption {
            var (current, skip) = try await currentPicture(projectId, path: path, prepared: prepared, into: &result)
            if afterInterruption, current.hasPicture, let servedBlob = current.blobId {
                let bitmap = try await servedPicture(projectId: projectId, path: path)
                let servedSHA = ImagePacker.sha256Hex(bitmap)
                // the payload as sent, or (a server that serves zipped pictures unzipped) the picture itself
                if servedSHA == prepared.packed.sha256 || servedSHA == ImagePacker.sha256Hex(prepared.packed.payload) {
                    earlierBlob = servedBlob
                    skip = nil
                    result.skippedBecause = nil
                    if let recording {
                        try await recording.journal.transition(path: path, target: recording.target, to: .uploaded(blobId: servedBlob),
                                                               sha256: sourceSHA)
                        // the kept picture this upload replaced learns what replaced it, so undo can put it back
                        try await recording.journal.recordLateReplacement(target: recording.target, projectId: projectId, blobId: servedBlob)
                    }
                    logger.debug("the project serves this payload from an interrupted attempt", metadata: ["blobId": "\(servedBlob)"])
                } else {
                    served = bitmap
                }
            }
            if let skip {
                if let recording {
                    try await recording.journal.transition(path: path, target: recording.target, to: .done(blobId: current.blobId ?? 0), sha256: sourceSHA)
                }
                logger.debug("not uploaded", metadata: ["reason": "\(skip.name)", "path": "\(path)"])
                return .existingOnServer(result, skip)
            }
            readBefore = current
        }
        // the picture about to be replaced is kept (bitmap fsynced, ImageInfo in the journal) before the upload
        // (a project with no picture has nothing to keep: its row, for `undo --remove-new`, goes in with the upload's)
        var backupId: Int64? = nil
        var newPictureRun: Int64? = nil
        if earlierBlob == nil, let recording, let backups = recording.backups, let current = readBefore {
            if current.hasPicture {
                let kept = try await keepBackup(of: current, served: served, projectId: projectId, path: path,
                                                journal: recording.journal, target: recording.target, backups: backups)
                backupId = kept.id
                result.keptPicturePath = backups.store.path(forSHA256: kept.prior.sha256)
                result.keptPictureBytes = kept.prior.bytes
                emit?(.stagePassed(path: path, stage: .backup))
            } else {
                newPictureRun = backups.runId
            }
        }
        // The fields left as the server has them are read while the bitmap uploads: the upload changes none
        // of Description, ConceptualType or ExtraInfo, so the answer is the same as reading after it, and one
        // round trip per file is hidden. A failed upload discards it (the read is cancelled below).
        let earlyInfo: Task<Result<BlobEntity?, IngestError>, Never>?
        if earlierBlob == nil, readBefore == nil, builder.needsCurrentInfo {
            earlyInfo = Task {
                do throws(IngestError) {
                    return .success(try await submission.currentInfo(projectId: projectId, builder: builder, path: path))
                } catch {
                    return .failure(error)
                }
            }
        } else {
            earlyInfo = nil
        }
        defer { earlyInfo?.cancel() }
        let blobId: Int
        if let earlierBlob {
            blobId = earlierBlob
            logger.debug("finishing an earlier upload", metadata: ["blobId": "\(blobId)"])
            if let recording, recording.backups != nil, case .finishSubmit = decision {
                // a journal from before uploads and replacements were recorded together may lack the replacement
                try await recording.journal.recordLateReplacement(target: recording.target, projectId: projectId, blobId: blobId)
            }
        } else {
            try recording?.checkJournalStillWritable(.upload, path: path)
            blobId = try await submission.upload(prepared, projectId: projectId, path: path)
            if let recording {
                if let backupId {
                    try await recording.journal.recordUpload(path: path, target: recording.target, blobId: blobId, sha256: sourceSHA,
                                                             backupId: backupId)
                } else if let newPictureRun {
                    try await recording.journal.recordNewPictureUpload(path: path, target: recording.target, blobId: blobId,
                                                                       sha256: sourceSHA, runId: newPictureRun, projectId: projectId)
                } else {
                    try await recording.journal.transition(path: path, target: recording.target, to: .uploaded(blobId: blobId), sha256: sourceSHA)
                }
            }
            emit?(.stagePassed(path: path, stage: .upload))
        }
        // the bytes are not needed any more: free them and let the next file be read meanwhile
        prepared.packed.payload = []
        memory?.hold.release()
        let current: BlobEntity?
        if let readBefore {
            current = readBefore
        } else if let earlyInfo {
            // an unstructured task: pass this task's cancellation on to it
            current = try await withTaskCancellationHandler {
                await earlyInfo.value
            } onCancel: {
                earlyInfo.cancel()
            }.get()
        } else {
            current = try await submission.currentInfo(projectId: projectId, builder: builder, path: path)
        }
        // A bulk import decodes only the answer's scalar fields; a single image returns the whole answer.
        try recording?.checkJournalStillWritable(.submit, path: path)
        let info = try await submission.submit(prepared, blobId: blobId, projectId: projectId, builder: builder,
                                               current: current, path: path, detail: recording == nil ? .full : .brief)
        emit?(.stagePassed(path: path, stage: .submit))
        result.blobId = blobId
        result.uploaded = earlierBlob == nil
        result.imageInfo = info

        // 4. the file is still what was uploaded: record it done
        try recheck(job, since: snapshot, sha256: sourceSHA, afterUpload: true)
        if let recording {
            try await recording.journal.transition(path: path, target: recording.target, to: .done(blobId: blobId), sha256: sourceSHA)
            emit?(.stagePassed(path: path, stage: .record))
        }
        logger.debug("ingested", metadata: ["blobId": "\(blobId)", "path": "\(path)"])
        return .done(result, bytes: bytes)
    }

    /// Reads the project's ImageInfo and answers it with the skip `options.existing` decides for `prepared`;
    /// when it skips, `result` takes the project's blob id and ImageInfo.
    private func currentPicture(
        _ projectId: Int, path: String, prepared: PreparedImage, into result: inout IngestResult
    ) async throws(IngestError) -> (current: BlobEntity, skip: SkipReason?) {
        let current = try await Submission(client: client, logger: logger).currentInfo(projectId: projectId, stage: .upload, path: path)
        guard let skip = options.existing.skip(current: current, sha256: prepared.packed.sha256,
                                               originalSize: prepared.packed.originalSize) else { return (current, nil) }
        result.blobId = current.blobId
        result.imageInfo = current
        result.skippedBecause = skip
        return (current, skip)
    }

    /// Keeps `current` (the project's picture: its bitmap read from the server, or `served` when that was read
    /// already, written to the backups folder and fsynced) and records it in the journal for `undo`.
    private func keepBackup(
        of current: BlobEntity, served: [UInt8]?, projectId: Int, path: String, journal: Journal, target: String,
        backups: Recording.Backups
    ) async throws(IngestError) -> (id: Int64, prior: BackupRecord.Prior) {
        let bitmap: [UInt8]
        if let served { bitmap = served } else { bitmap = try await servedPicture(projectId: projectId, path: path) }
        let store = backups.store
        let sha256 = try await CPUWork.run { () throws(IngestError) in try store.keep(bitmap, displayPath: path) }
        let prior = BackupRecord.Prior(sha256: sha256, bytes: bitmap.count, info: current)
        let id = try await journal.recordBackup(runId: backups.runId, target: target, path: path, projectId: projectId, prior: prior)
        return (id, prior)
    }

    /// The bitmap the project serves now (to keep it, or to see whether it is this file's).
    private func servedPicture(projectId: Int, path: String) async throws(IngestError) -> [UInt8] {
        guard !Task.isCancelled else { throw Submission.cancelled(.backup, path) }
        do throws(WebAPIError) {
            return try await client.projectImage(projectId: projectId, logger: logger)
        } catch {
            var failure = WebAPIErrorMapping.ingestError(error, stage: .backup, path: path)
            failure.message = "the project's picture could not be read to keep it, so it was not replaced: " + failure.message
            throw failure
        }
    }

    /// A file that changed since it was read is reported (`changedDuringIngest`), never recorded as the version
    /// on the server; bytes given by the caller cannot change.
    private func recheck(_ job: Job, since snapshot: FileSnapshot?, sha256: String, afterUpload: Bool) throws(IngestError) {
        let fullPath: String
        switch job.source {
        case .file(let path), .openFile(let path, _): fullPath = path
        case .bytes: return
        }
        guard let snapshot else { return }
        try ChangeCheck.unchanged(path: fullPath, displayPath: job.displayPath, since: snapshot, sha256: sha256,
                                  maxBytes: options.limits.maxFileBytes, afterUpload: afterUpload)
    }
}
