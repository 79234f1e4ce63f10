public import SuperOfficeWebAPI

import LibC

/// What a folder import covers and where it keeps its journal. How files are processed is in `IngestOptions`.
public struct FolderImportSettings: Hashable, Sendable {
    /// How file names, folder names or the manifest's rows name projects: by id (`654.jpg`), by project number
    /// (`P-10042.jpg`, a `P-10042/` folder), by name, by an outside system's key or a custom field. nil is `.id`,
    /// unless the manifest's header names its column (`path,number`).
    public var match: ProjectMatch? = nil
    /// Look every file's project up on the server before any upload (ids too: the plan then names each
    /// project's number and name, and an id that does not exist is `noSuchProject` up front). Off only for a
    /// plan with no server to ask; matching by anything but `.id` needs it.
    public var lookUpProjects: Bool = true
    /// The manifest mapping files to projects; nil uses the file-name and folder-name rules.
    public var manifest: Manifest? = nil
    /// The manifest's path when it lies inside the folder (it is then not treated as input).
    public var manifestPath: String? = nil
    /// Walk every sub-folder (without it: the top level and folders named by a project id).
    public var recursive: Bool = false
    /// The journal file; nil is `<folder>/.image-ingest/journal.sqlite`; a folder (an existing one, or a path ending
    /// in `/`) holds `journal.sqlite` (see `journalFile(forFolder:)`).
    public var journalPath: String? = nil
    /// Names the server in the journal, so work done for one server is not skipped for another.
    /// nil is the client's base URL.
    public var target: String? = nil
    /// Redo every file, whatever the journal says (and look every key up again).
    public var force: Bool = false
    /// Keep every picture an import replaces (its bitmap in `backups/` beside the journal, fsynced; its
    /// ImageInfo in the journal) before the upload, so `Ingestor.undoImport` can put it back. On by default.
    public var keepBackups: Bool = true
    /// After this many files in a row could not connect to the server (refused, DNS, TLS; each after the
    /// client's retries), the import stops with `StopReason.serverUnreachable` and leaves the rest pending.
    /// A file done, or an answer from the server, resets the count.
    public var stopAfterUnreachableFiles: Int = 3
    /// How many events may wait for the consumer of the import's events before no new file starts
    /// (the files in flight still finish). Keeps memory bounded when events are taken slowly.
    public var eventBacklogLimit: Int = 1024

    /// Default settings.
    public init() {}

    /// How a `target` names an in-process sandbox (`SandboxConfiguration.embedded`): this prefix, then its data's
    /// identity, so that a row holds while the data does.
    public static let inProcessSandboxTargetPrefix = "in-process-sandbox:"

    /// A journal's `target` as people read it: the base URL; every in-process sandbox's is "the in-process sandbox".
    public static func serverName(ofTarget target: String) -> String {
        if target.hasPrefix(inProcessSandboxTargetPrefix) { return "the in-process sandbox" }
        return target.isEmpty ? "unknown (an older journal)" : target
    }

    /// The journal file an import of `folder` uses: `journalPath`, or `journal.sqlite` inside it when it names a
    /// folder, or `<folder>/.image-ingest/journal.sqlite` when it is nil.
    public func journalFile(forFolder folder: String) -> String {
        guard let journalPath else { return Journal.defaultPath(forFolder: folder) }
        var info = stat()
        let namesFolder = journalPath.hasSuffix("/") || (stat(journalPath, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR)
        guard namesFolder else { return journalPath }
        return (journalPath.hasSuffix("/") ? journalPath : journalPath + "/") + "journal.sqlite"
    }
}
