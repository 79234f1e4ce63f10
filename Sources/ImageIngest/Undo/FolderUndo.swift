import Logging
import SuperOfficeWebAPI

/// Puts back the pictures the imports of one folder replaced on one server, as the journal and the backups folder
/// kept them: one project at a time per task, a few at once.
///
/// For each project, the oldest selected replacement says what to put back and the newest says what the project
/// must still show; a project showing anything else was changed since, and is left alone.
struct FolderUndo: Sendable {
    let client: SuperOfficeClient
    let journalPath: String
    let target: String
    let runs: Set<Int64>?
    let paths: Set<String>?
    let removeNew: Bool
    let dryRun: Bool
    let concurrency: Int
    let logger: Logger

    func run() async throws(IngestError) -> UndoReport {
        // an undo and an import of this folder never run at once (a dry run only reads)
        let lock = dryRun ? nil : try ImportLock(journalPath: journalPath, target: target)
        defer { withExtendedLifetime(lock) {} }
        let journal = try Journal.openExisting(path: journalPath, logger: logger)
        let store = PictureBackupStore(besideJournal: journalPath)
        let records = try await journal.backups(target: target)
        if let runs {
            let known = Set(records.map(\.runId))
            if let unknown = runs.subtracting(known).sorted().first {
                let listed = known.sorted().map(String.init).joined(separator: ", ")
                throw IngestError(stage: .backup, code: .configuration,
                                  message: "run \(unknown) has no replaced picture left to put back on this server"
                                    + (listed.isEmpty ? " (no run has)" : " (the runs that have: \(listed))"))
            }
        }
        var groups: [Int: [BackupRecord]] = [:]
        for record in records { groups[record.projectId, default: []].append(record) }
        let work = groups.keys.sorted().compactMap { projectId -> (all: [BackupRecord], selected: [BackupRecord])? in
            let all = groups[projectId]!
            let selected = all.filter { (runs?.contains($0.runId) ?? true) && (paths?.contains($0.path) ?? true) }
            return selected.isEmpty ? nil : (all, selected)
        }

        var report = UndoReport()
        report.dryRun = dryRun
        var stop: IngestError? = nil
        await withTaskGroup(of: UndoReport.Entry.self) { group in
            var next = work.makeIterator()
            var running = 0
            func startNext() -> Bool {
                guard let item = next.next() else { return false }
                if let stop {
                    let newest = item.selected.last!
                    report.entries.append(.init(path: newest.path, projectId: newest.projectId, runIds: Self.runIds(item.selected),
                                                outcome: .notStarted, message: "not started: \(stop.message)", error: stop))
                    return true
                }
                group.addTask { await undo(all: item.all, selected: item.selected, journal: journal, store: store) }
                running += 1
                return true
            }
            while running < max(1, concurrency), startNext() {}
            while let entry = await group.next() {
                running -= 1
                report.entries.append(entry)
                if let error = entry.error, error.code == .unauthorized || error.code == .unreachable, stop == nil {
                    stop = error
                    report.stoppedBy = error
                }
                while running < max(1, concurrency), startNext() {}
            }
        }
        report.entries.sort { $0.projectId < $1.projectId }
        return report
    }

    private static func runIds(_ records: [BackupRecord]) -> [Int64] {
        Array(Set(records.map(\.runId))).sorted()
    }

    /// One project: check what it shows, then put the kept picture back (or remove the new one).
    private func undo(all: [BackupRecord], selected: [BackupRecord], journal: Journal,
                      store: PictureBackupStore) async -> UndoReport.Entry {
        // a row whose upload never answered changed nothing anyone can name: it neither blocks nor is restored
        let answered = all.filter { $0.replacementBlobId != nil }
        let unanswered = selected.filter { $0.replacementBlobId == nil }
        let selectedAnswered = selected.filter { $0.replacementBlobId != nil }
        let oldest = selectedAnswered.first ?? selected.first!
        let projectId = oldest.projectId
        var entry = UndoReport.Entry(path: selected.last!.path, projectId: projectId, runIds: Self.runIds(selected),
                                     outcome: .failed, message: "")
        // a later replacement that is not part of this undo: putting the older picture back would undo it too
        if let later = answered.first(where: { $0.id > oldest.id && !selected.contains($0) }) {
            entry.outcome = .changedSince
            entry.message = "replaced again by run \(later.runId) (\(later.path)): undo that run too, or first; left as it is"
            return entry
        }
        do throws(IngestError) {
            let current: BlobEntity
            do throws(WebAPIError) {
                current = try await client.projectImageInfo(projectId: projectId, detail: .brief, logger: logger)
            } catch {
                throw WebAPIErrorMapping.ingestError(error, stage: .backup, path: entry.path)
            }
            let shows = current.hasPicture ? current.blobId : nil
            guard let newest = answered.last, let expected = newest.replacementBlobId, !selectedAnswered.isEmpty else {
                // no selected upload ever answered: the project may still show what it showed before
                let before = oldest.prior?.info.blobId
                if shows == before {
                    entry.outcome = .unchanged
                    entry.message = "the import's upload never answered and the project still shows "
                        + (before.map { "blob \($0)" } ?? "no picture") + ": nothing to put back"
                    if !dryRun {
                        try await journal.markUndone(selected.map(\.id), how: "unchanged", paths: paths(selected), projectId: projectId,
                                                     target: target)
                    }
                } else {
                    entry.outcome = .changedSince
                    entry.message = "the import's upload never answered, and the project shows "
                        + (shows.map { "blob \($0)" } ?? "no picture") + ", not what it showed before: left as it is"
                }
                return entry
            }
            guard shows == expected else {
                entry.outcome = .changedSince
                entry.message = "the project shows " + (shows.map { "blob \($0)" } ?? "no picture")
                    + ", not blob \(expected) that run \(newest.runId) put there (changed since): left as it is"
                return entry
            }
            // the project had no picture before the first selected run: without removeNew, the closest is the first
            // picture the tool put there (kept when a later selected run replaced it)
            let restoring = oldest.prior != nil || removeNew ? oldest : selectedAnswered.first(where: { $0.prior != nil })
            guard let restoring, let prior = restoring.prior else {
                guard removeNew else {
                    entry.outcome = .keptNew
                    entry.message = "had no picture before run \(oldest.runId); keeps blob \(expected) (--remove-new removes it)"
                    return entry
                }
                if dryRun {
                    entry.outcome = .wouldRemove
                    entry.message = "would remove blob \(expected) (the project had no picture before run \(oldest.runId))"
                    return entry
                }
                do throws(WebAPIError) {
                    try await client.deleteProjectImage(projectId: projectId, logger: logger)
                } catch {
                    throw WebAPIErrorMapping.ingestError(error, stage: .upload, path: entry.path)
                }
                try await journal.markUndone(selected.map(\.id), how: "removed", paths: paths(selected), projectId: projectId,
                                             target: target)
                entry.outcome = .removed
                entry.message = "removed blob \(expected); the project has no picture, as before run \(oldest.runId)"
                return entry
            }
            // the kept bytes, checked against their SHA-256, before anything is changed
            let bytes = try store.read(sha256: prior.sha256, displayPath: entry.path)
            let firstNew = restoring.id != oldest.id
                ? "; the project had no picture before run \(oldest.runId) (--remove-new removes it)" : ""
            if dryRun {
                entry.outcome = .wouldRestore
                entry.message = "would put back the picture of before run \(restoring.runId) (\(bytes.count) bytes, "
                    + "was blob \(prior.info.blobId ?? 0)) over blob \(expected)" + firstNew
                return entry
            }
            let info = Self.restoredInfo(prior.info, keptBytes: bytes.count)
            let blobId: Int
            do throws(WebAPIError) {
                blobId = try await client.uploadProjectImage(projectId: projectId, bytes: bytes,
                                                             contentType: info.mimeType ?? "application/octet-stream", logger: logger)
            } catch {
                throw WebAPIErrorMapping.ingestError(error, stage: .upload, path: entry.path)
            }
            var described = info
            described.blobId = blobId
            do throws(WebAPIError) {
                _ = try await client.putProjectImageInfo(projectId: projectId, described, detail: .brief, logger: logger)
            } catch {
                // the kept bitmap is on the project, its ImageInfo is not: the newest record names the blob now shown,
                // so the next undo finds the project as it expects and puts the picture back whole
                var failure = WebAPIErrorMapping.ingestError(error, stage: .submit, path: entry.path)
                do throws(IngestError) {
                    try await journal.recordReplacement(backupId: newest.id, blobId: blobId)
                    failure.message += " (the kept bitmap is on the project as blob \(blobId); undo again to finish)"
                } catch let journalError {
                    failure.message += " (and the journal could not record blob \(blobId): \(journalError.message))"
                }
                throw failure
            }
            // records before the one restored (the project's first, new picture) stay, for a later --remove-new
            let undone = selected.filter { $0.id >= restoring.id } + unanswered.filter { $0.id < restoring.id }
            try await journal.markUndone(undone.map(\.id), how: "restored", paths: paths(undone), projectId: projectId, target: target,
                                         repoint: prior.info.blobId.map { (from: $0, to: blobId) })
            entry.outcome = .restored
            entry.restoredBlobId = blobId
            entry.message = "put back the picture of before run \(restoring.runId) (\(bytes.count) bytes, now blob \(blobId); "
                + "was blob \(prior.info.blobId ?? 0)), replacing blob \(expected)" + firstNew
            return entry
        } catch {
            entry.outcome = .failed
            entry.error = error
            entry.message = error.message
            logger.debug("undo failed", metadata: ["projectId": "\(projectId)", "error": "\(error)"])
            return entry
        }
    }

    private func paths(_ records: [BackupRecord]) -> [String] {
        Array(Set(records.map(\.path))).sorted()
    }

    /// The ImageInfo to submit for the kept bytes: as it was, less what the server writes itself; sizes follow the
    /// bytes the server served (a server that served them unzipped gets them described unzipped).
    static func restoredInfo(_ prior: BlobEntity, keptBytes: Int) -> BlobEntity {
        var info = BlobEntity(blobSize: prior.blobSize, description: prior.description, extraInfo: prior.extraInfo,
                              isEncrypted: prior.isEncrypted, isZipped: prior.isZipped, mimeType: prior.mimeType,
                              originalSize: prior.originalSize, conceptualType: prior.conceptualType)
        if !(prior.isZipped == true && prior.blobSize == keptBytes) {
            info.isZipped = false
            info.blobSize = keptBytes
            info.originalSize = keptBytes
        }
        return info
    }
}
