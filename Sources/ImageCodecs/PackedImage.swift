/// An image ready for upload: the payload and the sizes the WebAPI's BlobEntity carries.
public struct PackedImage: Sendable, Hashable {
    /// The bytes to upload: the original bytes, or a zlib (RFC 1950) stream of them.
    public var payload: [UInt8]
    /// OriginalSize: the original file's byte count.
    public var originalSize: Int
    /// BlobSize: the payload's byte count.
    /// Stored, not computed from `payload`: it must stay right after the payload is emptied to free
    /// memory (the folder import does so between the upload and the BlobEntity submit).
    public var blobSize: Int
    /// IsZipped: whether the payload is a zlib stream.
    public var isZipped: Bool
    /// SHA-256 of the ORIGINAL bytes, lowercase hex (for the journal and change detection).
    public var sha256: String

    /// Creates a packed image.
    /// - Parameters:
    ///   - payload: The upload bytes.
    ///   - originalSize: The original byte count.
    ///   - isZipped: Whether `payload` is a zlib stream.
    ///   - sha256: Lowercase hex SHA-256 of the original bytes.
    public init(payload: [UInt8], originalSize: Int, isZipped: Bool, sha256: String) {
        self.payload = payload
        self.originalSize = originalSize
        self.blobSize = payload.count
        self.isZipped = isZipped
        self.sha256 = sha256
    }
}
