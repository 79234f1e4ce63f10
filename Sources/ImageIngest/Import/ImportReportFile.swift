import LibC
import Synchronization
import SuperOfficeWebAPI

/// `FolderImport.writingReport(to:redact:)`'s file: one CSV row a file that ended (path, project id, number and name
/// when known, outcome, code, message, blob id, bytes, the kept copy of the picture it replaced), as Salesforce's and
/// HubSpot's import tools give back. Each row is written as its file ends, from the import's own task, so the report
/// is there however the run ends (Ctrl-C too) and however slowly the events are read.
final class ImportReportFile: Sendable {
    static let header = ["path", "projectId", "number", "name", "outcome", "code", "message", "blobId", "bytes", "backup"]

    private let descriptor: Int32
    private let redact: SecretRedactor
    private let dryRun: Bool
    /// The projects of files resolved and not ended yet, by path (their number and name go in the row).
    private let projects = Mutex<[String: ProjectSummary]>([:])

    /// Creates (or empties) the report and writes its header.
    /// - Throws: ``IngestError`` `.configuration` with the `errno` when the file cannot be written.
    init(path: String, dryRun: Bool, redact: SecretRedactor) throws(IngestError) {
        descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            let number = errno
            throw IngestError(stage: .discover, code: .configuration,
                              message: "cannot write the report \(path): \(String(cString: strerror(number)))", path: path,
                              cause: .system(errno: number))
        }
        self.redact = redact
        self.dryRun = dryRun
        write(Self.header)
    }

    deinit { close(descriptor) }

    /// Takes one import event; files that ended get their row.
    func record(_ event: ImportEvent) {
        switch event {
        case .resolved(let path, _, let project):
            projects.withLock { $0[path] = project }
        case .done(let outcome):
            row(path: outcome.path, projectId: outcome.projectId, outcome: dryRun ? "wouldUpload" : "done",
                code: outcome.plannedUpload?.rawValue ?? "", message: "", blobId: outcome.blobId, bytes: outcome.bytes,
                backup: outcome.keptPicturePath)
        case .skipped(let path, let projectId, let reason):
            var blobId: Int? = nil
            switch reason {
            case .alreadyDone(let id), .unchangedOnServer(let id), .keptExisting(let id): blobId = id
            default: break
            }
            row(path: path, projectId: projectId, outcome: "skipped", code: reason.name, message: reason.description,
                blobId: blobId, bytes: nil)
        case .failed(let projectId, let error):
            row(path: error.path ?? "", projectId: projectId, outcome: "failed", code: error.code.name,
                message: "\(error.stage) \(redact(error.message))", blobId: nil, bytes: nil)
        default:
            break
        }
    }

    private func row(path: String, projectId: Int?, outcome: String, code: String, message: String, blobId: Int?, bytes: Int?,
                     backup: String? = nil) {
        // under the lock: rows of files ending at once are written one after the other
        projects.withLock { projects in
            let project = projects.removeValue(forKey: path)
            let id = project?.projectId ?? projectId
            write([path, id.map { "\($0)" } ?? "", project?.number ?? "", project?.name ?? "",
                   outcome, code, message, blobId.map { "\($0)" } ?? "", bytes.map { "\($0)" } ?? "", backup ?? ""])
        }
    }

    /// One row, as one `write(2)` where the system takes it whole.
    private func write(_ fields: [String]) {
        let line = Array((fields.map(Manifest.quotedField).joined(separator: ",") + "\r\n").utf8)
        var offset = 0
        while offset < line.count {
            let written = line[offset...].withUnsafeBytes { LibC.write(descriptor, $0.baseAddress, $0.count) }
            if written < 0, errno == EINTR { continue }
            guard written > 0 else { return }
            offset += written
        }
    }
}
