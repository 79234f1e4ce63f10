import SuperOfficeWebAPI
import ImageIngest

/// The JSON-lines form of import events (`--json`, or stdout not a terminal). One object a line,
/// `"event"` names the kind: planned, started, stage, done (`wouldSubmit` in a dry run), skipped, failed, stopped,
/// summary.
enum EventJSON {
    /// - Parameter connection: names the server in `planned` and `summary` (`"server"`, and `"sandbox": true`
    ///   for the embedded one).
    /// - Parameter dryRun: a dry run's finished files are `wouldSubmit`, and its summary counts `wouldSubmit`, never
    ///   `done`.
    static func line(for event: ImportEvent, connection: Connection, dryRun: Bool = false, redact: SecretRedactor) -> String {
        var json = JSONLine()
        switch event {
        case .planned(let files, let bytes, let unmapped, let failedUpFront):
            json.add("event", "planned")
            addServer(connection, to: &json)
            json.add("files", files)
            json.add("bytes", bytes)
            // files found but not imported for their name or place (each follows as a `skipped` event)
            json.add("notImported", unmapped)
            json.add("failedUpFront", failedUpFront)
        case .resolved(let path, let key, let project):
            json.add("event", "resolved")
            json.add("path", path)
            json.add("key", key)
            addProject(project, to: &json)
        case .started(let path, let projectId):
            json.add("event", "started")
            json.add("path", path)
            json.add("projectId", projectId)
        case .stagePassed(let path, let stage):
            json.add("event", "stage")
            json.add("path", path)
            json.add("stage", stage.name)
        case .done(let outcome):
            json.add("event", dryRun ? "wouldSubmit" : "done")
            json.add("path", outcome.path)
            json.add("projectId", outcome.projectId)
            addResult(outcome, to: &json)
        case .skipped(let path, let projectId, let reason):
            json.add("event", "skipped")
            json.add("path", path)
            json.add("projectId", projectId)
            json.add("reason", reason.name)
            switch reason {
            case .alreadyDone(let blobId), .unchangedOnServer(let blobId), .keptExisting(let blobId): json.add("blobId", blobId)
            case .ambiguousName(let why): json.add("why", why)
            default: break
            }
        case .failed(let projectId, let error):
            json.add("event", "failed")
            json.add("path", error.path)
            json.add("projectId", projectId)
            json.add("stage", error.stage.name)
            json.add("code", error.code.name)
            json.add("message", redact(error.message))
        case .stopped(let reason):
            json.add("event", "stopped")
            json.add("code", reason.code)
            json.add("reason", redact(reason.description))
        case .finished(let report):
            return summary(report, connection: connection, redact: redact)
        }
        return json.line
    }

    /// What a finished file's `done` (or `wouldSubmit`) event says, the same keys in `import` and `put`: `blobId`,
    /// `bytes` (the file's size), `uploaded`, `plan`, `width`, `height` (of the picture uploaded), `backup`,
    /// `carriedGPS`, `uploadedWithGPS`, and the changes.
    static func addResult(_ result: IngestResult, to json: inout JSONLine) {
        json.add("blobId", result.blobId)
        json.add("bytes", result.bytes)
        json.add("uploaded", result.uploaded)
        json.add("plan", result.plannedUpload?.rawValue)
        json.add("width", result.header.width)
        json.add("height", result.header.height)
        json.add("backup", result.keptPicturePath)
        json.add("carriedGPS", result.carriedGPS)
        json.add("uploadedWithGPS", result.uploadedWithGPS)
        addChanges(result.changes, to: &json)
        if !result.notes.isEmpty { json.add("notes", strings: result.notes) }
    }

    /// What was done to the picture: `convertedFrom` (the file's own format, absent when it went up in it),
    /// `resized`, `upright` (`lossless` or `reencoded`, absent when it was upright) and `metadataRemoved`.
    static func addChanges(_ changes: IngestResult.Changes, to json: inout JSONLine) {
        json.add("convertedFrom", changes.convertedFrom?.name)
        json.add("resized", changes.resized)
        json.add("upright", changes.upright?.rawValue)
        json.add("metadataRemoved", changes.metadataRemoved)
    }

    /// `projectId`, `number`, `name` and any custom field values (`fields`), as the server answered them.
    static func addProject(_ project: ProjectSummary, to json: inout JSONLine) {
        json.add("projectId", project.projectId)
        json.add("number", project.number)
        json.add("name", project.name)
        if !project.fields.isEmpty {
            var fields = JSONLine()
            for (column, value) in project.fields.sorted(by: { $0.key < $1.key }) { fields.add(column, value) }
            json.addRaw("fields", fields.line)
        }
    }

    /// `"server"` (the base URL; null for a dry run with none configured) and `"sandbox"`.
    static func addServer(_ connection: Connection, to json: inout JSONLine) {
        json.add("server", connection.serverURL)
        json.add("sandbox", connection.sandbox != nil)
    }

    static func summary(_ report: ImportReport, connection: Connection, redact: SecretRedactor) -> String {
        var json = JSONLine()
        json.add("event", "summary")
        addServer(connection, to: &json)
        json.add(report.dryRun ? "wouldSubmit" : "done", report.done)
        json.add("resumed", report.resumed)
        json.add("skipped", report.skipped)
        json.add("alreadyDone", report.alreadyDone)
        json.add("unchangedOnServer", report.unchangedOnServer)
        json.add("kept", report.kept)
        json.add("carryingGPS", report.carryingGPS)
        json.add("uploadedWithGPS", report.uploadedWithGPS)
        if !report.converted.isEmpty {
            var converted = JSONLine()
            for (format, count) in report.converted.sorted(by: { $0.key.name < $1.key.name }) { converted.add(format.name, count) }
            json.addRaw("converted", converted.line)
        }
        json.add("resized", report.resized)
        json.add("uprightLossless", report.turnedUprightLosslessly)
        json.add("uprightReencoded", report.turnedUprightByReencoding)
        if !report.plannedUploads.isEmpty {
            var plans = JSONLine()
            for plan in [ExistingImagePolicy.PlannedUpload.new, .different, .replace] { plans.add(plan.rawValue, report.plannedUploads[plan]) }
            json.addRaw("plan", plans.line)
        }
        json.addRaw("unmapped", JSONLine.array(report.unmapped))
        json.addRaw("ambiguous", JSONLine.array(report.ambiguous))
        json.addRaw("notInManifest", JSONLine.array(report.notInManifest))
        json.addRaw("inSubfolder", JSONLine.array(report.inSubfolder))
        json.add("failed", report.failures.count)
        var reasons = JSONLine()
        for (code, count) in report.failuresByReason { reasons.add(code, count) }
        json.addRaw("failedByReason", reasons.line)
        json.add("notFinished", report.notFinished)
        json.add("bytes", report.bytes)
        json.add("elapsedSeconds", report.elapsedSeconds)
        json.add("megabytesPerSecond", report.megabytesPerSecond)
        json.add("filesPerSecond", report.filesPerSecond)
        json.add("dryRun", report.dryRun)
        json.add("run", report.runId.map { Int($0) })
        json.add("keptPictures", report.keptPictures)
        json.add("keptBytes", report.keptBytes)
        json.add("backups", report.backupsFolder)
        if let reason = report.stopReason {
            json.add("stopped", redact(reason.description))
            json.add("stopCode", reason.code)
        }
        return json.line
    }
}

extension StopReason {
    /// A stable name for the JSON events: `authenticationRefused`, `stopRequested`, `cancelled`, `serverUnreachable`.
    var code: String {
        switch self {
        case .authenticationRefused: "authenticationRefused"
        case .stopRequested: "stopRequested"
        case .cancelled: "cancelled"
        case .serverUnreachable: "serverUnreachable"
        case .journalUnwritable: "journalUnwritable"
        }
    }
}
