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
        // one code for one kind of damage, the same in `probe` and in an import
        case .invalidHeader: code = .invalidHeader
        case .truncated: code = .truncated
        case .corruptData: code = .corruptData
        case .unsupportedFeature: code = .unsupportedFeature
        default: code = .invalidImage
        }
        // the codec's message may start with its code ("truncated: premature end of JPEG data"); the code is
        // printed beside the message already, so say it once
        var message = error.message
        if message.hasPrefix(code.name + ": ") { message.removeFirst(code.name.count + 2) }
        return IngestError(stage: stage, code: code, message: message, path: path, cause: .codec(error))
    }
}
