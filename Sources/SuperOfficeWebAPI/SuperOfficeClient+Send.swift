import AsyncHTTPClient
import Logging
import NIOCore
import NIOHTTP1
import Metrics
import Synchronization
import Tracing

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One WebAPI call, before headers and retries.
struct WebAPIRequest: Sendable {
    var method: HTTPMethod
    /// Relative to the site, e.g. `api/v1/Project/654/Image`.
    var path: String
    var query: String? = nil
    var body: [UInt8]? = nil
    var contentType: String? = nil
    var accept: String

    /// `PUT api/v1/Project/654/ImageInfo`, for logs and errors (no secrets).
    var operation: String { "\(method.rawValue) \(path)" }

    /// The operation without ids, for metrics and span names: `PUT api/v1/Project/{id}/ImageInfo`.
    var operationKind: String {
        let segments = path.split(separator: "/").map { $0.allSatisfy(\.isNumber) ? "{id}" : String($0) }
        return "\(method.rawValue) " + segments.joined(separator: "/")
    }
}

/// A successful answer.
struct WebAPIResponse: Sendable {
    var status: Int
    var headers: HTTPHeaders
    var body: [UInt8]
}

/// What one attempt ended with.
private enum AttemptOutcome {
    case response(WebAPIResponse)
    case failure(WebAPIError, retryable: Bool)
}

extension SuperOfficeClient {
    /// Sends a request with the rate limit, the timeout and the retry policy; answers a 2xx response or throws.
    ///
    /// A 401 asks the credential provider for renewed credentials once and retries with them (not counted
    /// against the retry policy); a 421 looks an online tenant up again once and retries there.
    func send(_ request: WebAPIRequest, logger: Logger) async throws(WebAPIError) -> WebAPIResponse {
        let policy = configuration.retryPolicy
        let provider = configuration.credentialProvider
        var logger = logger
        // nothing at error level or above is logged with this logger (ours log at warning and below, AsyncHTTPClient at
        // debug and trace): below that, the metadata no line shows is not built (a copy of the logger's metadata)
        if logger.logLevel < .error { logger[metadataKey: "superoffice.operation"] = "\(request.operation)" }
        let kind = request.operationKind
        let span = startSpan(kind, ofKind: .client)
        // with no tracer bootstrapped the span records nothing: its attributes are not built
        let recording = span.isRecording
        if recording {
            span.attributes["http.request.method"] = request.method.rawValue
            span.attributes["superoffice.operation"] = request.operation
        }
        defer { span.end() }
        let started = ContinuousClock.now
        func fail(_ error: WebAPIError) -> WebAPIError {
            span.recordError(error)
            span.attributes["superoffice.error.code"] = "\(error.code)"
            Counter(label: "superoffice_requests_total", dimensions: [("operation", kind), ("outcome", "\(error.code)")]).increment()
            return error
        }
        var site: SiteURL
        do {
            site = try await self.site.site(logger: logger)
        } catch {
            throw fail(error)
        }
        var attempt = 0
        var renewedCredentials = false
        var resolvedAgain = false
        while true {
            attempt += 1
            if let rateLimiter {
                do {
                    try await rateLimiter.acquire()
                } catch {
                    throw fail(cancelled(request, attempts: attempt - 1))
                }
            }
            let credentials: Credentials
            do {
                credentials = try await provider.credentials(logger: logger)
            } catch {
                var error = error
                error.operation = error.operation ?? request.operation
                throw fail(error)
            }
            let attemptStarted = ContinuousClock.now
            let outcome = await attemptOnce(request, site: site, credentials: credentials, logger: logger)
            let elapsed = ContinuousClock.now - attemptStarted
            switch outcome {
            case .response(let response):
                connectFailuresInARow.store(0, ordering: .relaxed)
                logger.debug(
                    "WebAPI request succeeded",
                    metadata: ["http.status": "\(response.status)", "attempt": "\(attempt)", "elapsed": "\(elapsed)"])
                if recording { span.attributes["http.response.status_code"] = response.status }
                Timer(label: "superoffice_request_duration_seconds", dimensions: [("operation", kind)])
                    .recordNanoseconds((ContinuousClock.now - started).nanoseconds)
                Counter(label: "superoffice_requests_total", dimensions: [("operation", kind), ("outcome", "ok")]).increment()
                return response
            case .failure(var error, var retryable):
                error.attempts = attempt
                if Task.isCancelled { throw fail(cancelled(request, attempts: attempt)) }
                if error.code == .unauthorized, !renewedCredentials {
                    renewedCredentials = true
                    let renewed: Credentials?
                    do {
                        renewed = try await provider.renewedCredentials(after: credentials, logger: logger)
                    } catch {
                        var error = error
                        error.operation = error.operation ?? request.operation
                        throw fail(error)
                    }
                    if renewed != nil {
                        logger.info("credentials renewed after a 401; retrying", metadata: ["attempt": "\(attempt)"])
                        Counter(label: "superoffice_retries_total", dimensions: [("operation", kind), ("reason", "unauthorized")]).increment()
                        attempt -= 1
                        continue
                    }
                }
                if error.code == .wrongHost, !resolvedAgain, self.site.canResolveAgain {
                    resolvedAgain = true
                    do {
                        site = try await self.site.resolveAgain(after: site, logger: logger)
                    } catch {
                        throw fail(error)
                    }
                    logger.info("tenant looked up again after a 421; retrying", metadata: ["url": "\(site.string)"])
                    Counter(label: "superoffice_retries_total", dimensions: [("operation", kind), ("reason", "misdirected")]).increment()
                    attempt -= 1
                    continue
                }
                if error.code == .cannotConnect {
                    let inARow = connectFailuresInARow.wrappingAdd(1, ordering: .relaxed).newValue
                    if inARow >= policy.connectFailuresBeforeGivingUp, retryable, attempt < policy.maxAttempts {
                        retryable = false
                        error.message += "; \(inARow) connection attempts in a row failed, so this one is not retried"
                    }
                } else if error.status != nil {
                    connectFailuresInARow.store(0, ordering: .relaxed)
                }
                guard retryable, attempt < policy.maxAttempts else {
                    logger.debug(
                        "WebAPI request failed",
                        metadata: ["error.code": "\(error.code)", "http.status": "\(error.status.map { "\($0)" } ?? "-")",
                                   "attempt": "\(attempt)"])
                    throw fail(error)
                }
                var wait = policy.backoff(beforeRetry: attempt, random: Double.random(in: 0...1))
                if let retryAfter = error.retryAfter {
                    guard retryAfter <= policy.maxRetryAfter else {
                        error.message += "; the server asked to wait \(retryAfter), longer than the policy allows"
                        throw fail(error)
                    }
                    wait = max(wait, retryAfter)
                }
                logger.warning(
                    "WebAPI request will be retried",
                    metadata: ["error.code": "\(error.code)", "http.status": "\(error.status.map { "\($0)" } ?? "-")",
                               "attempt": "\(attempt)", "retry.in": "\(wait)"])
                Counter(label: "superoffice_retries_total", dimensions: [("operation", kind), ("reason", "\(error.code)")]).increment()
                do {
                    try await Task.sleep(for: wait)
                } catch {
                    throw fail(cancelled(request, attempts: attempt))
                }
            }
        }
    }

    private func cancelled(_ request: WebAPIRequest, attempts: Int) -> WebAPIError {
        WebAPIError(code: .cancelled, message: "Cancelled", operation: request.operation, attempts: attempts)
    }

    /// One attempt, with every failure classified.
    private func attemptOnce(
        _ request: WebAPIRequest, site: SiteURL, credentials: Credentials, logger: Logger
    ) async -> AttemptOutcome {
        var httpRequest = HTTPClientRequest(url: site.string + request.path + (request.query.map { "?" + $0 } ?? ""))
        httpRequest.method = request.method
        httpRequest.headers.add(name: "Accept", value: request.accept)
        httpRequest.headers.add(name: "User-Agent", value: configuration.userAgent)
        for field in credentials.headerFields {
            httpRequest.headers.add(name: field.name, value: field.value)
        }
        if let value = configuration.acceptLanguage { httpRequest.headers.add(name: "Accept-Language", value: value) }
        if let value = configuration.language { httpRequest.headers.add(name: "SO-Language", value: value) }
        if let value = configuration.culture { httpRequest.headers.add(name: "SO-Culture", value: value) }
        if let value = configuration.timeZone { httpRequest.headers.add(name: "SO-TimeZone", value: value) }
        if let body = request.body {
            if let contentType = request.contentType { httpRequest.headers.add(name: "Content-Type", value: contentType) }
            httpRequest.body = .bytes(ByteBuffer(bytes: body))
        }

        logger.trace("WebAPI request", metadata: ["http.method": "\(request.method.rawValue)", "path": "\(request.path)"])
        let deadline = NIODeadline.now() + .nanoseconds(configuration.requestTimeout.nanoseconds)
        let status: Int
        let headers: HTTPHeaders
        let body: [UInt8]
        do {
            let response = try await httpClient.execute(httpRequest, deadline: deadline, logger: logger)
            status = Int(response.status.code)
            headers = response.headers
            var buffer = try await response.body.collect(upTo: configuration.maxResponseBytes)
            body = buffer.readBytes(length: buffer.readableBytes) ?? []
        } catch is NIOTooManyBytesError {
            return .failure(
                WebAPIError(
                    code: .invalidResponse,
                    message: "The answer is larger than \(configuration.maxResponseBytes) bytes",
                    operation: request.operation),
                retryable: false)
        } catch {
            return classify(transportError: error, request: request, site: site, credentials: credentials)
        }

        if (200...299).contains(status) {
            return .response(WebAPIResponse(status: status, headers: headers, body: body))
        }
        var error = statusError(status: status, body: body, request: request, credentials: credentials)
        if (300...399).contains(status) {
            let location = headers.first(name: "Location").map { redact($0, secretsOf: credentials) }
            error.message = "The server redirected" + (location.map { " to \($0)" } ?? "")
                + "; not followed, so that the credentials stay with the configured host. Check the base URL"
        }
        error.retryAfter = RetryAfter.parse(headers.first(name: "Retry-After"))
        return .failure(error, retryable: RetryPolicy.isRetryable(status: status))
    }

    private func classify(
        transportError error: any Error, request: WebAPIRequest, site: SiteURL, credentials: Credentials
    ) -> AttemptOutcome {
        if error is CancellationError {
            return .failure(WebAPIError(code: .cancelled, message: "Cancelled", operation: request.operation), retryable: false)
        }
        if let httpError = error as? HTTPClientError {
            switch httpError {
            case .connectTimeout, .tlsHandshakeTimeout:
                break
            case .deadlineExceeded, .readTimeout, .writeTimeout, .getConnectionFromPoolTimeout:
                return .failure(
                    WebAPIError(
                        code: .timeout,
                        message: "No complete answer within \(configuration.requestTimeout) (\(httpError))",
                        operation: request.operation),
                    retryable: configuration.retryPolicy.retryOnTimeout)
            case .cancelled where Task.isCancelled:
                return .failure(WebAPIError(code: .cancelled, message: "Cancelled", operation: request.operation), retryable: false)
            case .invalidURL, .emptyHost, .emptyScheme:
                return .failure(
                    WebAPIError(code: .invalidConfiguration, message: "The request URL is not usable", operation: request.operation),
                    retryable: false)
            case .bodyLengthMismatch, .traceRequestWithBody:
                return .failure(
                    WebAPIError(code: .invalidConfiguration, message: "The request could not be sent: \(httpError.shortDescription)",
                                operation: request.operation),
                    retryable: false)
            default:
                // a header value with a control character (a stray CR in SO_TICKET, SO_LANGUAGE, …) is this client's
                // request, not the network: never retried, never "unreachable"; the values are not shown (secrets)
                if ["Invalid header field names", "Invalid header field values"].contains(httpError.shortDescription) {
                    return .failure(
                        WebAPIError(code: .invalidConfiguration,
                                    message: "The request could not be sent: \(httpError.shortDescription.lowercased()) (a control "
                                        + "character in a setting such as SO_TICKET or SO_LANGUAGE?)",
                                    operation: request.operation),
                        retryable: false)
                }
            }
        }
        let failure = TransportFailure(error, host: site.host, port: site.port)
        let cause = redact(failure.cause, secretsOf: credentials)
        var error = failure.cannotConnect
            ? WebAPIError(code: .cannotConnect, message: "Cannot reach the server: \(cause)", operation: request.operation)
            : WebAPIError(code: .transport, message: "The connection failed: \(cause)", operation: request.operation)
        error.transportCause = cause
        return .failure(error, retryable: true)
    }

    private func statusError(status: Int, body: [UInt8], request: WebAPIRequest, credentials: Credentials) -> WebAPIError {
        let errorBody = try? JSONDecoder().decode(WebAPIErrorBody.self, from: Data(body))
        let secrets = credentials
        let serverType = errorBody?.errorType.map { redact($0, secretsOf: secrets) }
        let serverMessage = errorBody?.errorMessage.map { redact($0, secretsOf: secrets) }
        let code: WebAPIError.Code
        let message: String
        switch status {
        case 400:
            code = .badRequest
            message = "The server refused the request: " + (serverMessage ?? "bad request")
        case 401:
            code = .unauthorized
            message = "The server refused the \(configuration.credentialProvider.kindDescription) credentials (missing, wrong or expired)"
        case 403:
            code = .forbidden
            message = "The user may not do this"
        case 404:
            code = .notFound
            message = serverMessage ?? "Not found"
        case 408:
            code = .timeout
            message = "The server timed out waiting for the request"
        case 409, 412:
            code = .conflict
            message = serverMessage ?? "The server's state conflicts with the request"
        case 413:
            code = .payloadTooLarge
            message = "The body is too large for the server"
        case 415:
            code = .unsupportedMediaType
            message = "The server does not accept this content type" + (request.contentType.map { " (\($0))" } ?? "")
        case 421:
            code = .wrongHost
            message = "Wrong host for this online tenant: call the tenant's numbered host "
                + "(e.g. https://sod2.superoffice.com/Cust12345/ rather than sod.superoffice.com), "
                + "as GET https://{env}.superoffice.com/api/state/{ContextId} reports it"
        case 429:
            code = .rateLimited
            message = "The server is throttling requests"
        case 500...599:
            code = .serverError
            message = "The server failed" + (serverMessage.map { ": \($0)" } ?? "")
        default:
            code = .unexpectedStatus
            message = "Unexpected HTTP status"
        }
        return WebAPIError(
            code: code, message: message, status: status, errorType: serverType, errorMessage: serverMessage,
            operation: request.operation)
    }
}

extension Duration {
    /// The duration in whole nanoseconds.
    var nanoseconds: Int64 {
        let parts = components
        return parts.seconds * 1_000_000_000 + parts.attoseconds / 1_000_000_000
    }
}
