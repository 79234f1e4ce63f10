#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// One request the sandbox saw, and how it ended; read with `SandboxServer.requestLog()`.
public struct SandboxRequestRecord: Sendable, Hashable {
    /// 1 for the first request the sandbox saw, and so on.
    public var sequence: Int
    /// The HTTP method, e.g. `PUT`.
    public var method: String
    /// The path as requested (without the query).
    public var path: String
    /// The query string, if any (e.g. `projectId=654`).
    public var query: String?
    /// The request's headers except those that carry secrets (`Authorization`, `SO-AppToken`, `X-XSRF-TOKEN`,
    /// `Cookie`), by lower-cased name; repeated headers joined with `, `.
    public var headers: [String: String]
    /// The operation the path and method name.
    public var operation: SandboxOperation
    /// The project id, when the path names one.
    public var projectId: Int?
    /// The status answered; `nil` when no complete answer was sent (dropped or never answered).
    public var status: Int?
    /// The injected fault, if any.
    public var fault: SandboxFault?
    /// Whether the operation changed or read the sandbox's state (false for a refused or faulted request,
    /// unless a drop was configured to apply it).
    public var applied: Bool
    /// The blob id a successful upload answered.
    public var blobId: Int?
    /// When the request arrived (monotonic clock, for intervals).
    public var receivedAt: ContinuousClock.Instant
    /// When the request arrived (wall clock).
    public var receivedDate: Date
    /// The scheme of the credentials presented (`Basic`, `SOTicket`, `Bearer`, `XSRF`), or `nil`; never the secret.
    public var credentialScheme: String?

    /// True for a request answered 2xx with no injected fault: an outcome the client saw succeed.
    public var succeeded: Bool {
        guard let status else { return false }
        return fault == nil && (200...299).contains(status)
    }
}
