import SuperOfficeWebAPI
import ImageIngest

/// The human closing summary of an import (always printed, on stderr).
enum SummaryText {
    /// What the summary needs to know besides the report.
    struct Context {
        /// The server as people read it (`SuperOfficeConnection.serverLabel`).
        var server: String
        /// Which credential was used, e.g. `SO_TICKET (SOTicket, from the environment)`; nil for the sandbox.
        var credential: String?
        /// The manifest's path, when the import used one.
        var manifest: String?
        /// The folder imported (for the `undo` line).
        var folder: String = "DIR"
    }

    static func lines(for report: ImportReport, context: Context, redact: SecretRedactor) -> [String] {
        var lines: [String] = ["server: \(context.server)"]
        let verb = report.dryRun ? "would submit" : "done"
        var head = "\(verb) \(report.done)"
        if report.resumed > 0 { head += " (\(report.resumed) finished without uploading again)" }
        if !report.plannedUploads.isEmpty {
            let parts = [ExistingImagePolicy.PlannedUpload.new, .different, .replace].compactMap { plan in
                report.plannedUploads[plan].map { "\(plan.rawValue) \($0)" }
            }
            head += " (" + parts.joined(separator: ", ") + ")"
        }
        head += ", skipped \(report.skipped)"
        if report.skipped > 0 {
            var parts: [String] = []
            if report.alreadyDone > 0 { parts.append("\(report.alreadyDone) already done") }
            if report.unchangedOnServer > 0 { parts.append("unchanged on server \(report.unchangedOnServer)") }
            if report.kept > 0 { parts.append("kept \(report.kept)") }
            if !report.unmapped.isEmpty { parts.append("\(report.unmapped.count) unmapped") }
            if !report.ambiguous.isEmpty { parts.append("\(report.ambiguous.count) ambiguous name") }
            if !report.notInManifest.isEmpty { parts.append("\(report.notInManifest.count) not in the manifest") }
            if !report.inSubfolder.isEmpty { parts.append("\(report.inSubfolder.count) in a sub-folder") }
            head += " (" + parts.joined(separator: ", ") + ")"
        }
        head += ", failed \(report.failures.count)"
        if !report.failures.isEmpty {
            head += " (" + report.failuresByReason.map { "\($0.count) \($0.code)" }.joined(separator: ", ") + ")"
        }
        if report.notFinished > 0 { head += ", not finished \(report.notFinished) (left pending for the next run)" }
        lines.append(head)
        if report.carryingGPS > 0 {
            let verb = report.dryRun ? "would go up" : "went up"
            lines.append("GPS coordinates: \(report.carryingGPS) file\(report.carryingGPS == 1 ? "" : "s") carried them; "
                + "\(report.uploadedWithGPS) \(verb) with them still in"
                + (report.uploadedWithGPS > 0 ? " (--strip-metadata removes them)" : ""))
        }
        if !report.converted.isEmpty {
            let total = report.converted.values.reduce(0, +)
            let parts = report.converted.sorted { ($1.value, $0.key.name) < ($0.value, $1.key.name) }
                .map { "\($0.key.name) \($0.value)" }
            lines.append("converted \(total) (\(parts.joined(separator: ", "))) to JPEG or PNG")
        }
        if report.resized + report.turnedUprightLosslessly + report.turnedUprightByReencoding > 0 {
            var parts: [String] = []
            if report.resized > 0 { parts.append("\(report.resized) resized (and upright)") }
            if report.turnedUprightLosslessly > 0 { parts.append("\(report.turnedUprightLosslessly) turned upright without re-encoding") }
            if report.turnedUprightByReencoding > 0 {
                parts.append("\(report.turnedUprightByReencoding) turned upright by a re-encode (their MCU grid allows no lossless turn)")
            }
            lines.append("Pictures: " + parts.joined(separator: ", "))
        }
        lines.append("\(megabytes(report.bytes)) MB in \(ProgressBar.format(report.elapsedSeconds)) s: "
            + "\(ProgressBar.format(report.megabytesPerSecond)) MB/s, \(ProgressBar.format(report.filesPerSecond)) files/s")
        if report.keptPictures > 0, let folder = report.backupsFolder, let runId = report.runId {
            lines.append("kept \(report.keptPictures) replaced picture\(report.keptPictures == 1 ? "" : "s") "
                + "(\(megabytes(report.keptBytes)) MB) in \(folder); to put them back: image-ingest undo "
                + "\(ShellWord.quoted(context.folder)) --run \(runId)")
        }
        lines += section(report.unmapped,
                         "not mapped to a project (name them <projectId>.jpg or <projectId>-text.jpg, put them in a "
                            + "<projectId>/ folder, or list them in a --manifest; named by project number or name: "
                            + "--match number or --match name):")
        lines += section(report.ambiguous.map { path in report.ambiguityReasons[path].map { "\(path) (\($0))" } ?? path },
                         "ambiguous name, not mapped (a date or number is not taken for a project id; name them "
                            + "<projectId>.jpg or <projectId>-text.jpg, or list them in a --manifest):")
        lines += section(report.notInManifest,
                         "not in the manifest\(context.manifest.map { " \($0)" } ?? "") (add a row path,projectId to import them):")
        lines += section(report.inSubfolder,
                         "in a sub-folder, not walked (pass --recursive, or list them in a --manifest):")
        if !report.failures.isEmpty {
            lines.append("failed:")
            lines += report.failures.prefix(50).map { "  " + failureLine($0, redact: redact) }
            if report.failures.count > 50 { lines.append("  … and \(report.failures.count - 50) more (image-ingest status)") }
        }
        if let reason = report.stopReason {
            lines.append(redact(stopLine(reason, report: report, context: context)))
        }
        return lines
    }

    /// One line for why the import stopped and what to do about it.
    static func stopLine(_ reason: StopReason, report: ImportReport, context: Context) -> String {
        switch reason {
        case .authenticationRefused(let error):
            return "stopped: " + refusedCredentialLine(at: error.stage.name, credential: context.credential, inImport: true)
        case .serverUnreachable(_, let error):
            var cause = error.message
            if case .webAPI(let failure)? = error.cause, let words = failure.transportCause { cause = words }
            if error.stage == .resolve {
                let what = error.code == .serverError || error.code == .rateLimited
                    ? "kept failing the project lookup: \(cause)" : "is unreachable: \(cause), at the project lookup"
                return "stopped: the server \(context.server) \(what); no file was started or uploaded, \(report.notFinished) "
                    + "files left pending: check SO_BASE_URL (or --base-url) and the network, then run the same command again"
            }
            return "stopped: the server \(context.server) is unreachable: \(cause); "
                + "several files in a row could not connect. \(report.notFinished) files left pending (none "
                + "failed for good): check SO_BASE_URL (or --base-url) and the network, then run the same command again"
        case .journalUnwritable(let error):
            let place = error.code == .backupUnwritable ? "" : " (the journal \(error.path ?? ""))"
            return "stopped: \(error.message)\(place); nothing more was sent, "
                + "\(report.notFinished) files left pending: make room (or pass --journal PATH), then run the same command again"
        case .stopRequested:
            return "stopped on request: \(report.notFinished) files not started; run the same command again to finish"
        case .cancelled:
            return "cancelled: \(report.notFinished) files not finished; run the same command again to finish"
        }
    }

    /// What to say after a 401: which credential was refused, and that running again with it cannot help.
    static func refusedCredentialLine(at place: String, credential: String?, inImport: Bool = false) -> String {
        "the server refused the credential \(credential ?? "in use") (HTTP 401 at \(place): missing, wrong or "
            + "expired). A new run with the same credential is refused too: get a new ticket or token, set it, then "
            + "run again" + (inImport ? " (files done stay done)" : "")
    }

    private static func section(_ paths: [String], _ title: String) -> [String] {
        guard !paths.isEmpty else { return [] }
        var lines = [title]
        lines += paths.prefix(20).map { "  \($0)" }
        if paths.count > 20 { lines.append("  … and \(paths.count - 20) more (--json lists every one)") }
        return lines
    }

    /// One failure as `PATH: STAGE CODE: MESSAGE` (the message redacted; `?` when the error names no path).
    static func failureLine(_ error: IngestError, redact: SecretRedactor) -> String {
        "\(error.path ?? "?"): \(error.stage) \(error.code): \(redact(error.message))"
    }

    static func megabytes(_ bytes: Int) -> String {
        ProgressBar.format(Double(bytes) / 1e6)
    }
}
