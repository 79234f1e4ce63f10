import ImageCodecs
public import Logging
public import SuperOfficeWebAPI

/// The library's front door: put one image (a file or bytes) onto a project, or import a folder.
///
/// ```swift
/// let client = try SuperOfficeClient(configuration: .init(baseURL: url, credentials: .soTicket(ticket, appToken: token)))
/// let ingestor = Ingestor(client: client)
/// let result = try await ingestor.ingest(fileAtPath: "logo.png", projectId: 654, logger: logger)
/// print(result.blobId!)
/// ```
///
/// CPU stages (probe, verify, pack, hash) run on a private dispatch queue, off the cooperative pool;
/// cancelling the calling task stops before the next stage or request.
public struct Ingestor: Sendable {
    /// The WebAPI client every request goes through (one HTTP client, keep-alive).
    public let client: SuperOfficeClient
    /// How files are checked, packed and described.
    public var options: IngestOptions

    /// Creates an ingestor.
    public init(client: SuperOfficeClient, options: IngestOptions = .init()) {
        self.client = client
        self.options = options
    }

    /// Reads `path` once and puts it onto `projectId`: probe, verify (per options), pack, upload, submit.
    ///
    /// The file is re-checked (size and modification time) before the upload and after the submit; a file
    /// that changed is reported as `changedDuringIngest` rather than recorded as the version on the server.
    /// - Parameters:
    ///   - path: The image file.
    ///   - projectId: The project whose picture it becomes.
    ///   - logger: Where the stages and requests are logged (never a credential).
    /// - Returns: What was submitted, with the ImageInfo the server answered.
    /// - Throws: `IngestError` naming the stage that failed.
    public func ingest(fileAtPath path: String, projectId: Int, logger: Logger) async throws(IngestError) -> IngestResult {
        try await run(FilePipeline.Job(source: .file(path: path), displayPath: path, projectId: projectId), logger: logger)
    }

    /// Puts in-memory image bytes onto `projectId`, through the same stages as a file.
    /// - Parameters:
    ///   - bytes: The image file's content.
    ///   - name: Used only in messages and results.
    ///   - projectId: The project whose picture it becomes.
    ///   - logger: Where the stages and requests are logged (never a credential).
    /// - Returns: What was submitted, with the ImageInfo the server answered.
    /// - Throws: `IngestError` naming the stage that failed.
    public func ingest(bytes: [UInt8], name: String, projectId: Int, logger: Logger) async throws(IngestError) -> IngestResult {
        try await run(FilePipeline.Job(source: .bytes(bytes), displayPath: name, projectId: projectId), logger: logger)
    }

    private func run(_ job: FilePipeline.Job, logger: Logger) async throws(IngestError) -> IngestResult {
        let pipeline = FilePipeline(client: client, options: options, logger: logger)
        switch try await pipeline.run(job) {
        case .done(let result, _), .existingOnServer(let result, _):
            return result
        case .unchanged:
            // only a journal's resume decision leads here, and a single image has none
            preconditionFailure("a single image has no journal to be unchanged against")
        }
    }

    /// Finds the one project a key names: `project(key: "P-10042", by: .number, …)` is "the project numbered
    /// P-10042". Never a guess: the server's answer is checked again here, and a key that no project or more
    /// than one project has is an error.
    /// - Parameters:
    ///   - key: an id, a project number, a name, an outside system's key or a custom field's value (trimmed, NFC;
    ///     names and fields compared case-insensitively).
    ///   - match: what the key is.
    ///   - logger: where the requests are logged (never a credential).
    /// - Returns: the project, with its id, number and name.
    /// - Throws: `IngestError` (stage `.resolve`): `.noSuchProject`, `.ambiguousProject` (the message lists every
    ///   project with the key), or the server's failure (`.unauthorized`, `.unreachable`, …).
    public func project(key: String, by match: ProjectMatch, logger: Logger) async throws(IngestError) -> ProjectSummary {
        try await project(keys: [ProjectMatch.normalizedKey(key)], shown: key, by: match, logger: logger)
    }

    /// The project a file's name names, by the rule an import applies to a file at the top of its folder: by id, the
    /// name rule (`654.jpg`, `654-logo.png`; a date or other number is ambiguous, never an id); otherwise the name
    /// without its extension (`Harbour crane.jpg` → `Harbour crane`), and matching by number, when that holds a space
    /// and names no project, the part before the space (`10042 Harbour crane.jpg` → `10042`).
    /// - Throws: as ``project(key:by:logger:)``; by id, `.noSuchProject` for a name that names no id.
    public func project(forFile path: String, by match: ProjectMatch, logger: Logger) async throws(IngestError) -> ProjectSummary {
        let name = String(path.split(separator: "/").last ?? "")
        let keys: [String]
        switch match == .id ? FileNameMatch(fileName: name) : nil {
        case .project(let id)?: keys = [String(id)]
        case .ambiguous(let why)?:
            throw IngestError(stage: .resolve, code: .noSuchProject, message: "\(name) names no project id: \(why)", path: path)
        case .none?:
            throw IngestError(stage: .resolve, code: .noSuchProject, message: "\(name) names no project id (it does not start with one)", path: path)
        case nil: keys = ProjectMapper.keys(forPath: name, match: match)
        }
        return try await project(keys: keys, shown: keys.first ?? name, by: match, logger: logger)
    }

    private func project(keys: [String], shown key: String, by match: ProjectMatch, logger: Logger) async throws(IngestError) -> ProjectSummary {
        var plan = ImportPlan(files: [PlannedFile(relativePath: key, projectId: 0, keys: keys)])
        _ = try await PlanResolver(client: client, match: match, logger: logger).resolve(&plan, known: [:])
        if let failure = plan.failures.first {
            var error = failure
            error.path = nil
            throw error
        }
        guard let project = plan.files.first?.project else {
            throw IngestError(stage: .resolve, code: .noSuchProject, message: "no project has \(ProjectLabel.keyName(match)) \"\(key)\"")
        }
        return project
    }

    /// Imports a folder: every file mapped to a project (manifest, name or folder rules) is ingested with
    /// bounded concurrency and recorded in the journal. Iterate the result for per-file events; the last
    /// event is `.finished` with the report. Nothing starts until iteration begins.
    public func importFolder(_ folder: String, settings: FolderImportSettings = .init(), logger: Logger) -> FolderImport {
        FolderImport(ingestor: self, folder: folder, settings: settings, logger: logger)
    }
}
