/// What `Ingestor.undoImport` did (or, in a dry run, would do), one entry a project.
public struct UndoReport: Sendable {
    /// One project's undo.
    public struct Entry: Sendable, Hashable {
        /// How a project's undo ended.
        public enum Outcome: String, Sendable, Hashable, CaseIterable {
            /// The kept picture and its ImageInfo are on the project again.
            case restored
            /// The project had no picture before the import; the one it got was removed (`removeNew`).
            case removed
            /// A dry run: the kept picture would go back.
            case wouldRestore
            /// A dry run: the new picture would be removed.
            case wouldRemove
            /// The project had no picture before the import; it keeps the new one (pass `removeNew` to remove it).
            case keptNew
            /// The project's picture is no longer the one the import put there (changed by hand, or by a later
            /// run not undone): left alone.
            case changedSince
            /// The import's upload never answered and the project still shows what it showed before: nothing to
            /// put back.
            case unchanged
            /// The undo of this project failed (the error says where); nothing was marked undone.
            case failed
            /// The undo stopped (the server refused us or is gone) before this project.
            case notStarted
        }

        /// The file (relative to the folder) whose import replaced the picture; the newest one when several did.
        public var path: String
        /// The project.
        public var projectId: Int
        /// The runs whose replacements this entry covers.
        public var runIds: [Int64]
        /// How it ended.
        public var outcome: Outcome
        /// What happened, in words (the blob ids involved, or why it was left).
        public var message: String
        /// The blob now on the project after a restore.
        public var restoredBlobId: Int? = nil
        /// The failure, for `.failed` and `.notStarted`.
        public var error: IngestError? = nil
    }

    /// One entry a project, by project id.
    public var entries: [Entry] = []
    /// Whether it was a dry run (nothing changed on the server or in the journal).
    public var dryRun: Bool = false
    /// Set when the undo stopped early (a refused credential, an unreachable server).
    public var stoppedBy: IngestError? = nil

    /// An empty report.
    public init() {}

    /// How many entries ended `outcome`.
    public func count(_ outcome: Entry.Outcome) -> Int { entries.count { $0.outcome == outcome } }

    /// True when every selected project is back as it was (or was left by choice: `keptNew`).
    public var isComplete: Bool {
        stoppedBy == nil && entries.allSatisfy { [.restored, .removed, .wouldRestore, .wouldRemove, .keptNew, .unchanged].contains($0.outcome) }
    }
}
