import ImageCodecs

/// Turns the codec layer's errors into the pipeline's, keeping the codec's message.
enum CodecErrorMapping {
    static func ingestError(_ error: CodecError, stage: IngestStage, path: String?) -> IngestError {
        let code: IngestError.Code
        switch error.code {
        case .notAnImage: code = .notAnImage
        case .unsupportedFormat: code = .unsupportedFormat
        case .tooLarge: code = .tooLarge
        case .io: code = .io
        case .compression: code = .packFailed
        default: code = .invalidImage
        }
        return IngestError(stage: stage, code: code, message: error.message, path: path, cause: .codec(error))
    }
}
