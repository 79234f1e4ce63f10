import Logging
import SuperOfficeSandbox
import SuperOfficeWebAPI
import Synchronization
import Testing

/// A log handler that keeps every formatted line, so tests can search the output for secrets.
final class CapturedLog: Sendable {
    private let storage = Mutex<[String]>([])

    var lines: [String] { storage.withLock { $0 } }
    var text: String { lines.joined(separator: "\n") }

    func append(_ line: String) { storage.withLock { $0.append(line) } }

    /// A logger at trace level writing here.
    func logger(label: String = "test") -> Logger {
        var logger = Logger(label: label) { label in CapturingLogHandler(label: label, log: self) }
        logger.logLevel = .trace
        return logger
    }
}

struct CapturingLogHandler: LogHandler {
    let label: String
    let log: CapturedLog
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        let rendered = merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        log.append("\(event.level) \(label): \(event.message) \(rendered) @\(event.source)")
    }
}

/// A logger that drops everything.
let quietLogger = Logger(label: "quiet") { _ in SwiftLogNoOpLogHandler() }

/// A retry policy with short waits, so tests stay quick.
let quickRetries = RetryPolicy(maxAttempts: 4, initialBackoff: .milliseconds(10), maxBackoff: .milliseconds(50))

/// A client of `sandbox` with quick retries and no rate limit unless asked.
func makeClient(
    _ sandbox: SandboxServer, credentials: Credentials? = nil, retryPolicy: RetryPolicy = quickRetries,
    requestsPerSecond: Double? = nil, rateLimitMargin: Double = 0.1, requestTimeout: Duration = .seconds(10), timeZone: String? = nil
) throws -> SuperOfficeClient {
    try SuperOfficeClient(configuration: SuperOfficeClientConfiguration(
        baseURL: sandbox.baseURL, credentials: credentials ?? sandbox.credentials, timeZone: timeZone,
        retryPolicy: retryPolicy, requestsPerSecond: requestsPerSecond, rateLimitMargin: rateLimitMargin, requestTimeout: requestTimeout))
}

/// Runs `body` and answers the `WebAPIError` it throws, or `nil` if it succeeds.
func webAPIError<T>(_ body: () async throws -> T) async -> WebAPIError? {
    do {
        _ = try await body()
        return nil
    } catch let error as WebAPIError {
        return error
    } catch {
        Issue.record("expected a WebAPIError, got \(error)")
        return nil
    }
}

/// A few bytes that start like a JPEG (the sandbox stores what it is given).
let jpegLikeBytes: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46, 0x00, 0x01] + Array(repeating: 0x42, count: 500) + [0xFF, 0xD9]
