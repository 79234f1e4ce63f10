import NIOConcurrencyHelpers

/// One request's record in the making: `RequestLogMiddleware` begins it, the fault injection and the handler
/// add what they did, and `SandboxRequestLog` writes it once (when answered, or earlier for a request that
/// will not be answered in full).
final class RequestLogEntry: Sendable {
    private struct Fields {
        var record: SandboxRequestRecord?
        var written = false
    }

    private let fields = NIOLockedValueBox(Fields())

    /// Starts the record of a request.
    func begin(_ record: SandboxRequestRecord) {
        fields.withLockedValue { $0.record = record }
    }

    /// The operation the request names (`unknown` before it began).
    var operation: SandboxOperation {
        fields.withLockedValue { $0.record?.operation ?? .unknown }
    }

    /// Changes the record.
    func update(_ change: (inout SandboxRequestRecord) -> Void) {
        fields.withLockedValue { fields in
            if var record = fields.record {
                change(&record)
                fields.record = record
            }
        }
    }

    /// The operation changed or read the sandbox's state; `blobId` is the blob id it answered, if any.
    func applied(blobId: Int? = nil) {
        update { record in
            record.applied = true
            if let blobId { record.blobId = blobId }
        }
    }

    /// The record with its final `status`, the first time it is asked for; `nil` after that.
    func finish(status: Int?) -> SandboxRequestRecord? {
        fields.withLockedValue { fields in
            guard !fields.written, var record = fields.record else { return nil }
            fields.written = true
            record.status = status
            return record
        }
    }
}
