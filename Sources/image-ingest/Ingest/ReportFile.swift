import ImageIngest
import LibC
import SuperOfficeWebAPI

/// `import --report FILE.csv`: one CSV row a file (path, project id, number and name when known, outcome, code,
/// message, blob id, bytes, the kept copy of the picture it replaced), as Salesforce's and HubSpot's import tools give back. Each row is written to the
/// file as its file ends, so the report is there however the run ends (Ctrl-C too).
final class ReportFile {
    static let header = ["path", "projectId", "number", "name", "outcome", "code", "message", "blobId", "bytes", "backup"]

    private let descriptor: Int32
    private let redact: SecretRedactor
    private var projects: [String: ProjectSummary] = [:]
    private let dryRun: Bool

    /// Creates (or empties) the report and writes its header.
    init(path: String, dryRun: Bool, redact: SecretRedactor) throws(CLIFailure) {
        descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw .configuration("cannot write the report \(path): \(String(cString: strerror(errno))) (--report)")
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
            projects[path] = project
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
        let project = projects.removeValue(forKey: path)
        let id = project?.projectId ?? projectId
        write([path, id.map { "\($0)" } ?? "", project?.number ?? "", project?.name ?? "",
               outcome, code, message, blobId.map { "\($0)" } ?? "", bytes.map { "\($0)" } ?? "", backup ?? ""])
    }

    private func write(_ fields: [String]) {
        let line = Array((fields.map(CSVField.quoted).joined(separator: ",") + "\r\n").utf8)
        var offset = 0
        while offset < line.count {
            let written = line[offset...].withUnsafeBytes { LibC.write(descriptor, $0.baseAddress, $0.count) }
            if written < 0, errno == EINTR { continue }
            guard written > 0 else { return }
            offset += written
        }
    }
}
