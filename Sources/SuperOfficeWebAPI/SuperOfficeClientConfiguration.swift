/// Everything a `SuperOfficeClient` needs: where the WebAPI is, who calls it, and how politely.
///
/// Its descriptions are redacted (see `Credentials`).
public struct SuperOfficeClientConfiguration: Sendable, CustomStringConvertible, CustomReflectable {
    /// The site or tenant URL the `api/v1/…` paths hang off: an onsite site (`https://crm.example.com/SuperOffice/`)
    /// or an online tenant on its numbered host (`https://sod2.superoffice.com/Cust12345/`). A missing
    /// trailing slash is added; a URL that already ends in `api/` or `api/v1/` is cut back to the site.
    /// Empty when `onlineTenant` is set: the client then looks the tenant's host up.
    public var baseURL: String
    /// Where the credentials of each request come from: static `Credentials`, or a provider that renews them.
    public var credentialProvider: any CredentialProvider
    /// An online tenant whose host the client looks up (`GET {login}/api/state/{ContextId}`) when `baseURL` is
    /// empty, and looks up again once when the server answers `421 Misdirected Request`.
    public var onlineTenant: OnlineTenant?

    /// The static credentials, when the provider is static `Credentials`.
    public var credentials: Credentials? { credentialProvider as? Credentials }
    /// `Accept-Language` (iso2), e.g. `en`.
    public var acceptLanguage: String?
    /// `SO-Language` (iso2); overrides `Accept-Language`.
    public var language: String?
    /// `SO-Culture` (iso2) for number and date formatting.
    public var culture: String?
    /// `SO-TimeZone`, e.g. `NO`, `US-NY` or `US-NY, includeTZOffset`.
    public var timeZone: String?
    /// Retries on 408, 429, 5xx and dropped connections.
    public var retryPolicy: RetryPolicy
    /// Client-side limit on requests started per second, shared by all concurrent callers; `nil` turns it off.
    /// The default, 10, is SuperOffice's app checklist limit.
    public var requestsPerSecond: Double?
    /// Extra spacing between requests on top of `1 / requestsPerSecond` (0...1; 0.1 = 10 %), so that jitter on
    /// the way does not show the server more than the limit. See `RateLimiter`.
    public var rateLimitMargin: Double
    /// Time allowed to establish a connection. Applied by clients made with
    /// `SuperOfficeClient.makeHTTPClient(configuration:)`; an injected `HTTPClient` keeps its own setting,
    /// and every request is bounded by `requestTimeout` anyway.
    public var connectTimeout: Duration
    /// Time allowed for one attempt, from sending the request to the last byte of the answer.
    public var requestTimeout: Duration
    /// Sends credentials over plain `http` to a host that is not loopback; off, since anyone on the path could
    /// read them.
    public var allowInsecureHTTP: Bool
    /// The largest answer body accepted (images can be large), in bytes.
    public var maxResponseBytes: Int
    /// The `User-Agent` header.
    public var userAgent: String

    /// Makes a configuration with static credentials.
    public init(
        baseURL: String, credentials: Credentials, acceptLanguage: String? = nil, language: String? = nil,
        culture: String? = nil, timeZone: String? = nil, retryPolicy: RetryPolicy = RetryPolicy(),
        requestsPerSecond: Double? = 10, rateLimitMargin: Double = 0.1, connectTimeout: Duration = .seconds(10),
        requestTimeout: Duration = .seconds(60), allowInsecureHTTP: Bool = false,
        maxResponseBytes: Int = 256 * 1024 * 1024, userAgent: String = "image-ingest SuperOfficeWebAPI/0.1"
    ) {
        self.init(
            baseURL: baseURL, credentialProvider: credentials, acceptLanguage: acceptLanguage, language: language,
            culture: culture, timeZone: timeZone, retryPolicy: retryPolicy, requestsPerSecond: requestsPerSecond,
            rateLimitMargin: rateLimitMargin, connectTimeout: connectTimeout, requestTimeout: requestTimeout,
            allowInsecureHTTP: allowInsecureHTTP, maxResponseBytes: maxResponseBytes, userAgent: userAgent)
    }

    /// Makes a configuration whose credentials come from a provider (renewed on 401), for a tenant given by its
    /// base URL, or by `onlineTenant` with an empty `baseURL`.
    public init(
        baseURL: String = "", onlineTenant: OnlineTenant? = nil, credentialProvider: any CredentialProvider, acceptLanguage: String? = nil, language: String? = nil,
        culture: String? = nil, timeZone: String? = nil, retryPolicy: RetryPolicy = RetryPolicy(),
        requestsPerSecond: Double? = 10, rateLimitMargin: Double = 0.1, connectTimeout: Duration = .seconds(10),
        requestTimeout: Duration = .seconds(60), allowInsecureHTTP: Bool = false,
        maxResponseBytes: Int = 256 * 1024 * 1024, userAgent: String = "image-ingest SuperOfficeWebAPI/0.1"
    ) {
        self.baseURL = baseURL
        self.onlineTenant = onlineTenant
        self.credentialProvider = credentialProvider
        self.acceptLanguage = acceptLanguage
        self.language = language
        self.culture = culture
        self.timeZone = timeZone
        self.retryPolicy = retryPolicy
        self.requestsPerSecond = requestsPerSecond
        self.rateLimitMargin = rateLimitMargin
        self.connectTimeout = connectTimeout
        self.requestTimeout = requestTimeout
        self.allowInsecureHTTP = allowInsecureHTTP
        self.maxResponseBytes = maxResponseBytes
        self.userAgent = userAgent
    }

    /// A redacted description.
    public var description: String {
        "SuperOfficeClientConfiguration(baseURL: \(baseURL.isEmpty ? onlineTenant.map { "\($0)" } ?? "" : baseURL), "
            + "credentials: \(credentials.map { "\($0)" } ?? credentialProvider.kindDescription), "
            + "requestsPerSecond: \(requestsPerSecond.map { "\($0)" } ?? "off"), requestTimeout: \(requestTimeout), "
            + "retry: \(retryPolicy.maxAttempts) attempts, allowInsecureHTTP: \(allowInsecureHTTP))"
    }

    /// A mirror showing the redacted description only.
    public var customMirror: Mirror { Mirror(self, children: ["configuration": description]) }
}
