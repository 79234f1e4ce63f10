public import ImageCodecs
public import SuperOfficeWebAPI

/// Why a file (or a whole import) did not make it, with the stage it stopped at.
///
/// Codes are stable: compare `error.code == .unauthorized`, print `error.code.name`. The error from the
/// codec or the WebAPI client behind it stays in ``cause``, so a caller can branch on the HTTP status, the
/// server's `ErrorType` or its `Retry-After`. Messages never contain credentials.
public struct IngestError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A stable, machine-readable reason. New codes may be added; match with `==`.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case notFound, notARegularFile, unreadable, tooLarge, io
            case notAnImage, unsupportedFormat, invalidImage, invalidHeader, truncated, corruptData, unsupportedFeature
            case packFailed
            case unauthorized, forbidden, projectNotFound, rejected, rateLimited, serverError, timeout, transport,
                unreachable, invalidResponse, wrongHost, insecureTransport
            case duplicateProject, invalidManifest, noSuchProject, ambiguousProject
            case changedDuringIngest
            case journal, configuration, cancelled, alreadyRunning
            case backupUnwritable
        }

        private let base: Base

        private init(_ base: Base) { self.base = base }

        /// The code by its stable name (as stored in the journal), or nil when unknown.
        public init?(name: String) {
            guard let base = Base(rawValue: name) else { return nil }
            self.base = base
        }

        /// The stable name, e.g. `"notAnImage"`.
        public var name: String { base.rawValue }
        public var description: String { base.rawValue }

        /// The path does not exist.
        public static let notFound = Code(.notFound)
        /// A directory, FIFO, socket, device or dangling link where a file was expected.
        public static let notARegularFile = Code(.notARegularFile)
        /// The file exists but cannot be read (permissions).
        public static let unreadable = Code(.unreadable)
        /// The file's size, or the pixel count its header claims, is over the configured limit.
        public static let tooLarge = Code(.tooLarge)
        /// Reading failed for another reason.
        public static let io = Code(.io)
        /// The bytes are not an image at all.
        public static let notAnImage = Code(.notAnImage)
        /// An image of a format the WebAPI path does not take (GIF, WebP, …).
        public static let unsupportedFormat = Code(.unsupportedFormat)
        /// A JPEG/PNG that is broken in a way none of the codes below names. Journals written before the codes
        /// below existed use it for every broken image.
        public static let invalidImage = Code(.invalidImage)
        /// A JPEG/PNG whose header is broken (the same code `probe` prints).
        public static let invalidHeader = Code(.invalidHeader)
        /// A JPEG/PNG whose data ends early (the same code `probe` prints).
        public static let truncated = Code(.truncated)
        /// A JPEG/PNG whose header is fine but whose image data is damaged (the same code `probe` prints).
        public static let corruptData = Code(.corruptData)
        /// A valid file this build cannot decode, e.g. a 12-bit or lossless JPEG (the same code `probe` prints).
        public static let unsupportedFeature = Code(.unsupportedFeature)
        /// Compressing the payload failed.
        public static let packFailed = Code(.packFailed)
        /// The server refused the credentials (HTTP 401). An import stops at the first one.
        public static let unauthorized = Code(.unauthorized)
        /// The server refused the operation (HTTP 403).
        public static let forbidden = Code(.forbidden)
        /// The project does not exist (HTTP 404).
        public static let projectNotFound = Code(.projectNotFound)
        /// The server rejected the request (HTTP 400/415, with its message).
        public static let rejected = Code(.rejected)
        /// Still rate limited after the client's retries (HTTP 429).
        public static let rateLimited = Code(.rateLimited)
        /// Still failing after the client's retries (HTTP 5xx).
        public static let serverError = Code(.serverError)
        /// No answer in time.
        public static let timeout = Code(.timeout)
        /// The connection failed or dropped.
        public static let transport = Code(.transport)
        /// No connection to the server could be made (refused, DNS, TLS), still after the retries. Nothing
        /// reached the server; an import stops after a few of these in a row and leaves the files pending.
        public static let unreachable = Code(.unreachable)
        /// The server answered something that is not the documented response.
        public static let invalidResponse = Code(.invalidResponse)
        /// HTTP 421: an online tenant must be reached through its numbered host.
        public static let wrongHost = Code(.wrongHost)
        /// Credentials over plain HTTP to a non-loopback host were refused.
        public static let insecureTransport = Code(.insecureTransport)
        /// Two files map to the same project; neither is uploaded.
        public static let duplicateProject = Code(.duplicateProject)
        /// No project on the server has the file's key (id, number, name or outside key); nothing is uploaded.
        public static let noSuchProject = Code(.noSuchProject)
        /// Two or more projects have the file's key (numbers and names need not be unique); the message lists
        /// every one, and nothing is uploaded: a project is never guessed.
        public static let ambiguousProject = Code(.ambiguousProject)
        /// The manifest CSV cannot be used.
        public static let invalidManifest = Code(.invalidManifest)
        /// The file's size, time or content changed between reading and recording.
        public static let changedDuringIngest = Code(.changedDuringIngest)
        /// The journal could not be opened or written.
        public static let journal = Code(.journal)
        /// Another import of the same folder to the same server is running (its pid and start time are in the
        /// message); nothing was sent.
        public static let alreadyRunning = Code(.alreadyRunning)
        /// The project's current picture could not be kept before its replacement (the backups folder cannot be
        /// written: full, read-only, an I/O error); the import stops, nothing more is replaced.
        public static let backupUnwritable = Code(.backupUnwritable)
        /// The configuration is unusable.
        public static let configuration = Code(.configuration)
        /// The work was cancelled before it finished.
        public static let cancelled = Code(.cancelled)
    }

    /// The stage the file stopped at.
    public var stage: IngestStage
    /// The stable reason.
    public var code: Code
    /// A human explanation (never containing a secret).
    public var message: String
    /// The file concerned, when there is one.
    public var path: String?
    /// The lower layer's error behind this one, when there was one.
    public var cause: Cause?

    /// The lower layer's error behind an ``IngestError``.
    public enum Cause: Sendable, Hashable {
        /// Probing, verifying or packing failed: the codec's code, message and stored size.
        case codec(CodecError)
        /// A WebAPI call failed: its code, HTTP status, the server's `ErrorType` / `ErrorMessage`, the
        /// operation, the attempts made and the last `Retry-After`.
        case webAPI(WebAPIError)
        /// A system call failed: its `errno` (`ENOSPC`, `EACCES`, `ENOENT`, …), whose words the message carries.
        case system(errno: Int32)
        /// The journal's database refused: SQLite's primary result code (`SQLITE_FULL` is 13, `SQLITE_IOERR` 10,
        /// `SQLITE_NOTADB` 26, …), whose meaning the message says in words.
        case database(resultCode: Int32)
    }

    /// The `errno` behind the error, when a system call failed.
    public var errorNumber: Int32? {
        if case .system(let code) = cause { return code }
        return nil
    }

    /// Creates an error.
    /// - Parameters:
    ///   - stage: The stage the file stopped at.
    ///   - code: The stable reason.
    ///   - message: A human explanation (never a secret).
    ///   - path: The file concerned.
    ///   - cause: The lower layer's error behind this one.
    public init(stage: IngestStage, code: Code, message: String, path: String? = nil, cause: Cause? = nil) {
        self.stage = stage
        self.code = code
        self.message = message
        self.path = path
        self.cause = cause
    }

    /// The HTTP status of the server's last answer, when a WebAPI call failed after one.
    public var httpStatus: Int? {
        if case .webAPI(let error) = cause { return error.status }
        return nil
    }

    /// The server's `ErrorType` (e.g. `SoNotFoundException`), when it sent an error body.
    public var serverErrorType: String? {
        if case .webAPI(let error) = cause { return error.errorType }
        return nil
    }

    /// The wait the server's last `Retry-After` asked for, when it sent one.
    public var retryAfter: Duration? {
        if case .webAPI(let error) = cause { return error.retryAfter }
        return nil
    }

    public var description: String {
        let prefix = path.map { "\($0): " } ?? ""
        return "\(prefix)\(stage) failed (\(code)): \(message)"
    }
}
