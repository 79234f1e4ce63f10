import ImageIngest

/// The human closing summary of an import (always printed, on stderr).
enum SummaryText {
    static func lines(for report: ImportReport, redact: Redactor) -> [String] {
        var lines: [String] = []
        let verb = report.dryRun ? "would submit" : "done"
        var head = "\(verb) \(report.done)"
        if report.resumed > 0 { head += " (\(report.resumed) finished without uploading again)" }
        head += ", skipped \(report.skipped)"
        if report.skipped > 0 {
            var parts: [String] = []
            if report.alreadyDone > 0 { parts.append("\(report.alreadyDone) already done") }
            if !report.unmapped.isEmpty { parts.append("\(report.unmapped.count) unmapped") }
            head += " (" + parts.joined(separator: ", ") + ")"
        }
        head += ", failed \(report.failures.count)"
        if !report.failures.isEmpty {
            head += " (" + report.failuresByReason.map { "\($0.count) \($0.code)" }.joined(separator: ", ") + ")"
        }
        if report.notFinished > 0 { head += ", not finished \(report.notFinished)" }
        lines.append(head)
        lines.append("\(megabytes(report.bytes)) MB in \(ProgressBar.format(report.elapsedSeconds)) s: "
            + "\(ProgressBar.format(report.megabytesPerSecond)) MB/s, \(ProgressBar.format(report.filesPerSecond)) files/s")
        if !report.unmapped.isEmpty {
            lines.append("not mapped to a project (name them <projectId>.jpg, put them in a <projectId>/ folder or list them in a manifest):")
            lines += report.unmapped.prefix(20).map { "  \($0)" }
            if report.unmapped.count > 20 { lines.append("  … and \(report.unmapped.count - 20) more") }
        }
        if !report.failures.isEmpty {
            lines.append("failed:")
            lines += report.failures.prefix(50).map { "  " + failureLine($0, redact: redact) }
            if report.failures.count > 50 { lines.append("  … and \(report.failures.count - 50) more (image-ingest status)") }
        }
        if let reason = report.stopReason {
            lines.append("stopped: \(redact(reason.description)); run the same command again to finish")
        }
        return lines
    }

    /// One failure as `PATH: STAGE CODE: MESSAGE` (the message redacted; `?` when the error names no path).
    static func failureLine(_ error: IngestError, redact: Redactor) -> String {
        "\(error.path ?? "?"): \(error.stage) \(error.code): \(redact(error.message))"
    }

    static func megabytes(_ bytes: Int) -> String {
        ProgressBar.format(Double(bytes) / 1e6)
    }
}
