public import AsyncHTTPClient
public import Logging
import NIOHTTP1
import Metrics

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// SOTicket credentials for SuperOffice Online's system user flow, obtained and renewed without a person.
///
/// The system user token is signed with the application's private key (`SystemUserTokenSigner`) and
/// exchanged at `POST {login}/Login/api/PartnerSystemUser/Authenticate` for a JWT, which is verified against
/// SuperOffice's public certificate before its ticket claim (`http://schemes.superoffice.net/identity/ticket`)
/// is used with `SO-AppToken: <client secret>`. The ticket is kept (it lives 6 hours, sliding) and exchanged
/// again only after a 401: each exchange creates a credential record on the server, so never one per request.
public final class SystemUserCredentialProvider: CredentialProvider {
    /// What the exchange needs. Its description is redacted.
    public struct Configuration: Sendable, CustomStringConvertible {
        /// The tenant's environment (where the exchange happens).
        public var environment: OnlineEnvironment
        /// The tenant, e.g. `Cust12345`.
        public var contextIdentifier: String
        /// The system user token issued when the tenant approved the application.
        public var systemUserToken: String
        /// The application's private key.
        public var privateKey: ApplicationPrivateKey
        /// The application's client secret (sent as `ApplicationToken`, then as `SO-AppToken`).
        public var clientSecret: String
        /// Checks the answered JWT (SuperOffice's certificate for the environment).
        public var verifier: SuperOfficeTokenVerifier

        /// A configuration.
        public init(environment: OnlineEnvironment, contextIdentifier: String, systemUserToken: String,
                    privateKey: ApplicationPrivateKey, clientSecret: String, verifier: SuperOfficeTokenVerifier) {
            self.environment = environment
            self.contextIdentifier = contextIdentifier
            self.systemUserToken = systemUserToken
            self.privateKey = privateKey
            self.clientSecret = clientSecret
            self.verifier = verifier
        }

        /// `SystemUser(Cust12345 on sod, <redacted>)`.
        public var description: String { "SystemUser(\(contextIdentifier) on \(environment), <redacted>)" }
    }

    /// The configuration.
    public let configuration: Configuration
    private let cache: RenewingCredentialCache

    /// A provider; nothing is sent until the first request asks for credentials.
    public init(configuration: Configuration, httpClient: HTTPClient = SuperOfficeClient.sharedHTTPClient) {
        self.configuration = configuration
        let login = LoginService(httpClient: httpClient)
        let renewals = Counter(label: "superoffice_credential_renewals_total", dimensions: [("kind", "system_user")])
        self.cache = RenewingCredentialCache(onRenewal: { renewals.increment() }) { logger throws(WebAPIError) in
            (try await Self.exchange(configuration, login: login, logger: logger), nil)
        }
    }

    /// `SOTicket (system user)`.
    public var kindDescription: String { "SOTicket (system user)" }

    /// The kept ticket, exchanging the token for one first when there is none.
    public func credentials(logger: Logger) async throws(WebAPIError) -> Credentials {
        try await cache.credentials(logger: logger)
    }

    /// A new ticket after `rejected` was refused (one exchange however many requests were refused).
    public func renewedCredentials(after rejected: Credentials, logger: Logger) async throws(WebAPIError) -> Credentials? {
        try await cache.renewed(after: rejected, logger: logger)
    }

    /// How many tickets were obtained so far.
    public var renewals: Int { get async { await cache.renewals } }

    /// The exchange itself.
    static func exchange(_ configuration: Configuration, login: LoginService, logger: Logger) async throws(WebAPIError) -> Credentials {
        let signed = try SystemUserTokenSigner(privateKey: configuration.privateKey).signedToken(configuration.systemUserToken)
        let request = AuthenticateRequest(
            signedSystemToken: signed, applicationToken: configuration.clientSecret,
            contextIdentifier: configuration.contextIdentifier, returnTokenType: "JWT")
        let body: [UInt8]
        do {
            body = Array(try JSONEncoder().encode(request))
        } catch {
            throw WebAPIError(code: .invalidConfiguration, message: "The ticket request could not be encoded", attempts: 0)
        }
        let secrets = [signed, configuration.clientSecret, configuration.systemUserToken]
        let operation = "POST Login/api/PartnerSystemUser/Authenticate"
        logger.debug("exchanging the system user token for a ticket", metadata: ["tenant": "\(configuration.contextIdentifier)"])
        let answer = try await login.send(
            .POST, url: configuration.environment.authenticateURL, contentType: "application/json", body: body,
            operation: operation, secrets: secrets, logger: logger)
        let redactor = SecretRedactor(secrets: secrets)
        let decoded = try? JSONDecoder().decode(AuthenticateAnswer.self, from: Data(answer.body))
        guard (200...299).contains(answer.status), let decoded else {
            throw WebAPIError(
                code: (400...499).contains(answer.status) ? .unauthorized : .invalidResponse,
                message: "The system user login was refused"
                    + (decoded?.errorMessage.map { ": " + redactor($0) } ?? " (HTTP \(answer.status))"),
                status: answer.status, operation: operation)
        }
        guard decoded.isSuccessful, let token = decoded.token, !token.isEmpty else {
            throw WebAPIError(
                code: .unauthorized,
                message: "The system user login was refused: " + redactor(decoded.errorMessage ?? "IsSuccessful is false"),
                status: answer.status, operation: operation)
        }
        let claims = try configuration.verifier.verify(token, as: TicketClaims.self)
        guard let ticket = claims.ticket, !ticket.isEmpty else {
            throw WebAPIError(code: .unauthorized, message: "The login service's token carries no ticket", operation: operation)
        }
        logger.debug("system user ticket obtained", metadata: ["tenant": "\(configuration.contextIdentifier)"])
        return .soTicket(ticket, appToken: configuration.clientSecret)
    }
}

/// The body of `POST …/PartnerSystemUser/Authenticate`.
package struct AuthenticateRequest: Codable, Sendable {
    package var signedSystemToken: String
    package var applicationToken: String
    package var contextIdentifier: String
    package var returnTokenType: String

    package init(signedSystemToken: String, applicationToken: String, contextIdentifier: String, returnTokenType: String) {
        self.signedSystemToken = signedSystemToken
        self.applicationToken = applicationToken
        self.contextIdentifier = contextIdentifier
        self.returnTokenType = returnTokenType
    }

    enum CodingKeys: String, CodingKey {
        case signedSystemToken = "SignedSystemToken", applicationToken = "ApplicationToken"
        case contextIdentifier = "ContextIdentifier", returnTokenType = "ReturnTokenType"
    }
}

/// Its answer.
package struct AuthenticateAnswer: Codable, Sendable {
    package var isSuccessful: Bool
    package var token: String?
    package var errorMessage: String?

    package init(isSuccessful: Bool, token: String?, errorMessage: String?) {
        self.isSuccessful = isSuccessful
        self.token = token
        self.errorMessage = errorMessage
    }

    enum CodingKeys: String, CodingKey {
        case isSuccessful = "IsSuccessful", token = "Token", errorMessage = "ErrorMessage"
    }
}

/// The claims of the answered JWT this package reads.
package struct TicketClaims: Codable, Sendable {
    /// The claim that holds the ticket.
    package static let ticketClaim = "http://schemes.superoffice.net/identity/ticket"

    package var ticket: String?

    package init(ticket: String?) { self.ticket = ticket }

    enum CodingKeys: String, CodingKey {
        case ticket = "http://schemes.superoffice.net/identity/ticket"
    }
}
