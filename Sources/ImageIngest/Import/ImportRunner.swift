import SuperOfficeWebAPI
import ImageCodecs

import LibC
import Logging
import NIOConcurrencyHelpers

/// Plans a folder import, then works through the files with bounded concurrency, journaling each step.
struct ImportRunner: Sendable {
    /// The WebAPI client and the options the files are processed with (not the `Ingestor` that made this runner).
    let client: SuperOfficeClient
    let options: IngestOptions
    let folder: String
    let settings: FolderImportSettings
    let logger: Logger
    let control: ImportControl

    var target: String { settings.target ?? client.baseURL }

    typealias Emit = @Sendable (ImportEvent) -> Void

    /// How one file ended.
    enum FileResult: Sendable {
        case done(IngestResult)
        case skipped(path: String, projectId: Int, reason: SkipReason)
        case failed(projectId: Int, error: IngestError)
        /// Stopped by cancellation before finishing; its journal row says where to pick up.
        case interrupted
    }

    /// Runs the import, handing every event to `emit`; a new file starts only while `backlog` has room.
    func run(backlog: EventBacklog, emit: @escaping Emit) async throws(IngestError) {
        let clock = ContinuousClock()
        let start = clock.now
        var report = ImportReport()
        report.dryRun = options.dryRun

        let match = try effectiveMatch()
        var plan = try await makePlan(match: match)

        let journalPath = settings.journalFile(forFolder: folder)
        let journal: Journal?
        // one import of this folder to this server at a time (a dry run only reads, and takes no lock)
        let lock: ImportLock?
        if options.dryRun {
            lock = nil
            journal = try? Journal.openExisting(path: journalPath, logger: logger)
        } else {
            lock = try ImportLock(journalPath: journalPath, target: target)
            journal = try Journal(path: journalPath, concurrentWriters: options.concurrency, logger: logger)
        }
        defer { withExtendedLifetime(lock) {} }
        // this run's number in the journal, and where the pictures it replaces are kept (for `undo`); then every key
        // once, before any file is read (keys an earlier run resolved are not asked again)
        var backups: FilePipeline.Recording.Backups? = nil
        do throws(IngestError) {
            if !options.dryRun, let journal {
                let runId = try await journal.beginRun(target: target)
                report.runId = runId
                let store = PictureBackupStore(besideJournal: journalPath)
                backups = settings.keepBackups ? .init(store: store, runId: runId) : nil
                if settings.keepBackups { report.backupsFolder = store.folder }
            }
            if settings.lookUpProjects {
                let known = settings.force ? [:] : (try await journal?.resolvedKeys(target: target, match: match) ?? [:])
                let resolver = PlanResolver(client: client, match: match, logger: logger)
                let resolved = try await resolver.resolve(&plan, known: known)
                if !options.dryRun { try await journal?.saveResolvedKeys(resolved, target: target, match: match) }
            }
        } catch where [.unreachable, .timeout, .transport, .serverError, .rateLimited, .unauthorized, .journal].contains(error.code) {
            // the server is gone (cannot connect, never answers the lookup, drops it, keeps failing it after the
            // retries) or refuses us, or the journal cannot be written: nothing was sent, every file stays for the
            // next run
            let reason: StopReason = switch error.code {
            case .unauthorized: .authenticationRefused(error)
            case .journal: .journalUnwritable(error)
            default: .serverUnreachable(server: client.baseURL, error)
            }
            control.stop(reason)
            emit(.planned(files: plan.files.count, bytes: 0, unmapped: plan.notImported, failedUpFront: plan.failures.count))
            report.notFinished = plan.files.count
            report.stopReason = reason
            emit(.stopped(reason))
            report.elapsedSeconds = Self.seconds(clock.now - start)
            emit(.finished(report))
            return
        }
        if !settings.lookUpProjects, match != .id {
            throw IngestError(stage: .resolve, code: .configuration,
                              message: "matching by \(match) needs a server to look the projects up (lookUpProjects is off)")
        }
        let fileBackups = backups

        let files = plan.files
        // one read of the whole journal instead of one query per file
        var known: [String: JournalEntry] = [:]
        for entry in try await journal?.allEntries() ?? [] where entry.target == target { known[entry.path] = entry }
        let earlier = known
        // the rows this plan adds must fit beside the journal before the first upload: too little room is a stop
        // before any file, as a journal that cannot be written is
        if !options.dryRun {
            do throws(IngestError) {
                try JournalRoom.check(journalPath: journalPath, rows: files.count { earlier[$0.relativePath] == nil })
            } catch {
                control.stop(.journalUnwritable(error))
                emit(.planned(files: files.count, bytes: 0, unmapped: plan.notImported, failedUpFront: plan.failures.count))
                report.notFinished = files.count
                report.stopReason = .journalUnwritable(error)
                emit(.stopped(.journalUnwritable(error)))
                report.elapsedSeconds = Self.seconds(clock.now - start)
                emit(.finished(report))
                return
            }
        }
        // the walk's stat: no file is stat'ed again for the plan
        let sizes = files.map { $0.snapshot?.size ?? (try? FileSnapshot.take(path: absolute($0.relativePath), displayPath: $0.relativePath).size) ?? 0 }
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
        report.ambiguityReasons = plan.ambiguityReasons
        for path in plan.unmapped { emit(.skipped(path: path, projectId: nil, reason: .unmapped)) }
        for path in plan.ambiguous {
            emit(.skipped(path: path, projectId: nil, reason: .ambiguousName(why: plan.ambiguityReasons[path] ?? "")))
        }
        for path in plan.notInManifest { emit(.skipped(path: path, projectId: nil, reason: .notInManifest)) }
        for path in plan.inSubfolder { emit(.skipped(path: path, projectId: nil, reason: .inSubfolder)) }


        // `concurrency` files are in flight; what they hold at once (bytes from read to upload, decode and pack
        // memory while those run) stays within the memory budget, so the others wait for room or finish their
        // ImageInfo round trips holding nothing
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
            var cancelledForJournal = false
            func startNext() -> Bool {
                guard control.stopReason == nil, !Task.isCancelled, let file = pending.next() else { return false }
                let entry = earlier[file.relativePath]
                group.addTask { await process(file, entry: entry, journal: journal, backups: fileBackups, budget: budget, emit: emit) }
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
                    if let plan = outcome.plannedUpload { report.plannedUploads[plan, default: 0] += 1 }
                    if outcome.carriedGPS { report.carryingGPS += 1 }
                    if outcome.uploadedWithGPS { report.uploadedWithGPS += 1 }
                    if outcome.keptPicturePath != nil {
                        report.keptPictures += 1
                        report.keptBytes += outcome.keptPictureBytes
                    }
                    if outcome.changes.resized { report.resized += 1 }
                    if let format = outcome.changes.convertedFrom { report.converted[format, default: 0] += 1 }
                    switch outcome.changes.upright {
                    case .lossless: report.turnedUprightLosslessly += 1
                    case .reencoded: report.turnedUprightByReencoding += 1
                    case nil: break
                    }
                    emit(.done(outcome))
                case .skipped(let path, let projectId, let reason):
                    unfinished -= 1
                    switch reason {
                    case .alreadyDone: report.alreadyDone += 1
                    case .unchangedOnServer: report.unchangedOnServer += 1
                    case .keptExisting: report.kept += 1
                    default: break
                    }
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
                case .failed(_, let error) where error.code == .journal || error.code == .backupUnwritable:
                    // what the journal cannot record must not reach the server: one stop, the rest stay pending
                    control.stop(.journalUnwritable(error))
                    if !cancelledForJournal {
                        cancelledForJournal = true
                        logger.debug("the journal cannot be written; stopping the import", metadata: ["error": "\(error.message)"])
                        group.cancelAll()
                    }
                case .failed(let projectId, let error) where error.code == .unreachable:
                    if unreachable.record(projectId: projectId, error: error), control.stopReason == nil {
                        // the server is gone: one stop, and every file not finished stays pending
                        control.stop(.serverUnreachable(server: client.baseURL, error))
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

    private static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    private func absolute(_ relative: String) -> String {
        folder.hasSuffix("/") ? folder + relative : folder + "/" + relative
    }

    /// How the files name their projects: the manifest's header, else the settings' match, else ids.
    private func effectiveMatch() throws(IngestError) -> ProjectMatch {
        guard let manifest = settings.manifest else { return settings.match ?? .id }
        if let given = settings.match, given != manifest.match {
            throw IngestError(stage: .discover, code: .invalidManifest,
                              message: "the manifest names projects by \(manifest.match), the import's match is \(given)")
        }
        return manifest.match
    }

    private func makePlan(match: ProjectMatch) async throws(IngestError) -> ImportPlan {
        let folder = self.folder
        let settings = self.settings
        return try await CPUWork.run { () throws(IngestError) in
            let discovered = try FileDiscovery.discover(in: folder, recursive: settings.recursive,
                                                        everyFolderNamesAProject: match != .id && settings.manifest == nil)
            var excluded: Set<String> = []
            // the manifest is not input when it lies inside the folder (compared by real path)
            if let manifestPath = settings.manifestPath, let realFolder = Self.realPath(folder),
               let realManifest = Self.realPath(manifestPath), realManifest.hasPrefix(realFolder + "/") {
                excluded.insert(String(realManifest.dropFirst(realFolder.count + 1)))
            }
            return ProjectMapper.plan(discovered: discovered, manifest: settings.manifest, match: match, excluding: excluded)
        }
    }

    // MARK: One file

    private func process(_ file: PlannedFile, entry: JournalEntry?, journal: Journal?,
                         backups: FilePipeline.Recording.Backups?, budget: MemoryBudget,
                         emit: @escaping Emit) async -> FileResult {
        let path = file.relativePath
        if let project = file.project { emit(.resolved(path: path, key: file.keys.first ?? "", project: project)) }
        do throws(IngestError) {
            return try await processOrThrow(file, entry: entry, journal: journal, backups: backups, budget: budget, emit: emit)
        } catch {
            if error.code == .unauthorized { control.stop(.authenticationRefused(error)) }
            if Task.isCancelled || error.code == .cancelled { return .interrupted }
            // a refused credential or an unreachable server says nothing about the file: its row stays as
            // the attempt left it (pending, or uploaded), never failed
            if error.code == .journal || error.code == .backupUnwritable { control.stop(.journalUnwritable(error)) }
            if error.code != .unauthorized, error.code != .unreachable, error.code != .journal, error.code != .backupUnwritable,
               !options.dryRun,
               let journal {
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
            let current = try await journal.entry(forPath: file.relativePath, target: target)
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
                try await journal.transition(path: file.relativePath, target: target, to: state)
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

    private func processOrThrow(_ file: PlannedFile, entry: JournalEntry?, journal: Journal?,
                                backups: FilePipeline.Recording.Backups?, budget: MemoryBudget,
                                emit: @escaping Emit) async throws(IngestError) -> FileResult {
        let path = file.relativePath
        let fullPath = absolute(path)
        var logger = self.logger
        // (only what is logged below error level carries it: see SuperOfficeClient.send)
        if logger.logLevel < .error { logger[metadataKey: "path"] = "\(path)" }

        // the walk's stat decides (the read's fstat is what the change checks and the journal keep)
        let snapshot: FileSnapshot
        if let seen = file.snapshot { snapshot = seen } else { snapshot = try FileSnapshot.take(path: fullPath, displayPath: path) }
        let decision = ResumeDecision.decide(entry: entry, size: snapshot.size,
                                             modificationTimeNanoseconds: snapshot.modificationTimeNanoseconds,
                                             projectId: file.projectId, target: target, force: settings.force)
        if case .skip(let blobId) = decision {
            return .skipped(path: path, projectId: file.projectId, reason: .alreadyDone(blobId: blobId))
        }
        // Only a file that will be read takes from the memory budget: its size (as just seen; a file that grew
        // since is still read whole, up to the file limit) and what its decode and pack need, from its header.
        // A file that needs more than the whole budget gets all of it and runs alone.
        // one open a file: its header is read (pread) for the estimate, the whole file after the wait, from this descriptor
        let descriptor = try FileReader.open(path: fullPath, displayPath: path)
        defer { close(descriptor) }
        let need = FileMemoryNeed.estimate(descriptor: descriptor, size: snapshot.size, options: options)
        let hold = BudgetHold(budget, amount: await budget.acquire(need.total))
        defer { hold.release() }
        // a stop (SIGINT, a refused credential) or a cancellation that came while waiting: do not start
        guard control.stopReason == nil, !Task.isCancelled else { return .interrupted }
        emit(.started(path: path, projectId: file.projectId))

        let pipeline = FilePipeline(client: client, options: options, logger: logger)
        let job = FilePipeline.Job(source: .openFile(path: fullPath, descriptor: descriptor), displayPath: path, projectId: file.projectId,
                                   description: file.description, conceptualType: file.conceptualType,
                                   probedHeader: need.header)
        // (a dry run reads the journal, to say what is done, but the pipeline records nothing in it)
        let recording = journal.map {
            FilePipeline.Recording(journal: $0, target: target, decision: decision, backups: backups, control: control)
        }
        switch try await pipeline.run(job, recording: recording,
                                      memory: FilePipeline.MemoryShare(hold: hold, fileBytes: need.fileBytes), emit: emit) {
        case .unchanged(let blobId):
            return .skipped(path: path, projectId: file.projectId, reason: .alreadyDone(blobId: blobId))
        case .existingOnServer(_, let skip):
            return .skipped(path: path, projectId: file.projectId, reason: skip)
        case .done(let result, let bytes):
            var outcome = result
            outcome.path = path
            outcome.projectId = file.projectId
            outcome.bytes = bytes
            return .done(outcome)
        }
    }
}
