import SuperOfficeSandbox

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

import LibC

/// `image-ingest sandbox --request-log PATH`: appends one JSON line per request the sandbox saw, so a drill in
/// another process can check what the server accepted.
///
/// The sandbox keeps its log in memory; this copies the records that are new since the last look, every
/// `interval`, with one unbuffered `write(2)` per batch (a reader never sees half a batch buffered in this
/// process), and once more at shutdown. Lines are in the order requests finished (a never-answered request:
/// when it was held); `seq` is the order they arrived. No line holds a secret: the record has none (only the
/// credential scheme).
///
/// Fields: `seq`, `time` (wall clock, seconds since 1970), `method`, `path`, `query`, `projectId`,
/// `operation`, `status` (absent when no complete answer was sent), `fault` (absent when none), `applied`,
/// `blobId`, `scheme`.
struct SandboxRequestLogFile: Sendable {
    private let descriptor: Int32
    /// The path written to.
    let path: String

    /// Opens (creates, or appends to) the log file.
    /// - Throws: `SandboxRequestLogFile.OpenError` when the file cannot be opened for appending.
    init(path: String) throws(OpenError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw OpenError(path: path, errno: errno) }
        self.descriptor = descriptor
        self.path = path
    }

    /// The log file could not be opened.
    struct OpenError: Error, CustomStringConvertible {
        /// The path given.
        var path: String
        /// The `errno` of the failed `open(2)`.
        var errno: Int32
        /// E.g. `cannot open the request log /x/y.jsonl: No such file or directory`.
        var description: String { "cannot open the request log \(path): \(String(cString: strerror(errno)))" }
    }

    /// Copies new records every `interval` until the task is cancelled, then once more; answers how many
    /// records were written in all.
    func follow(_ sandbox: SandboxServer, every interval: Duration = .milliseconds(100)) async -> Int {
        var written = 0
        while !Task.isCancelled {
            written = await writeNew(from: sandbox, after: written)
            try? await Task.sleep(for: interval)
        }
        return await writeNew(from: sandbox, after: written)
    }

    /// Writes the records past the first `count` (the log only grows: the command never clears it); answers
    /// the new count.
    private func writeNew(from sandbox: SandboxServer, after count: Int) async -> Int {
        let log = await sandbox.requestLog()
        guard log.count > count else { return count }
        var text = ""
        for record in log[count...] { text += Self.line(for: record) + "\n" }
        append(text)
        return log.count
    }

    /// Closes the file.
    func closeFile() {
        _ = close(descriptor)
    }

    private func append(_ text: String) {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let wrote = bytes.withUnsafeMutableBytes { buffer in
                write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
            }
            if wrote > 0 {
                offset += wrote
            } else if wrote < 0, errno == EINTR {
                continue
            } else {
                return  // a full disk loses log lines, never the sandbox
            }
        }
    }

    /// One record as a JSON object on one line.
    static func line(for record: SandboxRequestRecord) -> String {
        var line = JSONLine()
        line.add("seq", record.sequence)
        line.add("time", record.receivedDate.timeIntervalSince1970)
        line.add("method", record.method)
        line.add("path", record.path)
        line.add("query", record.query)
        line.add("projectId", record.projectId)
        line.add("operation", record.operation.rawValue)
        line.add("status", record.status)
        line.add("fault", record.fault.map { Self.name(of: $0) })
        line.add("applied", record.applied)
        line.add("blobId", record.blobId)
        line.add("scheme", record.credentialScheme)
        return line.line
    }

    /// A fault's kind, without its parameters: `status`, `rateLimited`, `dropConnection`, `neverAnswer`,
    /// `expiredCredentials`, `redirect` (the status of a `status` fault is the line's `status`).
    static func name(of fault: SandboxFault) -> String {
        switch fault {
        case .status: return "status"
        case .rateLimited: return "rateLimited"
        case .dropConnection: return "dropConnection"
        case .neverAnswer: return "neverAnswer"
        case .expiredCredentials: return "expiredCredentials"
        case .redirect: return "redirect"
        }
    }
}
