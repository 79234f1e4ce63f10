/// Why a file was not worked on.
public enum SkipReason: Hashable, Sendable, CustomStringConvertible {
    /// Done by an earlier run with the same content (this blob id); `--force` redoes it.
    case alreadyDone(blobId: Int)
    /// No project id from the manifest, the file name or a folder name.
    case unmapped

    /// A stable short name (`alreadyDone`, `unmapped`).
    public var name: String {
        switch self {
        case .alreadyDone: "alreadyDone"
        case .unmapped: "unmapped"
        }
    }

    public var description: String {
        switch self {
        case .alreadyDone(let blobId): "already done (blob \(blobId))"
        case .unmapped: "maps to no project"
        }
    }
}

/// Why an import ended before every file was worked on.
public enum StopReason: Hashable, Sendable, CustomStringConvertible {
    /// The server refused the credentials (401); nothing more is sent. The error says which request.
    case authenticationRefused(IngestError)
    /// `FolderImport.stop()` (e.g. SIGINT): no new files were started; in-flight ones finished.
    case stopRequested
    /// The consuming task was cancelled; in-flight files were left pending in the journal.
    case cancelled

    public var description: String {
        switch self {
        case .authenticationRefused(let error): "authentication refused: \(error.message)"
        case .stopRequested: "stopped on request"
        case .cancelled: "cancelled"
        }
    }
}

/// A finished file.
public struct FileOutcome: Hashable, Sendable {
    /// The path relative to the import folder.
    public var path: String
    /// The project.
    public var projectId: Int
    /// The blob id on the server; nil in a dry run.
    public var blobId: Int?
    /// The file's size in bytes.
    public var bytes: Int
    /// True when the bitmap was sent in this run (false for a dry run or a file finished after an earlier upload).
    public var uploaded: Bool
}

/// What an import reports as it goes. The last event is always `.finished`.
public enum ImportEvent: Sendable {
    /// The plan: how many files will be worked on, their total size, and what maps to nothing.
    case planned(files: Int, bytes: Int, unmapped: Int, failedUpFront: Int)
    /// Work on a file began.
    case started(path: String, projectId: Int)
    /// A file passed a stage.
    case stagePassed(path: String, stage: IngestStage)
    /// A file is on its project.
    case done(FileOutcome)
    /// A file was not worked on, and why.
    case skipped(path: String, projectId: Int?, reason: SkipReason)
    /// A file failed; the error names the stage, the reason and the path.
    case failed(projectId: Int?, error: IngestError)
    /// The import stops early (the files not yet started are left for the next run).
    case stopped(StopReason)
    /// The closing report.
    case finished(ImportReport)
}
