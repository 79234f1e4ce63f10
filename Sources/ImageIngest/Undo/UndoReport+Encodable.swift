/// A project's undo as `undo --json` writes it: `"event":"undo"`, `path`, `projectId`, `runs` (the run ids as
/// strings), `outcome`, `message` (redacted as `ImportEvent.redactingMessages` says), and when known `blobId` (the
/// restored blob) and `code` (a failure's). An absent value is left out, never `null`.
extension UndoReport.Entry: Encodable {
    /// Writes the entry's keys.
    public func encode(to encoder: any Encoder) throws {
        var json = encoder.container(keyedBy: JSONKey.self)
        try json.encode("undo", forKey: "event")
        try json.encode(path, forKey: "path")
        try json.encode(projectId, forKey: "projectId")
        try json.encode(runIds.map(String.init), forKey: "runs")
        try json.encode(outcome.rawValue, forKey: "outcome")
        try json.encode(encoder.redacted(message), forKey: "message")
        try json.encodeIfPresent(restoredBlobId, forKey: "blobId")
        try json.encodeIfPresent(error?.code.name, forKey: "code")
    }
}

extension UndoReport.Entry.Outcome: CustomStringConvertible {
    /// The outcome in words, as `undo` prints it: `restored`, `would restore`, `kept new`, `changed since`, …
    public var description: String {
        switch self {
        case .restored: "restored"
        case .removed: "removed"
        case .wouldRestore: "would restore"
        case .wouldRemove: "would remove"
        case .keptNew: "kept new"
        case .changedSince: "changed since"
        case .unchanged: "unchanged"
        case .failed: "failed"
        case .notStarted: "not started"
        }
    }
}

/// The closing line of `undo --json` (`"event":"undoFinished"`): `dryRun` and the count of each outcome that
/// occurred, keyed by the outcome's name.
extension UndoReport: Encodable {
    /// Writes the report's counts.
    public func encode(to encoder: any Encoder) throws {
        var json = encoder.container(keyedBy: JSONKey.self)
        try json.encode("undoFinished", forKey: "event")
        try json.encode(dryRun, forKey: "dryRun")
        for outcome in Entry.Outcome.allCases where count(outcome) > 0 {
            try json.encode(count(outcome), forKey: JSONKey(stringValue: outcome.rawValue))
        }
    }
}
