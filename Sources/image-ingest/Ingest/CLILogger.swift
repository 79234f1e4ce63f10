import Foundation
import Logging

/// The CLI's logger: stderr, level from `IMAGE_INGEST_LOG_LEVEL` (default `error`), no global bootstrap.
enum CLILogger {
    static func make() -> Logger {
        var logger = Logger(label: "image-ingest", factory: { StreamLogHandler.standardError(label: $0) })
        let name = ProcessInfo.processInfo.environment["IMAGE_INGEST_LOG_LEVEL"] ?? "error"
        logger.logLevel = Logger.Level(rawValue: name) ?? .error
        return logger
    }
}
