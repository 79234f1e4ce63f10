public import Logging

extension Ingestor {
    /// Puts back the pictures imports of `folder` replaced on this client's server: each project's picture and
    /// ImageInfo as they were before the first selected run replaced them (kept in `backups/` beside the journal).
    ///
    /// A project is changed only while it still shows the picture the import put there; one changed since (by hand,
    /// or by a later run not undone) is reported as `.changedSince` and left alone. A project that had no picture
    /// keeps the new one unless `removeNew`. With `options.dryRun` nothing is changed: the report says what would be.
    /// Holds the folder's import lock while it works (an import of the folder and server meanwhile is refused).
    /// - Parameters:
    ///   - folder: the folder that was imported.
    ///   - settings: where its journal is (`journalPath`) and which server it names (`target`), as for the import.
    ///   - runs: only these runs (the import's `ImportReport.runId`); nil is every run not undone yet.
    ///   - paths: only the pictures these files (relative to `folder`) replaced; nil is every one.
    ///   - removeNew: remove the pictures of projects that had none before.
    ///   - logger: where the requests are logged (never a credential).
    /// - Returns: one entry a project.
    /// - Throws: `IngestError` when there is no journal, a run is unknown, or another import holds the lock
    ///   (`.alreadyRunning`); a project's own failure is its entry's.
    public func undoImport(ofFolder folder: String, settings: FolderImportSettings = .init(), runs: Set<Int64>? = nil,
                           paths: Set<String>? = nil, removeNew: Bool = false,
                           logger: Logger) async throws(IngestError) -> UndoReport {
        let undo = FolderUndo(client: client, journalPath: settings.journalFile(forFolder: folder),
                              target: settings.target ?? client.baseURL, runs: runs, paths: paths, removeNew: removeNew,
                              dryRun: options.dryRun, concurrency: min(8, max(1, options.concurrency)), logger: logger)
        return try await undo.run()
    }
}
