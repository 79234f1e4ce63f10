public import ImageCodecs

/// The closing account of an import.
public struct ImportReport: Sendable {
    /// Files put onto their project in this run.
    public var done: Int = 0
    /// Of those, files finished without uploading again (their bitmap was on the server from an interrupted run).
    public var resumed: Int = 0
    /// Files skipped because an earlier run did them with the same content.
    public var alreadyDone: Int = 0
    /// Files not uploaded because their project already shows this content (`ExistingImagePolicy.ifDifferent`).
    public var unchangedOnServer: Int = 0
    /// Files not uploaded because their project has a picture that `ExistingImagePolicy.keep` leaves.
    public var kept: Int = 0
    /// Files done that carried GPS information (their EXIF points at GPS data).
    public var carryingGPS: Int = 0
    /// Of those, the files that went up (in a dry run: would go up) with it still in them.
    public var uploadedWithGPS: Int = 0
    /// Files done that were converted to a JPEG or PNG (`IngestOptions.convert`), by their own format.
    public var converted: [ImageFormat: Int] = [:]
    /// Files done that were fitted within `IngestOptions.maxSide`.
    public var resized: Int = 0
    /// Files done that were turned upright on their own: by moving their DCT blocks, and by a re-encode (where
    /// the MCU grid did not allow that).
    public var turnedUprightLosslessly: Int = 0
    public var turnedUprightByReencoding: Int = 0
    /// In a dry run that read the server: the files the real run would upload, by why.
    public var plannedUploads: [ExistingImagePolicy.PlannedUpload: Int] = [:]
    /// This run's number in the journal (what `undo --run` takes); nil in a dry run.
    public var runId: Int64? = nil
    /// Pictures this run replaced that were kept first (for `undo`), and their bytes.
    public var keptPictures: Int = 0
    public var keptBytes: Int = 0
    /// Where they are kept (`<journal's folder>/backups`); nil when backups are off or in a dry run.
    public var backupsFolder: String? = nil
    /// Files that map to no project, by path.
    public var unmapped: [String] = []
    /// Files with an ambiguous name (`2024-01-05 visit.jpg`): not mapped, by path.
    public var ambiguous: [String] = []
    /// Why each of those is ambiguous, by path, in the name rule's words.
    public var ambiguityReasons: [String: String] = [:]
    /// With a manifest: files it does not list, by path.
    public var notInManifest: [String] = []
    /// Files in sub-folders walked only with `recursive`, by path.
    public var inSubfolder: [String] = []
    /// Failed files, with stage, reason and path.
    public var failures: [IngestError] = []
    /// Files planned but not finished because the import stopped early (left pending for the next run; files
    /// whose connection failed when the server turned out to be unreachable are among them).
    public var notFinished: Int = 0
    /// Bytes of the files done in this run.
    public var bytes: Int = 0
    /// Wall-clock seconds from start to finish.
    public var elapsedSeconds: Double = 0
    /// Set when the import ended early.
    public var stopReason: StopReason? = nil
    /// Whether it was a dry run (nothing submitted, journal untouched).
    public var dryRun: Bool = false

    /// A status (`Ingestor.status(ofFolder:settings:currentServer:logger:)`): every file's row in the journal, for
    /// every server, in path order; empty in an import's report.
    public var records: [FileRecord] = []
    /// A status: the servers the journal names (as people read them), the current one first, then by rows.
    public var servers: [String] = []
    /// A status: the server the counts above are of (the current one, else the one with the most rows).
    public var server: String? = nil
    /// A status: the files in the folder an import would work on that have no row for `server`; nil when the
    /// folder was not looked at.
    public var notStarted: [String]? = nil

    /// Creates an empty report.
    public init() {}

    /// Files found but not imported because of their name or place (unmapped, ambiguous, not in the
    /// manifest, in a sub-folder not walked).
    public var notImported: Int { unmapped.count + ambiguous.count + notInManifest.count + inSubfolder.count }

    /// Files skipped for any reason (already done, unchanged on the server, kept, or not imported because of
    /// their name or place).
    public var skipped: Int { alreadyDone + unchangedOnServer + kept + notImported }

    /// Failures counted by code name, most frequent first.
    public var failuresByReason: [(code: String, count: Int)] {
        Dictionary(grouping: failures, by: { $0.code.name })
            .map { (code: $0.key, count: $0.value.count) }
            .sorted { $0.count != $1.count ? $0.count > $1.count : $0.code < $1.code }
    }

    /// Megabytes (10^6 bytes) a second over the whole run.
    public var megabytesPerSecond: Double { elapsedSeconds > 0 ? Double(bytes) / 1e6 / elapsedSeconds : 0 }

    /// Files done a second over the whole run.
    public var filesPerSecond: Double { elapsedSeconds > 0 ? Double(done) / elapsedSeconds : 0 }

    /// True when every mapped file is done (or was already) and the import was not stopped.
    public var isComplete: Bool { failures.isEmpty && stopReason == nil && notFinished == 0 }
}
