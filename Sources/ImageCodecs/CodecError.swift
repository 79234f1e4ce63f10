/// Why probing, verifying or packing a file failed: a stable ``Code``, a human reason and context.
public struct CodecError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A stable category of failure. New codes may be added; switch with a `default`.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case notAnImage, unsupportedFormat, invalidHeader, truncated, corruptData, tooLarge
            case unsupportedFeature, io, compression, warning
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The content matches no known image format (also an empty file).
        public static let notAnImage = Code(.notAnImage)
        /// A recognised format that is not JPEG or PNG, e.g. WebP.
        public static let unsupportedFormat = Code(.unsupportedFormat)
        /// A JPEG or PNG whose header is broken.
        public static let invalidHeader = Code(.invalidHeader)
        /// The data ends early.
        public static let truncated = Code(.truncated)
        /// The header is fine but the image data is damaged.
        public static let corruptData = Code(.corruptData)
        /// Over a configured ``CodecLimits`` value.
        public static let tooLarge = Code(.tooLarge)
        /// A valid file this build cannot decode (12-bit or lossless JPEG).
        public static let unsupportedFeature = Code(.unsupportedFeature)
        /// The file could not be opened or read.
        public static let io = Code(.io)
        /// zlib failed, or a packing argument was invalid.
        public static let compression = Code(.compression)
        /// A decoder warning that loses no pixel, refused because verify ran with ``VerifyPolicy/strict``.
        public static let warning = Code(.warning)

        /// The code's stable name, e.g. `truncated`.
        public var description: String { base.rawValue }
    }

    /// The category.
    public var code: Code
    /// The reason, e.g. `unsupported format image/webp`.
    public var message: String
    /// The format the content was recognised as, when known.
    public var format: ImageFormat?
    /// The stored width when the header was read before the failure (e.g. a 12-bit JPEG).
    public var storedWidth: Int?
    /// The stored height when the header was read before the failure.
    public var storedHeight: Int?
    /// libjpeg's message code behind the failure, when libjpeg raised it.
    public var libraryCode: Int?

    /// Creates an error.
    /// - Parameters:
    ///   - code: The category.
    ///   - message: The reason.
    ///   - format: The recognised format, if any.
    ///   - libraryCode: libjpeg's message code, if any.
    public init(code: Code, message: String, format: ImageFormat? = nil, libraryCode: Int? = nil) {
        self.code = code
        self.message = message
        self.format = format
        self.libraryCode = libraryCode
    }

    /// The reason.
    public var description: String { message }
}
