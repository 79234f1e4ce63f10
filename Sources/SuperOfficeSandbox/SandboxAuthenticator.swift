import SuperOfficeWebAPI

/// Decides whether a request's credentials are accepted, as onsite or online SuperOffice would.
struct SandboxAuthenticator: Sendable {
    /// Why a request was refused (the message goes into the 401 error body; it never echoes a secret).
    struct Refusal: Error, Sendable {
        var message: String
    }

    let accepted: [Credentials]
    let mode: SandboxConfiguration.Mode

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

extension String {
    /// Without leading and trailing spaces and tabs.
    func trimmingSpaces() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        return String(drop(while: isSpace).reversed().drop(while: isSpace).reversed())
    }
}
