import Foundation
import Logging

/// Writes each log event to stderr as one JSON object per line, for log shippers:
/// `{"time":"2026-11-29T23:05:00.123Z","level":"warning","label":"image-ingest","message":"…","source":"…",
/// "metadata":{"superoffice.operation":"PUT api/v1/Project/7/Image",…}}`.
///
/// The library never puts a secret into a log message or its metadata, so nothing here needs redacting.
struct JSONLogHandler: LogHandler {
    let label: String
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .info

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var line = JSONLine()
        line.add("time", Date().formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true)))
        line.add("level", event.level.rawValue)
        line.add("label", label)
        line.add("message", "\(event.message)")
        line.add("source", event.source)
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        if !merged.isEmpty {
            var fields = JSONLine()
            for (key, value) in merged.sorted(by: { $0.key < $1.key }) { fields.add(key, "\(value)") }
            line.addRaw("metadata", fields.line)
        }
        Terminal.standardError(line.line)
    }
}
