import Logging
public import SuperOfficeWebAPI

/// A folder import in progress: an `AsyncSequence` of `ImportEvent`s whose last element is `.finished`
/// with the `ImportReport`.
///
/// Iterate it once. Work starts when iteration starts; breaking out of the loop or cancelling the
/// iterating task cancels the work (in-flight files are left pending in the journal). `stop()` instead
/// lets in-flight files finish and starts no new ones (the CLI calls it on SIGINT).
public struct FolderImport: AsyncSequence, Sendable {
    public typealias Element = ImportEvent
    public typealias Failure = IngestError

    let runner: ImportRunner
    /// Where `writingReport(to:redact:)` writes its CSV, and how its messages are redacted.
    private var report: (path: String, redact: SecretRedactor)?

    init(ingestor: Ingestor, folder: String, settings: FolderImportSettings, logger: Logger) {
        runner = ImportRunner(client: ingestor.client, options: ingestor.options, folder: folder, settings: settings, logger: logger,
                              control: ImportControl())
    }

    /// This import, also writing one CSV row a file as each file ends (`path,projectId,number,name,outcome,code,
    /// message,blobId,bytes,backup`; RFC 4180), messages through `redact`. The file is created (or emptied) when
    /// iteration starts; a file that cannot be written fails the import before anything is done (`.configuration`).
    public func writingReport(to path: String, redact: SecretRedactor = SecretRedactor(secrets: [])) -> FolderImport {
        var copy = self
        copy.report = (path, redact)
        return copy
    }

    /// Starts no new files; in-flight files finish (or stay pending), then `.stopped` and `.finished` follow.
    public func stop() {
        runner.control.stop(.stopRequested)
    }

    /// Runs the import to its end, ignoring the per-file events, and returns the report.
    /// - Throws: `IngestError` when the import cannot start (no folder, bad manifest, unusable journal).
    public func run() async throws(IngestError) -> ImportReport {
        var report = ImportReport()
        for try await event in self {
            if case .finished(let final) = event { report = final }
        }
        return report
    }

    /// Starts the import and returns the iterator over its events.
    public func makeAsyncIterator() -> Iterator {
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: ImportEvent.self, throwing: (any Error).self)
        let (runner, report) = (self.runner, self.report)
        let backlog = EventBacklog(limit: runner.settings.eventBacklogLimit)
        let task = Task {
            do throws(IngestError) {
                let reportFile = try report.map { report throws(IngestError) in
                    try ImportReportFile(path: report.path, dryRun: runner.options.dryRun, redact: report.redact)
                }
                try await runner.run(backlog: backlog) { event in
                    reportFile?.record(event)
                    backlog.emitted()
                    continuation.yield(event)
                }
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        continuation.onTermination = { _ in task.cancel() }
        return Iterator(base: stream.makeAsyncIterator(), backlog: backlog)
    }

    /// Iterates the events of a `FolderImport`.
    public struct Iterator: AsyncIteratorProtocol {
        var base: AsyncThrowingStream<ImportEvent, any Error>.Iterator
        let backlog: EventBacklog

        /// The next event, or nil after `.finished`.
        /// - Throws: `IngestError` when the import could not start.
        public mutating func next() async throws(IngestError) -> ImportEvent? {
            try await next(isolation: nil)
        }

        /// The next event, or nil after `.finished`, on `actor`'s executor.
        /// - Throws: `IngestError` when the import could not start.
        public mutating func next(isolation actor: isolated (any Actor)?) async throws(IngestError) -> ImportEvent? {
            do {
                let event = try await base.next(isolation: actor)
                if event != nil { backlog.taken() }
                return event
            } catch let error as IngestError {
                throw error
            } catch {
                throw IngestError(stage: .discover, code: .cancelled, message: error is CancellationError ? "cancelled" : "\(error)")
            }
        }
    }
}
