public import Logging

extension Ingestor {
    /// Prepares each file as an import would, up to the network, and writes the picture that would be uploaded into
    /// `folder` (so a person can look at it first); nothing is sent anywhere.
    ///
    /// ```swift
    /// var options = IngestOptions()
    /// options.maxSide = 1600
    /// try await Ingestor.prepare(paths: ["photos"], into: "preview", options: options, logger: logger) { path, outcome in
    ///     if case .success(let (result, written)) = outcome { print(path, "→", written ?? "-", result.header.width) }
    /// }
    /// ```
    ///
    /// Each file takes the import's own steps (opened once, its memory need estimated from its header within
    /// `options.memoryBudget`, read, then probed, verified, converted, resized, turned upright or stripped and packed
    /// as `options` say), so what is written is exactly what `ingest` and `importFolder` would upload. A picture
    /// is written under the file's own name (a converted one with its new format's extension); an existing file
    /// there is never overwritten. Files are worked on `jobs` at a time and handed to `onFile` in input order; a
    /// folder stands for its files, as in ``probe(paths:listFile:recursive:options:jobs:logger:onFile:)``.
    /// - Parameters:
    ///   - paths: Files or folders, in order.
    ///   - folder: Where the pictures go (created when missing); nil writes nothing (the results only: sizes,
    ///     SHA-256, what was changed).
    ///   - listFile: A file listing one path per line (`-` is standard input), taken after `paths`.
    ///   - recursive: Walk the subfolders of the folders given.
    ///   - options: How files are checked and changed, as for an import (`dryRun`, `existing` and the ImageInfo
    ///     fields do not apply).
    ///   - jobs: Files worked on at once; nil is the number of cores.
    ///   - logger: Where the run is logged (debug: the number of files and failures).
    ///   - onFile: Called on the caller's task for each file, in order: the path, and the result (`projectId` 0,
    ///     nothing uploaded) with where the picture was written, or why it failed (the stage and code an import
    ///     gives it; a write failure is at `.record`).
    /// - Throws: `IngestError` before any file when `folder` cannot be created or `listFile` cannot be read.
    public static func prepare(
        paths: [String], into folder: String?, listFile: String? = nil, recursive: Bool = false, options: IngestOptions,
        jobs: Int? = nil, logger: Logger,
        onFile: (_ path: String, _ outcome: Result<(IngestResult, writtenTo: String?), IngestError>) -> Void
    ) async throws(IngestError) {
        try await prepare(pathBytes: paths.map { Array($0.utf8) }, into: folder, listFile: listFile, recursive: recursive,
                          options: options, jobs: jobs, logger: logger, onFile: onFile)
    }

    /// As ``prepare(paths:into:listFile:recursive:options:jobs:logger:onFile:)``, for paths given as the file system
    /// spells them (a name that is not UTF-8 opens as it is).
    public static func prepare(
        pathBytes: [[UInt8]], into folder: String?, listFile: String? = nil, recursive: Bool = false,
        options: IngestOptions, jobs: Int? = nil, logger: Logger,
        onFile: (_ path: String, _ outcome: Result<(IngestResult, writtenTo: String?), IngestError>) -> Void
    ) async throws(IngestError) {
        let work = try FileListWork(paths: pathBytes.map { RawPath(bytes: $0) }, listFile: listFile, recursive: recursive)
        if let folder { try FilePreparation.createFolder(folder) }
        let preparation = FilePreparation(options: options, budget: MemoryBudget(bytes: options.memoryBudget), folder: folder)
        var (files, failures) = (0, 0)
        await work.run(jobs: jobs, batch: 1, work: { path in await preparation.run(path) }, mayBeFolder: { outcome in
            if case .failure(let error) = outcome { error.stage == .read } else { false }
        }, deliver: { path, outcome in
            files += 1
            if case .failure = outcome { failures += 1 }
            onFile(path.display, outcome)
        })
        logger.debug("prepared", metadata: ["files": "\(files)", "failed": "\(failures)", "folder": "\(folder ?? "-")"])
    }
}
