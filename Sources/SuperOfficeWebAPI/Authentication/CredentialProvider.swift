public import Logging

/// Hands the client the credentials for each request, and new ones when the server refuses them.
///
/// The seam for a service that keeps its own tokens (in a vault, say): implement it and pass it as
/// `SuperOfficeClientConfiguration.credentialProvider`. The package's implementations are `Credentials`
/// itself (static: never renewed), `SystemUserCredentialProvider` (a system-user ticket, renewed on 401)
/// and `OAuthRefreshCredentialProvider` (an access token, renewed before it expires and on 401).
///
/// The client asks `credentials(logger:)` before every attempt, so an implementation should answer from a
/// cache. When an attempt is answered 401, the client calls `renewedCredentials(after:logger:)` once for that
/// request with the credentials that were refused, and retries with what it answers; `nil` means these
/// credentials cannot be renewed, and the 401 stands. However many requests are refused at once, an
/// implementation should renew once: `RenewingCredentialCache` does that for the package's providers.
public protocol CredentialProvider: Sendable {
    /// The credentials for the next request; the first call may obtain them (log in).
    ///
    /// - Throws: `WebAPIError`, `.unauthorized` when the credentials can not be obtained because they are refused.
    func credentials(logger: Logger) async throws(WebAPIError) -> Credentials

    /// New credentials after the server refused `rejected` with 401, or `nil` when they cannot be renewed.
    ///
    /// When another request has renewed them already (the current credentials are no longer `rejected`),
    /// answer the current ones without renewing again.
    func renewedCredentials(after rejected: Credentials, logger: Logger) async throws(WebAPIError) -> Credentials?

    /// The kind of credential, safe to show, e.g. `SOTicket (system user)`.
    var kindDescription: String { get }
}

extension Credentials: CredentialProvider {
    /// Answers itself.
    public func credentials(logger: Logger) async throws(WebAPIError) -> Credentials { self }

    /// Static credentials cannot be renewed: answers `nil`.
    public func renewedCredentials(after rejected: Credentials, logger: Logger) async throws(WebAPIError) -> Credentials? { nil }

    /// The scheme, e.g. `SOTicket`.
    public var kindDescription: String { scheme }
}
