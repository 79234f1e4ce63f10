import Logging

/// Where finished request records go: the sandbox's request log, and one debug line each.
struct SandboxRequestLog: Sendable {
    let state: SandboxState
    let logger: Logger

    /// Writes the entry's record with `status` (`nil`: no complete answer), unless it was written already.
    func write(_ entry: RequestLogEntry, status: Int?, message: Logger.Message = "sandbox request") async {
        guard let record = entry.finish(status: status) else { return }
        await state.record(record)
        logger.debug(message, metadata: Self.metadata(record))
    }

    static func metadata(_ record: SandboxRequestRecord) -> Logger.Metadata {
        var metadata: Logger.Metadata = [
            "seq": "\(record.sequence)", "method": "\(record.method)", "path": "\(record.path)",
            "operation": "\(record.operation)", "status": "\(record.status.map(String.init) ?? "-")",
        ]
        if let fault = record.fault { metadata["fault"] = "\(fault)" }
        if let blobId = record.blobId { metadata["blobId"] = "\(blobId)" }
        return metadata
    }
}
