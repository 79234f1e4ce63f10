import SuperOfficeWebAPI

/// Turns the WebAPI client's errors into the pipeline's, keeping the server's message (never a credential).
enum WebAPIErrorMapping {
    static func ingestError(_ error: WebAPIError, stage: IngestStage, path: String?) -> IngestError {
        let code: IngestError.Code
        switch error.code {
        case .unauthorized: code = .unauthorized
        case .forbidden: code = .forbidden
        case .notFound: code = .projectNotFound
        case .badRequest, .unsupportedMediaType, .payloadTooLarge, .conflict, .invalidArgument: code = .rejected
        case .cancelled: code = .cancelled
        case .rateLimited: code = .rateLimited
        case .serverError: code = .serverError
        case .timeout: code = .timeout
        case .transport: code = .transport
        case .cannotConnect: code = .unreachable
        case .wrongHost: code = .wrongHost
        case .insecureTransport: code = .insecureTransport
        case .invalidConfiguration: code = .configuration
        default: code = .invalidResponse
        }
        return IngestError(stage: stage, code: code, message: error.description, path: path, cause: .webAPI(error))
    }
}
