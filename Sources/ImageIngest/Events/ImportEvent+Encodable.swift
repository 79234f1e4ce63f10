import SuperOfficeWebAPI

/// The JSON form of an import's events, one object an event, the `image-ingest` CLI's `--json` lines: `"event"`
/// names the kind (`planned`, `resolved`, `started`, `stage`, `done` — `wouldSubmit` in a dry run —, `skipped`,
/// `failed`, `stopped`, `summary`). An absent value is left out, never `null`. Encode with a `JSONEncoder`; put a
/// `SecretRedactor` (or a `@Sendable (String) -> String`) under `ImportEvent.redactingMessages` in its `userInfo`
/// to pass every message (a failure's, a stop's) through it.
extension ImportEvent: Encodable {
    /// The encoder `userInfo` key of a `SecretRedactor` (or a `@Sendable (String) -> String`) that every message
    /// passes through before it is written (a failure's `message`, a stop's `reason`, the summary's `stopped`); without it they are written as
    /// they are.
    public static let redactingMessages = CodingUserInfoKey(rawValue: "ImageIngest.redactingMessages")!

    /// Writes the event as one JSON object: `"event"` and the keys of its kind.
    public func encode(to encoder: any Encoder) throws {
        var json = encoder.container(keyedBy: JSONKey.self)
        switch self {
        case .planned(let files, let bytes, let unmapped, let failedUpFront):
            try json.encode("planned", forKey: "event")
            try json.encode(files, forKey: "files")
            try json.encode(bytes, forKey: "bytes")
            // files found but not imported for their name or place (each follows as a `skipped` event)
            try json.encode(unmapped, forKey: "notImported")
            try json.encode(failedUpFront, forKey: "failedUpFront")
        case .resolved(let path, let key, let project):
            try json.encode("resolved", forKey: "event")
            try json.encode(path, forKey: "path")
            try json.encode(key, forKey: "key")
            try json.encode(project.projectId, forKey: "projectId")
            try json.encode(project.number, forKey: "number")
            try json.encode(project.name, forKey: "name")
            if !project.fields.isEmpty { try json.encode(project.fields, forKey: "fields") }
        case .started(let path, let projectId):
            try json.encode("started", forKey: "event")
            try json.encode(path, forKey: "path")
            try json.encode(projectId, forKey: "projectId")
        case .stagePassed(let path, let stage):
            try json.encode("stage", forKey: "event")
            try json.encode(path, forKey: "path")
            try json.encode(stage.name, forKey: "stage")
        case .done(let result):
            try json.encode(result.dryRun ? "wouldSubmit" : "done", forKey: "event")
            try result.encode(to: encoder)
        case .skipped(let path, let projectId, let reason):
            try json.encode("skipped", forKey: "event")
            try json.encode(path, forKey: "path")
            try json.encodeIfPresent(projectId, forKey: "projectId")
            try json.encode(reason.name, forKey: "reason")
            switch reason {
            case .alreadyDone(let blobId), .unchangedOnServer(let blobId), .keptExisting(let blobId): try json.encode(blobId, forKey: "blobId")
            case .ambiguousName(let why): try json.encode(why, forKey: "why")
            case .unmapped, .notInManifest, .inSubfolder: break
            }
        case .failed(let projectId, let error):
            try json.encode("failed", forKey: "event")
            try json.encodeIfPresent(error.path, forKey: "path")
            try json.encodeIfPresent(projectId, forKey: "projectId")
            try json.encode(error.stage.name, forKey: "stage")
            try json.encode(error.code.name, forKey: "code")
            try json.encode(encoder.redacted(error.message), forKey: "message")
        case .stopped(let reason):
            try json.encode("stopped", forKey: "event")
            try json.encode(reason.name, forKey: "code")
            try json.encode(encoder.redacted(reason.description), forKey: "reason")
        case .finished(let report):
            try json.encode("summary", forKey: "event")
            try report.encode(to: encoder)
        }
    }
}

/// A JSON object's key, written as it is.
struct JSONKey: CodingKey, ExpressibleByStringLiteral {
    let stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
    init(stringLiteral value: String) { stringValue = value }
}

extension Encoder {
    /// `message` through the redaction under `ImportEvent.redactingMessages`, or as it is.
    func redacted(_ message: String) -> String {
        switch userInfo[ImportEvent.redactingMessages] {
        case let redactor as SecretRedactor: redactor(message)
        case let redact as @Sendable (String) -> String: redact(message)
        default: message
        }
    }
}
