import AsyncHTTPClient
import Logging
import NIOCore
import NIOHTTP1

/// Requests to a login service (ticket exchange, OAuth tokens, tenant state): no credentials header, a
/// timeout, and the client's retry rules for a dropped connection, 429 and 5xx.
struct LoginService: Sendable {
    let httpClient: HTTPClient
    let requestTimeout: Duration
    let retryPolicy: RetryPolicy
    let userAgent: String

    init(httpClient: HTTPClient, requestTimeout: Duration = .seconds(30), retryPolicy: RetryPolicy = RetryPolicy(),
         userAgent: String = "image-ingest SuperOfficeWebAPI/0.1") {
        self.httpClient = httpClient
        self.requestTimeout = requestTimeout
        self.retryPolicy = retryPolicy
        self.userAgent = userAgent
    }

    struct Answer {
        var status: Int
        var body: [UInt8]
    }

    /// Sends the request and answers any HTTP status (the caller judges 4xx), after retries for the rest.
    /// - Parameters:
    ///   - operation: `POST login/…/Authenticate`, for messages (never a secret).
    ///   - secrets: values scrubbed out of any message.
    func send(
        _ method: HTTPMethod, url: String, contentType: String? = nil, body: [UInt8]? = nil, operation: String,
        secrets: [String], logger: Logger
    ) async throws(WebAPIError) -> Answer {
        let redactor = SecretRedactor(secrets: secrets)
        let site = try SiteURL.parse(url)
        var attempt = 0
        while true {
            attempt += 1
            var request = HTTPClientRequest(url: url)
            request.method = method
            request.headers.add(name: "Accept", value: "application/json")
            request.headers.add(name: "User-Agent", value: userAgent)
            if let body {
                if let contentType { request.headers.add(name: "Content-Type", value: contentType) }
                request.body = .bytes(ByteBuffer(bytes: body))
            }
            var failure: WebAPIError
            do {
                let response = try await httpClient.execute(
                    request, deadline: .now() + .nanoseconds(requestTimeout.nanoseconds), logger: logger)
                var buffer = try await response.body.collect(upTo: 1024 * 1024)
                let answer = Answer(status: Int(response.status.code), body: buffer.readBytes(length: buffer.readableBytes) ?? [])
                guard RetryPolicy.isRetryable(status: answer.status), attempt < retryPolicy.maxAttempts else { return answer }
                failure = WebAPIError(code: .serverError, message: "The login service failed", status: answer.status,
                                      operation: operation, attempts: attempt)
            } catch is CancellationError {
                throw WebAPIError(code: .cancelled, message: "Cancelled", operation: operation, attempts: attempt)
            } catch {
                if Task.isCancelled {
                    throw WebAPIError(code: .cancelled, message: "Cancelled", operation: operation, attempts: attempt)
                }
                let transport = TransportFailure(error, host: site.host, port: site.port)
                failure = WebAPIError(
                    code: transport.cannotConnect ? .cannotConnect : .transport,
                    message: "Cannot reach the login service: " + redactor(transport.cause), operation: operation,
                    attempts: attempt)
                guard attempt < retryPolicy.maxAttempts else { throw failure }
            }
            let wait = retryPolicy.backoff(beforeRetry: attempt, random: Double.random(in: 0...1))
            logger.warning("login request will be retried", metadata: ["error.code": "\(failure.code)", "retry.in": "\(wait)"])
            do {
                try await Task.sleep(for: wait)
            } catch {
                throw WebAPIError(code: .cancelled, message: "Cancelled", operation: operation, attempts: attempt)
            }
        }
    }
}
