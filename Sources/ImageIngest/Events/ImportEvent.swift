public import SuperOfficeWebAPI

/// Why a file was not worked on.
public enum SkipReason: Hashable, Sendable, CustomStringConvertible {
    /// Done by an earlier run with the same content (this blob id); `--force` redoes it.
    case alreadyDone(blobId: Int)
    /// The project's picture already is this content (`ExistingImagePolicy.ifDifferent`): not uploaded.
    case unchangedOnServer(blobId: Int)
    /// The project has a picture and `ExistingImagePolicy.keep` leaves it.
    case keptExisting(blobId: Int)
    /// No project id from the file name or a folder name.
    case unmapped
    /// The name starts with digits in a form the name rule does not accept (a date, a time, a decimal), and why
    /// (`the digits are followed by ".", not by -, _ or a space and a word`).
    case ambiguousName(why: String)
    /// A manifest is used and does not list the file.
    case notInManifest
    /// The file is in a sub-folder that is walked only with `recursive`.
    case inSubfolder

    /// A stable short name (`alreadyDone`, `unchangedOnServer`, `kept`, `unmapped`, `ambiguousName`, `notInManifest`, `inSubfolder`).
    public var name: String {
        switch self {
        case .alreadyDone: "alreadyDone"
        case .unchangedOnServer: "unchangedOnServer"
        case .keptExisting: "kept"
        case .unmapped: "unmapped"
        case .ambiguousName: "ambiguousName"
        case .notInManifest: "notInManifest"
        case .inSubfolder: "inSubfolder"
        }
    }

    public var description: String {
        switch self {
        case .alreadyDone(let blobId): "already done (blob \(blobId))"
        case .unchangedOnServer(let blobId): "unchanged on server (blob \(blobId))"
        case .keptExisting(let blobId): "kept: the project has a picture (blob \(blobId))"
        case .unmapped: "maps to no project"
        case .ambiguousName(let why): "ambiguous name: \(why)"
        case .notInManifest: "not in the manifest"
        case .inSubfolder: "in a sub-folder (walked only with --recursive)"
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
    /// No connection to the server could be made for several files in a row (refused, DNS, TLS): the
    /// server is gone. Nothing more is tried; the files not finished stay pending for the next run. The
    /// error is the last connection failure.
    case serverUnreachable(server: String, IngestError)
    /// The journal could not be written (disk full, I/O error, read-only): no file starts and nothing more is
    /// sent, since the server must never get work the journal cannot record; the files not finished stay
    /// pending. The error names the journal and the cause. Also when the backups folder beside it cannot be
    /// written (`IngestError.Code.backupUnwritable`): no picture is replaced that could not be put back.
    case journalUnwritable(IngestError)

    /// A stable short name (`authenticationRefused`, `stopRequested`, `cancelled`, `serverUnreachable`,
    /// `journalUnwritable`): the JSON `code` of a `stopped` event and the summary's `stopCode`.
    public var name: String {
        switch self {
        case .authenticationRefused: "authenticationRefused"
        case .stopRequested: "stopRequested"
        case .cancelled: "cancelled"
        case .serverUnreachable: "serverUnreachable"
        case .journalUnwritable: "journalUnwritable"
        }
    }

    public var description: String {
        switch self {
        case .authenticationRefused(let error): "authentication refused: \(error.message)"
        case .stopRequested: "stopped on request"
        case .cancelled: "cancelled"
        case .serverUnreachable(let server, let error): "the server \(server) is unreachable: \(error.message)"
        case .journalUnwritable(let error) where error.code == .backupUnwritable: "the backups cannot be written: \(error.message)"
        case .journalUnwritable(let error): "the journal \(error.path ?? "") cannot be written: \(error.message)"
        }
    }
}

/// What an import reports as it goes. The last event is always `.finished`.
public enum ImportEvent: Sendable {
    /// The plan: how many files will be worked on, their total size, how many files are not imported because
    /// of their name or place (`unmapped`: unmapped, ambiguous, not in the manifest or in a sub-folder; each
    /// follows as `.skipped`), and how many failed before reading.
    case planned(files: Int, bytes: Int, unmapped: Int, failedUpFront: Int)
    /// A planned file's key was looked up on the server: the project it goes to, as people know it (id,
    /// number, name). One for each planned file that was looked up, as its turn comes (before its `.started`,
    /// or its `.skipped` when it is already done); the lookups themselves all happened before `.planned`.
    case resolved(path: String, key: String, project: ProjectSummary)
    /// Work on a file began.
    case started(path: String, projectId: Int)
    /// A file passed a stage.
    case stagePassed(path: String, stage: IngestStage)
    /// A file is on its project (in a dry run: would go): the same result `Ingestor.ingest` answers, its `path`
    /// relative to the import folder and its `bytes` the file's size; `imageInfo` holds only the answer's scalar
    /// fields.
    case done(IngestResult)
    /// A file was not worked on, and why.
    case skipped(path: String, projectId: Int?, reason: SkipReason)
    /// A file failed; the error names the stage, the reason and the path.
    case failed(projectId: Int?, error: IngestError)
    /// The import stops early (the files not yet started are left for the next run).
    case stopped(StopReason)
    /// The closing report.
    case finished(ImportReport)
}
