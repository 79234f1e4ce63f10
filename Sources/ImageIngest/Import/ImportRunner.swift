import SuperOfficeWebAPI
import ImageCodecs

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Logging
import NIOConcurrencyHelpers

/// Plans a folder import, then works through the files with bounded concurrency, journaling each step.
struct ImportRunner: Sendable {
    let ingestor: Ingestor
    let folder: String
    let settings: FolderImportSettings
    let logger: Logger
    let control: ImportControl

    var target: String { settings.target ?? ingestor.client.baseURL }

    typealias Emit = @Sendable (ImportEvent) -> Void

    /// How one file ended.
    enum FileResult: Sendable {
        case done(FileOutcome)
        case skipped(path: String, projectId: Int, reason: SkipReason)
        case failed(projectId: Int, error: IngestError)
        /// Stopped by cancellation before finishing; its journal row says where to pick up.
        case interrupted
    }

    /// Runs the import, handing every event to `emit`; a new file starts only while `backlog` has room.
    func run(backlog: EventBacklog, emit: @escaping Emit) async throws(IngestError) {
        let clock = ContinuousClock()
        let start = clock.now
        let options = ingestor.options
        var report = ImportReport()
        report.dryRun = options.dryRun
        report.server = ingestor.client.baseURL

        let plan = try await makePlan()
        let files = plan.files
        let sizes = files.map { (try? FileSnapshot.take(path: absolute($0.relativePath), displayPath: $0.relativePath).size) ?? 0 }
        emit(.planned(files: files.count, bytes: sizes.reduce(0, +), unmapped: plan.notImported,
                      failedUpFront: plan.failures.count))
        for failure in plan.failures {
            report.failures.append(failure)
            emit(.failed(projectId: nil, error: failure))
        }
        // every file found and not imported is reported with its reason: nothing is dropped silently
        report.unmapped = plan.unmapped
        report.ambiguous = plan.ambiguous
        report.notInManifest = plan.notInManifest
        report.inSubfolder = plan.inSubfolder
        for (paths, reason) in [(plan.unmapped, SkipReason.unmapped), (plan.ambiguous, .ambiguousName),
                                (plan.notInManifest, .notInManifest), (plan.inSubfolder, .inSubfolder)] {
            for path in paths { emit(.skipped(path: path, projectId: nil, reason: reason)) }
        }

        let journalPath = settings.journalPath ?? Journal.defaultPath(forFolder: folder)
        let journal: Journal?
        if options.dryRun {
            journal = try? Journal.openExisting(path: journalPath, logger: logger)
        } else {
            journal = try Journal(path: journalPath, logger: logger)
        }

        // one read of the whole journal instead of one query per file
        var known: [String: JournalEntry] = [:]
        for entry in try await journal?.allEntries() ?? [] { known[entry.path] = entry }
        let earlier = known

        // `concurrency` files are in flight; the bytes they hold at once (read → upload) stay within the
        // memory budget, so the others wait for room or finish their ImageInfo round trips without bytes
        let budget = MemoryBudget(bytes: options.memoryBudget)
        let width = max(1, options.concurrency)
        var pending = files.makeIterator()
        var unfinished = files.count
        var unreachable = UnreachableStreak(limit: settings.stopAfterUnreachableFiles)
        /// Files whose connection failed are failures only once the server proves alive (or the import ends
        /// without stopping for it); if the server turns out gone they stay pending, not failed.
        func settleUnreachable() {
            for (projectId, error) in unreachable.settle() {
                unfinished -= 1
                report.failures.append(error)
                emit(.failed(projectId: projectId, error: error))
            }
        }
        await withTaskGroup(of: FileResult.self) { group in
            var running = 0
            var cancelledForAuthentication = false
            func startNext() -> Bool {
                guard control.stopReason == nil, !Task.isCancelled, let file = pending.next() else { return false }
                let entry = earlier[file.relativePath]
                group.addTask { await process(file, entry: entry, journal: journal, budget: budget, emit: emit) }
                running += 1
                return true
            }
            while running < width {
                await backlog.waitForRoom()
                guard startNext() else { break }
            }
            while let result = await group.next() {
                running -= 1
                switch result {
                case .done(let outcome):
                    settleUnreachable()
                    unfinished -= 1
                    report.done += 1
                    report.bytes += outcome.bytes
                    if !outcome.uploaded && !options.dryRun { report.resumed += 1 }
                    emit(.done(outcome))
                case .skipped(let path, let projectId, let reason):
                    unfinished -= 1
                    if case .alreadyDone = reason { report.alreadyDone += 1 }
                    emit(.skipped(path: path, projectId: projectId, reason: reason))
                case .failed(_, let error) where error.code == .unauthorized:
                    // one stop, not one failure per file: the rest stay pending for the next run
                    // (the file's task already set the stop, before giving its memory to the next file)
                    control.stop(.authenticationRefused(error))
                    if !cancelledForAuthentication {
                        cancelledForAuthentication = true
                        logger.notice("authentication refused; stopping the import")
                        group.cancelAll()
                    }
                case .failed(let projectId, let error) where error.code == .unreachable:
                    if unreachable.record(projectId: projectId, error: error), control.stopReason == nil {
                        // the server is gone: one stop, and every file not finished stays pending
                        control.stop(.serverUnreachable(server: ingestor.client.baseURL, error))
                        logger.notice("the server is unreachable; stopping the import")
                        group.cancelAll()
                    }
                case .failed(let projectId, let error):
                    // an answer from the server (any stage from upload on) shows it is there
                    if error.stage >= .upload { settleUnreachable() }
                    unfinished -= 1
                    report.failures.append(error)
                    emit(.failed(projectId: projectId, error: error))
                case .interrupted:
                    break
                }
                while running < width {
                    await backlog.waitForRoom()
                    guard startNext() else { break }
                }
            }
        }
        if Task.isCancelled { control.stop(.cancelled) }
        if case .serverUnreachable = control.stopReason {
            // left pending: counted in notFinished, not as failures
        } else {
            settleUnreachable()
        }
        report.notFinished = unfinished
        if let reason = control.stopReason {
            report.stopReason = reason
            emit(.stopped(reason))
        }
        report.elapsedSeconds = Self.seconds(clock.now - start)
        emit(.finished(report))
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    /// Gives a file's share of the memory budget back once, whichever comes first: after the upload or at
    /// the end of the file.
    final class BudgetHold: Sendable {
        private let budget: MemoryBudget
        private let amount: Int
        private let held = NIOLockedValueBox(true)

        init(_ budget: MemoryBudget, amount: Int) {
            self.budget = budget
            self.amount = amount
        }

        func release() {
            let wasHeld = held.withLockedValue { held -> Bool in
                defer { held = false }
                return held
            }
            if wasHeld { budget.release(amount) }
        }
    }

    private static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    private func absolute(_ relative: String) -> String {
        folder.hasSuffix("/") ? folder + relative : folder + "/" + relative
    }

    private func makePlan() async throws(IngestError) -> ImportPlan {
        let folder = self.folder
        let settings = self.settings
        return try await CPUWork.run { () throws(IngestError) in
            let discovered = try FileDiscovery.discover(in: folder, recursive: settings.recursive)
            var excluded: Set<String> = []
            // the manifest is not input when it lies inside the folder (compared by real path)
            if let manifestPath = settings.manifestPath, let realFolder = Self.realPath(folder),
               let realManifest = Self.realPath(manifestPath), realManifest.hasPrefix(realFolder + "/") {
                excluded.insert(String(realManifest.dropFirst(realFolder.count + 1)))
            }
            return ProjectMapper.plan(discovered: discovered, manifest: settings.manifest, excluding: excluded)
        }
    }

    // MARK: One file

    private func process(_ file: PlannedFile, entry: JournalEntry?, journal: Journal?, budget: MemoryBudget,
                         emit: @escaping Emit) async -> FileResult {
        let path = file.relativePath
        do throws(IngestError) {
            return try await processOrThrow(file, entry: entry, journal: journal, budget: budget, emit: emit)
        } catch {
            if error.code == .unauthorized { control.stop(.authenticationRefused(error)) }
            if Task.isCancelled || error.code == .cancelled { return .interrupted }
            // a refused credential or an unreachable server says nothing about the file: its row stays as
            // the attempt left it (pending, or uploaded), never failed
            if error.code != .unauthorized, error.code != .unreachable, !ingestor.options.dryRun, let journal {
                await recordFailure(error, file: file, journal: journal)
            }
            var error = error
            if error.path == nil { error.path = path }
            return .failed(projectId: file.projectId, error: error)
        }
    }

    private func recordFailure(_ error: IngestError, file: PlannedFile, journal: Journal) async {
        let state = JournalState.failed(stage: error.stage, code: error.code, reason: error.message)
        do {
            let current = try await journal.entry(forPath: file.relativePath)
            if case .uploaded = current?.state, error.stage == .submit, error.code != .rejected {
                // the bitmap is on the server: keep the blob id so the next run only submits the ImageInfo.
                // Not when the server refused the ImageInfo (e.g. "BlobId … is not the image of project …": a late
                // request of an interrupted run, or someone else, replaced the bitmap since): then the next run
                // must upload again, or every rerun would submit the stale blob id and fail the same way.
                return
            }
            if var entry = current, error.stage < .upload {
                // the file failed before its first request, so no attempt was recorded in this run: count it
                entry.state = state
                entry.attempts += 1
                entry.projectId = file.projectId
                entry.target = target
                try await journal.save(entry)
            } else if current != nil {
                try await journal.transition(path: file.relativePath, to: state)
            } else {
                let snapshot = try? FileSnapshot.take(path: absolute(file.relativePath), displayPath: file.relativePath)
                try await journal.save(JournalEntry(path: file.relativePath, size: snapshot?.size ?? 0,
                                                    modificationTimeNanoseconds: snapshot?.modificationTimeNanoseconds ?? 0,
                                                    projectId: file.projectId, target: target, state: state, attempts: 1))
            }
        } catch {
            logger.error("cannot record a failure in the journal", metadata: ["path": "\(file.relativePath)", "error": "\(error)"])
        }
    }

    private func processOrThrow(_ file: PlannedFile, entry: JournalEntry?, journal: Journal?, budget: MemoryBudget,
                                emit: @escaping Emit) async throws(IngestError) -> FileResult {
        let path = file.relativePath
        let fullPath = absolute(path)
        let options = ingestor.options
        var logger = self.logger
        logger[metadataKey: "path"] = "\(path)"

        let snapshot = try FileSnapshot.take(path: fullPath, displayPath: path)
        let decision = ResumeDecision.decide(entry: entry, size: snapshot.size,
                                             modificationTimeNanoseconds: snapshot.modificationTimeNanoseconds,
                                             projectId: file.projectId, target: target, force: settings.force)
        if case .skip(let blobId) = decision {
            return .skipped(path: path, projectId: file.projectId, reason: .alreadyDone(blobId: blobId))
        }
        // Only a file that will be read takes its size (as just seen) from the memory budget; a file that
        // grew since is still read whole, up to the file limit.
        let hold = BudgetHold(budget, amount: await budget.acquire(snapshot.size))
        defer { hold.release() }
        // a stop (SIGINT, a refused credential) or a cancellation that came while waiting: do not start
        guard control.stopReason == nil, !Task.isCancelled else { return .interrupted }
        emit(.started(path: path, projectId: file.projectId))

        // Read once, and run every CPU stage on that one buffer in the same work item (one hop to the CPU
        // queue and back a file). A file the journal says is done with the same size but another time
        // stamp is hashed first: the same content needs no upload.
        enum Read: Sendable {
            case unchanged(FileSnapshot, blobId: Int)
            case prepared(PreparedImage, FileSnapshot)
        }
        // `read` is scoped so that, once `prepared` gives up its payload after the upload, nothing holds the
        // file's bytes any more and its share of the memory budget goes to the next file truly free.
        let readSnapshot: FileSnapshot
        var prepared: PreparedImage
        do {
            let read = try await CPUWork.run { () throws(IngestError) -> Read in
                let (bytes, snapshot) = try FileReader.read(path: fullPath, displayPath: path, maxBytes: options.limits.maxFileBytes)
                emit(.stagePassed(path: path, stage: .read))
                if case .skipIfUnchanged(let sha, let blobId) = decision, ImagePacker.sha256Hex(bytes) == sha {
                    return .unchanged(snapshot, blobId: blobId)
                }
                let prepared = try PreparedImage.prepare(bytes: bytes, displayPath: path, options: options) { stage in
                    emit(.stagePassed(path: path, stage: stage))
                }
                return .prepared(prepared, snapshot)
            }
            switch read {
            case .unchanged(let snapshot, let blobId):
                if !options.dryRun, let journal {
                    try await journal.transition(path: path, to: .done(blobId: blobId), size: snapshot.size,
                                                 modificationTimeNanoseconds: snapshot.modificationTimeNanoseconds)
                }
                return .skipped(path: path, projectId: file.projectId, reason: .alreadyDone(blobId: blobId))
            case .prepared(let image, let snapshot):
                prepared = image
                readSnapshot = snapshot
            }
        }
        let sha = prepared.packed.sha256
        guard !options.dryRun, let journal else {
            return .done(FileOutcome(path: path, projectId: file.projectId, blobId: nil, bytes: readSnapshot.size, uploaded: false))
        }

        var earlierBlob: Int? = nil
        if case .finishSubmit(let blobId, let uploadedSha) = decision, uploadedSha == sha { earlierBlob = blobId }
        try await journal.recordAttempt(path: path, size: readSnapshot.size,
                                        modificationTimeNanoseconds: readSnapshot.modificationTimeNanoseconds,
                                        projectId: file.projectId, target: target, keepUploaded: earlierBlob != nil)
        try ChangeCheck.unchanged(path: fullPath, displayPath: path, since: readSnapshot, sha256: sha,
                                  maxBytes: options.limits.maxFileBytes, afterUpload: false)

        let submission = Submission(client: ingestor.client, logger: logger)
        let builder = ImageInfoBuilder(description: file.description ?? options.description,
                                       conceptualType: file.conceptualType ?? options.conceptualType,
                                       extraInfo: options.extraInfo)
        let projectId = file.projectId
        // The fields left as the server has them are read while the bitmap uploads: the upload changes none
        // of Description, ConceptualType or ExtraInfo, so the answer is the same as reading after it, and one
        // round trip per file is hidden. A failed upload discards it (the read is cancelled below).
        let earlyInfo: Task<Result<BlobEntity?, IngestError>, Never>?
        if earlierBlob == nil, builder.needsCurrentInfo {
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
        } else {
            blobId = try await submission.upload(prepared, projectId: file.projectId, path: path)
            try await journal.transition(path: path, to: .uploaded(blobId: blobId), sha256: sha)
            emit(.stagePassed(path: path, stage: .upload))
        }
        // the bytes are not needed any more: free them and let the next file be read meanwhile
        prepared.packed.payload = []
        hold.release()
        let current: BlobEntity?
        if let earlyInfo {
            // an unstructured task: pass this task's cancellation on to it
            current = try await withTaskCancellationHandler {
                await earlyInfo.value
            } onCancel: {
                earlyInfo.cancel()
            }.get()
        } else {
            current = try await submission.currentInfo(projectId: projectId, builder: builder, path: path)
        }
        _ = try await submission.submit(prepared, blobId: blobId, projectId: projectId, builder: builder,
                                        current: current, path: path, detail: .brief)
        emit(.stagePassed(path: path, stage: .submit))
        try ChangeCheck.unchanged(path: fullPath, displayPath: path, since: readSnapshot, sha256: sha,
                                  maxBytes: options.limits.maxFileBytes, afterUpload: true)
        try await journal.transition(path: path, to: .done(blobId: blobId), sha256: sha)
        emit(.stagePassed(path: path, stage: .record))
        return .done(FileOutcome(path: path, projectId: file.projectId, blobId: blobId, bytes: readSnapshot.size,
                                 uploaded: earlierBlob == nil))
    }
}
