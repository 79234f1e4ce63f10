/// How a request proves who it is. Every description of a value is redacted: no secret reaches a log line,
/// an error message, `print`, `debugPrint` or `dump`.
///
/// - `basic`: `Authorization: Basic base64(username:password)` (onsite installations only).
/// - `soTicket`: `Authorization: SOTicket <ticket>`; online tenants also need the partner application's
///   `SO-AppToken` (its client secret).
/// - `bearer`: `Authorization: Bearer <access token>` (OAuth / SuperID).
/// - `xsrf`: no `Authorization` header; `X-XSRF-TOKEN: <value>` from a logged-in web session.
public enum Credentials: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// User name and password (onsite only).
    case basic(username: String, password: String)
    /// A SuperOffice ticket (`7T:…`), with the application token required online.
    case soTicket(String, appToken: String? = nil)
    /// An OAuth access token.
    case bearer(String)
    /// An XSRF token piggybacking a web session.
    case xsrf(String)

    /// The name of the scheme, safe to show: `Basic`, `SOTicket`, `Bearer` or `XSRF`.
    public var scheme: String {
        switch self {
        case .basic: return "Basic"
        case .soTicket: return "SOTicket"
        case .bearer: return "Bearer"
        case .xsrf: return "XSRF"
        }
    }

    /// A redacted description, e.g. `SOTicket(<redacted>, SO-AppToken: <redacted>)`.
    public var description: String {
        switch self {
        case .basic: return "Basic(<redacted>)"
        case .soTicket(_, let appToken): return appToken == nil ? "SOTicket(<redacted>)" : "SOTicket(<redacted>, SO-AppToken: <redacted>)"
        case .bearer: return "Bearer(<redacted>)"
        case .xsrf: return "XSRF(<redacted>)"
        }
    }

    /// The same redacted description.
    public var debugDescription: String { description }

    /// A mirror whose one child is the redacted description, so `dump` and reflection show nothing secret.
    public var customMirror: Mirror { Mirror(self, children: ["credentials": description], displayStyle: .enum) }

    /// The secret strings, for scrubbing them out of any text before it is shown.
    var secrets: [String] {
        switch self {
        case .basic(let username, let password):
            return [password, Base64.encode(Array("\(username):\(password)".utf8))]
        case .soTicket(let ticket, let appToken):
            return [ticket] + (appToken.map { [$0] } ?? [])
        case .bearer(let token), .xsrf(let token):
            return [token]
        }
    }

    /// The header fields that carry these credentials, e.g. `("Authorization", "SOTicket 7T:…")`.
    ///
    /// The values are secret: send them, never log them.
    public var headerFields: [(name: String, value: String)] {
        switch self {
        case .basic(let username, let password):
            return [("Authorization", "Basic " + Base64.encode(Array("\(username):\(password)".utf8)))]
        case .soTicket(let ticket, let appToken):
            var headers = [("Authorization", "SOTicket " + ticket)]
            if let appToken { headers.append(("SO-AppToken", appToken)) }
            return headers
        case .bearer(let token):
            return [("Authorization", "Bearer " + token)]
        case .xsrf(let token):
            return [("X-XSRF-TOKEN", token)]
        }
    }
}

/// Replaces every secret of `credentials` found in `text` with `<redacted>`.
func redact(_ text: String, secretsOf credentials: Credentials) -> String {
    SecretRedactor(credentials: credentials)(text)
}
