import Foundation
import ImageIngest
import Logging
import SuperOfficeWebAPI

/// `status --remote`: each file the journal records as done on this server, compared with the project's
/// ImageInfo there now. A picture someone changed (or removed) on the server since this project set it is drift.
struct RemoteDrift {
    /// One journal row against the server.
    struct Finding {
        enum Kind: String {
            /// The project shows what the journal says this project put there.
            case inStep
            /// The project shows another picture now.
            case changed
            /// The project has no picture now.
            case removed
            /// The project's ImageInfo could not be read.
            case unreadable
        }

        var entry: JournalEntry
        var kind: Kind
        /// The server's blob id now, if it has one.
        var serverBlobId: Int?
        /// Why it could not be read (for `unreadable`).
        var error: String?
    }

    let client: SuperOfficeClient
    let logger: Logger

    /// Reads each row's project (at most eight at a time, within the client's rate limit).
    func compare(_ entries: [JournalEntry]) async throws(WebAPIError) -> [Finding] {
        var findings: [Finding] = []
        var refused: WebAPIError? = nil
        await withTaskGroup(of: (Finding, WebAPIError?).self) { group in
            var next = 0
            func startNext() {
                guard next < entries.count else { return }
                let entry = entries[next]
                next += 1
                group.addTask { await check(entry) }
            }
            for _ in 0..<8 { startNext() }
            while let (finding, error) = await group.next() {
                findings.append(finding)
                if let error, error.code == .unauthorized {
                    refused = error
                    group.cancelAll()
                    continue
                }
                if refused == nil { startNext() }
            }
        }
        if let refused { throw refused }
        return findings.sorted { $0.entry.path < $1.entry.path }
    }

    private func check(_ entry: JournalEntry) async -> (Finding, WebAPIError?) {
        guard case .done(let blobId) = entry.state else { return (Finding(entry: entry, kind: .inStep), nil) }
        do throws(WebAPIError) {
            let info = try await client.projectImageInfo(projectId: entry.projectId, detail: .brief, logger: logger)
            guard info.hasPicture else { return (Finding(entry: entry, kind: .removed), nil) }
            let serverBlob = info.blobId ?? 0
            let sameContent = entry.sha256.map(info.extraInfoNames(sha256:)) ?? false
            let kind: Finding.Kind = serverBlob == blobId || sameContent ? .inStep : .changed
            return (Finding(entry: entry, kind: kind, serverBlobId: serverBlob), nil)
        } catch {
            return (Finding(entry: entry, kind: .unreadable, error: error.description), error)
        }
    }
}
