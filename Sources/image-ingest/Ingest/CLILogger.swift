import ArgumentParser
import Foundation
import Logging

/// How the CLI's log lines look.
enum LogFormat: String, ExpressibleByArgument, CaseIterable {
    /// swift-log's stream format.
    case text
    /// One JSON object per line (`JSONLogHandler`).
    case json
}

/// The CLI's logger: stderr, level from `IMAGE_INGEST_LOG_LEVEL` (default `error`), no global bootstrap.
enum CLILogger {
    static func make(format: LogFormat = .text) -> Logger {
        var logger = switch format {
        case .text: Logger(label: "image-ingest", factory: { StreamLogHandler.standardError(label: $0) })
        case .json: Logger(label: "image-ingest", factory: { JSONLogHandler(label: $0) })
        }
        let name = ProcessInfo.processInfo.environment["IMAGE_INGEST_LOG_LEVEL"] ?? "error"
        logger.logLevel = Logger.Level(rawValue: name) ?? .error
        return logger
    }
}
