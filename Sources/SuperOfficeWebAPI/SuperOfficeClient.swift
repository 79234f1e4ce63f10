public import AsyncHTTPClient
public import Logging
import NIOCore
import Synchronization
import NIOHTTP1
import Tracing

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A client of the SuperOffice WebAPI's project-image endpoints.
///
/// One client is safe to share between any number of concurrent tasks: they share its HTTP connections and
/// its rate limit. Every operation retries as `configuration.retryPolicy` says and throws `WebAPIError`.
///
/// ```swift
/// let client = try SuperOfficeClient(configuration: .init(
///     baseURL: "https://sod2.superoffice.com/Cust12345/",
///     credentials: .soTicket(ticket, appToken: appToken)))
/// let blobId = try await client.uploadProjectImage(projectId: 654, bytes: jpeg, contentType: "image/jpeg", logger: logger)
/// var info = try await client.projectImageInfo(projectId: 654, logger: logger)
/// info.description = "Site photo"
/// _ = try await client.putProjectImageInfo(projectId: 654, info, logger: logger)
/// ```
public final class SuperOfficeClient: Sendable {
    /// The configuration the client was made with.
    public let configuration: SuperOfficeClientConfiguration
    /// The normalised base URL (the site or tenant, ending in `/`); for an online tenant not looked up yet,
    /// the tenant and its environment (see `resolveBaseURL(logger:)`).
    public var baseURL: String { site.known?.string ?? configuration.onlineTenant.map { "\($0)" } ?? configuration.baseURL }

    let site: TenantSite
    let httpClient: HTTPClient
    let rateLimiter: RateLimiter?
    /// Attempts in a row, across all requests, that could not connect (see
    /// `RetryPolicy.connectFailuresBeforeGivingUp`).
    let connectFailuresInARow = Atomic<Int>(0)

    /// Makes a client.
    ///
    /// - Parameters:
    ///   - configuration: where, who, and how politely.
    ///   - httpClient: the AsyncHTTPClient to send with; by default `SuperOfficeClient.sharedHTTPClient`, one
    ///     process-wide client like `HTTPClient.shared` but following no redirects (so `SO-AppToken` and
    ///     `X-XSRF-TOKEN`, which AsyncHTTPClient does not strip on a redirect to another host, never leave the
    ///     configured host). For a `configuration.connectTimeout` other than 10 s, pass a client from
    ///     `makeHTTPClient(configuration:)` and shut it down when done. Any client works, `HTTPClient.shared` too.
    /// - Throws: `WebAPIError.Code.invalidConfiguration` for an unusable base URL,
    ///   `.insecureTransport` for credentials over plain http to a host that is not loopback unless
    ///   `allowInsecureHTTP` is set.
    public init(
        configuration: SuperOfficeClientConfiguration, httpClient: HTTPClient = SuperOfficeClient.sharedHTTPClient
    ) throws(WebAPIError) {
        let site: TenantSite
        if configuration.baseURL.isEmpty, let tenant = configuration.onlineTenant {
            site = TenantSite(tenant: tenant, httpClient: httpClient, allowInsecureHTTP: configuration.allowInsecureHTTP)
        } else {
            let fixed = try SiteURL.parse(configuration.baseURL)
            if fixed.scheme == "http", !fixed.isLoopback, !configuration.allowInsecureHTTP {
                throw WebAPIError(
                    code: .insecureTransport,
                    message: "Refusing to send \(configuration.credentialProvider.kindDescription) credentials over plain http to "
                        + "\(fixed.host); use https, or allow insecure http explicitly (allowInsecureHTTP)",
                    attempts: 0)
            }
            site = TenantSite(fixed: fixed)
        }
        if let rate = configuration.requestsPerSecond, !(rate > 0) {
            throw WebAPIError(
                code: .invalidConfiguration, message: "requestsPerSecond must be positive, or nil for no limit", attempts: 0)
        }
        self.configuration = configuration
        self.site = site
        self.httpClient = httpClient
        self.rateLimiter = configuration.requestsPerSecond.map { RateLimiter(requestsPerSecond: $0, margin: configuration.rateLimitMargin) }
    }

    /// A process-wide HTTP client for SuperOffice clients: AsyncHTTPClient's defaults (connect timeout 10 s,
    /// keep-alive pool) with redirects disallowed and a failed connection reported at once (not retried by
    /// the pool until the deadline). Like `HTTPClient.shared`, it lives as long as the process and
    /// must not be shut down.
    public static let sharedHTTPClient: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        configuration.timeout = .init(connect: .seconds(10))
        // a connection that cannot be made fails the request at once (the client's retry policy decides
        // what happens next), instead of the pool retrying it silently until the request's deadline
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.tracing.tracer = tracerForHTTPClient()
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()

    /// Makes an `HTTPClient` that applies `configuration.connectTimeout` and follows no redirects (so no header
    /// is ever replayed to another URL). The caller owns it and must call `shutdown()` on it when done.
    public static func makeHTTPClient(configuration: SuperOfficeClientConfiguration) -> HTTPClient {
        var httpConfiguration = HTTPClient.Configuration()
        httpConfiguration.timeout = .init(connect: .nanoseconds(configuration.connectTimeout.nanoseconds))
        httpConfiguration.redirectConfiguration = .disallow
        httpConfiguration.connectionPool.retryConnectionEstablishment = false
        httpConfiguration.tracing.tracer = tracerForHTTPClient()
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: httpConfiguration)
    }

    /// The tracer AsyncHTTPClient takes when none is given (the one bootstrapped now), or none when that records
    /// nothing: every request is already in a span of `send`, and a no-op tracer's span per request (its attributes
    /// built from the parsed URL) cost as much CPU as decoding the answer.
    private static func tracerForHTTPClient() -> (any Tracer)? {
        let tracer = InstrumentationSystem.tracer
        return tracer is NoOpTracer ? nil : tracer
    }

    // MARK: Operations

    /// Makes sure the client can send: looks the online tenant up (when configured by context id) and obtains
    /// the first credentials (logs in), so that a wrong key, a refused refresh token or a tenant that is not
    /// running shows before any work starts. Answers the base URL requests go to.
    /// - Throws: `WebAPIError`: `.unauthorized` for refused credentials, `.tenantNotRunning`, `.cannotConnect`, …
    @discardableResult
    public func resolveBaseURL(logger: Logger) async throws(WebAPIError) -> String {
        let resolved = try await site.site(logger: logger)
        _ = try await configuration.credentialProvider.credentials(logger: logger)
        return resolved.string
    }

    /// Saves a bitmap as the project's picture: `PUT api/v1/Project/{projectId}/Image` with the raw bytes.
    /// The server updates the project's ImageInfo (MimeType, sizes, UpdatedDate) itself.
    ///
    /// - Parameters:
    ///   - projectId: the project, a positive 32-bit integer.
    ///   - bytes: the bitmap as it is to be stored.
    ///   - contentType: the image's MIME type: `image/jpeg`, `image/png`, `image/gif` or `image/tiff`.
    ///   - logger: where the request is logged (at debug; never a credential).
    /// - Returns: the new blob id.
    /// - Note: a retried upload whose first answer was lost can leave an unreferenced blob on the server.
    public func uploadProjectImage(
        projectId: Int, bytes: [UInt8], contentType: String, logger: Logger
    ) async throws(WebAPIError) -> Int {
        let path = try projectPath(projectId, "Image")
        let request = WebAPIRequest(
            method: .PUT, path: path, body: bytes, contentType: contentType, accept: "application/json")
        let response = try await send(request, logger: logger)
        guard let blobId = Self.parseInteger(response.body) else {
            throw WebAPIError(
                code: .invalidResponse, message: "The upload's answer is not a blob id",
                status: response.status, operation: request.operation)
        }
        return blobId
    }

    /// Updates the description of the project's picture:
    /// `PUT api/v1/Project/{projectId}/ImageInfo?projectId={projectId}` (the id goes in both places).
    ///
    /// - Parameters:
    ///   - projectId: the project, a positive 32-bit integer.
    ///   - info: the BlobEntity to store; `BlobId` names the uploaded bitmap.
    ///   - detail: `.brief` decodes only the answer's scalar fields (cheaper for bulk imports).
    ///   - logger: where the request is logged (at debug; never a credential).
    /// - Returns: the BlobEntity as the server stored it, with `TableRight` and `FieldProperties` when `detail`
    ///   is `.full`.
    public func putProjectImageInfo(
        projectId: Int, _ info: BlobEntity, detail: BlobEntityDetail = .full, logger: Logger
    ) async throws(WebAPIError) -> BlobEntity {
        let path = try projectPath(projectId, "ImageInfo")
        let body: [UInt8]
        do {
            body = Array(try JSONEncoder().encode(info))
        } catch {
            throw WebAPIError(code: .invalidConfiguration, message: "The ImageInfo could not be encoded: \(error)")
        }
        let request = WebAPIRequest(
            method: .PUT, path: path, query: "projectId=\(projectId)", body: body,
            contentType: "application/json; charset=utf-8", accept: "application/json")
        let response = try await send(request, logger: logger)
        return try decodeBlobEntity(response, detail: detail, operation: request.operation)
    }

    /// Reads the description of the project's picture: `GET api/v1/Project/{projectId}/Imageinfo`.
    /// A project with no picture answers an entity with empty fields.
    /// - Parameters:
    ///   - projectId: the project, a positive 32-bit integer.
    ///   - detail: `.brief` decodes only the answer's scalar fields (cheaper for bulk imports).
    ///   - logger: where the request is logged (at debug; never a credential).
    public func projectImageInfo(
        projectId: Int, detail: BlobEntityDetail = .full, logger: Logger
    ) async throws(WebAPIError) -> BlobEntity {
        let request = WebAPIRequest(method: .GET, path: try projectPath(projectId, "Imageinfo"), accept: "application/json")
        let response = try await send(request, logger: logger)
        return try decodeBlobEntity(response, detail: detail, operation: request.operation)
    }

    /// Reads the project's picture as stored: `GET api/v1/Project/{projectId}/Image`.
    /// - Throws: `WebAPIError.Code.notFound` when the project has no picture.
    public func projectImage(projectId: Int, logger: Logger) async throws(WebAPIError) -> [UInt8] {
        let request = WebAPIRequest(
            method: .GET, path: try projectPath(projectId, "Image"),
            accept: "image/png, image/jpeg, image/gif, image/tiff, */*;q=0.1")
        return try await send(request, logger: logger).body
    }

    /// Removes the project's picture: `DELETE api/v1/Project/{projectId}/Image` (answers 204).
    public func deleteProjectImage(projectId: Int, logger: Logger) async throws(WebAPIError) {
        let request = WebAPIRequest(method: .DELETE, path: try projectPath(projectId, "Image"), accept: "application/json")
        _ = try await send(request, logger: logger)
    }

    // MARK: Helpers

    private func projectPath(_ projectId: Int, _ leaf: String) throws(WebAPIError) -> String {
        guard ProjectIdentifier.isValid(projectId) else {
            throw WebAPIError(
                code: .invalidArgument, message: "Project id \(projectId) is not a positive 32-bit integer", attempts: 0)
        }
        return "api/v1/Project/\(projectId)/\(leaf)"
    }

    private func decodeBlobEntity(
        _ response: WebAPIResponse, detail: BlobEntityDetail, operation: String
    ) throws(WebAPIError) -> BlobEntity {
        switch detail {
        case .full: return try decode(BlobEntity.self, from: response, operation: operation)
        case .brief: return try decode(BriefBlobEntity.self, from: response, operation: operation).entity
        }
    }

    private func decode<T: Decodable>(_ type: T.Type, from response: WebAPIResponse, operation: String) throws(WebAPIError) -> T {
        do {
            return try JSONDecoder().decode(type, from: Data(response.body))
        } catch {
            throw WebAPIError(
                code: .invalidResponse,
                message: configuration.credentials.map { redact("The answer is not the JSON expected: \(error)", secretsOf: $0) }
                    ?? "The answer is not the JSON expected",
                status: response.status, operation: operation)
        }
    }

    /// Reads a bare JSON integer (`880`), also quoted or with whitespace.
    static func parseInteger(_ body: [UInt8]) -> Int? {
        var text = Substring(String(decoding: body, as: UTF8.self))
        text = text.drop { $0.isWhitespace }
        while let last = text.last, last.isWhitespace { text = text.dropLast() }
        if text.count >= 2, text.first == "\"", text.last == "\"" { text = text.dropFirst().dropLast() }
        return Int(text)
    }
}
