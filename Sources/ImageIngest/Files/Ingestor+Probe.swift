public import ImageCodecs
public import Logging

extension Ingestor {
    /// Reads each file's type, size and orientation from its header, or with `options.verify` decodes it whole;
    /// nothing is read into memory but the header and the decoder's buffers, and nothing is sent anywhere.
    ///
    /// ```swift
    /// var options = IngestOptions()
    /// options.verify = false
    /// try await Ingestor.probe(paths: ["photos", "logo.png"], options: options, logger: logger) { path, outcome in
    ///     if case .success(let report) = outcome { print(path, report.header.width, report.header.height) }
    /// }
    /// ```
    ///
    /// Files are worked on `jobs` at a time and handed to `onFile` in input order, as soon as each and every one
    /// before it is done. A folder stands for its files (hidden ones skipped, in name order; subfolders too with
    /// `recursive`; links to folders not followed). A decode takes what its header says it needs from
    /// `options.memoryBudget`; one that needs more than all of it waits until it runs alone.
    /// - Parameters:
    ///   - paths: Files or folders, in order.
    ///   - listFile: A file listing one path per line (`-` is standard input), taken after `paths`.
    ///   - recursive: Walk the subfolders of the folders given.
    ///   - options: `verify`, `verifyPolicy`, `limits` and `memoryBudget` apply.
    ///   - jobs: Files worked on at once; nil is the number of cores.
    ///   - logger: Where the run is logged (debug: the number of files and failures).
    ///   - onFile: Called on the caller's task for each file, in order: the path as given or found (a name that is
    ///     not UTF-8 shown with U+FFFD), and its header and decoder notes, or why it failed (stage `.read`,
    ///     `.probe` or `.verify`; a codec failure keeps the codec's error in `cause`).
    /// - Throws: `IngestError` at `.discover` when `listFile` cannot be read (no file was looked at).
    public static func probe(
        paths: [String], listFile: String? = nil, recursive: Bool = false, options: IngestOptions, jobs: Int? = nil,
        logger: Logger, onFile: (_ path: String, _ outcome: Result<VerifyReport, IngestError>) -> Void
    ) async throws(IngestError) {
        try await probe(pathBytes: paths.map { Array($0.utf8) }, listFile: listFile, recursive: recursive, options: options,
                        jobs: jobs, logger: logger, onFile: onFile)
    }

    /// As ``probe(paths:listFile:recursive:options:jobs:logger:onFile:)``, for paths given as the file system spells
    /// them (a name that is not UTF-8 opens as it is).
    public static func probe(
        pathBytes: [[UInt8]], listFile: String? = nil, recursive: Bool = false, options: IngestOptions, jobs: Int? = nil,
        logger: Logger, onFile: (_ path: String, _ outcome: Result<VerifyReport, IngestError>) -> Void
    ) async throws(IngestError) {
        let work = try FileListWork(paths: pathBytes.map { RawPath(bytes: $0) }, listFile: listFile, recursive: recursive)
        let probe = FileProbe(options: options, budget: MemoryBudget(bytes: options.memoryBudget))
        var (files, failures) = (0, 0)
        // small batches amortise the task overhead of header-only work; a decode is heavy on its own
        await work.run(jobs: jobs, batch: options.verify ? 1 : 32, work: { path in await probe.run(path) }, mayBeFolder: { outcome in
            if case .failure(let error) = outcome { error.stage == .read } else { false }
        }, deliver: { path, outcome in
            files += 1
            if case .failure = outcome { failures += 1 }
            onFile(path.display, outcome)
        })
        logger.debug("probed", metadata: ["files": "\(files)", "failed": "\(failures)", "verify": "\(options.verify)"])
    }
}
