import ImageCodecs
import LibC

/// The one import of a folder (its journal) to one server at a time: an exclusive advisory lock (`flock`) on a
/// file beside the journal, named after the server. The kernel releases it when the process ends, however it
/// ends (kill -9 too), so nothing stale is ever left to clean up. The file holds the holder's pid and start
/// time, so a second import can say which run it waits for. Status and dry runs never take it.
package final class ImportLock: Sendable {
    /// The lock file's path.
    package let path: String
    private let descriptor: Int32

    /// The lock file for `journalPath` and `target`: `journal.sqlite.lock-<12 hex digits of the target's SHA-256>`.
    package static func path(journalPath: String, target: String) -> String {
        journalPath + ".lock-" + String(ImagePacker.sha256Hex(Array(target.utf8)).prefix(12))
    }

    /// Takes the lock at once, or throws.
    /// - Throws: `IngestError` `.alreadyRunning` naming the other run; `.journal` when the lock file cannot be made.
    package init(journalPath: String, target: String) throws(IngestError) {
        let path = Self.path(journalPath: journalPath, target: target)
        self.path = path
        let folder = path.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        if !folder.isEmpty { mkdir(folder, 0o755) }
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            let reason = String(cString: strerror(errno))
            throw IngestError(stage: .discover, code: .journal,
                              message: "cannot create the import's lock file: \(reason) (--journal PATH puts the journal elsewhere)",
                              path: path)
        }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let busy = errno == EWOULDBLOCK
            let holder = Self.read(fd)
            close(fd)
            if busy {
                throw IngestError(
                    stage: .discover, code: .alreadyRunning,
                    message: "another import of this folder to \(target) is running (\(holder.isEmpty ? "pid unknown" : holder)); "
                        + "nothing was sent: wait for it to finish (or stop it), then run again",
                    path: path)
            }
            throw IngestError(stage: .discover, code: .journal,
                              message: "cannot lock the import's lock file: \(String(cString: strerror(errno)))", path: path)
        }
        descriptor = fd
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        let stamp = JournalTimestamp.text(seconds: Int(time.tv_sec), milliseconds: 0)
        let text = Array("pid \(getpid()), started \(stamp) UTC\n".utf8)
        _ = ftruncate(fd, 0)
        _ = text.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
    }

    deinit {
        // closing the descriptor releases the lock; the file stays (removing it would race a new holder)
        close(descriptor)
    }

    /// The holder's line, trimmed (at most 200 bytes).
    private static func read(_ fd: Int32) -> String {
        var buffer = [UInt8](repeating: 0, count: 200)
        let count = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return "" }
        return String(decoding: buffer[..<count], as: UTF8.self).split(separator: "\n").first.map(String.init) ?? ""
    }
}
