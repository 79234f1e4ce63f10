import GRDB

import LibC

/// What a journal failure means for a person: SQLite's result code in words, and what to do, never the SQL.
enum JournalFailure {
    /// `journal write failed: the disk is full (--journal PATH puts the journal elsewhere)` and the like.
    /// The journal's failure as an `IngestError` (stage `record`, code `journal`), SQLite's result code kept as its cause.
    static func error(_ action: String, _ error: any Error, path: String) -> IngestError {
        IngestError(stage: .record, code: .journal, message: message(action, error, path: path), path: path,
                    cause: (error as? DatabaseError).map { .database(resultCode: $0.resultCode.primaryResultCode.rawValue) })
    }

    static func message(_ action: String, _ error: any Error, path: String) -> String {
        guard let database = error as? DatabaseError else { return "\(action): \(error)" }
        let advice: String
        switch database.resultCode {
        case .SQLITE_FULL:
            advice = "the disk is full; make room, or pass --journal PATH to keep the journal elsewhere"
        case .SQLITE_NOTADB, .SQLITE_CORRUPT:
            advice = "\(path) is not a journal, or it is damaged: move it aside and run again (the server's ExtraInfo "
                + "still knows which pictures are done), or pass --journal PATH"
        case .SQLITE_READONLY, .SQLITE_PERM, .SQLITE_AUTH:
            advice = "it is read-only here; pass --journal PATH to keep the journal in a writable folder"
        case .SQLITE_CANTOPEN:
            let cause = errno != 0 ? String(cString: strerror(errno)) : "it cannot be opened"
            advice = "\(cause); pass --journal PATH to keep the journal in a folder you can write"
        case .SQLITE_IOERR:
            advice = "an input/output error writing it (a full disk, a file-size limit or a failing disk); make room, "
                + "or pass --journal PATH to keep the journal elsewhere"
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            advice = "another process holds it; wait for it, then run again"
        default:
            advice = "SQLite \(database.resultCode.rawValue): \(database.message ?? "an error")"
        }
        return "\(action): \(advice)"
    }
}
