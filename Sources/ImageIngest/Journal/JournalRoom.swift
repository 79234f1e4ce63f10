import LibC

/// The room a run's journal needs before its first upload: a plan whose rows cannot be written is refused up
/// front, rather than stopped halfway with pictures on the server the journal cannot name.
package enum JournalRoom {
    /// What a row costs in the database, with its index entry.
    package static let bytesPerRow = 1024
    /// The write-ahead log's checkpoint interval in pages, and the size it is kept to.
    static let walPages = 256
    static let walBytes = 1 << 20
    /// The write-ahead log at its largest (its pages, their frame headers, the index beside it), and a new
    /// journal's tables.
    package static let baseBytes = walBytes + 128 * 1024 + 256 * 1024

    /// Refuses when the file system holding `journalPath` (its folder, which exists by now) has less room than
    /// `rows` rows need.
    /// - Throws: `IngestError` (`.record`, `.journal`) with the room there is, the room needed, and the way out.
    static func check(journalPath: String, rows: Int) throws(IngestError) {
        let folder = journalPath.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        var info = statvfs()
        guard statvfs(folder.isEmpty ? "." : folder, &info) == 0 else { return }
        if let refusal = refusal(freeBytes: Int(info.f_bavail) * Int(info.f_frsize), rows: rows) {
            throw IngestError(stage: .record, code: .journal, message: refusal, path: journalPath)
        }
    }

    /// Why `freeBytes` is too little for `rows` rows, or nil when it is enough.
    package static func refusal(freeBytes: Int, rows: Int) -> String? {
        let needed = baseBytes + rows * bytesPerRow
        guard freeBytes < needed else { return nil }
        return "the journal's file system has \(kibibytes(freeBytes)) KiB free and the plan's \(rows) rows need about "
            + "\(kibibytes(needed)) KiB: make room, or pass --journal PATH to keep the journal elsewhere; nothing was sent"
    }

    private static func kibibytes(_ bytes: Int) -> Int { (bytes + 1023) / 1024 }
}
