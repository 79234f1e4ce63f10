import AsyncHTTPClient
import Logging
import Synchronization

/// The site a client sends to: fixed by a base URL, or looked up for an online tenant (and looked up again,
/// once per request, after a `421 Misdirected Request`). One lookup is in flight at a time.
final class TenantSite: Sendable {
    private let current: Mutex<SiteURL?>
    private let tenant: OnlineTenant?
    private let resolver: Resolver?
    private let allowInsecureHTTP: Bool

    /// A fixed site.
    init(fixed site: SiteURL) {
        current = Mutex(site)
        tenant = nil
        resolver = nil
        allowInsecureHTTP = false
    }

    /// A tenant's site, looked up on first use.
    init(tenant: OnlineTenant, httpClient: HTTPClient, allowInsecureHTTP: Bool) {
        current = Mutex(nil)
        self.tenant = tenant
        self.resolver = Resolver(tenant: tenant, httpClient: httpClient)
        self.allowInsecureHTTP = allowInsecureHTTP
    }

    /// The site known now, if any.
    var known: SiteURL? { current.withLock { $0 } }

    /// Whether a 421 can be answered by looking the tenant up again.
    var canResolveAgain: Bool { resolver != nil }

    /// The site, looked up first when it is not known yet.
    func site(logger: Logger) async throws(WebAPIError) -> SiteURL {
        if let known { return known }
        return try await lookUp(replacing: nil, logger: logger)
    }

    /// Looks the tenant up again because `stale` was answered 421 (once for many requests that met it).
    func resolveAgain(after stale: SiteURL, logger: Logger) async throws(WebAPIError) -> SiteURL {
        if let known, known != stale { return known }
        return try await lookUp(replacing: stale, logger: logger)
    }

    private func lookUp(replacing stale: SiteURL?, logger: Logger) async throws(WebAPIError) -> SiteURL {
        guard let resolver, let tenant else {
            throw WebAPIError(code: .invalidConfiguration, message: "No base URL and no online tenant to look up", attempts: 0)
        }
        let endpoint = try await resolver.endpoint(replacing: stale?.string, logger: logger)
        let site = try SiteURL.parse(endpoint)
        if site.scheme == "http", !site.isLoopback, !allowInsecureHTTP {
            throw WebAPIError(
                code: .insecureTransport,
                message: "The tenant \(tenant.contextIdentifier) is served over plain http at \(site.host); refusing to send credentials there",
                attempts: 0)
        }
        current.withLock { $0 = site }
        logger.debug("online tenant resolved", metadata: ["tenant": "\(tenant.contextIdentifier)", "url": "\(site.string)"])
        return site
    }

    /// One state lookup at a time.
    private actor Resolver {
        let tenant: OnlineTenant
        let httpClient: HTTPClient
        private var inFlight: Task<String, any Error>?
        private var lastEndpoint: String?

        init(tenant: OnlineTenant, httpClient: HTTPClient) {
            self.tenant = tenant
            self.httpClient = httpClient
        }

        func endpoint(replacing stale: String?, logger: Logger) async throws(WebAPIError) -> String {
            if let lastEndpoint, let normalised = try? SiteURL.parse(lastEndpoint).string, normalised != stale { return lastEndpoint }
            let task: Task<String, any Error>
            if let inFlight {
                task = inFlight
            } else {
                let tenant = self.tenant, httpClient = self.httpClient
                task = Task { try await tenant.resolveEndpoint(httpClient: httpClient, logger: logger) }
                inFlight = task
            }
            do {
                let endpoint = try await task.value
                if inFlight == task { inFlight = nil }
                lastEndpoint = endpoint
                return endpoint
            } catch {
                if inFlight == task { inFlight = nil }
                throw (error as? WebAPIError)
                    ?? WebAPIError(code: .invalidResponse, message: "The tenant could not be looked up: \(error)", attempts: 0)
            }
        }
    }
}
