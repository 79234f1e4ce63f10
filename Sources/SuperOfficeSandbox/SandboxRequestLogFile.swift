#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

import LibC

/// Appends one JSON line per request a sandbox saw to a file (`image-ingest-sandbox --request-log PATH`), so that a
/// drill in another process can check what the server accepted.
///
/// The sandbox keeps its log in memory; ``follow(_:every:)`` copies the records that are new since the last look,
/// every `interval`, with one unbuffered `write(2)` per batch (a reader never sees half a batch buffered in this
/// process), and once more when cancelled. Lines are in the order requests finished (a never-answered request: when
/// it was held); `seq` is the order they arrived. A sandbox that keeps only its newest records
/// (`SandboxConfiguration.requestLogLimit`) loses lines that were dropped between two looks, never the later ones.
/// No line holds a secret: the record has none (only the credential scheme). The file closes when the value goes.
///
/// Fields: `seq`, `time` (wall clock, seconds since 1970), `method`, `path`, `query`, `projectId`, `operation`,
/// `status` (absent when no complete answer was sent), `fault` (absent when none; its kind, see
/// ``faultName(_:)``), `applied`, `blobId`, `scheme`.
public final class SandboxRequestLogFile: Sendable {
    private let descriptor: Int32
    /// The path written to.
    public let path: String

    /// Opens (creates with mode 600, or appends to) the log file.
    /// - Throws: ``OpenError`` when the file cannot be opened for appending.
    public init(path: String) throws(OpenError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw OpenError(path: path, errno: errno) }
        self.descriptor = descriptor
        self.path = path
    }

    deinit { _ = close(descriptor) }

    /// The log file could not be opened.
    public struct OpenError: Error, Sendable, CustomStringConvertible {
        /// The path given.
        public var path: String
        /// The `errno` of the failed `open(2)`.
        public var errno: Int32
        /// E.g. `cannot open the request log /x/y.jsonl: No such file or directory`.
        public var description: String { "cannot open the request log \(path): \(String(cString: strerror(errno)))" }
    }

    /// Copies new records every `interval` until the task is cancelled, then once more; answers how many records
    /// were written in all.
    public func follow(_ sandbox: SandboxServer, every interval: Duration = .milliseconds(100)) async -> Int {
        var written = 0
        var last: Int? = nil
        while !Task.isCancelled {
            (written, last) = await writeNew(from: sandbox, written: written, after: last)
            try? await Task.sleep(for: interval)
        }
        return await writeNew(from: sandbox, written: written, after: last).written
    }

    /// Writes the records after the one with sequence number `last` (records are only appended, and dropped from the
    /// front when the log is bounded: when `last` is gone, every record left is new); answers the new total and the
    /// last record written.
    private func writeNew(from sandbox: SandboxServer, written: Int, after last: Int?) async -> (written: Int, last: Int?) {
        let log = await sandbox.requestLog()
        let start = last.flatMap { last in log.lastIndex { $0.sequence == last }.map { $0 + 1 } } ?? log.startIndex
        guard start < log.endIndex else { return (written, last) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var bytes: [UInt8] = []
        for record in log[start...] {
            guard let line = try? encoder.encode(Line(record)) else { continue }
            bytes += line
            bytes.append(UInt8(ascii: "\n"))
        }
        append(bytes)
        return (written + log.count - start, log.last?.sequence)
    }

    private func append(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let wrote = bytes.withUnsafeBytes { buffer in write(descriptor, buffer.baseAddress! + offset, buffer.count - offset) }
            if wrote > 0 {
                offset += wrote
            } else if wrote < 0, errno == EINTR {
                continue
            } else {
                return  // a full disk loses log lines, never the sandbox
            }
        }
    }

    /// A fault's kind, without its parameters: `status`, `rateLimited`, `dropConnection`, `neverAnswer`,
    /// `expiredCredentials`, `redirect` (the status of a `status` fault is the line's `status`).
    public static func faultName(_ fault: SandboxFault) -> String {
        switch fault {
        case .status: "status"
        case .rateLimited: "rateLimited"
        case .dropConnection: "dropConnection"
        case .neverAnswer: "neverAnswer"
        case .expiredCredentials: "expiredCredentials"
        case .redirect: "redirect"
        }
    }

    /// One record as the file's line holds it.
    private struct Line: Encodable {
        var seq: Int
        var time: Double
        var method: String
        var path: String
        var query: String?
        var projectId: Int?
        var operation: String
        var status: Int?
        var fault: String?
        var applied: Bool
        var blobId: Int?
        var scheme: String?

        init(_ record: SandboxRequestRecord) {
            seq = record.sequence
            time = (record.receivedDate.timeIntervalSince1970 * 1000).rounded() / 1000
            method = record.method
            path = record.path
            query = record.query
            projectId = record.projectId
            operation = record.operation.rawValue
            status = record.status
            fault = record.fault.map(SandboxRequestLogFile.faultName)
            applied = record.applied
            blobId = record.blobId
            scheme = record.credentialScheme
        }
    }
}
