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
    /// - Throws: `IngestError` naming the stage that failed.
    public func ingest(fileAtPath path: String, projectId: Int, logger: Logger) async throws(IngestError) -> IngestResult {
        let options = self.options
        let (bytes, before) = try await CPUWork.run { () throws(IngestError) in
            try FileReader.read(path: path, displayPath: path, maxBytes: options.limits.maxFileBytes)
        }
        let maxBytes = options.limits.maxFileBytes
        let result = try await ingest(bytes: bytes, name: path, projectId: projectId, description: nil,
                                      conceptualType: nil, recheck: { sha256 throws(IngestError) in
                                          try ChangeCheck.unchanged(path: path, displayPath: path, since: before,
                                                                    sha256: sha256, maxBytes: maxBytes, afterUpload: false)
                                      }, logger: logger)
        if !options.dryRun {
            try ChangeCheck.unchanged(path: path, displayPath: path, since: before, sha256: result.sha256,
                                      maxBytes: maxBytes, afterUpload: true)
        }
        return result
    }

    /// Puts in-memory image bytes onto `projectId`; `name` is only used in messages and results.
    /// - Throws: `IngestError` naming the stage that failed.
    public func ingest(bytes: [UInt8], name: String, projectId: Int, logger: Logger) async throws(IngestError) -> IngestResult {
        try await ingest(bytes: bytes, name: name, projectId: projectId, description: nil, conceptualType: nil,
                         recheck: { _ throws(IngestError) in }, logger: logger)
    }

    func ingest(bytes: [UInt8], name: String, projectId: Int, description: String?, conceptualType: String?,
                recheck: @Sendable (String) throws(IngestError) -> Void, logger: Logger) async throws(IngestError) -> IngestResult {
        var logger = logger
        logger[metadataKey: "projectId"] = "\(projectId)"
        let options = self.options
        let prepared = try await CPUWork.run { () throws(IngestError) in
            try PreparedImage.prepare(bytes: bytes, displayPath: name, options: options)
        }
        var result = IngestResult(
            path: name, projectId: projectId, header: prepared.header, sha256: prepared.packed.sha256,
            originalSize: prepared.packed.originalSize, blobSize: prepared.packed.blobSize,
            isZipped: prepared.packed.isZipped, notes: prepared.notes, blobId: nil, imageInfo: nil, uploaded: false)
        guard !options.dryRun else { return result }
        try recheck(prepared.packed.sha256)
        let submission = Submission(client: client, logger: logger)
        let blobId = try await submission.upload(prepared, projectId: projectId, path: name)
        result.blobId = blobId
        result.uploaded = true
        let builder = ImageInfoBuilder(description: description ?? options.description,
                                       conceptualType: conceptualType ?? options.conceptualType,
                                       extraInfo: options.extraInfo)
        let current = try await submission.currentInfo(projectId: projectId, builder: builder, path: name)
        result.imageInfo = try await submission.submit(prepared, blobId: blobId, projectId: projectId, builder: builder,
                                                       current: current, path: name, detail: .full)
        logger.debug("ingested", metadata: ["blobId": "\(blobId)", "path": "\(name)"])
        return result
    }

    /// Imports a folder: every file mapped to a project (manifest, name or folder rules) is ingested with
    /// bounded concurrency and recorded in the journal. Iterate the result for per-file events; the last
    /// event is `.finished` with the report. Nothing starts until iteration begins.
    public func importFolder(_ folder: String, settings: FolderImportSettings = .init(), logger: Logger) -> FolderImport {
        FolderImport(ingestor: self, folder: folder, settings: settings, logger: logger)
    }
}
