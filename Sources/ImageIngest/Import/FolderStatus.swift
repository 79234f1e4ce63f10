public import Logging

extension Ingestor {
    /// What imports of `folder` have done, from its journal: every file's row for every server, counted for one of
    /// them, and the files in the folder an import would work on that it has not started. Nothing is sent anywhere.
    ///
    /// ```swift
    /// let status = try await Ingestor.status(ofFolder: "photos", currentServer: "https://sod.superoffice.com/Cust1", logger: logger)
    /// print(status.done, status.failures.count, status.notFinished)   // of the current server's rows
    /// ```
    ///
    /// The report's `records` are every row (path order), `servers` the servers they name, the current one first,
    /// then by the number of rows; `server` is the one counted: `done`, `failures` (each failed row's error, its path
    /// included) and `notFinished` (pending, uploaded without an ImageInfo, and not started) are its rows'.
    /// - Parameters:
    ///   - folder: The imported folder; nil with `settings.journalPath` reads the journal alone (nothing is "not
    ///     started" then), nil without it is the current folder.
    ///   - settings: The journal's place (`journalPath`), and which files an import would take (`manifest`,
    ///     `recursive`), as given to the import.
    ///   - currentServer: The server an import would use now, as `FolderImportSettings.serverName(ofTarget:)` names
    ///     it; nil when unknown.
    ///   - logger: Where the journal's access is logged.
    /// - Throws: `IngestError` with code `.journal` when there is no journal or it cannot be read, and at `.discover`
    ///   when the folder cannot be listed.
    public static func status(ofFolder folder: String?, settings: FolderImportSettings = .init(), currentServer: String?,
                              logger: Logger) async throws(IngestError) -> ImportReport {
        let path = settings.journalFile(forFolder: folder ?? ".")
        let entries = try await Journal.openExisting(path: path, logger: logger).allEntries()
        var report = ImportReport()
        report.records = entries.map(ImportReport.FileRecord.init)
        var rows: [String: Int] = [:]
        for record in report.records { rows[record.server, default: 0] += 1 }
        report.servers = rows.keys.sorted { lhs, rhs in
            if (lhs == currentServer) != (rhs == currentServer) { return lhs == currentServer }
            return rows[lhs]! != rows[rhs]! ? rows[lhs]! > rows[rhs]! : lhs < rhs
        }
        // whose history the counts are: the current server's when it has rows, else the server with the most
        report.server = report.servers.first
        let mine = report.records.filter { $0.server == report.server }
        // with only a journal, the folder it belongs to is unknown: nothing to compare
        if folder != nil || settings.journalPath == nil {
            let discovered = try FileDiscovery.discover(in: folder ?? ".", recursive: settings.recursive)
            let journaled = Set(mine.map(\.path))
            report.notStarted = ProjectMapper.plan(discovered: discovered, manifest: settings.manifest).files.map(\.relativePath)
                .filter { !journaled.contains($0) }
        }
        report.done = mine.count { $0.state == .done }
        report.failures = mine.compactMap(\.failure)
        report.notFinished = mine.count { $0.state == .pending || $0.state == .uploaded } + (report.notStarted?.count ?? 0)
        return report
    }
}

extension ImportReport.FileRecord {
    init(_ entry: JournalEntry) {
        var state = State.pending
        var blobId: Int? = nil
        var failure: IngestError? = nil
        switch entry.state {
        case .pending: break
        case .uploaded(let blob): (state, blobId) = (.uploaded, blob)
        case .done(let blob): (state, blobId) = (.done, blob)
        case .failed(let stage, let code, let reason):
            state = .failed
            failure = IngestError(stage: stage, code: code, message: reason, path: entry.path)
        }
        self.init(path: entry.path, target: entry.target, server: FolderImportSettings.serverName(ofTarget: entry.target),
                  projectId: entry.projectId, state: state, blobId: blobId, failure: failure, size: entry.size,
                  sha256: entry.sha256, attempts: entry.attempts)
    }
}
