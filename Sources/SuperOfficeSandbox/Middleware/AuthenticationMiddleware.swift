import HTTPTypes
import Hummingbird
import SuperOfficeWebAPI

/// Refuses a request whose credentials are not accepted, as onsite or online SuperOffice would: 401 with the
/// WebAPI's error body and a `WWW-Authenticate` naming the schemes the server takes.
///
/// Accepted are the configured credentials, and, with a login side, the tickets (with the client secret as
/// `SO-AppToken`) and access tokens it issued until they expire. The login side's own endpoints need none.
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = SandboxRequestContext

    /// Why a request was refused (the message goes into the 401 error body; it never echoes a secret).
    struct Refusal: Error, Sendable {
        var message: String
        var type = "UnauthorizedAccessException"
    }

    let accepted: [Credentials]
    let mode: SandboxConfiguration.Mode
    let login: (configuration: SandboxLogin, issued: IssuedCredentials)?

    static let appTokenHeader = HTTPField.Name("SO-AppToken")!
    static let xsrfHeader = HTTPField.Name("X-XSRF-TOKEN")!

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if SandboxRoutes.isPublic(context.logEntry.operation) { return try await next(request, context) }
        let authorization = request.headers[.authorization]
        let appToken = request.headers[Self.appTokenHeader]
        var verdict = authenticate(authorization: authorization, appToken: appToken, xsrfToken: request.headers[Self.xsrfHeader])
        if case .failure = verdict, let issuedVerdict = await authenticateIssued(authorization: authorization, appToken: appToken) {
            verdict = issuedVerdict
        }
        if case .failure(let refusal) = verdict {
            throw WebAPIErrorResponse(
                401, type: refusal.type, message: refusal.message,
                headers: [.wwwAuthenticate: mode == .online ? "SOTicket, Bearer" : "Basic, SOTicket, Bearer"])
        }
        return try await next(request, context)
    }

    /// The verdict on a ticket or access token the login side issued; nil when it is neither.
    func authenticateIssued(authorization: String?, appToken: String?) async -> Result<Credentials, Refusal>? {
        guard let login, let authorization else { return nil }
        let parts = authorization.split(separator: " ", maxSplits: 1)
        guard parts.count == 2 else { return nil }
        let value = String(parts[1]).trimmingSpaces()
        switch parts[0].lowercased() {
        case "soticket":
            switch await login.issued.ticket(value) {
            case .unknown: return nil
            case .expired:
                return .failure(Refusal(message: "The ticket has expired; sign in again", type: "SoSessionExpiredException"))
            case .valid:
                guard appToken == login.configuration.clientSecret else {
                    return .failure(Refusal(message: appToken == nil
                        ? "SO-AppToken is required with SOTicket in SuperOffice Online" : "The SO-AppToken is not valid"))
                }
                return .success(.soTicket(value, appToken: appToken))
            }
        case "bearer":
            switch await login.issued.accessToken(value) {
            case .unknown: return nil
            case .expired: return .failure(Refusal(message: "The access token has expired", type: "SoSessionExpiredException"))
            case .valid: return .success(.bearer(value))
            }
        default:
            return nil
        }
    }

    /// The accepted credential the headers present, or why they are refused.
    func authenticate(authorization: String?, appToken: String?, xsrfToken: String?) -> Result<Credentials, Refusal> {
        guard let authorization, !authorization.isEmpty else {
            if let xsrfToken, let match = accepted.first(where: { if case .xsrf(xsrfToken) = $0 { true } else { false } }) {
                return .success(match)
            }
            return .failure(Refusal(message: xsrfToken == nil
                ? "Authorization required: send an Authorization header or X-XSRF-TOKEN"
                : "The XSRF token is not valid"))
        }
        let parts = authorization.split(separator: " ", maxSplits: 1)
        let scheme = parts[0].lowercased()
        let value = parts.count > 1 ? String(parts[1]).trimmingSpaces() : ""
        switch scheme {
        case "basic":
            if mode == .online {
                return .failure(Refusal(message: "Basic authentication is not allowed in SuperOffice Online"))
            }
            for credential in accepted {
                if case .basic = credential, headerValue(of: credential) == "Basic " + value { return .success(credential) }
            }
            return .failure(Refusal(message: "Unknown user name or wrong password"))
        case "soticket":
            for credential in accepted {
                guard case .soTicket(let ticket, let requiredAppToken) = credential, ticket == value else { continue }
                if mode == .online {
                    guard let appToken, !appToken.isEmpty else {
                        return .failure(Refusal(message: "SO-AppToken is required with SOTicket in SuperOffice Online"))
                    }
                    if let requiredAppToken, requiredAppToken != appToken {
                        return .failure(Refusal(message: "The SO-AppToken is not valid"))
                    }
                }
                return .success(credential)
            }
            return .failure(Refusal(message: "The ticket is not valid or has expired"))
        case "bearer":
            for credential in accepted {
                if case .bearer(value) = credential { return .success(credential) }
            }
            return .failure(Refusal(message: "The access token is not valid or has expired"))
        default:
            return .failure(Refusal(message: "Unsupported authorization scheme"))
        }
    }

    private func headerValue(of credential: Credentials) -> String? {
        credential.headerFields.first { $0.name == "Authorization" }?.value
    }
}
