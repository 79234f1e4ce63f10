/// A SuperOffice Online environment's login service: `sod` (development), `qaonline` (stage), `online`
/// (production), or the base URL of another login service (a sandbox's, say).
///
/// Login, token and tenant-state requests go to the environment's un-numbered host; API calls go to the
/// tenant's own numbered host, which `GET {login}/api/state/{ContextId}` names.
public struct OnlineEnvironment: Sendable, Hashable, CustomStringConvertible {
    /// The login service's base URL, ending in `/`, e.g. `https://sod.superoffice.com/`.
    public let loginURL: String
    /// The environment's name (`sod`, `qaonline`, `online`), or the URL as given.
    public let name: String

    /// The environments SuperOffice runs.
    public static let knownNames = ["sod", "qaonline", "online"]

    /// Reads `sod`, `qaonline`, `online` (any case) or an `http(s)://` login base URL.
    /// - Throws: `WebAPIError.Code.invalidConfiguration` for anything else.
    public init(_ text: String) throws(WebAPIError) {
        let lower = text.lowercased()
        if Self.knownNames.contains(lower) {
            name = lower
            loginURL = "https://\(lower).superoffice.com/"
            return
        }
        guard lower.hasPrefix("https://") || lower.hasPrefix("http://") else {
            throw WebAPIError(
                code: .invalidConfiguration,
                message: "The environment '\(text)' is not one of sod, qaonline, online, or a login URL (https://…)",
                attempts: 0)
        }
        let site = try SiteURL.parse(text)
        name = text
        loginURL = site.string
    }

    /// `sod (https://sod.superoffice.com/)`.
    public var description: String { name == loginURL ? loginURL : "\(name) (\(loginURL))" }

    /// The system-user ticket exchange.
    var authenticateURL: String { loginURL + "Login/api/PartnerSystemUser/Authenticate" }
    /// The OAuth token endpoint.
    var tokensURL: String { loginURL + "login/common/oauth/tokens" }
    /// The tenant-state endpoint of a tenant.
    func stateURL(contextIdentifier: String) -> String { loginURL + "api/state/" + contextIdentifier }
}
