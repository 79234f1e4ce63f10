/// An error of the SuperOffice WebAPI client: one struct with a stable `code`, the HTTP status when there
/// was a response, and the server's `ErrorType` / `ErrorMessage` when it sent an error body.
///
/// Descriptions never contain credentials: the client scrubs its secrets out of every message.
public struct WebAPIError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A stable error code; compare with `==` against the static members.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Wrapped: String, Sendable, Hashable {
            case badRequest, unauthorized, forbidden, notFound, wrongHost, rateLimited, serverError
            case timeout, transport, cannotConnect, invalidResponse, insecureTransport, invalidConfiguration, invalidArgument
            case unsupportedMediaType, payloadTooLarge, conflict, unexpectedStatus, cancelled, tenantNotRunning
        }

        private let wrapped: Wrapped
        private init(_ wrapped: Wrapped) { self.wrapped = wrapped }

        /// 400: the server refused the request; `errorMessage` says why (e.g. "Entity to save is not in request body.").
        public static let badRequest = Code(.badRequest)
        /// 401: credentials missing, wrong or expired (a SOTicket expires; obtain a new one).
        public static let unauthorized = Code(.unauthorized)
        /// 403: the user may not do this.
        public static let forbidden = Code(.forbidden)
        /// 404: no such project, or no image on it.
        public static let notFound = Code(.notFound)
        /// 421: an online tenant was called on the wrong host; use the tenant's numbered host
        /// (e.g. `https://sod2.superoffice.com/Cust12345/`, from `GET https://sod.superoffice.com/api/state/Cust12345`).
        public static let wrongHost = Code(.wrongHost)
        /// 429: too many requests, still refused after the retries (or `Retry-After` beyond the policy's bound).
        public static let rateLimited = Code(.rateLimited)
        /// 5xx (or 408) still failing after the retries.
        public static let serverError = Code(.serverError)
        /// No complete answer within the request timeout.
        public static let timeout = Code(.timeout)
        /// The connection failed or was dropped, still after the retries.
        public static let transport = Code(.transport)
        /// No connection could be made (refused, no route, DNS, TLS handshake, connect timeout), still after
        /// the retries: nothing reached the server.
        public static let cannotConnect = Code(.cannotConnect)
        /// The answer could not be understood (not the JSON expected, too large, …).
        public static let invalidResponse = Code(.invalidResponse)
        /// Refused to send credentials over plain http to a host that is not loopback.
        public static let insecureTransport = Code(.insecureTransport)
        /// The configuration is unusable (bad base URL, credentials in the URL, …).
        public static let invalidConfiguration = Code(.invalidConfiguration)
        /// An argument is unusable (e.g. a project id that is not a positive 32-bit integer).
        public static let invalidArgument = Code(.invalidArgument)
        /// 415: the body's content type is not one the endpoint consumes.
        public static let unsupportedMediaType = Code(.unsupportedMediaType)
        /// 413: the body is too large for the server.
        public static let payloadTooLarge = Code(.payloadTooLarge)
        /// 409 / 412: the server's state conflicts with the request.
        public static let conflict = Code(.conflict)
        /// Any other status the client does not expect.
        public static let unexpectedStatus = Code(.unexpectedStatus)
        /// The calling task was cancelled.
        public static let cancelled = Code(.cancelled)
        /// The online tenant's state says it is not running (e.g. `Suspended`); nothing was sent to it.
        public static let tenantNotRunning = Code(.tenantNotRunning)

        /// The code's name, e.g. `notFound`.
        public var description: String { wrapped.rawValue }
    }

    /// The stable code.
    public var code: Code
    /// What happened, in words (never a secret).
    public var message: String
    /// The HTTP status of the last response, when there was one.
    public var status: Int?
    /// The server's `ErrorType`, e.g. `SoNotFoundException`.
    public var errorType: String?
    /// The server's `ErrorMessage`.
    public var errorMessage: String?
    /// The operation, e.g. `PUT api/v1/Project/654/ImageInfo`.
    public var operation: String?
    /// How many attempts were made (1 when there was no retry; 0 when the request was refused before sending).
    public var attempts: Int
    /// The wait the server's last `Retry-After` asked for, if any.
    public var retryAfter: Duration?
    /// For `cannotConnect` and `transport`: what failed, in words (`connection refused by 127.0.0.1:9`, `the name
    /// x.example could not be resolved (DNS)`), without the message's lead-in.
    public var transportCause: String? = nil

    /// Makes an error.
    public init(
        code: Code, message: String, status: Int? = nil, errorType: String? = nil, errorMessage: String? = nil,
        operation: String? = nil, attempts: Int = 1, retryAfter: Duration? = nil
    ) {
        self.retryAfter = retryAfter
        self.code = code
        self.message = message
        self.status = status
        self.errorType = errorType
        self.errorMessage = errorMessage
        self.operation = operation
        self.attempts = attempts
    }

    /// E.g. `Project 9 not found (HTTP 404); the server said: SoNotFoundException: Project 9 not found [GET api/v1/Project/9/Image, 1 attempt]`.
    /// Plain words for people: no type names; the code is `code`.
    public var description: String {
        var text = message
        if let status { text += " (HTTP \(status))" }
        if errorType != nil || errorMessage != nil {
            text += "; the server said: " + [errorType, errorMessage].compactMap { $0 }.joined(separator: ": ")
        }
        var context = [String]()
        if let operation { context.append(operation) }
        if attempts > 0 { context.append(attempts == 1 ? "1 attempt" : "\(attempts) attempts") }
        if !context.isEmpty { text += " [" + context.joined(separator: ", ") + "]" }
        return text
    }
}
