/// What a folder import covers and where it keeps its journal. How files are processed is in `IngestOptions`.
public struct FolderImportSettings: Hashable, Sendable {
    /// The manifest mapping files to projects; nil uses the file-name and folder-name rules.
    public var manifest: Manifest? = nil
    /// The manifest's path when it lies inside the folder (it is then not treated as input).
    public var manifestPath: String? = nil
    /// Walk every sub-folder (without it: the top level and folders named by a project id).
    public var recursive: Bool = false
    /// The journal file; nil is `<folder>/.image-ingest/journal.sqlite`.
    public var journalPath: String? = nil
    /// Names the server in the journal, so work done for one server is not skipped for another.
    /// nil is the client's base URL.
    public var target: String? = nil
    /// Redo every file, whatever the journal says.
    public var force: Bool = false
    /// After this many files in a row could not connect to the server (refused, DNS, TLS; each after the
    /// client's retries), the import stops with `StopReason.serverUnreachable` and leaves the rest pending.
    /// A file done, or an answer from the server, resets the count.
    public var stopAfterUnreachableFiles: Int = 3
    /// How many events may wait for the consumer of the import's events before no new file starts
    /// (the files in flight still finish). Keeps memory bounded when events are taken slowly.
    public var eventBacklogLimit: Int = 1024

    /// Default settings.
    public init() {}
}
