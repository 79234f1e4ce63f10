public import AsyncHTTPClient
public import Logging
import NIOHTTP1
import Metrics
import Synchronization

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Bearer credentials from an OAuth refresh token: `POST {login}/login/common/oauth/tokens` with
/// `grant_type=refresh_token`, renewed ahead of `expires_in` and after a 401. A refused refresh is an
/// authentication failure (`WebAPIError.Code.unauthorized`, naming the OAuth `error`).
public final class OAuthRefreshCredentialProvider: CredentialProvider {
    /// What a refresh needs. Its description is redacted.
    public struct Configuration: Sendable, CustomStringConvertible {
        /// The environment whose token endpoint is asked.
        public var environment: OnlineEnvironment
        /// The application's client id.
        public var clientId: String
        /// The application's client secret.
        public var clientSecret: String
        /// The refresh token.
        public var refreshToken: String
        /// The application's redirect URI, when the login service wants it with a refresh.
        public var redirectURI: String?

        /// A configuration.
        public init(environment: OnlineEnvironment, clientId: String, clientSecret: String, refreshToken: String,
                    redirectURI: String? = nil) {
            self.environment = environment
            self.clientId = clientId
            self.clientSecret = clientSecret
            self.refreshToken = refreshToken
            self.redirectURI = redirectURI
        }

        /// `OAuthRefresh(sod (https://sod.superoffice.com/), client <redacted>)`.
        public var description: String { "OAuthRefresh(\(environment), <redacted>)" }
    }

    /// The configuration.
    public let configuration: Configuration
    private let cache: RenewingCredentialCache

    /// A provider; nothing is sent until the first request asks for credentials.
    public init(configuration: Configuration, httpClient: HTTPClient = SuperOfficeClient.sharedHTTPClient) {
        self.configuration = configuration
        let login = LoginService(httpClient: httpClient)
        let refreshToken = RefreshTokenBox(configuration.refreshToken)
        let renewals = Counter(label: "superoffice_credential_renewals_total", dimensions: [("kind", "oauth")])
        self.cache = RenewingCredentialCache(onRenewal: { renewals.increment() }) { logger throws(WebAPIError) in
            try await Self.refresh(configuration, refreshToken: refreshToken, login: login, logger: logger)
        }
    }

    /// `Bearer (OAuth refresh)`.
    public var kindDescription: String { "Bearer (OAuth refresh)" }

    /// The current access token, refreshed first when there is none or it is about to expire.
    public func credentials(logger: Logger) async throws(WebAPIError) -> Credentials {
        try await cache.credentials(logger: logger)
    }

    /// A new access token after `rejected` was refused (one refresh however many requests were refused).
    public func renewedCredentials(after rejected: Credentials, logger: Logger) async throws(WebAPIError) -> Credentials? {
        try await cache.renewed(after: rejected, logger: logger)
    }

    /// How many access tokens were obtained so far.
    public var renewals: Int { get async { await cache.renewals } }

    static func refresh(
        _ configuration: Configuration, refreshToken: RefreshTokenBox, login: LoginService, logger: Logger
    ) async throws(WebAPIError) -> (credentials: Credentials, lifetime: Duration?) {
        let current = refreshToken.value
        var fields = [("grant_type", "refresh_token"), ("client_id", configuration.clientId),
                      ("client_secret", configuration.clientSecret), ("refresh_token", current)]
        if let redirect = configuration.redirectURI { fields.append(("redirect_uri", redirect)) }
        let body = fields.map { "\(FormEncoding.encode($0.0))=\(FormEncoding.encode($0.1))" }.joined(separator: "&")
        let secrets = [configuration.clientSecret, current]
        let redactor = SecretRedactor(secrets: secrets)
        let operation = "POST login/common/oauth/tokens"
        let answer = try await login.send(
            .POST, url: configuration.environment.tokensURL, contentType: "application/x-www-form-urlencoded",
            body: Array(body.utf8), operation: operation, secrets: secrets, logger: logger)
        guard (200...299).contains(answer.status) else {
            let refusal = try? JSONDecoder().decode(OAuthErrorAnswer.self, from: Data(answer.body))
            let cause = [refusal?.error, refusal?.errorDescription].compactMap { $0 }.map(redactor.callAsFunction)
            throw WebAPIError(
                code: (400...499).contains(answer.status) ? .unauthorized : .serverError,
                message: "The OAuth refresh was refused" + (cause.isEmpty ? "" : ": " + cause.joined(separator: ", ")),
                status: answer.status, operation: operation)
        }
        guard let tokens = try? JSONDecoder().decode(OAuthTokenAnswer.self, from: Data(answer.body)),
              !tokens.accessToken.isEmpty
        else {
            throw WebAPIError(code: .invalidResponse, message: "The token answer has no access_token", status: answer.status,
                              operation: operation)
        }
        if let rotated = tokens.refreshToken, !rotated.isEmpty { refreshToken.value = rotated }
        logger.debug("OAuth access token refreshed", metadata: ["expires_in": "\(tokens.expiresIn.map { "\($0)" } ?? "-")"])
        return (.bearer(tokens.accessToken), tokens.expiresIn.map { .seconds($0) })
    }
}

/// The refresh token in use, replaced when the server rotates it.
final class RefreshTokenBox: Sendable {
    private let storage: Mutex<String>
    init(_ value: String) { storage = Mutex(value) }
    var value: String {
        get { storage.withLock { $0 } }
        set { storage.withLock { $0 = newValue } }
    }
}

/// A token endpoint's answer.
package struct OAuthTokenAnswer: Codable, Sendable {
    package var accessToken: String
    package var tokenType: String?
    /// Seconds; some services write it as a string.
    package var expiresIn: Int?
    package var refreshToken: String?

    package init(accessToken: String, tokenType: String?, expiresIn: Int?, refreshToken: String?) {
        self.accessToken = accessToken
        self.tokenType = tokenType
        self.expiresIn = expiresIn
        self.refreshToken = refreshToken
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        accessToken = try container.decode(String.self, forKey: .accessToken)
        tokenType = try? container.decodeIfPresent(String.self, forKey: .tokenType)
        if let number = try? container.decodeIfPresent(Int.self, forKey: .expiresIn) {
            expiresIn = number
        } else {
            expiresIn = (try? container.decodeIfPresent(String.self, forKey: .expiresIn)).flatMap { $0.flatMap { Int($0) } }
        }
        refreshToken = try? container.decodeIfPresent(String.self, forKey: .refreshToken)
    }

    enum CodingKeys: String, CodingKey {
        case accessToken = "access_token", tokenType = "token_type", expiresIn = "expires_in", refreshToken = "refresh_token"
    }
}

/// A token endpoint's refusal (RFC 6749 §5.2).
package struct OAuthErrorAnswer: Codable, Sendable {
    package var error: String
    package var errorDescription: String?

    package init(error: String, errorDescription: String?) {
        self.error = error
        self.errorDescription = errorDescription
    }

    enum CodingKeys: String, CodingKey {
        case error, errorDescription = "error_description"
    }
}
