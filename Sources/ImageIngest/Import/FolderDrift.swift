public import Logging
import NIOConcurrencyHelpers
import SuperOfficeWebAPI

extension Ingestor {
    /// Compares a status's done rows for this client's server with what each project shows there now: a picture
    /// someone changed (or removed) on the server since the import set it is drift.
    ///
    /// Reads each project's ImageInfo (at most eight at a time, within the client's rate limit). A picture is in
    /// step when the project still shows the blob the journal names, or an ImageInfo whose ExtraInfo names the
    /// file's SHA-256.
    /// - Parameters:
    ///   - report: A status (`status(ofFolder:settings:currentServer:logger:)`).
    ///   - target: The server's name in the journal (`FolderImportSettings.target`); nil is the client's base URL.
    ///   - logger: Where the requests are logged (never a credential).
    /// - Returns: The done rows of that server, each with `drift` (and `serverBlobId`, `driftError`) set.
    /// - Throws: `IngestError` with code `.unauthorized` when the server refuses the credentials (the reads stop).
    public func drift(of report: ImportReport, target: String? = nil, logger: Logger) async throws(IngestError) -> [ImportReport.FileRecord] {
        let target = target ?? client.baseURL
        let done = report.records.filter { $0.target == target && $0.state == .done }
        let refused = NIOLockedValueBox<IngestError?>(nil)
        let client = self.client
        var checked: [ImportReport.FileRecord] = []
        await OrderedWork.run(count: done.count, width: 8, work: { index -> ImportReport.FileRecord in
            var record = done[index]
            guard refused.withLockedValue({ $0 == nil }) else { return record }
            do throws(WebAPIError) {
                let info = try await client.projectImageInfo(projectId: record.projectId, detail: .brief, logger: logger)
                guard info.hasPicture else {
                    record.drift = .removed
                    return record
                }
                let serverBlob = info.blobId ?? 0
                record.serverBlobId = serverBlob
                let sameContent = record.sha256.map(info.extraInfoNames(sha256:)) ?? false
                record.drift = serverBlob == record.blobId || sameContent ? .inStep : .changed
            } catch {
                let failure = WebAPIErrorMapping.ingestError(error, stage: .upload, path: record.path)
                if error.code == .unauthorized { refused.withLockedValue { $0 = $0 ?? failure } }
                record.drift = .unreadable
                record.driftError = failure
            }
            return record
        }, deliver: { _, record in checked.append(record) })
        if let refusal = refused.withLockedValue({ $0 }) { throw refusal }
        return checked
    }
}
