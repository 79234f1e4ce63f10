public import AsyncHTTPClient
public import Logging
import NIOHTTP1

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A SuperOffice Online tenant named by its context id and environment, whose API host is looked up rather
/// than configured: `GET {login}/api/state/{ContextId}` answers the tenant's numbered host (`Endpoint`).
public struct OnlineTenant: Sendable, Hashable, CustomStringConvertible {
    /// The tenant, e.g. `Cust12345`.
    public var contextIdentifier: String
    /// Its environment's login service.
    public var environment: OnlineEnvironment

    /// A tenant.
    public init(contextIdentifier: String, environment: OnlineEnvironment) {
        self.contextIdentifier = contextIdentifier
        self.environment = environment
    }

    /// `Cust12345 on sod (https://sod.superoffice.com/)`.
    public var description: String { "\(contextIdentifier) on \(environment)" }

    /// Reads the tenant's state.
    /// - Throws: `WebAPIError`: `.notFound` for an unknown context id, `.cannotConnect` when the login service
    ///   cannot be reached, `.invalidResponse` for an answer that is not the state.
    public func state(httpClient: HTTPClient = SuperOfficeClient.sharedHTTPClient, logger: Logger) async throws(WebAPIError) -> TenantState {
        let operation = "GET api/state/\(contextIdentifier)"
        let answer = try await LoginService(httpClient: httpClient).send(
            .GET, url: environment.stateURL(contextIdentifier: contextIdentifier), operation: operation, secrets: [],
            logger: logger)
        guard (200...299).contains(answer.status) else {
            throw WebAPIError(
                code: answer.status == 404 ? .notFound : .unexpectedStatus,
                message: "The tenant \(contextIdentifier) is not known to \(environment.loginURL)", status: answer.status,
                operation: operation)
        }
        do {
            return try JSONDecoder().decode(TenantState.self, from: Data(answer.body))
        } catch {
            throw WebAPIError(
                code: .invalidResponse, message: "The tenant state is not the JSON expected", status: answer.status,
                operation: operation)
        }
    }

    /// The tenant's base URL for API calls (its `Endpoint`), once the state says it is running.
    /// - Throws: `WebAPIError.Code.tenantNotRunning` naming the `State` when `IsRunning` is false.
    public func resolveEndpoint(httpClient: HTTPClient = SuperOfficeClient.sharedHTTPClient, logger: Logger) async throws(WebAPIError) -> String {
        let state = try await state(httpClient: httpClient, logger: logger)
        guard state.isRunning else {
            throw WebAPIError(
                code: .tenantNotRunning,
                message: "The tenant \(contextIdentifier) is not running (State: \(state.state)); nothing was sent",
                operation: "GET api/state/\(contextIdentifier)")
        }
        guard !state.endpoint.isEmpty else {
            throw WebAPIError(code: .invalidResponse, message: "The tenant state names no Endpoint",
                              operation: "GET api/state/\(contextIdentifier)")
        }
        return state.endpoint
    }
}

/// What `GET {login}/api/state/{ContextId}` answers about a tenant.
public struct TenantState: Sendable, Hashable, Codable {
    /// The tenant, e.g. `Cust12345`.
    public var contextIdentifier: String
    /// The tenant's base URL on its numbered host, e.g. `https://sod2.superoffice.com/Cust12345`.
    public var endpoint: String
    /// `Running`, `OnlineMaintenance`, `Suspended`, …
    public var state: String
    /// True while the tenant serves requests (`Running`, `OnlineMaintenance`).
    public var isRunning: Bool
    /// Until when this answer holds, as the service wrote it.
    public var validUntil: String?
    /// The API's URL, as the service wrote it.
    public var api: String?
    /// The tenant's version.
    public var version: String?

    /// A state.
    public init(contextIdentifier: String, endpoint: String, state: String, isRunning: Bool, validUntil: String? = nil,
                api: String? = nil, version: String? = nil) {
        self.contextIdentifier = contextIdentifier
        self.endpoint = endpoint
        self.state = state
        self.isRunning = isRunning
        self.validUntil = validUntil
        self.api = api
        self.version = version
    }

    /// Decodes an answer; the informational fields are kept only when they are strings.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        contextIdentifier = try container.decode(String.self, forKey: .contextIdentifier)
        endpoint = try container.decodeIfPresent(String.self, forKey: .endpoint) ?? ""
        state = try container.decodeIfPresent(String.self, forKey: .state) ?? "Unknown"
        isRunning = try container.decode(Bool.self, forKey: .isRunning)
        validUntil = try? container.decodeIfPresent(String.self, forKey: .validUntil)
        api = try? container.decodeIfPresent(String.self, forKey: .api)
        version = try? container.decodeIfPresent(String.self, forKey: .version)
    }

    enum CodingKeys: String, CodingKey {
        case contextIdentifier = "ContextIdentifier", endpoint = "Endpoint", state = "State", isRunning = "IsRunning"
        case validUntil = "ValidUntil", api = "Api", version = "Version"
    }
}
